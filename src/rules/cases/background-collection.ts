import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { sdk as sdkHit } from '../rule-fixtures.ts';
import { call, header, IMEI, LOCATION, mark } from '../../runtime/testing/recorded.ts';

const app = 'com.example.app.Ids.get';
const given = [header(), mark(0, 'app-start'), mark(100, 'consent', { answer: 'given' })];

export const valid: RuleCase[] = [
  { name: 'foreground reads', trace: [...given, call(1000, IMEI, app)] },
  { name: 'background read, back in the foreground first', trace: [...given, mark(2000, 'background'), mark(3000, 'foreground'), call(4000, IMEI, app)] },
  { name: 'recorder without foreground state', trace: [header('s1', { foreground: false }), mark(0, 'app-start'), mark(2000, 'background'), call(4000, IMEI, app)] },
  { name: 'camera use in the background is not in the list', trace: [...given, mark(2000, 'background'), call(4000, { api: 'hardware-camera-open', method: 'android.hardware.Camera.open' }, app)] },
];

export const invalid: InvalidCase[] = [
  { name: 'IMEI read after the app went to the background', trace: [...given, mark(2000, 'background'), call(4000, IMEI, app)], findings: [{ severity: 'medium', confidence: 'likely', clauses: ['M164-1.2-S6'], dataTypes: ['device.imei'], message: 'while the app was in the background' }] },
  { name: 'state given on the event itself', trace: [...given, call(4000, IMEI, app, { state: 'background' })], findings: [{ clauses: ['M164-1.2-S6'] }] },
  {
    name: 'an SDK reads location in the background',
    facts: { sdks: [sdkHit('amap', 'map', { prefixes: ['com.amap'] })] },
    trace: [...given, mark(2000, 'background'), call(4000, LOCATION, 'com.amap.api.location.Loc.run'), call(34000, LOCATION, 'com.amap.api.location.Loc.run')],
    findings: [{ sdk: 'amap', clauses: ['M164-1.2-S8'], message: '2 time(s)' }],
  },
];
