import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { disclosure, makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'all fields', policy: makePolicy({ sdkDisclosures: [disclosure('极光推送', { sdkId: 'jpush' })] }) },
  { name: 'no SDK table', policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'no purpose and data', policy: makePolicy({ sdkDisclosures: [disclosure('极光推送', { sdkId: 'jpush', missingFields: ['purpose', 'data'] })] }), findings: [{ severity: 'medium', confidence: 'likely', sdk: 'jpush', message: 'purpose, data' }] },
  { name: 'only the link missing, prose', policy: makePolicy({ sdkDisclosures: [disclosure('个推', { missingFields: ['link'], fromTable: false })] }), findings: [{ severity: 'low', confidence: 'possible' }] },
];
