import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy } from '../rule-fixtures.ts';

const base = makePolicy().text;

export const valid: RuleCase[] = [
  { name: 'plain cancellation in 15 working days', policy: makePolicy() },
  { name: 'face scan for login, not for cancellation', policy: makePolicy({ text: `${base}登录时您可以选择人脸识别。` }) },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: 'hand-held ID for cancellation', facts: processes, policy: makePolicy({ text: `${base}申请注销账号时，您需要上传手持身份证照片。` }), findings: [{ severity: 'medium', confidence: 'likely', clauses: ['RD-6.2', 'D26-4'] }] },
  { name: 'cancellation in 30 days', facts: processes, policy: makePolicy({ text: base.replace('我们将在15个工作日内处理', '').concat('我们将在收到注销申请后30天内完成注销。') }), findings: [{ clauses: ['RD-6.3', 'D26-4'] }] },
  { name: 'hand-held ID, no personal information in code or policy: low', facts: {}, policy: makePolicy({ text: `${base}申请注销账号时，您需要上传手持身份证照片。` }), findings: [{ severity: 'low' }] },
];
