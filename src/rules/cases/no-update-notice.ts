import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'notice by pop-up', policy: makePolicy({ text: `${makePolicy().text}本政策更新时，我们会以弹窗形式通知您。` }) },
];

export const invalid: InvalidCase[] = [
  { name: 'silent on changes', policy: makePolicy(), findings: [{ severity: 'low', confidence: 'likely' }] },
];
