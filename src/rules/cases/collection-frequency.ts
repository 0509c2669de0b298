import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { sdk as sdkHit } from '../rule-fixtures.ts';
import { ANDROID_ID, call, header, IMEI, LOCATION, mark } from '../../runtime/testing/recorded.ts';

const app = 'com.example.app.Ids.get';
const jpush = 'cn.jpush.android.helper.DeviceInfo.collect';
const given = [header(), mark(0, 'app-start'), mark(100, 'consent', { answer: 'given' })];

export const valid: RuleCase[] = [
  { name: 'three reads a run, seconds apart', trace: [...given, call(1000, IMEI, app), call(5000, IMEI, app), call(9000, IMEI, app)] },
  { name: 'two reads 1.5 s apart', trace: [...given, call(1000, IMEI, app), call(2500, IMEI, app)] },
  { name: 'two owners, one read each within a second', trace: [...given, call(1000, IMEI, app), call(1100, IMEI, 'com.xyz.A.b')] },
  { name: 'location every second: no run-wide cap', trace: [...given, ...[1, 2, 3, 4, 5, 6].map((s) => call(s * 1100, LOCATION, app))] },
  { name: 'second-resolution clock: different stamps prove nothing per second', trace: [header('s1', { timeResolutionMs: 1000 }), call(1000, IMEI, app), call(2000, IMEI, app)] },
];

export const invalid: InvalidCase[] = [
  { name: 'two IMEI reads in 200 ms', trace: [...given, call(1000, IMEI, app), call(1200, IMEI, app)], findings: [{ severity: 'medium', confidence: 'likely', clauses: ['M164-1.2-S2'], dataTypes: ['device.imei'], message: 'read IMEI 2 times within 200 ms' }] },
  {
    name: 'an SDK reads android_id 5 times in a run',
    facts: { sdks: [sdkHit('jpush', 'push', { prefixes: ['cn.jpush'] })] },
    trace: [...given, ...[1, 3, 5, 7, 9].map((s) => call(s * 1000, ANDROID_ID, jpush))],
    findings: [{ severity: 'low', confidence: 'possible', sdk: 'jpush', clauses: ['M164-1.2-S2', 'M164-1.2-S8'], message: '5 times in one run' }],
  },
  { name: 'second-resolution clock: equal stamps do prove it', trace: [header('s1', { timeResolutionMs: 1000 }), call(1000, IMEI, app), call(1000, IMEI, app)], findings: [{ confidence: 'likely' }] },
  { name: 'a burst of four counts all four', trace: [...given, call(1000, IMEI, app), call(1100, IMEI, app), call(1200, IMEI, app), call(1300, IMEI, app), call(3000, IMEI, app)], findings: [{ message: 'read IMEI 4 times within 300 ms' }] },
  { name: 'location twice in 100 ms cites D26-2', trace: [...given, call(1000, LOCATION, app), call(1100, LOCATION, app)], findings: [{ clauses: ['M164-1.2-S2', 'D26-2'] }] },
];
