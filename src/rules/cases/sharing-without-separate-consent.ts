import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

const base = makePolicy().text;

export const valid: RuleCase[] = [
  { name: 'no sharing statement', policy: makePolicy() },
  { name: 'denies sharing', policy: makePolicy({ text: `${base}我们不会向任何第三方提供您的个人信息。` }) },
  { name: 'sharing with separate consent', policy: makePolicy({ text: `${base}我们会向合作伙伴提供您的设备信息，提供前将征得您的单独同意。` }) },
  { name: 'entrusted processing', policy: makePolicy({ text: `${base}我们会委托服务商处理，并向其提供必要的订单信息。` }) },
];

export const invalid: InvalidCase[] = [
  { name: 'shares with partners, no separate consent', policy: makePolicy({ text: `${base}我们会向广告合作伙伴提供您的设备标识信息。` }), findings: [{ severity: 'medium', confidence: 'possible' }] },
];
