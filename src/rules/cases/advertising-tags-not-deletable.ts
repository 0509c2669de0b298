import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy, miniConfig, miniFacts } from '../rule-fixtures.ts';

const tags = `${makePolicy().text}我们会根据您的浏览记录形成用户画像和兴趣标签。`;

export const valid: RuleCase[] = [

  { name: 'tags manageable', sector: 'advertising', policy: makePolicy({ text: `${tags}您可以在设置中删除兴趣标签。` }) },
  { name: 'no profiling', sector: 'advertising', policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'a mini-program\'s guide describes interest tags and no way to delete them', kind: 'wxapkg', sector: 'advertising', policy: makePolicy({ text: `${makePolicy().text}我们会根据您的浏览记录生成兴趣标签，用于推荐。` }), mini: miniFacts(miniConfig(), []), findings: [{ confidence: 'likely' }] },

  { name: 'profiling, no deletion', sector: 'advertising', policy: makePolicy({ text: tags }), findings: [{ severity: 'medium', confidence: 'likely' }] },
];
