/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument, @typescript-eslint/restrict-plus-operands, @typescript-eslint/no-explicit-any -- JSON replies of the API and index files, untyped; the assertions check their shape. */
// Intake end to end on the real platform (SQLite and PostgreSQL): the F-Droid connector fills a batch from a real
// repository served on loopback (signed index jars made with jarsigner), logs a tampered APK and re-runs it,
// keeps store listings, refuses a tampered index and unsafe fetches, and a watched folder survives a restart.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../platform.ts';
import { ADMIN_TOKEN, BACKENDS, startTestPlatform, type TestPlatform } from '../testing/harness.ts';
import { Client } from '../testing/client.ts';
import { CORPUS_REPO, startTestRepo, type TestRepo } from '../testing/fdroid-repo.ts';
import { mergePatch } from './fdroid.ts';
import { main, type CliIO } from '../../cli/main.ts';
import { scan } from '../../engine/scan.ts';
import type { BatchScanOptions } from '../../engine/scan-many.ts';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (x) => (out += typeof x === 'string' ? x : new TextDecoder().decode(x)), stderr: (x) => (err += x), isTTY: false, env: {} };
  return { code: await main(args, io), out, err };
}

const INTAKE = { allowAddresses: ['127.0.0.1'], watchMs: 0, settleMs: 0 };
const NON_ASCII = 'urzip-; Рахма́, [rɐxˈmanʲɪnəf] سيرجي_رخمانينوف 谢·.apk';

let repo: TestRepo;
let other: Server;
let otherBase = '';

