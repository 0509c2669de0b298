import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy, sdk } from '../rule-fixtures.ts';

const ads = sdk('gdt', 'ads', { name: 'Tencent GDT', nameZh: '优量汇' });

export const valid: RuleCase[] = [
  { name: 'ads stated', sector: 'advertising', facts: { sdks: [ads] }, policy: makePolicy({ text: `${makePolicy().text}我们会使用您的设备信息向您展示广告。` }) },
  { name: 'no ad SDK', sector: 'advertising', policy: makePolicy() },
  { name: 'sector off', facts: { sdks: [ads] }, policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'ad SDK, ads not stated', sector: 'advertising', facts: { sdks: [ads] }, policy: makePolicy(), findings: [{ severity: 'medium', confidence: 'likely', sdk: 'gdt' }] },
];
