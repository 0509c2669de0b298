/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- JSON replies of the API are untyped here; the assertions check their shape. */
// The whole flow through HTTP with real packages, on SQLite and on PostgreSQL: upload → scan → report (the
// exact bytes of `piscope scan --format json`) → findings; the same bytes again start no scan; three
// versions of one app → fixed, new, persisting, reactivated; a review outlives later scans; hostile
// uploads leave nothing behind.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusFiles, fixtureApk, ROOT, uiautomatorServerApk } from '../../test/helpers/paths.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from './testing/harness.ts';

const CLI = join(ROOT, 'bin', 'piscope.js');
/** The only field of a report that differs between two runs of the same scan. */
const stable = (json: string): string => json.replace(/"durationMs": \d+/, '"durationMs": 0');

function cliReport(file: string): string {
  // Run beside the file, so the report names it as the platform does: by its file name.
  try {
    return execFileSync(process.execPath, [CLI, 'scan', basename(file), '--format', 'json', '--fail-on', 'never', '-q'], { cwd: dirname(file), encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    throw new Error(`piscope scan ${file}: ${String(e)}`);
  }
}

function storeFiles(data: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  walk(join(data, 'store'));
  return out.sort();
}

describe.each(BACKENDS)('platform flow on %s', (backend) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform(backend, { maxUploadBytes: 16 * 1024 * 1024 });
  });
  afterAll(async () => {
    await p.close();
  });

  it('serves /healthz without a token, and nothing else without one', async () => {
    const anon = p.admin.as('');
    expect((await fetch(`${p.running.url}/healthz`)).status).toBe(200);
    const r = await fetch(`${p.running.url}/api/v1/scans`);
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect((await anon.get('/api/v1/me')).status).toBe(401);
  });

  it('upload → scan → report, byte-for-byte as piscope scan --format json, for real corpus packages', async () => {
    for (const file of [corpusFile('android-apidemos'), corpusFiles('jpush')[0]!]) {
      const up = await p.admin.upload(file);
      expect(up.status, up.text).toBe(201);
      expect(up.body.started).toBe(true);
      const scan = await p.admin.waitScan(up.body.scan.id);
      expect(scan.status, JSON.stringify(scan)).toBe('done');
      const report = await p.admin.get(`/api/v1/scans/${scan.id}/report`);
      expect(report.status).toBe(200);
      expect(stable(report.text)).toBe(stable(cliReport(file)));
      // Its findings, one row per finding of the report, each with the report's own text.
      const findings = await p.admin.get(`/api/v1/scans/${scan.id}/findings?limit=500`);
      const parsed = JSON.parse(report.text) as { findings: { ruleId: string }[] };
      expect(findings.body.items).toHaveLength(parsed.findings.length);
      expect(scan.findingCount).toBe(parsed.findings.length);
      for (const f of findings.body.items) {
        expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        const one = await p.admin.get(`/api/v1/findings/${f.id}`);
        expect(one.body.finding).toEqual(parsed.findings[f.index]);
      }
    }
  });

  it('the same bytes again return the same package and scan, and start no new scan', async () => {
    const file = corpusFile('android-apidemos');
    const before = await p.admin.get('/api/v1/scans?limit=500');
    const again = await p.admin.upload(file, '', 'renamed.apk');
    expect(again.status).toBe(200);
    expect(again.body.started).toBe(false);
    const after = await p.admin.get('/api/v1/scans?limit=500');
    expect(after.body.items.map((s: { id: number }) => s.id)).toEqual(before.body.items.map((s: { id: number }) => s.id));
    expect(again.body.scan.id).toBe(before.body.items.find((s: { sha256: string }) => s.sha256 === again.body.package.sha256).id);
    const apps = await p.admin.get('/api/v1/apps?packageName=io.appium.android.apis');
    expect(apps.body.items).toHaveLength(1);
    const versions = await p.admin.get(`/api/v1/apps/${apps.body.items[0].id}/versions`);
    expect(versions.body.items).toHaveLength(1);
    expect(versions.body.items[0].signerSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('three versions of one app: fixed, new, persisting, reactivated; a review is kept across later scans', async () => {
    const scans = [];
    for (const v of ['platform-v1', 'platform-v2', 'platform-v3']) {
      const up = await p.admin.upload(fixtureApk(v));
      scans.push(await p.admin.waitScan(up.body.scan.id));
    }
    expect(scans.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    const rulesOf = async (scanId: number): Promise<Map<string, string>> => {
      const r = await p.admin.get(`/api/v1/scans/${scanId}/findings`);
      return new Map(r.body.items.map((f: { fingerprint: string; ruleId: string; dataTypes: string[] }) => [f.fingerprint, `${f.ruleId}:${f.dataTypes.join('+')}`]));
    };
    const names = new Map([...(await rulesOf(scans[0].id)), ...(await rulesOf(scans[1].id)), ...(await rulesOf(scans[2].id))]);
    const named = (fps: string[]): string[] => fps.map((f) => names.get(f)!).sort();
    const d1 = await p.admin.get(`/api/v1/versions/${scans[0].versionId}/diff`);
    expect(d1.body.previousVersionId).toBeNull();
    expect(named(d1.body.new)).toEqual(['contradicts-policy:sms', 'no-dual-lists:', 'undeclared-data-type:contacts']);
    const d2 = await p.admin.get(`/api/v1/versions/${scans[1].versionId}/diff`);
    expect(d2.body.previousVersionId).toBe(scans[0].versionId);
    expect(named(d2.body.fixed)).toEqual(['contradicts-policy:sms', 'undeclared-data-type:contacts']);
    expect(named(d2.body.new)).toEqual(['undeclared-data-type:sms']);
    expect(named(d2.body.persisting)).toEqual(['no-dual-lists:']);
    expect(d2.body.reactivated).toEqual([]);
    const d3 = await p.admin.get(`/api/v1/versions/${scans[2].versionId}/diff`);
    expect(named(d3.body.reactivated)).toEqual(['contradicts-policy:sms', 'undeclared-data-type:contacts']);
    expect(named(d3.body.fixed)).toEqual(['undeclared-data-type:sms']);
    expect(named(d3.body.persisting)).toEqual(['no-dual-lists:']);
    expect(d3.body.new).toEqual([]);

    // A human decision on v1's finding is carried to v3's, and a later scan (other options) keeps it.
    const v1 = (await p.admin.get(`/api/v1/scans/${scans[0].id}/findings`)).body.items.find((f: { ruleId: string }) => f.ruleId === 'no-dual-lists');
    const noReason = await p.admin.post(`/api/v1/findings/${v1.id}/review`, { state: 'false_positive' });
    expect(noReason.status).toBe(400);
    expect(noReason.type).toContain('application/problem+json');
    const reviewed = await p.admin.post(`/api/v1/findings/${v1.id}/review`, { state: 'false_positive', reason: 'the dual lists are on the settings page (checked on device)' });
    expect(reviewed.status, reviewed.text).toBe(200);
    const rescan = await p.admin.upload(fixtureApk('platform-v3'), '?category=map_navigation');
    expect(rescan.body.started).toBe(true);
    const later = await p.admin.waitScan(rescan.body.scan.id);
    for (const scanId of [scans[2].id, later.id]) {
      const f = (await p.admin.get(`/api/v1/scans/${scanId}/findings`)).body.items.find((x: { ruleId: string }) => x.ruleId === 'no-dual-lists');
      expect(f.fingerprint).toBe(v1.fingerprint);
      expect(f.review.state).toBe('false_positive');
    }
    const history = await p.admin.get(`/api/v1/findings/${v1.id}/history`);
    expect(history.body.items).toHaveLength(1);
    const audit = await p.admin.get('/api/v1/audit');
    expect(audit.body.items[0]).toMatchObject({ action: 'finding.review', reason: 'the dual lists are on the settings page (checked on device)', target: `fingerprint:${v1.fingerprint}` });
  });

  it('refuses hostile uploads with problem+json and keeps nothing of them', async () => {
    const dir = p.data;
    const before = storeFiles(dir);
    const packagesBefore = (await p.admin.get('/api/v1/scans?limit=500')).body.items.length;
    // A zip whose entry climbs out of its folder, and a zip bomb (300 MB of zeros in a few hundred KB).
    const slip = join(dir, 'slip.apk');
    const bomb = join(dir, 'bomb.apk');
    execFileSync('python3', ['-c', `import zipfile,sys
z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('AndroidManifest.xml','x'); z.writestr('../../etc/evil','x'); z.close()
z=zipfile.ZipFile(sys.argv[2],'w',zipfile.ZIP_DEFLATED)
with z.open('classes.dex','w',force_zip64=True) as f:
    for i in range(300): f.write(bytes(1<<20))
z.close()`, slip, bomb]);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a package');
    const cases: [string, number, string][] = [
      [slip, 422, 'zip-unsafe-name'],
      [bomb, 422, 'zip-bomb'],
      [text, 422, 'not-a-package'],
      [uiautomatorServerApk(), 413, ''],
    ];
    for (const [file, status, type] of cases) {
      const r = await p.admin.upload(file);
      expect(r.status, `${file}: ${r.text}`).toBe(status);
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status, title: expect.any(String), detail: expect.stringContaining('nothing was kept') });
      if (type !== '') expect(r.body.type).toContain(type);
    }
    // A truncated upload: the multipart body ends before its closing boundary.
    const cut = await fetch(`${p.running.url}/api/v1/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.admin.token!}`, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="cut.apk"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004 these bytes stop here',
    });
    expect(cut.status).toBe(400);
    expect(cut.headers.get('content-type')).toContain('application/problem+json');
    expect(storeFiles(dir)).toEqual(before);
    expect((await p.admin.get('/api/v1/scans?limit=500')).body.items.length).toBe(packagesBefore);
  });

  it('validates queries and bodies by the schema and pages by cursor', async () => {
    const bad = await p.admin.get('/api/v1/scans?limit=100000');
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect((await p.admin.get('/api/v1/scans?status=bogus')).status).toBe(400);
    expect((await p.admin.post('/api/v1/batches', { name: '' })).status).toBe(400);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { items: { id: number }[]; nextCursor: string | null } } = await p.admin.get(`/api/v1/scans?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      seen.push(...r.body.items.map((s) => s.id));
      cursor = r.body.nextCursor;
    } while (cursor !== null);
    const all = (await p.admin.get('/api/v1/scans?limit=500')).body.items.map((s: { id: number }) => s.id);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(3);
  });
});