beforeAll(async () => {
  repo = await startTestRepo();
  // A second server for the download-safety cases: a redirect to link-local and bytes that are not a ZIP.
  other = createServer((req, res) => {
    if (req.url === '/to-metadata.apk') res.writeHead(302, { location: 'http://169.254.169.254/latest/app.apk' }).end();
    else if (req.url === '/page.apk') res.writeHead(200, { 'content-type': 'application/vnd.android.package-archive' }).end('<html>not a package</html>');
    else if (req.url === '/big.apk') res.writeHead(200).end(readFileSync(join(CORPUS_REPO, 'souch.smsbypass_9.apk')));
    else if (req.url === '/slow.apk') {
      // Starts a package and never finishes it.
      res.writeHead(200, { 'content-type': 'application/vnd.android.package-archive' });
      res.write(readFileSync(join(CORPUS_REPO, 'souch.smsbypass_9.apk')).subarray(0, 1000));
    }
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await repo.close();
  other.closeAllConnections();
  await new Promise((r) => other.close(r));
});

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.each(BACKENDS)('intake on %s', (backend) => {
  let tp: TestPlatform;
  let admin: Client;
  beforeAll(async () => {
    tp = await startTestPlatform(backend, { workers: 0, intake: INTAKE });
    admin = tp.admin;
  }, 60_000);
  afterAll(async () => {
    await tp.close();
  });

  it('fills a batch from the F-Droid repository (index-v2), logs the tampered APK, re-runs it and keeps listings', async () => {
    const apk = join(repo.dir, 'souch.smsbypass_9.apk');
    const good = readFileSync(apk);
    const bad = Buffer.from(good);
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 0xff;
    writeFileSync(apk, bad);
    repo.flaky.set('/org.maxsdkversion_4.apk', 1);
    try {
      const s = await admin.post('/api/v1/sources', { name: `fdroid-${backend}`, batch: `F-Droid ${backend}`, config: { kind: 'fdroid', repo: repo.base, fingerprint: repo.fingerprint.toUpperCase().match(/../g)!.join(':'), limits: { backoffMs: 10 } } });
      expect(s.status, s.text).toBe(201);
      const run = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
      expect(run.status, run.text).toBe(200);
      expect(run.body.status).toBe('done');
      // 11 APK lines (latest per app and signer; obb.mainpatch.current twice), the OTA zip skipped, one tampered.
      expect(run.body.counts).toEqual({ candidates: 11, added: 10, known: 0, skipped: 1, failed: 1 });
      const items = await admin.get(`/api/v1/batches/${s.body.batchId}/items?limit=100`);
      const names = items.body.items.map((i: any) => i.fileName).sort();
      expect(names).toContain(NON_ASCII);
      expect(names).toContain('obb.mainpatch.current_1619.apk');
      expect(names).toContain('obb.mainpatch.current_1619_another-release-key.apk');
      expect(names).not.toContain('souch.smsbypass_9.apk');
      expect(items.body.items.every((i: any) => i.scan.status === 'queued')).toBe(true);

      const failures = await admin.get(`/api/v1/sources/${s.body.id}/failures`);
      expect(failures.body.items).toHaveLength(1);
      const f = failures.body.items[0];
      expect(f.item).toMatch(/^souch\.smsbypass@9:/);
      expect(f.error).toContain(`sha256 ${sha(bad)} is not the 80b0ae68a1189baa3ee6717092e3dbf1a4210165f7f7e5f2f9616bd63a2ec01d the signed index gives`);
      expect(f.resolvedAt).toBeNull();

      // Every fetch recorded: the signed entry, the index, each APK; the 503 retried and recorded too.
      const fetches = (await admin.get(`/api/v1/sources/${s.body.id}/fetches?limit=100`)).body.items;
      expect(fetches.find((x: any) => x.url.endsWith('/entry.jar')).status).toBe(200);
      expect(fetches.find((x: any) => x.url.endsWith('/index-v2.json')).sha256).toBe('52e5f97d8cac016c7a4385a4e321d2f86ab3d293d3ed8f79c1ef5ce8c2849ffe');
      const maxsdk = fetches.filter((x: any) => x.url.endsWith('/org.maxsdkversion_4.apk'));
      expect(maxsdk.map((x: any) => x.status).sort()).toEqual([200, 503]);
      expect(fetches.filter((x: any) => x.status === 200 && x.url.endsWith('.apk'))).toHaveLength(11);
      expect(fetches.find((x: any) => x.url.includes('urzip')).sha256).toBe('15c0ec72c74a3791f42cdb43c57df0fb11a4dbb656851bbb8cf05b26a8372789');

      // The inspector re-runs the failure once the mirror serves the right file.
      writeFileSync(apk, good);
      const retry = await admin.post(`/api/v1/sources/${s.body.id}/failures/${f.id}/retry`);
      expect(retry.status, retry.text).toBe(200);
      expect(retry.body.outcome).toBe('added');
      expect(retry.body.failure.resolvedAt).not.toBeNull();

      // Run again: nothing new, no duplicate in the batch; the index is not downloaded again (same timestamp).
      const again = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
      expect(again.body.counts).toEqual({ candidates: 11, added: 0, known: 11, skipped: 1, failed: 0 });
      expect((await admin.get(`/api/v1/batches/${s.body.batchId}/items?limit=100`)).body.items).toHaveLength(11);
      expect(repo.hits.get('/index-v2.json')).toBeGreaterThanOrEqual(1);

      // Listings: what the store says, on the app.
      const app = (await admin.get('/api/v1/apps?packageName=souch.smsbypass')).body.items[0];
      const listings = (await admin.get(`/api/v1/apps/${app.id}/listings`)).body.items;
      expect(listings).toHaveLength(1);
      expect(listings[0]).toMatchObject({ store: `fdroid:${repo.base}`, appName: 'Battery level', versionName: '0.9', versionCode: 9, packageSha256: '80b0ae68a1189baa3ee6717092e3dbf1a4210165f7f7e5f2f9616bd63a2ec01d', sourceId: s.body.id });
      expect(listings[0].permissions).toEqual(['android.permission.RECEIVE_SMS', 'android.permission.SEND_SMS', 'android.permission.READ_CONTACTS', 'android.permission.WRITE_EXTERNAL_STORAGE', 'android.permission.VIBRATE', 'android.permission.READ_EXTERNAL_STORAGE']);
      expect(listings[0].signerSha256).toEqual(['d3aec784b1fd71549fc22c999789122e3639895db6bd585da5835fbe3db6985c']);
      // The listing went into the scan's options: the listing rules held it against the package, naming the store
      // for what F-Droid's index does not show (no privacy policy, no author).
      const souchItem = (await admin.get(`/api/v1/batches/${s.body.batchId}/items?limit=100`)).body.items.find((i: any) => i.sha256 === listings[0].packageSha256);
      const queued = (await admin.get(`/api/v1/scans/${souchItem.scanId}`)).body;
      expect(queued.options.listings).toEqual([expect.objectContaining({ store: `fdroid:${repo.base}`, packageName: 'souch.smsbypass', versionCode: 9 })]);
      // This platform runs no workers; the engine gets these options as a worker hands them over (scan-worker.ts).
      const report = await scan({ path: apk }, queued.options as BatchScanOptions);
      expect((report.listings ?? []).map((l) => l.store)).toEqual([`fdroid:${repo.base}`]);
      const missing = report.findings.filter((f: any) => f.ruleId === 'listing-info-missing');
      expect(missing.map((f: any) => f.store)).toEqual([`fdroid:${repo.base}`]);
      expect(report.findings.filter((f: any) => f.ruleId === 'listing-permissions-undisclosed' || f.ruleId === 'listing-version-differs' || f.ruleId === 'listing-signer-differs')).toEqual([]);
      const obb = (await admin.get('/api/v1/apps?packageName=obb.mainpatch.current')).body.items[0];
      const two = (await admin.get(`/api/v1/apps/${obb.id}`)).body.listings;
      expect(new Set(two.map((l: any) => l.signerSha256[0])).size).toBe(2);
    } finally {
      writeFileSync(apk, good);
    }
  }, 120_000);

  it('reads index-v1 from the signed index-v1.jar', async () => {
    const s = await admin.post('/api/v1/sources', { name: `v1-${backend}`, batch: `v1 ${backend}`, config: { kind: 'fdroid', repo: repo.base, index: 'v1', fingerprint: repo.fingerprint } });
    const run = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
    expect(run.body).toMatchObject({ status: 'done', counts: { candidates: 11, added: 11, skipped: 1, failed: 0 } });
    const names = (await admin.get(`/api/v1/batches/${s.body.batchId}/items?limit=100`)).body.items.map((i: any) => i.fileName);
    expect(names).toContain(NON_ASCII);
    const app = (await admin.get('/api/v1/apps?packageName=info.zwanenburg.caffeinetile')).body.items[0];
    const listing = (await admin.get(`/api/v1/apps/${app.id}/listings`)).body.items.find((l: any) => l.sourceId === s.body.id);
    expect(listing).toMatchObject({ versionCode: 4, permissions: ['android.permission.WAKE_LOCK'] });
  }, 60_000);

  it('piscope intake: add a URL list, run it, read and re-run its failures', async () => {
    const at = ['--server', tp.running.url, '--token', ADMIN_TOKEN];
    const add = await cli(['intake', 'add', `cli-${backend}`, ...at, '--batch', `cli ${backend}`, '--url', `${repo.base}/com.politedroid_3.apk`, `${repo.base}/missing.apk`]);
    expect(add.code, add.err).toBe(0);
    const id = String(JSON.parse(add.out).id);
    const run = await cli(['intake', 'run', id, ...at, '--wait']);
    expect(JSON.parse(run.out)).toMatchObject({ status: 'done', counts: { candidates: 2, added: 1, failed: 1 } });
    const failures = JSON.parse((await cli(['intake', 'failures', id, ...at, '--open'])).out).items;
    expect(failures).toHaveLength(1);
    expect(failures[0].error).toMatch(/missing\.apk: HTTP status 404/);
    const retry = await cli(['intake', 'retry', id, String(failures[0].id), ...at]);
    expect(JSON.parse(retry.out)).toMatchObject({ outcome: 'failed', failure: { attempts: 2, resolvedAt: null } });
    expect((await cli(['intake', 'run', '999999', ...at])).code).toBe(2);
  }, 60_000);

  it('refuses a tampered index and a wrong key; nothing is registered', async () => {
    const bad = join(repo.dir, 'bad');
    mkdirSync(bad, { recursive: true });
    copyFileSync(join(repo.dir, 'index-v1.jar'), join(bad, 'index-v1.jar'));
    // The signed jar with its index-v1.json replaced after signing (one APK's hash changed).
    const index = JSON.parse(readFileSync(join(CORPUS_REPO, 'index-v1.json'), 'utf8'));
    index.packages['souch.smsbypass'][0].hash = '0'.repeat(64);
    writeFileSync(join(bad, 'index-v1.json'), JSON.stringify(index));
    execFileSync('jar', ['uf', 'index-v1.jar', 'index-v1.json'], { cwd: bad, stdio: 'pipe' });
    const cases: [string, string, RegExp][] = [
      ['tampered', `${repo.base}/bad`, /index-v1\.json does not match its sha256 digest in the manifest: it was changed after signing/],
      ['wrong key', repo.base, /signed by certificate [0-9a-f]{64}, not the repository's 0{64}/],
    ];
    for (const [name, url, re] of cases) {
      const s = await admin.post('/api/v1/sources', { name: `${name}-${backend}`, batch: `refused ${backend}`, config: { kind: 'fdroid', repo: url, index: 'v1', fingerprint: name === 'wrong key' ? '0'.repeat(64) : repo.fingerprint } });
      expect(s.status, s.text).toBe(201);
      const run = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
      expect(run.body.status).toBe('failed');
      expect(run.body.error).toMatch(re);
      expect((await admin.get(`/api/v1/batches/${s.body.batchId}/items`)).body.items).toHaveLength(0);
    }
  }, 60_000);

  it('refuses unsafe fetches: private and link-local addresses (redirects too), loopback not allowed, non-ZIP bytes, sizes', async () => {
    const s = await admin.post('/api/v1/sources', {
      name: `urls-${backend}`,
      batch: `urls ${backend}`,
      config: { kind: 'urls', urls: ['http://10.0.0.1/app.apk', `${otherBase}/to-metadata.apk`, `${otherBase.replace('127.0.0.1', '[::1]')}/page.apk`, `${otherBase}/page.apk`, `${otherBase}/big.apk`, `${otherBase}/slow.apk`], limits: { maxBytes: 4096, attempts: 1, timeoutMs: 500 } },
    });
    expect(s.status, s.text).toBe(201);
    const run = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
    expect(run.body.counts).toMatchObject({ candidates: 6, added: 0, failed: 6 });
    const errors = new Map<string, string>((await admin.get(`/api/v1/sources/${s.body.id}/failures`)).body.items.map((f: any) => [f.item, f.error]));
    expect(errors.get('http://10.0.0.1/app.apk')).toMatch(/10\.0\.0\.1 \(private\)/);
    expect(errors.get(`${otherBase}/to-metadata.apk`)).toMatch(/169\.254\.169\.254 \(link-local\)/);
    expect(errors.get(`${otherBase.replace('127.0.0.1', '[::1]')}/page.apk`)).toMatch(/::1 \(loopback\)/);
    expect(errors.get(`${otherBase}/page.apk`)).toMatch(/not a ZIP\/APK \(they start 3c68746d\)/);
    expect(errors.get(`${otherBase}/big.apk`)).toMatch(/over the 4096-byte limit/);
    expect(errors.get(`${otherBase}/slow.apk`)).toMatch(/not done within 500 ms|no answer within 500 ms/);
    const fetches = (await admin.get(`/api/v1/sources/${s.body.id}/fetches`)).body.items;
    expect(fetches).toHaveLength(6);
    expect(fetches.every((f: any) => f.error !== null)).toBe(true);
    // A caller cannot widen the allowance: limits are capped and unknown settings rejected.
    const wide = await admin.post('/api/v1/sources', { name: `wide-${backend}`, batch: 'x', config: { kind: 'urls', urls: ['http://example.com/a.apk'], limits: { maxBytes: 1e12 } } });
    expect(wide.status).toBe(400);
  }, 60_000);

  it('reads index-v2 diffs when the previous index is known', async () => {
    const dir = join(repo.dir, 'diffs');
    mkdirSync(join(dir, 'diff'), { recursive: true });
    const v2 = JSON.parse(readFileSync(join(CORPUS_REPO, 'index-v2.json'), 'utf8'));
    const entry = JSON.parse(readFileSync(join(CORPUS_REPO, 'entry.json'), 'utf8'));
    for (const f of readdirSync(CORPUS_REPO)) copyFileSync(join(CORPUS_REPO, f), join(dir, f));
    copyFileSync(join(repo.dir, 'entry.jar'), join(dir, 'entry.jar'));
    const s = await admin.post('/api/v1/sources', { name: `diff-${backend}`, batch: `diff ${backend}`, config: { kind: 'fdroid', repo: `${repo.base}/diffs`, fingerprint: repo.fingerprint } });
    const first = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
    expect(first.body.counts.added).toBe(11);
    // The next publication adds the unlisted helloworld APK; the entry offers the diff from the first index.
    const hello = readFileSync(join(CORPUS_REPO, 'com.example.test.helloworld_1.apk'));
    const t2 = entry.timestamp + 1000;
    const diff = { repo: { timestamp: t2 }, packages: { 'com.example.test.helloworld': { metadata: { name: { 'en-US': 'Hello World' } }, versions: { [sha(hello)]: { file: { name: '/com.example.test.helloworld_1.apk', sha256: sha(hello), size: hello.length }, manifest: { versionName: '1.0', versionCode: 1, signer: { sha256: ['a'.repeat(64)] }, usesPermission: [] } } } } } };
    const diffBytes = Buffer.from(JSON.stringify(diff));
    writeFileSync(join(dir, 'diff', `${entry.timestamp}.json`), diffBytes);
    const full = Buffer.from(JSON.stringify(mergePatch(v2, diff)));
    writeFileSync(join(dir, 'index-v2.json'), full);
    try {
      writeFileSync(join(repo.dir, 'entry.json'), JSON.stringify({ timestamp: t2, version: 30000, index: { name: '/index-v2.json', sha256: sha(full), size: full.length, numPackages: 12 }, diffs: { [entry.timestamp]: { name: `/diff/${entry.timestamp}.json`, sha256: sha(diffBytes), size: diffBytes.length, numPackages: 1 } } }));
      repo.sign('entry.json', 'entry-diff.jar');
      copyFileSync(join(repo.dir, 'entry-diff.jar'), join(dir, 'entry.jar'));
    } finally {
      copyFileSync(join(CORPUS_REPO, 'entry.json'), join(repo.dir, 'entry.json'));
    }
    const before = repo.hits.get('/diffs/index-v2.json') ?? 0;
    const diffHits = repo.hits.get(`/diffs/diff/${entry.timestamp}.json`) ?? 0;
    const second = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
    expect(second.body.counts).toMatchObject({ candidates: 12, added: 1, known: 11, failed: 0 });
    expect(repo.hits.get('/diffs/index-v2.json') ?? 0).toBe(before);
    expect(repo.hits.get(`/diffs/diff/${entry.timestamp}.json`)).toBe(diffHits + 1);
    expect((await admin.get(`/api/v1/sources/${s.body.id}`)).body.state).toMatchObject({ timestamp: t2, lastRead: 'diff' });
  }, 120_000);

  it('a watched folder brings each new file in once, across a restart', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'piscope-watch-'));
    try {
      copyFileSync(join(CORPUS_REPO, 'com.politedroid_3.apk'), join(folder, 'a.apk'));
      copyFileSync(join(CORPUS_REPO, 'com.politedroid_4.apk'), join(folder, 'b.apk'));
      writeFileSync(join(folder, 'notes.txt'), 'not a package');
      const s = await admin.post('/api/v1/sources', { name: `watch-${backend}`, batch: `watch ${backend}`, config: { kind: 'folder', path: folder } });
      expect(s.status, s.text).toBe(201);
      expect((await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`)).body.counts).toMatchObject({ added: 2, failed: 1 });
      copyFileSync(join(CORPUS_REPO, 'com.politedroid_5.apk'), join(folder, 'c.apk'));
      copyFileSync(join(CORPUS_REPO, 'com.politedroid_3.apk'), join(folder, 'a-copy.apk'));
      // Restart the server on the same data: nothing comes in twice.
      await tp.running.close();
      tp.running = await startServer({ data: tp.data, port: 0, workers: 0, ...(tp.pg !== null ? { db: tp.pg.url } : {}), intake: { ...INTAKE, watchMs: 50 } });
      admin = new Client(tp.running.url, ADMIN_TOKEN);
      const batch = `/api/v1/batches/${s.body.batchId}/items?limit=100`;
      for (let i = 0; i < 200 && (await admin.get(batch)).body.items.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      // The watcher's run may still be under way (a run joins it): the next one is the check.
      await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
      const runs = await admin.post(`/api/v1/sources/${s.body.id}/run?wait=true`);
      // notes.txt failed once and has not changed: runs leave it to an inspector's retry.
      expect(runs.body.counts).toMatchObject({ added: 0, known: 4, failed: 0, skipped: 1 });
      const items = (await admin.get(batch)).body.items;
      expect(items.map((i: any) => i.fileName).sort()).toEqual(['a.apk', 'b.apk', 'c.apk']);
      const failures = (await admin.get(`/api/v1/sources/${s.body.id}/failures`)).body.items;
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ item: 'notes.txt', attempts: 1 });
      expect(failures[0].error).toMatch(/notes\.txt: the file is not an APK/);
      const retried = await admin.post(`/api/v1/sources/${s.body.id}/failures/${failures[0].id}/retry`);
      expect(retried.body).toMatchObject({ outcome: 'failed', failure: { attempts: 2 } });
      // The watcher's looks that found nothing new left no run rows: only the explicit runs and the one that took c.apk.
      const runRows = (await admin.get(`/api/v1/sources/${s.body.id}/runs`)).body.items.filter((r: any) => r.status !== 'running');
      expect(runRows.length, JSON.stringify(runRows)).toBeLessThanOrEqual(4);
      // Only an administrator points the server at a folder; another organisation does not see the source.
      const prov = await admin.post('/api/v1/orgs', { name: '省', code: 'GD', level: 'provincial' });
      expect(prov.status, prov.text).toBe(201);
      const user = await admin.post('/api/v1/users', { orgId: prov.body.id, name: 'inspector', email: 'gd@example.cn', password: 'correct horse battery', roles: ['inspector'] });
      expect(user.status, user.text).toBe(201);
      const login = await new Client(tp.running.url, null).post('/api/v1/auth/login', { email: 'gd@example.cn', password: 'correct horse battery' });
      const inspector = admin.as(login.body.token);
      expect((await inspector.post('/api/v1/sources', { name: 'w', batch: 'b', config: { kind: 'folder', path: folder } })).status).toBe(403);
      expect((await inspector.get(`/api/v1/sources/${s.body.id}`)).status).toBe(404);
      expect((await inspector.get(`/api/v1/sources/${s.body.id}/failures`)).status).toBe(404);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
