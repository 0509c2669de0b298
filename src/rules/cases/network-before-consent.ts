// Values and hosts as in network-cleartext-personal-data's cases: the corpus trace's android_id, real SDK hosts.
import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { sdk as sdkHit } from '../rule-fixtures.ts';
import { ANDROID_ID, har, harEntry, header, mark, valueCall } from '../../runtime/testing/recorded.ts';

const AID = 'ba44af50580c13ed';
const OAID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const umengCall = 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId';
const OAID_API = { api: 'com-bun-miitmdid-interfaces-idsupplier-getoaid', method: 'com.bun.miitmdid.interfaces.IdSupplier.getOAID' };
const umeng = { sdks: [sdkHit('umeng-common', 'analytics', { prefixes: ['com.umeng.commonsdk'] })] };
/** Consent tapped 30 s after the cold start. */
const trace = [header(), mark(0, 'app-start'), valueCall(300, ANDROID_ID, umengCall, AID), mark(30_000, 'consent', { answer: 'given' })];
/** The dialog shown and left open: the recorder marks consent, the run (20 s) has no answer. */
const unanswered = [header(), mark(0, 'app-start'), valueCall(300, ANDROID_ID, umengCall, AID), mark(20_000, 'background')];
const at = (ms: number, url = `https://aaid.umeng.com/api/postZdata?aid=${AID}`): { har: object } => ({ har: har(harEntry(ms, url)) });

export const valid: RuleCase[] = [
  { name: 'a capture without a trace has no consent time', capture: at(500) },
  { name: 'a trace whose recorder marks no consent', trace: [header('s1', { consentMarkers: false }), mark(0, 'app-start'), valueCall(300, ANDROID_ID, umengCall, AID)], capture: at(500) },
  { name: 'sent after consent', trace, capture: at(45_000) },
  { name: 'within 2 s of the tap: the two clocks cannot say which came first', trace, capture: at(29_000) },
  { name: 'a request outside the recorded session\'s span is not placed in it', trace, capture: at(-300_000) },
  { name: 'a run never answered: within 2 s of the recording\'s end an unrecorded answer could precede it', trace: unanswered, capture: at(19_000) },
  { name: 'a run never answered: after the recording\'s end nothing is said', trace: unanswered, capture: at(50_000) },
];

export const invalid: InvalidCase[] = [
  {
    // The OAID is a device identifier like the Android ID (rules/lib/data-types.ts PRE_CONSENT_DATA_TYPES), as
    // the static collection-before-consent rule holds: sent before consent, it is a finding too.
    name: 'before consent carrying only an OAID: a device identifier, as in the static rule',
    trace: [...trace.slice(0, 2), valueCall(200, OAID_API, umengCall, OAID), ...trace.slice(2)], capture: at(500, `https://aaid.umeng.com/api/oaid?oaid=${OAID}`),
    findings: [{ confidence: 'likely', dataTypes: ['device.oaid'] }],
  },
  {
    name: 'the recorded android id goes to Umeng 29.5 s before the tap: likely, a third party',
    facts: umeng, trace, capture: at(500),
    findings: [{ severity: 'medium', confidence: 'likely', sdk: 'umeng-common', clauses: ['RD-3.1', 'RD-5.1', 'SDK-2', 'M164-1.1-S5'], dataTypes: ['device.android-id'], message: 'before the user agreed' }],
  },
  { name: '5 s before the tap: possible across two clocks', facts: umeng, trace, capture: at(25_000), findings: [{ severity: 'low', confidence: 'possible' }] },
  {
    name: 'no Umeng SDK identified in the package: the trace\'s reader names which of the vendor\'s SDKs sent it',
    trace, capture: at(500),
    findings: [{ sdk: 'umeng-common', message: 'the trace shows its code reading the value' }],
  },
  {
    name: 'the app\'s own server, by its package name: not a third party',
    trace, capture: at(500, `http://api.example.com/v2/init?android_id=${AID}`),
    findings: [{ confidence: 'likely', clauses: ['RD-3.1', 'M164-1.1-S2'], message: 'the app\'s own server' }],
  },
  {
    name: 'after a refusal',
    trace: [header(), mark(0, 'app-start'), valueCall(300, ANDROID_ID, umengCall, AID), mark(3_000, 'consent', { answer: 'refused' })], capture: at(20_000),
    findings: [{ sdk: 'umeng-common', clauses: ['RD-3.2', 'RD-5.1', 'SDK-2', 'M164-1.1-S5'], message: 'after the user refused' }],
  },
  {
    name: 'a run in which the privacy dialog was never answered: before consent up to the recording\'s end, likely 19.5 s before it',
    facts: umeng, trace: unanswered, capture: at(500),
    findings: [{ severity: 'medium', confidence: 'likely', sdk: 'umeng-common', clauses: ['RD-3.1', 'RD-5.1', 'SDK-2', 'M164-1.1-S5'], dataTypes: ['device.android-id'], message: 'never answered the privacy dialog' }],
  },
  { name: 'never answered, 5 s before the recording\'s end: possible', facts: umeng, trace: unanswered, capture: at(15_000), findings: [{ severity: 'low', confidence: 'possible', message: 'never answered' }] },
];
