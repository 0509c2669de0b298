import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'withdrawal described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ withdrawConsent: { value: null, evidence: [] } }) },
];

export const invalid: InvalidCase[] = [
  { name: 'no withdrawal', policy: makePolicy({ withdrawConsent: { value: false, evidence: [] } }), findings: [{ severity: 'medium', confidence: 'likely' }] },
];
