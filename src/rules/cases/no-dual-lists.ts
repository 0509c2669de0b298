import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { disclosure, makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'both lists named', policy: makePolicy({ text: `${makePolicy().text}您可以查看《已收集个人信息清单》和《第三方信息共享清单》。` }) },
  { name: 'collected list and an SDK table', policy: makePolicy({ text: `${makePolicy().text}个人信息收集清单见附件。`, sdkDisclosures: [disclosure('极光推送')] }) },
];

export const invalid: InvalidCase[] = [
  { name: 'neither', policy: makePolicy(), findings: [{ severity: 'low', confidence: 'possible', clauses: ['DL-1', 'DL-2'] }] },
  { name: 'no collected list', policy: makePolicy({ sdkDisclosures: [disclosure('极光推送')] }), findings: [{ clauses: ['DL-1'] }] },
];
