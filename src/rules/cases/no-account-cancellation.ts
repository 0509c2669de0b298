import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy, sdkCall } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'cancellation described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ hasAccountDeletion: null }) },
  { name: 'no accounts at all', policy: makePolicy({ hasAccountDeletion: false, text: '本工具不收集任何个人信息。'.repeat(300) }) },
  { name: 'SDK', kind: 'aar', policy: makePolicy({ hasAccountDeletion: false }) },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: 'complete policy without cancellation', facts: processes, policy: makePolicy({ hasAccountDeletion: false }), findings: [{ severity: 'high', confidence: 'confirmed' }] },
  { name: 'short policy without cancellation', facts: processes, policy: makePolicy({ hasAccountDeletion: false, text: '您注册账号时我们收集手机号。' }), findings: [{ severity: 'high', confidence: 'likely' }] },
  { name: 'no cancellation, no personal information in code or policy: low', facts: {}, policy: makePolicy({ hasAccountDeletion: false }), findings: [{ severity: 'low', confidence: 'confirmed' }] },
  { name: 'no cancellation, SDK code collects: high', facts: { apiCalls: [sdkCall('umeng-analytics', 'device.imei', 'android.telephony.TelephonyManager.getDeviceId')] }, policy: makePolicy({ hasAccountDeletion: false }), findings: [{ severity: 'high' }] },
];
