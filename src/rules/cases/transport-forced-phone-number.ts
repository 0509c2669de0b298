import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'phone optional', sector: 'transport', policy: makePolicy() },
  { name: 'other sector', facts: { apiCalls: [call('device.phone-number', 'android.telephony.TelephonyManager.getLine1Number')] }, policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'mandatory phone for parking', sector: 'transport', policy: makePolicy({ text: `${makePolicy().text}停车缴费时您必须提供手机号码。` }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'reads SIM number', sector: 'transport', facts: { apiCalls: [call('device.phone-number', 'android.telephony.TelephonyManager.getLine1Number')] }, policy: makePolicy(), findings: [{ severity: 'low', confidence: 'possible' }] },
];
