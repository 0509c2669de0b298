// Imports of other recorders' logs: the real AndroidPrivacyMonitor logs of ../shared/corpus/traces (skipped
// when absent), and camille / AppScan messages in the exact shape their scripts send (no recorded log of
// either exists in the corpus: the format is from script.js and helper/default.js).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRule } from '../../rules/define-rule.ts';
import { RULES } from '../../rules/index.ts';
import { contextOf } from '../../rules/rule-tester.ts';
import { collectRuntime, traceItems } from '../collect.ts';
import type { TraceItem } from '../read-trace.ts';
import { alertTime } from './alert-send.ts';
import { apiIdFor, mask } from './catalogue.ts';

const TRACES = resolve(import.meta.dirname, '../../../../shared/corpus/traces');
const APM = join(TRACES, 'LangQiang__AndroidPrivacyMonitor', 'logs');
const haveCorpus = existsSync(APM);
if (!haveCorpus) console.warn(`skipping the real-trace imports: ${APM} is absent (developer corpus, ../shared)`);

async function items(path: string, text?: string): Promise<TraceItem[]> {
  const out: TraceItem[] = [];
  for await (const i of traceItems({ path, open: () => (text === undefined ? createReadStream(path) : Readable.from([Buffer.from(text)])) })) out.push(i);
  return out;
}

