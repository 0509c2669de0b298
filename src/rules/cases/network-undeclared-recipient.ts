// Values and hosts as in network-cleartext-personal-data's cases: the corpus trace's android_id, real SDK hosts.
import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { GOOD_POLICY_TEXT, makePolicy } from '../rule-fixtures.ts';
import { ANDROID_ID, har, harEntry, header, mark, valueCall } from '../../runtime/testing/recorded.ts';

const AID = 'ba44af50580c13ed';
const umengCall = 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId';
const trace = [header(), mark(0, 'app-start'), mark(3_000, 'consent', { answer: 'given' }), valueCall(5_000, ANDROID_ID, umengCall, AID)];
const toUmeng = { har: har(harEntry(6_000, `https://aaid.umeng.com/api/postZdata?aid=${AID}`)) };
/** A policy shorter than a whole one (a summary): not enough for `likely` that something is absent. */
const short = GOOD_POLICY_TEXT.slice(0, 600);

export const valid: RuleCase[] = [
  { name: 'no policy: no-privacy-policy judges that', trace, capture: toUmeng },
  { name: 'the policy names 友盟', trace, capture: toUmeng, policy: makePolicy({ text: `${GOOD_POLICY_TEXT}我们接入了友盟+统计SDK，收集设备标识符。` }) },
  { name: 'the policy names the vendor\'s package', trace, capture: toUmeng, policy: makePolicy({ text: `${GOOD_POLICY_TEXT}第三方SDK：com.umeng.commonsdk，用于统计分析。` }) },
  { name: 'a host of no known owner is never called a third party', trace, policy: makePolicy(), capture: { har: har(harEntry(6_000, `https://collect.some-unknown-host.net/c?aid=${AID}`)) } },
  { name: 'a request to an SDK host with no personal information', trace, policy: makePolicy(), capture: { har: har(harEntry(6_000, 'https://aaid.umeng.com/api/config?ver=9.6.1')) } },
];

export const invalid: InvalidCase[] = [
  {
    name: 'the recorded android id goes to Umeng, which a complete policy does not name: likely',
    trace, capture: toUmeng, policy: makePolicy(),
    findings: [{ severity: 'medium', confidence: 'likely', clauses: ['M164-1.3-S1', 'RD-5.1', 'SDK-1'], dataTypes: ['device.android-id'], message: 'which the policy does not name' }],
  },
  { name: 'a short policy: possible', trace, capture: toUmeng, policy: makePolicy({ text: short }), findings: [{ severity: 'medium', confidence: 'possible' }] },
  {
    name: 'only a shape (a Luhn-valid IMEI under imei) to JPush\'s stats host: possible and low',
    policy: makePolicy(), capture: { har: har(harEntry(6_000, 'https://stats.jpush.cn/v3/report', { body: { imei: '490154203237518', platform: 'a' } })) },
    findings: [{ severity: 'low', confidence: 'possible', dataTypes: ['device.imei'], message: 'stats.jpush.cn' }],
  },
];
