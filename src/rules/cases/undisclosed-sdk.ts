import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { disclosure, makePolicy, sdk, sdkCall } from '../rule-fixtures.ts';

const umeng = sdk('umeng-analytics', 'analytics', { name: 'Umeng Analytics', nameZh: '友盟统计', prefixes: ['com.umeng'], packages: ['com.umeng'] });
const collect = sdkCall('umeng-analytics', 'device.imei', 'android.telephony.TelephonyManager.getDeviceId');
const okhttp = sdk('okhttp', 'library', { name: 'OkHttp' });

export const valid: RuleCase[] = [
  { name: 'disclosed by catalogue id', facts: { sdks: [umeng], apiCalls: [collect] }, policy: makePolicy({ sdkDisclosures: [disclosure('友盟+', { sdkId: 'umeng-analytics' })] }) },
  { name: 'disclosed by package name', facts: { sdks: [umeng] }, policy: makePolicy({ sdkDisclosures: [disclosure('统计', { packageName: 'com.umeng.analytics' })] }) },
  { name: 'named in the text', facts: { sdks: [umeng] }, policy: makePolicy({ text: `${makePolicy().text}我们使用友盟统计SDK。` }) },
  { name: 'plain library', facts: { sdks: [okhttp] }, policy: makePolicy() },
  { name: 'SDK jar scanned alone', kind: 'jar', facts: { sdks: [umeng] }, policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'collecting SDK undisclosed', facts: { sdks: [umeng], apiCalls: [collect] }, policy: makePolicy(), findings: [{ severity: 'high', confidence: 'likely', sdk: 'umeng-analytics', dataTypes: ['device.imei'] }] },
  { name: 'non-collecting SDK undisclosed', facts: { sdks: [umeng] }, policy: makePolicy(), findings: [{ severity: 'low', sdk: 'umeng-analytics' }] },
  { name: 'policy points to a separate SDK list', facts: { sdks: [umeng], apiCalls: [collect] }, policy: makePolicy({ text: `${makePolicy().text}详见《第三方SDK目录》链接。` }), findings: [{ severity: 'low', confidence: 'possible' }] },
];
