import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { permission } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'read storage only', facts: { permissions: [permission('android.permission.READ_EXTERNAL_STORAGE', ['storage'])] } },
];

export const invalid: InvalidCase[] = [
  { name: 'all files access', facts: { permissions: [permission('android.permission.MANAGE_EXTERNAL_STORAGE', ['storage'])] }, findings: [{ severity: 'low', confidence: 'possible' }] },
];
