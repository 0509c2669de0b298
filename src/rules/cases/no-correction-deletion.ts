import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy, permission } from '../rule-fixtures.ts';

const no = { value: false, evidence: [] };

export const valid: RuleCase[] = [
  { name: 'both described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ correction: { value: null, evidence: [] } }) },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: 'neither', facts: processes, policy: makePolicy({ correction: no, deletion: no }), findings: [{ severity: 'high', confidence: 'likely', message: 'correct or delete' }] },
  { name: 'no correction', facts: processes, policy: makePolicy({ correction: no }), findings: [{ severity: 'medium' }] },
  { name: 'neither, but no personal information in code or policy: low', facts: {}, policy: makePolicy({ correction: no, deletion: no }), findings: [{ severity: 'low', message: 'Neither the code nor the policy' }] },
  { name: 'neither, permissions only: medium at most', facts: { permissions: [permission('android.permission.CAMERA', ['camera'])] }, policy: makePolicy({ correction: no, deletion: no }), findings: [{ severity: 'medium', message: 'Only permissions' }] },
  { name: 'neither, the policy declares data: high', facts: {}, policy: makePolicy({ correction: no, deletion: no, declaredDataTypes: ['device.phone-number'] }), findings: [{ severity: 'high' }] },
];
