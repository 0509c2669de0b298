import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy, sdk } from '../rule-fixtures.ts';

const text = `${makePolicy().text}我们会根据您的浏览记录向您进行个性化推荐和个性化广告展示。`;
const personal = { value: true, evidence: [], noPersonalization: false };
const ads = sdk('pangle', 'ads', { name: 'Pangle', nameZh: '穿山甲' });

export const valid: RuleCase[] = [
  { name: 'opt-out offered', policy: makePolicy({ text, personalization: personal, hasPersonalizationOptOut: true }) },
  { name: 'no personalisation at all', facts: { sdks: [ads] }, policy: makePolicy({ hasPersonalizationOptOut: null }) },
  { name: 'opt-out unclear', policy: makePolicy({ text, personalization: personal, hasPersonalizationOptOut: null }) },
  { name: 'no personalisation wording and no ad SDK', policy: makePolicy({ personalization: personal, hasPersonalizationOptOut: false }) },
];

export const invalid: InvalidCase[] = [
  { name: 'stated, no opt-out', policy: makePolicy({ text, personalization: personal, hasPersonalizationOptOut: false }), findings: [{ severity: 'medium', confidence: 'likely', clauses: ['RD-3.6', 'C25-4', 'C26-3', 'PIPL-24', 'M164-1.4-S4', 'GB35273-7.5'] }] },
  { name: 'ad SDK, no opt-out', facts: { sdks: [ads] }, policy: makePolicy({ personalization: personal, hasPersonalizationOptOut: false }), findings: [{ severity: 'low', confidence: 'possible', sdk: 'pangle', clauses: ['RD-3.6', 'C25-4', 'C26-3', 'PIPL-24', 'M164-1.4-S4', 'GB35273-7.5', 'C26-1'] }] },
];
