import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call as staticCall, sdk as sdkHit, sdkCall } from '../rule-fixtures.ts';
import { ANDROID_ID, call, header, IMEI, mark } from '../../runtime/testing/recorded.ts';

const appIds = 'com.example.app.Ids.get';
const umeng = 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId';
const start = [header(), mark(0, 'app-start')];

export const valid: RuleCase[] = [
  { name: 'no trace', facts: { apiCalls: [staticCall('device.imei', 'android.telephony.TelephonyManager.getDeviceId', { beforeConsent: true })] } },
  { name: 'read after consent given', trace: [...start, mark(800, 'consent', { answer: 'given' }), call(900, IMEI, appIds)] },
  { name: 'device model before consent is not PI of the 164 list', trace: [...start, call(100, { api: 'os-build-getserial', method: 'android.os.Build.getSerial' }, appIds, { api: 'telephony-telephonymanager-getsimoperator', method: 'android.telephony.TelephonyManager.getSimOperator' }), mark(800, 'consent', { answer: 'given' })] },
  { name: 'no consent markers, but a user action came first', trace: [header('s1', { consentMarkers: false }), mark(0, 'app-start'), mark(300, 'user-action'), call(900, IMEI, appIds)] },
  { name: 'order is the recorder\'s: a read written after the tap is after it, whatever its stamp', trace: [...start, mark(800, 'consent', { answer: 'given' }), call(700, IMEI, appIds)] },
  { name: 'no consent markers: a read 5 s after the cold start proves nothing', trace: [header('s1', { consentMarkers: false }), mark(0, 'app-start'), call(5000, IMEI, appIds)] },
  { name: 'no consent markers and not a cold start', trace: [header('s1', { consentMarkers: false }), call(900, IMEI, appIds)] },
  { name: 'an API the catalogue does not know', trace: [...start, call(100, { api: 'x-unknown', method: 'com.x.Y.z' }, appIds), mark(800, 'consent', { answer: 'given' })] },
];

export const invalid: InvalidCase[] = [
  { name: 'app reads IMEI before the consent tap: confirmed, medium from a trace alone', trace: [...start, call(120, IMEI, appIds), mark(800, 'consent', { answer: 'given' })], findings: [{ severity: 'medium', confidence: 'confirmed', clauses: ['RD-3.1', 'M164-1.1-S2'], dataTypes: ['device.imei'], message: 'The app called android.telephony.TelephonyManager.getDeviceId' }] },
  {
    name: 'Umeng reads android_id before consent through reflection: blamed on the SDK',
    facts: { sdks: [sdkHit('umeng', 'analytics', { prefixes: ['com.umeng'] })] },
    trace: [...start, call(500, ANDROID_ID, umeng, { stack: ['android.provider.Settings$Secure.getString(Native Method)', `${umeng}(Unknown Source:48)`, 'java.lang.reflect.Method.invoke(Native Method)', 'com.umeng.umzid.d.a(Unknown Source:27)'] }), mark(900, 'consent', { answer: 'given' })],
    findings: [{ severity: 'medium', confidence: 'confirmed', sdk: 'umeng', clauses: ['RD-3.1', 'SDK-2', 'M164-1.1-S5'], dataTypes: ['device.android-id'] }],
  },
  {
    name: 'the package shows the same SDK reading the same type: static and dynamic, high',
    facts: { sdks: [sdkHit('umeng', 'analytics', { prefixes: ['com.umeng'] })], apiCalls: [sdkCall('umeng', 'device.android-id', 'android.provider.Settings.Secure.getString(android_id)', { beforeConsent: null })] },
    trace: [...start, call(500, ANDROID_ID, umeng), mark(900, 'consent', { answer: 'given' })],
    findings: [{ severity: 'high', confidence: 'confirmed', sdk: 'umeng' }],
  },
  { name: 'a consent marker added by hand without a monotonic clock still orders the reads', trace: [...start, call(120, IMEI, appIds), mark(800, 'consent', { answer: 'given', mono: null })], findings: [{ confidence: 'confirmed' }] },
  { name: 'reads after a refusal', trace: [...start, mark(800, 'consent', { answer: 'refused' }), call(900, IMEI, appIds)], findings: [{ severity: 'medium', confidence: 'confirmed', clauses: ['RD-3.2', 'M164-1.1-S2'], message: 'after the user refused' }] },
  { name: 'recorder marks consent, none recorded: likely', trace: [...start, call(120, IMEI, appIds)], findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'no consent markers, cold start, before any user action: possible, low', trace: [header('s1', { consentMarkers: false }), mark(0, 'app-start'), call(400, IMEI, appIds)], findings: [{ severity: 'low', confidence: 'possible', message: 'marks no consent' }] },
  { name: 'one-frame stack: likely, not confirmed', trace: [header('s1', { stack: 'top' }), mark(0, 'app-start'), call(120, IMEI, appIds, { stack: ['com.example.app.Ids.get(Unknown Source:3)'] }), mark(800, 'consent', { answer: 'given' })], findings: [{ confidence: 'likely' }] },
  { name: 'unattributed code is named by its frame, never as the app', trace: [...start, call(120, IMEI, 'com.xyz.loc.A.b'), mark(800, 'consent', { answer: 'given' })], findings: [{ message: 'Unattributed code (com.xyz.loc.A.b(Unknown Source:12))' }] },
];
