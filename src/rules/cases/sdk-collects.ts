import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, sdkCall } from '../rule-fixtures.ts';

const imei = sdkCall('jpush', 'device.imei', 'android.telephony.TelephonyManager.getDeviceId', { reachable: null, beforeConsent: null });

export const valid: RuleCase[] = [
  { name: 'an app: other rules judge it', facts: { apiCalls: [imei] } },
  { name: 'an SDK that reads only the device model', kind: 'jar', facts: { apiCalls: [call('device.info', 'android.os.Build.MODEL')] } },
];

export const invalid: InvalidCase[] = [
  { name: 'SDK jar reads IMEI', kind: 'jar', facts: { apiCalls: [imei] }, findings: [{ severity: 'info', confidence: 'confirmed', dataTypes: ['device.imei'] }] },
  { name: 'SDK aar', kind: 'aar', facts: { apiCalls: [imei, call('app-list', 'android.content.pm.PackageManager.getInstalledPackages', { reachable: null })] }, findings: [{ dataTypes: ['device.imei', 'app-list'] }] },
];