describe.skipIf(!haveCorpus)('AndroidPrivacyMonitor logs (real, com.frog.educate)', () => {
  const logs = haveCorpus ? readdirSync(APM).filter((f) => /^frida_log_[\d_-]+\.txt$/u.test(f)).sort() : [];

  it('imports all four logs: a cold start and two events each, with what the log lacks in the header', async () => {
    expect(logs).toHaveLength(4);
    for (const f of logs) {
      const got = await items(join(APM, f));
      expect(got.filter((i) => 'problem' in i), f).toEqual([]);
      const lines = got.flatMap((i) => ('line' in i ? [i.line] : []));
      expect(lines.map((l) => (l.type === 'api' ? l.api : l.type === 'marker' ? l.marker : l.type)), f).toEqual(['header', 'app-start', 'os-build-getserial', 'settings-secure-android-id']);
      expect(lines[0]).toMatchObject({ source: 'android-privacy-monitor', package: 'com.frog.educate', limits: { stack: 'top', consentMarkers: false, foreground: false } });
    }
  });

  it('reads the 3-digit seconds, the exception and the masked value', async () => {
    const got = (await items(join(APM, 'frida_log_2025-06-04_11-39-33.txt'))).flatMap((i) => ('line' in i && i.line.type === 'api' ? [i] : []));
    const [serial, aid] = got.map((i) => i.line);
    expect(serial).toMatchObject({ wall: Date.UTC(2025, 5, 4, 11, 39, 31, 916), method: 'android.os.Build.getSerial', threw: expect.stringContaining('SecurityException') as string });
    expect(aid).toMatchObject({ wall: Date.UTC(2025, 5, 4, 11, 39, 32, 14), ret: 'ba44••••••••13ed' });
    expect(JSON.stringify(aid)).not.toContain('ba44af50580c13ed');
    // The digests taken before masking, so that a capture can prove the value left the phone; none for the exception's placeholder.
    expect(aid).toMatchObject({ retDigest: { sha256: createHash('sha256').update('ba44af50580c13ed').digest('hex'), md5: createHash('md5').update('ba44af50580c13ed').digest('hex'), length: 16 } });
    expect(serial).not.toHaveProperty('retDigest');
    expect(got[1]!.at.line).toBeGreaterThan(got[0]!.at.line);
  });

  it('hand-checked findings: Umeng reads android_id 531 ms after Application.onCreate, before any user action: possible, low', async () => {
    const rt = await collectRuntime([{ path: join(APM, 'frida_log_2025-06-04_11-39-33.txt'), open: () => createReadStream(join(APM, 'frida_log_2025-06-04_11-39-33.txt')) }], { sdks: [], appPackages: ['com.frog.educate'] });
    const base = contextOf({ name: 'frog', facts: { appPackages: ['com.frog.educate'] } });
    const findings = ['observed-before-consent', 'collection-frequency', 'background-collection', 'permission-re-request'].flatMap((id) => runRule(RULES[id]!, { ...base, runtime: rt }));
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.confidence} ${f.sdk ?? '-'} ${(f.dataTypes ?? []).join()}`).sort()).toEqual([
      'observed-before-consent low possible - device.serial',
      'observed-before-consent low possible umeng-common device.android-id',
    ]);
    const serial = findings.find((f) => f.dataTypes?.[0] === 'device.serial')!;
    // Obfuscated Flutter plugin code: named by its frame, never "the app"; the exception is said.
    expect(serial.message.en).toContain('Unattributed code (e2.b.a(Unknown Source:0))');
    expect(serial.message.en).toContain('The call threw');
  });

  it('a stacks-only extract is one clear problem, not a trace', async () => {
    const got = await items(join(APM, 'frida_log_2025-06-04_11-39-33_stacks_only.txt'));
    expect(got).toEqual([{ problem: expect.objectContaining({ line: 1, message: expect.stringContaining('nor a camille, AppScan or AndroidPrivacyMonitor log') as string }) as unknown }]);
  });
});

// A camille message as script.js's alertSend builds it (getStackTrace lines, "   " + frame + "\r\n").
const stacks = (...frames: string[]): string => frames.map((f) => `   ${f}\r\n`).join('');
const camilleLine = (time: string, action: string, messages: string, arg: string, ...frames: string[]): string => JSON.stringify({ type: 'notice', time, action, messages, arg, stacks: stacks(...frames) });

describe('camille and AppScan messages', () => {
  it('camille: 0-based month, whole seconds, the API from the top frame, requestPermissions as a request', async () => {
    const text = [
      camilleLine('2025-5-4 11:39:31', '获取设备信息', '获取IMEI', '', 'android.telephony.TelephonyManager.getDeviceId(Native Method)', 'com.umeng.commonsdk.utils.UMUtils.getImei(UMUtils.java:120)', 'android.os.Handler.handleCallback(Handler.java:958)'),
      camilleLine('2025-5-4 11:39:32', '获取其他设备信息', 'getString获取的数据为：ba44af50580c13ed', 'android_id', 'android.provider.Settings$Secure.getString(Native Method)', 'com.x.Y.z(Unknown Source:3)'),
      camilleLine('2025-5-4 11:39:33', '申请权限', '申请具体权限看"参数1"', '[android.permission.READ_PHONE_STATE,android.permission.CAMERA]', 'android.app.Activity.requestPermissions(Native Method)', 'com.x.Main.onResume(Main.java:4)'),
      '{"type":"notice","time":"2025-13-45 99:00:00","action":"x","stacks":""}',
    ].join('\n');
    const got = await items('camille.jsonl', text);
    const lines = got.flatMap((i) => ('line' in i ? [i.line] : []));
    expect(lines[0]).toMatchObject({ type: 'header', source: 'camille', limits: { timeResolutionMs: 1000, consentMarkers: false } });
    expect(lines[1]).toMatchObject({ type: 'api', api: 'telephony-telephonymanager-getdeviceid', wall: Date.UTC(2025, 5, 4, 11, 39, 31), stack: ['android.telephony.TelephonyManager.getDeviceId(Native Method)', 'com.umeng.commonsdk.utils.UMUtils.getImei(UMUtils.java:120)', 'android.os.Handler.handleCallback(Handler.java:958)'] });
    expect(lines[2]).toMatchObject({ api: 'settings-secure-android-id', ret: 'ba44••••••••13ed' });
    expect(JSON.stringify(lines[2])).not.toContain('ba44af50580c13ed');
    expect(lines[3]).toMatchObject({ type: 'marker', marker: 'permission-request', permissions: ['android.permission.READ_PHONE_STATE', 'android.permission.CAMERA'] });
    expect(got.filter((i) => 'problem' in i).map((i) => ('problem' in i ? `${i.problem.line} ${i.problem.message}` : ''))).toEqual(['4 unreadable time "2025-13-45 99:00:00"']);
  });

  it('AppScan: WebSocket envelopes; capture results are skipped, not errors', async () => {
    const payload = { type: 'method_result', time: '2025-0-9 8:5:7', action: '获取设备信息', messages: '获取MAC地址', arg: '', stacks: stacks('android.net.wifi.WifiInfo.getMacAddress(Native Method)', 'com.tencent.bugly.crashreport.common.info.b.d(Unknown Source:5)') };
    const text = [JSON.stringify({ type: 'method_result', data: payload }), JSON.stringify({ type: 'request_result', data: { url: 'http://x' } })].join('\n');
    const got = await items('appscan.jsonl', text);
    expect(got.filter((i) => 'problem' in i)).toEqual([]);
    const lines = got.flatMap((i) => ('line' in i ? [i.line] : []));
    expect(lines.map((l) => l.type)).toEqual(['header', 'api']);
    expect(lines[0]).toMatchObject({ source: 'appscan' });
    expect(lines[1]).toMatchObject({ api: apiIdFor('android.net.wifi.WifiInfo.getMacAddress'), wall: Date.UTC(2025, 0, 9, 8, 5, 7) });
  });

  it('a piscope trace is never taken for an import', async () => {
    const got = await items('t.jsonl', '{"type":"header","format":"piscope-trace","version":1,"source":"x","session":"s","limits":{"stack":"full","timeResolutionMs":1,"consentMarkers":true,"foreground":true,"permissionMarkers":true}}\n');
    expect(got).toHaveLength(1);
    expect('line' in got[0]! && got[0].line.type).toBe('header');
  });
});

describe('catalogue mapping', () => {
  it('maps members, settings keys and content URIs, and claims nothing for an unknown key', () => {
    expect(apiIdFor('android.app.ApplicationPackageManager.getInstalledPackages')).toBe('content-pm-packagemanager-getinstalledpackages');
    expect(apiIdFor('android.provider.Settings$Secure.getString', ['android_id'])).toBe('settings-secure-android-id');
    expect(apiIdFor('android.provider.Settings$Secure.getString', ['accessibility_enabled'])).toBeNull();
    expect(apiIdFor('android.content.ContentResolver.query', ['content://sms/inbox'])).toBe('uri-sms');
    expect(apiIdFor('com.example.Foo.bar')).toBeNull();
    expect(mask('867530912345678')).toBe('8675•••••••5678');
    expect(alertTime('2025-0-31 23:59:59')).toBe(Date.UTC(2025, 0, 31, 23, 59, 59));
  });
});
