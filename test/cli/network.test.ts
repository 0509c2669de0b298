// `piscope scan app.apk --trace log --har capture` on real inputs: a real app embedding Umeng
// (../shared/corpus/real-apps/androidproject-demo.apk), the real AndroidPrivacyMonitor log in which Umeng's
// code reads android_id, and a HAR built here from that log's returned value and Umeng hosts seen in real
// traffic (TraceDroid): no real capture exists in the corpus, so the requests are ours, the value and the hosts
// are not. Skipped without ../shared.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/reporter.ts';
import { assertValidReport, validateSarif } from '../../src/report/testing/validate.ts';
import type { Finding, Report } from '../../src/report/types.ts';
import { ROOT } from '../helpers/paths.ts';
import { run } from './capture.ts';

const SHARED = join(ROOT, '..', 'shared', 'corpus');
const APK = join(SHARED, 'real-apps', 'files', 'androidproject-demo.apk');
const LOG = join(SHARED, 'traces', 'LangQiang__AndroidPrivacyMonitor', 'logs', 'frida_log_2025-06-04_11-18-38.txt');
const present = existsSync(APK) && existsSync(LOG);
const tmp = mkdtempSync(join(tmpdir(), 'piscope-net-'));
const brief = (f: Finding): string => `${f.ruleId} ${f.severity} ${f.confidence} ${f.methods.join('+')} ${f.sdk ?? '-'} ${(f.dataTypes ?? []).join(',')}`;

function capture(): { har: string; value: string } {
  // The value as the log printed it (📤 返回值), only to build the requests: piscope's own import keeps its digests.
  const value = /📤 返回值:\s*([0-9a-f]{16})/u.exec(readFileSync(LOG, 'utf8'))![1]!;
  const at = (s: number): string => new Date(Date.UTC(2025, 5, 4, 11, 18, 38 + s)).toISOString();
  const entry = (s: number, method: string, url: string, body?: object): object => ({ startedDateTime: at(s), request: { method, url, headers: [{ name: 'User-Agent', value: 'okhttp/3.12.0' }], ...(body === undefined ? {} : { postData: { mimeType: 'application/json', text: JSON.stringify(body) } }) }, response: {} });
  const har = join(tmp, 'frog.har');
  writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'piscope test', version: '1' }, entries: [
    entry(1, 'GET', `http://ulogs.umeng.com/unify_logs?aid=${value}&sdk_version=9.6.1`),
    entry(2, 'POST', 'https://aaid.umeng.com/api/postZdata', { header: { did: createHash('md5').update(value).digest('hex') } }),
    entry(3, 'GET', 'https://www.example.org/index.html'),
    { request: { url: '::' } },
  ] } }));
  return { har, value };
}

describe.skipIf(!present)('piscope scan --trace --har on real inputs', () => {
  it('proves the android_id Umeng read left the phone in clear text, with evidence a person can check', async () => {
    const { har, value } = capture();
    const r = await run(['scan', APK, '--trace', LOG, '--har', har, '--format', 'json', '--fail-on', 'never', '-q']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    assertValidReport(report);
    const net = report.findings.filter((f) => f.methods.includes('network'));
    // No policy in the package: nothing can be undeclared; the log marks no consent: nothing is before it.
    expect(net.map(brief)).toEqual(['network-cleartext-personal-data medium confirmed network+dynamic umeng-common device.android-id']);
    const ev = net[0]!.evidence[0]!;
    expect(ev).toMatchObject({ kind: 'network', method: 'GET', url: 'http://ulogs.umeng.com/unify_logs?aid=ba44••••••••13ed&sdk_version=9.6.1', host: 'ulogs.umeng.com', field: 'query parameter "aid"', value: 'ba44••••••••13ed', basis: 'value', at: `${har} entries[0]` });
    expect(ev.kind === 'network' && ev.matched).toContain(`the value itself, returned by android.provider.Settings$Secure.getString (${LOG}:`);
    expect(ev.kind === 'network' && ev.recipient).toBe('Umeng Common (友盟同欣; the trace shows its code reading the value) [umeng.com]');
    // The value itself is nowhere in the report; its MD5 request (HTTPS) is counted, not reported.
    expect(r.stdout).not.toContain(value);
    expect(report.network).toMatchObject({ requests: 3, valuesFromTrace: 1, requestsWithPersonalInformation: 2, unreadableEntries: 1 });
    expect(report.diagnostics).toContainEqual({ severity: 'warning', code: 'CAPTURE_ENTRY', message: 'entries[3]: "request.url" is not a URL: ::', file: har });
    expect(report.dataTypes.find((d) => d.id === 'device.android-id')?.evidence).toEqual(expect.arrayContaining(['api', 'trace', 'network']));
    const text = await renderReport(report, 'text', { color: false });
    expect(text).toContain('network GET http://ulogs.umeng.com/unify_logs?aid=ba44••••••••13ed');
    expect(text).toContain(`${har} entries[0]`);
    const html = String(await renderReport(report, 'html'));
    expect(html).toContain('ulogs.umeng.com/unify_logs?aid=ba44••••••••13ed');
    expect(validateSarif(JSON.parse(String(await renderReport(report, 'sarif'))) as unknown)).toBeNull();
  });

  it('--device-values finds a value the trace did not record; a placeholder is refused naming the file', async () => {
    const { har } = capture();
    const values = join(tmp, 'values.json');
    writeFileSync(values, JSON.stringify({ 'device.android-id': 'ba44af50580c13ed' }));
    const r = await run(['scan', APK, '--har', har, '--device-values', values, '--format', 'json', '--fail-on', 'never', '-q']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.filter((f) => f.methods.includes('network')).map(brief)).toEqual(['network-cleartext-personal-data medium confirmed network - device.android-id']);
    writeFileSync(values, JSON.stringify({ 'device.mac': '02:00:00:00:00:00' }));
    const bad = await run(['scan', APK, '--har', har, '--device-values', values, '-q']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`piscope: ${APK}: ${values}: "device.mac": 02:0•••••••••0:00 is too short or a placeholder to prove anything [CAPTURE_MALFORMED]\n`);
  });
});
