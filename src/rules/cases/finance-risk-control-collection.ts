import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, declared, makePolicy, miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

const contacts = call('contacts', 'android.content.ContentResolver.query');
const riskPolicy = makePolicy({ declared: [declared('contacts', { purpose: '用于风控审核', sentence: '我们收集您的通讯录用于风控审核。' })], declaredDataTypes: ['contacts'] });

export const valid: RuleCase[] = [
  { name: 'a finance mini-program that reads no location', kind: 'wxapkg', sector: 'finance', policy: riskPolicy, mini: miniFacts(miniConfig(), [wxCall('getClipboardData')]) },

  { name: 'other sector: rule off', sector: 'education', facts: { apiCalls: [contacts] }, policy: riskPolicy },
  { name: 'finance app without those types', sector: 'finance', facts: { apiCalls: [call('camera', 'android.hardware.Camera.open')] }, policy: riskPolicy },
];

export const invalid: InvalidCase[] = [
  { name: 'a finance mini-program reads location, no purpose stated: low, possible', kind: 'wxapkg', sector: 'finance', policy: makePolicy(), mini: miniFacts(miniConfig(), [wxCall('getLocation')]), findings: [{ severity: 'low', confidence: 'possible', dataTypes: ['location.precise'] }] },

  { name: 'contacts for risk control', sector: 'finance', facts: { apiCalls: [contacts] }, policy: riskPolicy, findings: [{ severity: 'medium', confidence: 'likely', dataTypes: ['contacts'] }] },
  { name: 'contacts, purpose not stated', sector: 'finance', facts: { apiCalls: [contacts] }, policy: makePolicy(), findings: [{ severity: 'low', confidence: 'possible' }] },
];
