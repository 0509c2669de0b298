import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'channel named', policy: makePolicy() },
  { name: 'no policy', policy: null },
];

export const invalid: InvalidCase[] = [
  { name: 'contact only', policy: makePolicy({ hasComplaintChannel: false }), findings: [{ severity: 'low' }] },
  { name: 'nothing at all', policy: makePolicy({ hasComplaintChannel: false, hasContact: false }), findings: [{ severity: 'medium', confidence: 'likely' }] },
];
