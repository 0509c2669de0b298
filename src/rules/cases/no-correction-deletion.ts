import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

const no = { value: false, evidence: [] };

export const valid: RuleCase[] = [
  { name: 'both described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ correction: { value: null, evidence: [] } }) },
];

export const invalid: InvalidCase[] = [
  { name: 'neither', policy: makePolicy({ correction: no, deletion: no }), findings: [{ severity: 'high', confidence: 'likely', message: 'correct or delete' }] },
  { name: 'no correction', policy: makePolicy({ correction: no }), findings: [{ severity: 'medium' }] },
];
