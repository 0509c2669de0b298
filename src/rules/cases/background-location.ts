import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { permission } from '../rule-fixtures.ts';

const bg = permission('android.permission.ACCESS_BACKGROUND_LOCATION', ['location.precise']);

export const valid: RuleCase[] = [
  { name: 'foreground location only', facts: { permissions: [permission('android.permission.ACCESS_FINE_LOCATION', ['location.precise'])] } },
];

export const invalid: InvalidCase[] = [
  { name: 'news app asks background location', facts: { permissions: [bg] }, appType: { code: 'news', source: 'given' }, findings: [{ severity: 'medium', confidence: 'possible' }] },
  { name: 'navigation app: low', facts: { permissions: [bg] }, appType: { code: 'map_navigation', source: 'given' }, findings: [{ severity: 'low' }] },
  { name: 'type inferred: low', facts: { permissions: [bg] }, appType: { code: 'news', source: 'inferred' }, findings: [{ severity: 'low' }] },
];
