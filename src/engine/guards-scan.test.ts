// The guards as the published findings show them: scan() on our an-guard-* fixtures, and on the real-app corpus
// when ../shared is there (xpush-xgdemo, lightwindow, bugly-tinker-test).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import { assertValidReport } from '../report/testing/validate.ts';
import type { Finding, Report } from '../report/types.ts';
import { scan } from './scan.ts';

async function scanFile(path: string): Promise<Report> {
  const report = await scan({ bytes: readFileSync(path), path });
  assertValidReport(JSON.parse(JSON.stringify(report)));
  return report;
}

const preConsent = (r: Report): Finding[] => r.findings.filter((f) => f.ruleId === 'collection-before-consent');
const entryOf = (f: Finding): string | undefined => f.evidence.flatMap((e) => (e.kind === 'code' && e.path !== undefined ? [e.path[0]!] : []))[0];

describe('scan() on an-guard-flags', () => {
  it('a switch the manifest leaves off: no finding; set: likely with the manifest line; a stored consent value: low', { timeout: 120_000 }, async () => {
    const r = await scanFile(fixtureApk('an-guard-flags'));
    const f = preConsent(r);
    expect(f.find((x) => x.dataTypes?.includes('device.imei'))).toBeUndefined();
    const on = f.find((x) => x.dataTypes?.includes('device.mac'));
    expect(on).toMatchObject({ severity: 'high', confidence: 'likely' });
    expect(on?.evidence.some((e) => e.kind === 'manifest' && e.element === 'meta-data' && (e.value ?? '').startsWith('com.example.anguard.ON_INIT='))).toBe(true);
    expect(on?.evidence.some((e) => e.kind === 'code' && (e.note ?? '').startsWith('guard: ') && e.caller === 'Lcom/example/anguard/OnProvider;->onCreate()Z')).toBe(true);
    expect(f.find((x) => x.dataTypes?.includes('device.imsi'))).toMatchObject({ severity: 'low', confidence: 'possible' });
    // Negative controls: an init-once flag and an API-level branch stop nothing.
    expect(f.find((x) => x.dataTypes?.includes('device.serial'))).toMatchObject({ severity: 'high', confidence: 'confirmed' });
    expect(f.find((x) => x.dataTypes?.includes('device.android-id'))).toMatchObject({ severity: 'high', confidence: 'confirmed' });
  });
});

describe('scan() on an-guard-entry', () => {
  it('delegates are launch entries (confirmed); a push service an event (likely); an old-device broadcast medium; no policy: RD-3.1 with the path', { timeout: 120_000 }, async () => {
    const r = await scanFile(fixtureApk('an-guard-entry'));
    const f = preConsent(r);
    expect(f.find((x) => x.dataTypes?.includes('device.imei'))).toMatchObject({ severity: 'high', confidence: 'confirmed' });
    expect(f.find((x) => x.dataTypes?.includes('device.meid'))).toMatchObject({ severity: 'high', confidence: 'likely' });
    expect(f.find((x) => x.dataTypes?.includes('device.phone-number'))).toMatchObject({ severity: 'medium', confidence: 'possible' });
    expect(f.find((x) => x.dataTypes?.includes('device.iccid'))).toBeUndefined();
    const np = r.findings.find((x) => x.ruleId === 'no-privacy-policy');
    expect(np?.clauses).toContain('RD-3.1');
    expect(np?.evidence.some((e) => e.kind === 'code' && e.path !== undefined && e.path.length > 0)).toBe(true);
  });

  it('an app with a policy in the package: no RD-3.1 from no-privacy-policy', { timeout: 120_000 }, async () => {
    const r = await scanFile(fixtureApk('rule-guarded'));
    expect(r.findings.filter((x) => x.ruleId === 'no-privacy-policy' && x.clauses.includes('RD-3.1'))).toEqual([]);
  });
});

const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');

describe.runIf(existsSync(REAL))('scan() on real apps (../shared/corpus/real-apps)', () => {
  it('xpush-xgdemo: nothing from the XG provider is confirmed', { timeout: 300_000 }, async () => {
    const r = await scanFile(join(REAL, 'xpush-xgdemo.apk'));
    const xg = preConsent(r).filter((f) => entryOf(f)?.startsWith('Lcom/tencent/android/tpush/XGPushProvider;->') === true);
    expect(xg.filter((f) => f.confidence === 'confirmed').map((f) => f.message.en)).toEqual([]);
  });

  it('lightwindow: nothing UMConfigure.init collects behind the stored POLICY preference is confirmed or high', { timeout: 300_000 }, async () => {
    const r = await scanFile(join(REAL, 'lightwindow.apk'));
    const viaInit = preConsent(r).filter((f) => f.evidence.some((e) => e.kind === 'code' && e.path?.[1]?.startsWith('Lcom/umeng/commonsdk/UMConfigure;->init(') === true));
    expect(viaInit.length).toBeGreaterThan(0);
    for (const f of viaInit) expect(f).toMatchObject({ severity: 'low', confidence: 'possible' });
  });

  it('bugly-tinker-test: what the delegate App.onCreate starts is found before consent', { timeout: 300_000 }, async () => {
    const r = await scanFile(join(REAL, 'bugly-tinker-test.apk'));
    expect(preConsent(r).some((f) => entryOf(f) === 'Lcom/xuexiang/buglytest/App;->onCreate()V')).toBe(true);
  });
});
