import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { button, call, makePolicy, miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'a transport mini-program without a phone-number button', kind: 'wxapkg', sector: 'transport', policy: makePolicy(), mini: miniFacts(miniConfig(), [wxCall('getLocation')], [button('share')]) },

  { name: 'phone optional', sector: 'transport', policy: makePolicy() },
  { name: 'other sector', facts: { apiCalls: [call('device.phone-number', 'android.telephony.TelephonyManager.getLine1Number')] }, policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  {
    name: 'a transport mini-program\'s getPhoneNumber button: the WeChat-bound number, never called the SIM\'s',
    kind: 'wxapkg', sector: 'transport', policy: makePolicy(), mini: miniFacts(miniConfig(), [], [button('getPhoneNumber', { handlers: [{ attr: 'bindgetphonenumber', handler: 'onPhone' }] })]),
    findings: [{ severity: 'low', confidence: 'possible', dataTypes: ['device.phone-number'], message: 'bound to the user\'s WeChat account (button[open-type=getPhoneNumber])' }],
  },
  { name: 'a transport mini-program\'s guide makes a phone number mandatory for parking', kind: 'wxapkg', sector: 'transport', policy: makePolicy({ text: `${makePolicy().text}停车缴费时您必须提供手机号码。` }), mini: miniFacts(miniConfig(), []), findings: [{ severity: 'medium', confidence: 'likely' }] },

  { name: 'mandatory phone for parking', sector: 'transport', policy: makePolicy({ text: `${makePolicy().text}停车缴费时您必须提供手机号码。` }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'reads SIM number', sector: 'transport', facts: { apiCalls: [call('device.phone-number', 'android.telephony.TelephonyManager.getLine1Number')] }, policy: makePolicy(), findings: [{ severity: 'low', confidence: 'possible' }] },
];
