/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// Other engines' results on a real platform (SQLite and PostgreSQL), over real HTTP, with real files: the
// SARIF and JSON report that `piscope scan` writes of a real app (jpush-example-debug.apk, which embeds JPush,
// ../shared/corpus/real-apps), and camille / AppScan logs of it in the exact shape their hook scripts send
// (no recorded log of either exists in ../shared/corpus/traces: the shape is script.js's and
// helper/default.js's alertSend, as src/runtime/import/import.test.ts has it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSarif } from '../../report/testing/validate.ts';
import { corpusFiles } from '../../../test/helpers/paths.ts';
import type { Client } from '../testing/client.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../testing/harness.ts';
import { BIN, run } from '../testing/processes.ts';

const APK = resolve(import.meta.dirname, '../../../../shared/corpus/real-apps/files/jpush-example-debug.apk');
const haveApk = existsSync(APK);
if (!haveApk) console.warn(`skipping the engine imports: ${APK} is absent (developer corpus, ../shared)`);

// camille's alertSend: {type:'notice', time (get_format_time: 0-based month, whole seconds), action, messages, arg, stacks}.
const frames = (...f: string[]): string => f.map((x) => `   ${x}\r\n`).join('');
const imei = (sec: number) => ({
  type: 'notice',
  time: `2026-10-7 10:15:${String(sec).padStart(2, '0')}`,
  action: '获取设备信息',
  messages: '获取IMEI',
  arg: '',
  stacks: frames('android.telephony.TelephonyManager.getDeviceId(Native Method)', 'cn.jpush.android.util.a.i(Unknown Source:12)', 'cn.jpush.android.service.PushService.onStartCommand(Unknown Source:40)', 'android.app.ActivityThread.handleServiceArgs(ActivityThread.java:4206)'),
});
const imsi = {
  type: 'notice',
  time: '2026-10-7 10:15:20',
  action: '获取设备信息',
  messages: '获取IMSI',
  arg: '',
  stacks: frames('android.telephony.TelephonyManager.getSubscriberId(Native Method)', 'cn.jpush.android.helpers.ConnectingHelper.register(Unknown Source:88)', 'cn.jpush.android.service.PushService.onCreate(Unknown Source:40)'),
};
const jsonl = (xs: unknown[]): string => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
// AppScan's WebSocket envelope (doc/api.md): {type:'method_result', data:{…the same message…}}.
const appscan = (xs: object[]): string => jsonl(xs.map((x) => ({ type: 'method_result', data: { ...x, type: 'method_result' } })));

