import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, declared, makePolicy, permission, sdkCall } from '../rule-fixtures.ts';

const imei = call('device.imei', 'android.telephony.TelephonyManager.getDeviceId');
const dead = call('contacts', 'android.content.ContentResolver.query', { reachable: false });
const model = call('device.info', 'android.os.Build.MODEL');

export const valid: RuleCase[] = [
  { name: 'declared in the list', facts: { apiCalls: [imei] }, policy: makePolicy({ declaredDataTypes: ['device.imei'] }) },
  { name: 'declared as MEID (same family)', facts: { apiCalls: [imei] }, policy: makePolicy({ declared: [declared('device.meid')] }) },
  { name: 'dead code never accuses', facts: { apiCalls: [dead] }, policy: makePolicy() },
  { name: 'device model is not judged', facts: { apiCalls: [model] }, policy: makePolicy() },
  { name: 'no policy: another rule', facts: { apiCalls: [imei] } },
  { name: 'permission explained by a declared sibling type', facts: { permissions: [permission('android.permission.READ_PHONE_STATE', ['device.imei', 'device.imsi'])] }, policy: makePolicy({ declaredDataTypes: ['device.imei'] }) },
  { name: 'negated and collected: contradicts-policy reports it', facts: { apiCalls: [call('sms', 'android.content.ContentResolver.query')] }, policy: makePolicy({ negated: [declared('sms')] }) },
  { name: 'English policy: not understood, not judged', facts: { apiCalls: [imei] }, policy: makePolicy({ text: 'We collect your location to plan routes. '.repeat(40) }) },
  { name: 'garbled policy', facts: { apiCalls: [imei] }, policy: makePolicy({ garbled: true }) },
];

export const invalid: InvalidCase[] = [
  { name: 'reachable IMEI undeclared', facts: { apiCalls: [imei] }, policy: makePolicy(), findings: [{ severity: 'high', confidence: 'likely', dataTypes: ['device.imei'], clauses: ['RD-2.1', 'M164-1.1-S3'] }] },
  { name: 'SDK collects app list undeclared', facts: { apiCalls: [sdkCall('umeng', 'app-list', 'android.content.pm.PackageManager.getInstalledPackages')] }, policy: makePolicy(), findings: [{ severity: 'high', sdk: 'umeng', clauses: ['RD-2.1', 'M164-1.1-S6', 'SDK-1'] }] },
  { name: 'sensor listener undeclared: medium', facts: { apiCalls: [call('sensors', 'android.hardware.SensorManager.registerListener')] }, policy: makePolicy(), findings: [{ severity: 'medium', dataTypes: ['sensors'] }] },
  { name: 'single-package probe: medium', facts: { apiCalls: [call('app-list', 'android.content.pm.PackageManager.getPackageInfo')] }, policy: makePolicy(), findings: [{ severity: 'medium', confidence: 'possible', dataTypes: ['app-list'] }] },
  { name: 'unattributed code: medium', facts: { apiCalls: [call('contacts', 'android.content.ContentResolver.query', { callerOwner: { kind: 'unknown' } })] }, policy: makePolicy(), findings: [{ severity: 'medium', confidence: 'possible' }] },
  { name: 'permission only', facts: { permissions: [permission('android.permission.READ_CONTACTS', ['contacts'])] }, policy: makePolicy(), findings: [{ severity: 'low', confidence: 'possible', dataTypes: ['contacts'] }] },
  { name: 'one permission, several types: one finding', facts: { permissions: [permission('android.permission.READ_PHONE_STATE', ['device.imei', 'device.imsi'])] }, policy: makePolicy(), findings: [{ severity: 'low', dataTypes: ['device.imei', 'device.imsi'] }] },
  { name: 'reachability unknown', facts: { apiCalls: [call('sms', 'android.telephony.SmsManager.x', { reachable: null })] }, policy: makePolicy(), findings: [{ severity: 'medium', confidence: 'possible' }] },
];
