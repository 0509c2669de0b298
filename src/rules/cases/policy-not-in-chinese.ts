import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

const english = 'This privacy policy explains how we collect and use your personal information. '.repeat(20);

export const valid: RuleCase[] = [
  { name: 'Chinese policy', policy: makePolicy() },
  { name: 'bilingual policy', policy: makePolicy({ text: `${english}${makePolicy().text}` }) },
];

export const invalid: InvalidCase[] = [
  { name: 'English only', policy: makePolicy({ text: english }), findings: [{ severity: 'low', confidence: 'likely' }] },
];
