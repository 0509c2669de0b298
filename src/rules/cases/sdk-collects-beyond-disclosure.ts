import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { disclosure, makePolicy, sdk, sdkCall } from '../rule-fixtures.ts';

const jpush = sdk('jpush', 'push', { name: 'JPush', nameZh: '极光推送', prefixes: ['cn.jpush'] });
const listed = makePolicy({ sdkDisclosures: [disclosure('极光推送SDK', { sdkId: 'jpush', dataTypes: ['device.imei'] })] });
const imei = sdkCall('jpush', 'device.imei', 'android.telephony.TelephonyManager.getDeviceId');
const apps = sdkCall('jpush', 'app-list', 'android.content.pm.PackageManager.getInstalledPackages');

export const valid: RuleCase[] = [
  { name: 'collects what is listed', facts: { sdks: [jpush], apiCalls: [imei] }, policy: listed },
  { name: 'MEID is in the IMEI family', facts: { sdks: [jpush], apiCalls: [sdkCall('jpush', 'device.meid', 'android.telephony.TelephonyManager.getMeid')] }, policy: listed },
  { name: 'no data listed for the SDK', facts: { sdks: [jpush], apiCalls: [apps] }, policy: makePolicy({ sdkDisclosures: [disclosure('极光推送SDK', { sdkId: 'jpush' })] }) },
  { name: 'beyond, but in dead code', facts: { sdks: [jpush], apiCalls: [{ ...apps, reachable: false }] }, policy: listed },
];

export const invalid: InvalidCase[] = [
  { name: 'app list beyond the listed IMEI', facts: { sdks: [jpush], apiCalls: [imei, apps] }, policy: listed, findings: [{ severity: 'medium', confidence: 'possible', sdk: 'jpush', dataTypes: ['app-list'] }] },
];
