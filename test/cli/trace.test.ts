// `piscope scan app.apk --trace run.jsonl` end to end on our fixture apps and our own recorded traces
// (fixtures/traces/): every runtime rule fires where the run shows it, a static "possible" becomes confirmed
// only when the run shows the call before consent, and the Report stays valid in every format.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertValidReport, validateSarif } from '../../src/report/testing/validate.ts';
import type { Finding, Report } from '../../src/report/types.ts';
import { fixtureApk, ROOT } from '../helpers/paths.ts';
import { run } from './capture.ts';

const trace = (name: string): string => join(ROOT, 'fixtures', 'traces', name);

async function scanJson(apk: string, ...traces: string[]): Promise<Report> {
  const r = await run(['scan', apk, ...traces.flatMap((t) => ['--trace', t]), '--format', 'json', '--fail-on', 'never', '-q']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  assertValidReport(report);
  return report;
}

const brief = (f: Finding): string => `${f.ruleId} ${f.severity} ${f.confidence} ${f.methods.join('+')} ${f.sdk ?? '-'} ${(f.dataTypes ?? []).join(',')}`;

describe('piscope scan --trace', () => {
  it('a guarded static finding becomes confirmed when the run reads IMEI before the consent tap', async () => {
    const apk = fixtureApk('rule-guarded');
    const without = await scanJson(apk);
    expect(without.findings.filter((f) => f.ruleId === 'collection-before-consent').map(brief)).toEqual(['collection-before-consent low possible static - device.imei']);
    const before = await scanJson(apk, trace('rule-guarded-before.jsonl'));
    const f = before.findings.filter((x) => x.ruleId.includes('consent'));
    expect(f.map(brief)).toEqual(['collection-before-consent high confirmed static+dynamic - device.imei']);
    const ev = f[0]!.evidence.find((e) => e.kind === 'trace');
    expect(ev).toMatchObject({ kind: 'trace', source: 'piscope-agent', session: 'rguard-1', events: [{ ts: Date.UTC(2025, 11, 1, 9, 0, 0, 180), api: 'android.telephony.TelephonyManager.getDeviceId', caller: 'com.example.rguard.Ids.read(Unknown Source:7)' }] });
    expect(JSON.stringify(ev)).toContain('rule-guarded-before.jsonl:3');
  });

  it('a run that reads IMEI only after the tap leaves the static finding possible', async () => {
    const after = await scanJson(fixtureApk('rule-guarded'), trace('rule-guarded-after.jsonl'));
    expect(after.findings.filter((x) => x.ruleId.includes('consent')).map(brief)).toEqual(['collection-before-consent low possible static - device.imei']);
  });

  it('every runtime rule fires on its event, one bad line is a diagnostic, and the formats show the trace', async () => {
    const apk = fixtureApk('rule-preconsent');
    const t = trace('rule-preconsent.jsonl');
    const report = await scanJson(apk, t);
    const runtime = report.findings.filter((f) => f.methods.includes('dynamic')).map(brief).sort();
    expect(runtime).toEqual([
      'background-collection medium likely dynamic - location.precise',
      'collection-before-consent high confirmed static+dynamic - device.imei',
      'collection-before-consent high confirmed static+dynamic umeng-analytics app-list',
      'collection-frequency medium likely dynamic - device.imei',
      'observed-before-consent medium confirmed dynamic umeng-common device.android-id',
      'permission-re-request medium likely dynamic - ',
    ]);
    expect(report.findings.find((f) => f.ruleId === 'collection-frequency')?.message.en).toContain('read IMEI 3 times within 150 ms');
    expect(report.diagnostics).toContainEqual({ severity: 'warning', code: 'TRACE_LINE', message: 'line 6: "wall" (ms since the epoch) is required', file: t });
    expect(report.dataTypes.find((d) => d.id === 'device.android-id')).toMatchObject({ collectedBy: ['umeng-common'], evidence: ['trace'] });
    expect(report.runtime).toMatchObject({ apiEvents: 7, unreadableLines: 1, sessions: [{ id: 'rpre-1', consent: { answer: 'given' } }] });

    const text = (await run(['scan', apk, '--trace', t, '--fail-on', 'never', '-q'])).stdout;
    expect(text).toContain('2025-12-01T09:00:00.190Z android.provider.Settings$Secure.getString');
    expect(text).toContain('com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId');
    expect(text).toContain('rule-preconsent.jsonl:5');
    const html = (await run(['scan', apk, '--trace', t, '--format', 'html', '--fail-on', 'never', '-q'])).stdout;
    expect(html).toContain('com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId');
    expect(html).toContain('rule-preconsent.jsonl:5');
    const sarif = JSON.parse((await run(['scan', apk, '--trace', t, '--format', 'sarif', '--fail-on', 'never', '-q'])).stdout) as unknown;
    expect(validateSarif(sarif)).toBeNull();
  });

  it('--frequency replaces the default limits; a malformed table is refused naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piscope-freq-'));
    const good = join(dir, 'limits.json');
    writeFileSync(good, '{"default": [{"windowMs": 60000, "max": 1}]}');
    const apk = fixtureApk('rule-preconsent');
    const r = await run(['scan', apk, '--trace', trace('rule-preconsent.jsonl'), '--frequency', good, '--format', 'json', '--fail-on', 'never', '-q']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.find((f) => f.ruleId === 'collection-frequency')?.message.en).toBe('The app read IMEI 4 times within 6010 ms (limit: 1 per 60000 ms), from 2025-12-01T09:00:00.150Z.');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"default": 3}');
    const b = await run(['scan', apk, '--trace', trace('rule-preconsent.jsonl'), '--frequency', bad, '-q']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`piscope: ${bad}: frequency limits: "default" must be a list of {windowMs, max} [USAGE]\n`);
  });

  it('refuses --trace in a batch: a run belongs to one app', async () => {
    const r = await run(['scan', fixtureApk('rule-guarded'), fixtureApk('rule-preconsent'), '--trace', trace('rule-guarded-before.jsonl'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--trace belongs to one app');
  });
});

describe('piscope trace', () => {
  it('converts an AndroidPrivacyMonitor log into trace lines that read back without a problem (skipped without ../shared)', async () => {
    const log = join(ROOT, '..', 'shared', 'corpus', 'traces', 'LangQiang__AndroidPrivacyMonitor', 'logs', 'frida_log_2025-06-04_11-18-38.txt');
    if (!existsSync(log)) {
      console.warn(`skipping: ${log} is absent (developer corpus)`);
      return;
    }
    const r = await run(['trace', log]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; api?: string });
    expect(lines.map((l) => l.api ?? l.type)).toEqual(['header', 'marker', 'os-build-getserial', 'settings-secure-android-id']);
    const dir = mkdtempSync(join(tmpdir(), 'piscope-trace-'));
    const converted = join(dir, 'apm.jsonl');
    writeFileSync(converted, r.stdout);
    expect((await run(['trace', converted])).stdout).toBe(r.stdout);
  });

  it('names each bad line and exits 1; exits 2 when nothing is readable', async () => {
    const r = await run(['trace', trace('rule-preconsent.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`piscope: ${trace('rule-preconsent.jsonl')}:6: "wall" (ms since the epoch) is required\n`);
    expect(r.stdout.trim().split('\n')).toHaveLength(17);
    const dir = mkdtempSync(join(tmpdir(), 'piscope-trace-'));
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello\nworld\n');
    const j = await run(['trace', junk]);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('junk.txt:1: not a piscope trace');
  });
});