describe.skipIf(!haveApk)('other engines’ results', () => {
  let dir: string;
  let sarif: string;
  let reportJson: string;
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'piscope-imports-'));
    // The real tool, run as a user would: its SARIF and its JSON report of the app.
    for (const format of ['sarif', 'json']) execFileSync(process.execPath, [BIN, 'scan', APK, '--format', format, '--out', join(dir, `app.${format}`), '--fail-on', 'never', '-q'], { encoding: 'utf8' });
    sarif = readFileSync(join(dir, 'app.sarif'), 'utf8');
    reportJson = readFileSync(join(dir, 'app.json'), 'utf8');
    expect(validateSarif(JSON.parse(sarif))).toBeNull();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.each(BACKENDS)('on %s', (backend) => {
    let p: TestPlatform;
    let gd: Client;
    let gdToken: string;
    let bj: Client;
    let scan: any;
    let scanFindings: any[];
    const ids: Record<string, number> = {};

    const post = (c: Client, query: string, path: string, name = path.split('/').pop()!) => {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(path)]), name);
      return c.request('POST', `/api/v1/imports?${query}`, form);
    };
    const engines = async () => (await gd.get(`/api/v1/apps/${scan.appId}/engines`)).body;
    const verdict = (view: any, fp: string) => view.findings.find((f: any) => f.fingerprint === fp);

    beforeAll(async () => {
      p = await startTestPlatform(backend);
      const login = async (email: string): Promise<[Client, string]> => {
        const r = await p.admin.post('/api/v1/auth/login', { email, password: 'correct horse battery' });
        expect(r.status, r.text).toBe(200);
        return [p.admin.as(r.body.token), r.body.token];
      };
      for (const [code, email] of [['GD', 'gd@example.cn'], ['BJ', 'bj@example.cn']] as const) {
        const org = await p.admin.post('/api/v1/orgs', { name: code, code, level: 'provincial' });
        expect((await p.admin.post('/api/v1/users', { name: email, email, password: 'correct horse battery', roles: ['admin', 'inspector', 'reviewer'], orgId: org.body.id })).status).toBe(201);
      }
      [gd, gdToken] = await login('gd@example.cn');
      [bj] = await login('bj@example.cn');
      const up = await gd.upload(APK);
      expect(up.status, up.text).toBe(201);
      scan = await gd.waitScan(up.body.scan.id);
      expect(scan.status).toBe('done');
      scanFindings = (await gd.get(`/api/v1/scans/${scan.id}/findings?limit=500`)).body.items;
      expect(scanFindings.length).toBeGreaterThan(2);
    }, 240_000);
    afterAll(async () => {
      await p.close();
    });

    it("imports piscope's SARIF: each result under our rule, on the scan finding's fingerprint; reviews carry", async () => {
      const r = await post(gd, 'format=sarif&reason=second%20opinion', join(dir, 'app.sarif'));
      expect(r.status, r.text).toBe(201);
      const results = JSON.parse(sarif).runs[0].results;
      expect(r.body).toMatchObject({ format: 'sarif', engine: 'piscope', sha256: scan.sha256, appId: scan.appId, versionId: scan.versionId, findingCount: results.length, mappedCount: results.length, current: true, supersededBy: null });
      ids.sarif = r.body.id;
      const items = (await gd.get(`/api/v1/imports/${r.body.id}/findings?limit=500`)).body.items;
      // The same tool on the same package: the same findings, meeting on one fingerprint each.
      expect(items.map((f: any) => f.fingerprint).sort()).toEqual(scanFindings.map((f) => f.fingerprint).sort());
      // Two findings may share a fingerprint (one rule, owner and data types; here JPush's self-start, medium and low).
      const key = (f: any) => JSON.stringify([f.fingerprint, f.ruleId, f.owner, f.dataTypes, f.severity, f.confidence]);
      expect(items.map(key).sort()).toEqual(scanFindings.map(key).sort());
      for (const f of items) expect(f).toMatchObject({ sourceRuleId: f.ruleId, mapped: true, clauses: expect.arrayContaining([expect.any(String)]) });
      // A decision on the scan's finding is the decision on the fingerprint, whichever engine reports it.
      const target = scanFindings[0];
      expect((await gd.post(`/api/v1/findings/${target.id}/review`, { state: 'confirmed', reason: 'checked the call path' })).status).toBe(200);
      const again = (await gd.get(`/api/v1/imports/${r.body.id}/findings?limit=500`)).body.items;
      expect(again.find((f: any) => f.fingerprint === target.fingerprint).review).toBe('confirmed');
      const audit = (await gd.get('/api/v1/audit')).body.items.find((a: any) => a.action === 'import.create' && a.target === `import:${r.body.id}`);
      expect(audit).toMatchObject({ reason: 'second opinion', detail: { format: 'sarif', engine: 'piscope', findings: results.length, sha256: scan.sha256 } });
    });

    it("imports another instance's JSON report, by package name and version", async () => {
      const report = JSON.parse(reportJson);
      const r = await post(gd, `format=piscope&packageName=${report.app.packageName}&versionName=${report.app.versionName}`, join(dir, 'app.json'));
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ engine: 'piscope', engineVersion: report.tool.version, versionId: scan.versionId, findingCount: report.findings.length, mappedCount: report.findings.length });
      const items = (await gd.get(`/api/v1/imports/${r.body.id}/findings?limit=500`)).body.items;
      expect(items.map((f: any) => f.fingerprint).sort()).toEqual(scanFindings.map((f) => f.fingerprint).sort());
    });

    it("a tool we have no mapping for keeps its own rule ids, with no clause of ours, and claims no more than 'possible'", async () => {
      // A second tool's log: the real one under another driver name (no other tool's SARIF is in the corpus or node_modules).
      const log = JSON.parse(sarif);
      log.runs[0].tool.driver.name = 'Example Scanner';
      log.runs[0].tool.driver.version = '2.4.1';
      delete log.runs[0].tool.driver.semanticVersion;
      expect(validateSarif(log)).toBeNull();
      const r = await post(gd, `format=sarif&sha256=${scan.sha256}`, file('other.sarif', JSON.stringify(log)));
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ engine: 'Example Scanner', engineVersion: '2.4.1', mappedCount: 0 });
      const items = (await gd.get(`/api/v1/imports/${r.body.id}/findings?limit=500&mapped=false`)).body.items;
      expect(items).toHaveLength(log.runs[0].results.length);
      for (const f of items) {
        expect(f.ruleId).toBe(`sarif:example-scanner/${f.sourceRuleId}`);
        expect(f).toMatchObject({ mapped: false, clauses: [], confidence: 'possible' });
        expect(scanFindings.map((s) => s.fingerprint)).not.toContain(f.fingerprint);
      }
    });

    it('camille and AppScan logs: piscope’s runtime rules over the log, attributed to the recorder; per app, who reports what', async () => {
      const cam = await post(gd, `format=camille&sha256=${scan.sha256}`, file('camille.log', jsonl([imei(2), imei(5), imei(8), imei(11), imei(14), imsi])));
      expect(cam.status, cam.text).toBe(201);
      expect(cam.body).toMatchObject({ engine: 'camille', format: 'camille', findingCount: 1 });
      const [freq] = (await gd.get(`/api/v1/imports/${cam.body.id}/findings`)).body.items;
      // Five IMEI reads by JPush in one run: over the run-wide limit of 3 (src/runtime/frequency.json).
      expect(freq).toMatchObject({ ruleId: 'collection-frequency', mapped: true, owner: 'sdk:jpush', dataTypes: ['device.imei'], confidence: 'possible' });
      ids.camille = cam.body.id;
      const as = await post(gd, `format=appscan&packageName=com.example.jpushdemo&versionName=1.0.0`, file('appscan.log', appscan([imei(2), imei(5), imei(8), imei(11)])));
      expect(as.status, as.text).toBe(201);
      expect(as.body).toMatchObject({ engine: 'AppScan', findingCount: 1 });
      ids.appscan = as.body.id;

      const view = await engines();
      const keys = view.engines.map((e: any) => e.id);
      expect(keys).toEqual(expect.arrayContaining(['piscope', expect.stringMatching(/^import:camille:camille:\d+$/u), expect.stringMatching(/^import:appscan:AppScan:\d+$/u), expect.stringMatching(/^import:sarif:piscope:\d+$/u)]));
      const camKey = keys.find((k: string) => k.startsWith('import:camille'));
      // The runtime finding: the recorders report it, the static scan and the SARIF do not.
      expect(verdict(view, freq.fingerprint)).toMatchObject({ active: true, reportedBy: [camKey, keys.find((k: string) => k.startsWith('import:appscan'))].sort((a, b) => keys.indexOf(a) - keys.indexOf(b)) });
      expect(verdict(view, freq.fingerprint).notReportedBy).toEqual(expect.arrayContaining(['piscope', keys.find((k: string) => k.startsWith('import:sarif:piscope'))]));
      // A static finding: the scan and the imports of piscope's output report it, the recorders do not.
      const stat = verdict(view, scanFindings[0].fingerprint);
      expect(stat.reportedBy).toEqual(expect.arrayContaining(['piscope', keys.find((k: string) => k.startsWith('import:sarif:piscope')), keys.find((k: string) => k.startsWith('import:piscope:'))]));
      expect(stat.notReportedBy).toEqual(expect.arrayContaining([camKey]));
    });

    it("a newer import from the same engine without a finding ends that engine's report; the finding is active while another still reports it", async () => {
      const log = JSON.parse(sarif);
      const dropped = log.runs[0].results.shift();
      const r = await post(gd, `format=sarif&sha256=${scan.sha256}`, file('fewer.sarif', JSON.stringify(log)));
      expect(r.status, r.text).toBe(201);
      expect((await gd.get(`/api/v1/imports/${ids.sarif}`)).body).toMatchObject({ current: false, supersededBy: r.body.id });
      let view = await engines();
      const sarifKey = view.engines.find((e: any) => e.importId === r.body.id).id;
      const fp = scanFindings.find((f) => f.ruleId === dropped.ruleId && JSON.stringify(f.dataTypes) === JSON.stringify([...(dropped.properties.dataTypes ?? [])].sort()))!.fingerprint;
      expect(verdict(view, fp)).toMatchObject({ active: true, droppedBy: [sarifKey] });
      expect(verdict(view, fp).reportedBy).toContain('piscope');

      // The runtime finding: camille's newer log lacks it (AppScan still reports it), then AppScan's too.
      const freq = (await gd.get(`/api/v1/imports/${ids.camille}/findings`)).body.items[0].fingerprint;
      expect((await post(gd, `format=camille&sha256=${scan.sha256}`, file('camille2.log', jsonl([imei(2), imsi])))).status).toBe(201);
      view = await engines();
      expect(verdict(view, freq)).toMatchObject({ active: true, reportedBy: [view.engines.find((e: any) => e.format === 'appscan').id], droppedBy: [view.engines.find((e: any) => e.format === 'camille').id] });
      expect((await post(gd, `format=appscan&sha256=${scan.sha256}`, file('appscan2.log', appscan([imsi])))).status).toBe(201);
      view = await engines();
      expect(verdict(view, freq)).toMatchObject({ active: false, reportedBy: [] });
      expect(verdict(view, freq).droppedBy).toHaveLength(2);
    });

    it('refuses bad input with a clear error and keeps nothing', async () => {
      const before = (await gd.get('/api/v1/imports?limit=500')).body.items.length;
      const audits = (await gd.get('/api/v1/audit?limit=500')).body.items.length;
      const log = JSON.parse(sarif);
      const noMessage = structuredClone(log);
      delete noMessage.runs[0].results[0].message;
      const twoTools = structuredClone(log);
      twoTools.runs.push({ tool: { driver: { name: 'Other' } }, results: [] });
      const v2 = { ...log, version: '2.0.0' };
      const jar = await gd.upload(corpusFiles('jpush')[0]!);
      await gd.waitScan(jar.body.scan.id);
      const cases: [string, string, string, number, RegExp][] = [
        ['format=sarif', 'broken.sarif', '{"version":"2.1.0","runs":[', 422, /broken\.sarif: not a SARIF log: the file is not JSON/u],
        ['format=sarif', 'old.sarif', JSON.stringify(v2), 422, /SARIF version "2\.0\.0": only SARIF 2\.1\.0 is read/u],
        ['format=sarif', 'nomsg.sarif', JSON.stringify(noMessage), 422, /runs\.0\.results\.0\.message/u],
        ['format=sarif', 'two.sarif', JSON.stringify(twoTools), 422, /one engine per import: the runs name "piscope", "Other"/u],
        [`format=sarif&sha256=${'0'.repeat(64)}`, 'app.sarif', sarif, 404, /no package 0{64} on this platform that you can see/u],
        ['format=piscope&packageName=com.example.nothing&versionName=1', 'app.json', reportJson, 404, /no version of com\.example\.nothing 1/u],
        ['format=piscope', 'v2.json', JSON.stringify({ ...JSON.parse(reportJson), schemaVersion: '2' }), 422, /report schemaVersion "2": only schemaVersion "1"/u],
        [`format=sarif&sha256=${jar.body.package.sha256}`, 'app.sarif', sarif, 409, /is not yet an app version/u],
        [`format=camille&sha256=${scan.sha256}`, 'as.log', appscan([imsi]), 422, /not a camille log: its first line is a appscan log/u],
        [`format=camille&sha256=${scan.sha256}`, 'junk.log', 'hello\n', 422, /not a camille log/u],
        [`format=camille&sha256=${scan.sha256}`, 'bad-times.log', jsonl([{ ...imsi, time: '2026-13-45 99:00:00' }]), 422, /no hooked call could be read from the camille log: line 1: unreadable time/u],
        ['format=camille', 'camille.log', jsonl([imsi]), 422, /a camille log does not name its package/u],
      ];
      for (const [query, name, text, status, detail] of cases) {
        const r = await post(gd, query, file(name, text));
        expect(r.status, `${name}: ${r.text}`).toBe(status);
        expect(r.type).toContain('application/problem+json');
        expect(r.body.detail, name).toMatch(detail);
        expect(r.body.detail, name).toContain('nothing was kept');
      }
      // The official SARIF 2.1.0 schema refuses what we refuse.
      for (const bad of [v2, noMessage]) expect(validateSarif(bad)).not.toBeNull();
      expect((await gd.get('/api/v1/imports?limit=500')).body.items).toHaveLength(before);
      expect((await gd.get('/api/v1/audit?limit=500')).body.items).toHaveLength(audits);
    });

    it('an import is its organisation’s: another gets 404 and empty lists; the national organisation sees it', async () => {
      for (const path of [`/api/v1/imports/${ids.sarif}`, `/api/v1/imports/${ids.sarif}/findings`, `/api/v1/apps/${scan.appId}/engines`]) {
        const r = await bj.get(path);
        expect(r.status, path).toBe(404);
        expect((await p.admin.get(path)).status, path).toBe(200);
      }
      expect((await bj.get('/api/v1/imports')).body.items).toEqual([]);
      // Nor can it import onto a package it does not see: as one that does not exist.
      const r = await post(bj, `format=sarif&sha256=${scan.sha256}`, join(dir, 'app.sarif'));
      expect(r.status).toBe(404);
      // Bejing uploads the same package: it sees the app and the scan, but Guangdong's imports stay Guangdong's.
      expect((await bj.upload(APK)).status).toBe(200);
      const view = (await bj.get(`/api/v1/apps/${scan.appId}/engines`)).body;
      expect(view.engines.map((e: any) => e.id)).toEqual(['piscope']);
    });

    it.runIf(backend === 'sqlite')('the CLI: piscope import FILE --server --format --package', async () => {
      const out = await run(['import', join(dir, 'app.sarif'), '--server', p.running.url, '--format', 'sarif', '--package', scan.sha256, '--output', 'json'], { env: { PISCOPE_TOKEN: gdToken } });
      expect(out.code, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ engine: 'piscope', sha256: scan.sha256, current: true });
      const bad = await run(['import', file('old2.sarif', JSON.stringify({ ...JSON.parse(sarif), version: '2.0.0' })), '--server', p.running.url, '--format', 'sarif'], { env: { PISCOPE_TOKEN: gdToken } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('old2.sarif: 422 Unprocessable Content: old2.sarif: SARIF version "2.0.0": only SARIF 2.1.0 is read');
    });
  });
});
