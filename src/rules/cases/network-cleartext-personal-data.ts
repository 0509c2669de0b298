// The android_id value is the one the corpus's AndroidPrivacyMonitor logs recorded (com.frog.educate,
// ../shared/corpus/traces); the hosts are Umeng's and AutoNavi's as TraceDroid observed them in real traffic
// (../shared/corpus/domains). The IMEI is the public example IMEI (490154203237518, Luhn-valid).
import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { sdk as sdkHit } from '../rule-fixtures.ts';
import { createHash } from 'node:crypto';
import { ANDROID_ID, har, harEntry, header, mark, valueCall } from '../../runtime/testing/recorded.ts';

const AID = 'ba44af50580c13ed';
const umengCall = 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId';
const trace = [header(), mark(0, 'app-start'), valueCall(300, ANDROID_ID, umengCall, AID), mark(30_000, 'consent', { answer: 'given' })];
const umeng = { sdks: [sdkHit('umeng-common', 'analytics', { prefixes: ['com.umeng.commonsdk'] })] };

export const valid: RuleCase[] = [
  { name: 'no capture', trace },
  { name: 'the android id sent over HTTPS is not cleartext', trace, capture: { har: har(harEntry(500, `https://aaid.umeng.com/api/postZdata?aid=${AID}`)) } },
  { name: 'a plain-HTTP request with no personal information', trace, capture: { har: har(harEntry(500, 'http://logs.amap.com/ws/log/upload?ver=4.7.0&channel=huawei')) } },
  { name: 'a 15-digit number that fails the Luhn check is no IMEI', capture: { har: har(harEntry(500, 'http://api.example.com/v1/reg?imei=490154203237519')) } },
  { name: 'the placeholder MAC Android returns is nobody\'s', capture: { har: har(harEntry(500, 'http://api.example.com/v1/reg?mac=02:00:00:00:00:00')) } },
  { name: 'class names of a crash report are not an app list', capture: { har: har(harEntry(500, 'http://crash.example.com/upload', { body: { trace: 'at com.example.app.Main.run(Main.java:3) at com.tencent.bugly.crashreport.A.b(A.java:1) at com.umeng.commonsdk.B.c(B.java:2) at com.amap.api.location.C.d(C.java:4) at cn.jpush.android.D.e(D.java:5)' } })) } },
];

export const invalid: InvalidCase[] = [
  {
    name: 'the android id the trace recorded goes to Umeng as a query parameter: confirmed, network and dynamic',
    facts: umeng, trace, capture: { har: har(harEntry(500, `http://aaid.umeng.com/api/postZdata?aid=${AID}&os=android`)) },
    findings: [{ severity: 'medium', confidence: 'confirmed', sdk: 'umeng-common', dataTypes: ['device.android-id'], message: 'plain-HTTP request(s) to aaid.umeng.com' }],
  },
  {
    name: 'its MD5 in a JSON body is the same value',
    trace, capture: { har: har(harEntry(500, 'http://ulogs.umeng.com/unify_logs', { body: { header: { device_id: createHash('md5').update(AID).digest('hex'), sdk_version: '9.6.1' } } })) },
    findings: [{ confidence: 'confirmed', dataTypes: ['device.android-id'] }],
  },
  {
    name: 'a MAC given by the lab, sent upper-case without colons',
    capture: { har: har(harEntry(500, 'http://logs.amap.com/ws/log/upload', { body: 'wm=A450461C2B9E&ver=4.7.0' })), values: { 'device.mac': 'a4:50:46:1c:2b:9e' } },
    findings: [{ severity: 'medium', confidence: 'confirmed', dataTypes: ['device.mac'] }],
  },
  {
    name: 'only the shape: a Luhn-valid 15-digit number under imei is possible and low',
    capture: { har: har(harEntry(500, 'http://api.example.com/v1/reg?imei=490154203237518')) },
    findings: [{ severity: 'low', confidence: 'possible', dataTypes: ['device.imei'] }],
  },
  {
    name: 'ten package names under a field named pkgs: likely an app list',
    capture: { har: har(harEntry(500, 'http://api.example.com/v1/apps', { body: `pkgs=${['com.tencent.mm', 'com.eg.android.AlipayGphone', 'com.taobao.taobao', 'com.ss.android.ugc.aweme', 'com.sina.weibo', 'com.jingdong.app.mall', 'com.xunmeng.pinduoduo', 'com.smile.gifmaker', 'com.baidu.searchbox', 'com.autonavi.minimap'].join(',')}` })) },
    findings: [{ severity: 'low', confidence: 'likely', dataTypes: ['app-list'] }],
  },
];
