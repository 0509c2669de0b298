import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call } from '../rule-fixtures.ts';

const imei = call('device.imei', 'android.telephony.TelephonyManager.getDeviceId');
const url = (u: string, kind: 'app' | 'sdk' = 'app') => ({ url: u, caller: 'Lcom/example/app/Api;', owner: { kind } });

export const valid: RuleCase[] = [
  { name: 'https only', facts: { apiCalls: [imei], urls: [url('https://api.example.com/v1')] } },
  { name: 'http but collects nothing', facts: { urls: [url('http://api.example.com/v1')] } },
  { name: 'namespace URLs', facts: { apiCalls: [imei], urls: [url('http://schemas.android.com/apk/res/android')] } },
  { name: 'home page link', facts: { apiCalls: [imei], urls: [url('http://www.android.com/')] } },
  { name: 'SDK URL', facts: { apiCalls: [imei], urls: [url('http://sdk.example.com/v1/up', 'sdk')] } },
];

export const invalid: InvalidCase[] = [
  { name: 'http API and IMEI', facts: { apiCalls: [imei], urls: [url('http://api.example.com/v1/upload')] }, findings: [{ severity: 'low', confidence: 'possible' }] },
];
