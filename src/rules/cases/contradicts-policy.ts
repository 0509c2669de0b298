import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, declared, makePolicy } from '../rule-fixtures.ts';

const contacts = call('contacts', 'android.content.ContentResolver.query', { via: 'content-uri' });
const negated = makePolicy({ negated: [declared('contacts', { sentence: '我们不会收集您的通讯录信息。' })] });

export const valid: RuleCase[] = [
  { name: 'negated and not collected', policy: negated },
  { name: 'negated, only in dead code', facts: { apiCalls: [{ ...contacts, reachable: false }] }, policy: negated },
  { name: 'negated, reachability unknown', facts: { apiCalls: [{ ...contacts, reachable: null }] }, policy: negated },
];

export const invalid: InvalidCase[] = [
  { name: 'negated but collected', facts: { apiCalls: [contacts] }, policy: negated, findings: [{ severity: 'high', confidence: 'likely', dataTypes: ['contacts'] }] },
];
