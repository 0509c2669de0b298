import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy, permission } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'channel named', policy: makePolicy() },
  { name: 'no policy', policy: null },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: 'contact only', facts: processes, policy: makePolicy({ hasComplaintChannel: false }), findings: [{ severity: 'low' }] },
  { name: 'nothing at all', facts: processes, policy: makePolicy({ hasComplaintChannel: false, hasContact: false }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'nothing at all, permissions only: medium', facts: { permissions: [permission('android.permission.CAMERA', ['camera'])] }, policy: makePolicy({ hasComplaintChannel: false, hasContact: false }), findings: [{ severity: 'medium' }] },
  { name: 'nothing at all, no personal information in code or policy: low', facts: {}, policy: makePolicy({ hasComplaintChannel: false, hasContact: false }), findings: [{ severity: 'low', message: 'Neither the code nor the policy' }] },
];
