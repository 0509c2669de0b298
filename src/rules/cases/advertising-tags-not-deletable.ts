import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

const tags = `${makePolicy().text}我们会根据您的浏览记录形成用户画像和兴趣标签。`;

export const valid: RuleCase[] = [
  { name: 'tags manageable', sector: 'advertising', policy: makePolicy({ text: `${tags}您可以在设置中删除兴趣标签。` }) },
  { name: 'no profiling', sector: 'advertising', policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'profiling, no deletion', sector: 'advertising', policy: makePolicy({ text: tags }), findings: [{ severity: 'medium', confidence: 'likely' }] },
];
