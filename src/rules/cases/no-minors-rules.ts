import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'minors clause with guardian consent', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ hasMinorsClause: null }) },
];

export const invalid: InvalidCase[] = [
  { name: 'general app, no clause', policy: makePolicy({ hasMinorsClause: false }), findings: [{ severity: 'low', confidence: 'possible' }] },
  { name: 'education sector, no clause', sector: 'education', policy: makePolicy({ hasMinorsClause: false }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'game, no guardian consent', appType: { code: 'online_games', source: 'given' }, policy: makePolicy({ minors: { value: true, evidence: [], guardianConsent: false, under14Rules: null } }), findings: [{ severity: 'medium', message: 'guardian' }] },
];
