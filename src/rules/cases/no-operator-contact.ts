import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'has contact', policy: makePolicy() },
  { name: 'unknown', policy: makePolicy({ hasContact: null }) },
];

export const invalid: InvalidCase[] = [
  { name: 'no contact', policy: makePolicy({ hasContact: false }), findings: [{ severity: 'medium' }] },
];
