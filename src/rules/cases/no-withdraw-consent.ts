import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'withdrawal described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ withdrawConsent: { value: null, evidence: [] } }) },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: 'no withdrawal', facts: processes, policy: makePolicy({ withdrawConsent: { value: false, evidence: [] } }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'no withdrawal, no personal information in code or policy: low', facts: {}, policy: makePolicy({ withdrawConsent: { value: false, evidence: [] } }), findings: [{ severity: 'low', message: 'Neither the code nor the policy' }] },
];
