/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// 部省联动 with real instances of the platform, each behind its own HTTP server on loopback: a province
// (embedded SQLite) that scans real packages, confirms findings and publishes a notice over several rounds,
// and two nations, one that receives every bundle cleanly (SQLite) and one that meets every fault
// (PostgreSQL): a connection cut half-way through a bundle's body, the same bundle twice, bundle 3 before 2,
// a province offline for several rounds then caught up by a pull, and forged, altered and misaddressed
// bundles. After each fault the faulty nation's merged tables, dumped canonically, are exactly the clean one's.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { openSecret, serverSecretKey } from '../events/secrets.ts';
import type { Client } from '../testing/client.ts';
import { startTestPlatform, type TestPlatform } from '../testing/harness.ts';
import { canonicalDump } from './nation.ts';

const REAL = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'real-apps', 'files');
const LOOPBACK = { allowAddresses: ['127.0.0.1'] };
const PASSWORD = 'correct horse battery';

interface Nation {
  p: TestPlatform;
  gd: Client;
  bj: Client;
  gdOrgId: number;
}

async function login(p: TestPlatform, email: string): Promise<Client> {
  const r = await p.admin.post('/api/v1/auth/login', { email, password: PASSWORD });
  expect(r.status, r.text).toBe(200);
  return p.admin.as(r.body.token);
}

async function startNation(backend: 'sqlite' | 'postgres', publicKey: string): Promise<Nation> {
  const p = await startTestPlatform(backend, { workflowCheckMs: 0, exchange: LOOPBACK });
  const orgs: Record<string, number> = {};
  for (const [code, name] of [['GD', '广东省通信管理局'], ['BJ', '北京市通信管理局']] as const) {
    const o = await p.admin.post('/api/v1/orgs', { name, code, level: 'provincial' });
    expect(o.status, o.text).toBe(201);
    orgs[code] = o.body.id;
    const u = await p.admin.post('/api/v1/users', { name: code, email: `${code.toLowerCase()}@nation.example.cn`, password: PASSWORD, roles: ['inspector'], orgId: o.body.id });
    expect(u.status, u.text).toBe(201);
  }
  const reg = await p.admin.post('/api/v1/exchange/provinces', { code: 'GD', publicKey, reason: '部省联动: 广东省' });
  expect(reg.status, reg.text).toBe(201);
  return { p, gd: await login(p, 'gd@nation.example.cn'), bj: await login(p, 'bj@nation.example.cn'), gdOrgId: orgs.GD! };
}

const dump = (n: Nation): Promise<string> => canonicalDump(n.p.running.database.db);

/** A bundle body sent on a raw socket and cut half-way: the nation never sees its end. */
async function cutMidBody(url: string, token: string, body: string): Promise<void> {
  const { port } = new URL(url);
  const bytes = Buffer.from(body, 'utf8');
  await new Promise<void>((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1', () => {
      s.write(`POST /api/v1/exchange/bundles HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n\r\n`);
      s.write(bytes.subarray(0, bytes.length >> 1), () => {
        s.destroy();
        resolve();
      });
    });
    s.on('error', reject);
  });
}

describe('province → nation exchange', () => {
  let prov: TestPlatform;
  let inspector2: Client;
  let clean: Nation;
  let faulty: Nation;
  let publicKey: string;
  /** Every signed bundle the province made, by sequence. */
  const bundles = new Map<number, { payload: string; signature: string }>();
  const scans: Record<string, any> = {};

  const upload = async (file: string, batch: string): Promise<any> => {
    const up = await prov.admin.upload(file, `?batch=${batch}`);
    expect(up.status, up.text).toBe(201);
    const scan = await prov.admin.waitScan(up.body.scan.id);
    expect(scan.status, JSON.stringify(scan)).toBe('done');
    return { ...scan, batchId: up.body.batchId };
  };
  /** A scan's findings, one per fingerprint (a human decision is on the fingerprint). */
  const findingsOf = async (scanId: number): Promise<any[]> => {
    const items: any[] = (await prov.admin.get(`/api/v1/scans/${scanId}/findings?limit=500`)).body.items;
    return [...new Map(items.reverse().map((f) => [f.fingerprint, f])).values()];
  };
  const review = async (findingId: number, state: string): Promise<void> => {
    const r = await prov.admin.post(`/api/v1/findings/${findingId}/review`, { state, reason: 'checked on a device' });
    expect(r.status, r.text).toBe(200);
  };
  /** A round of the province's week ends with an export: its new bundles, sent cleanly to the clean nation. */
  const exportRound = async (): Promise<number[]> => {
    const r = await prov.admin.post('/api/v1/exchange/export', {});
    expect(r.status, r.text).toBe(200);
    const seqs: number[] = r.body.bundles.map((b: { seq: number }) => b.seq);
    const got = await prov.admin.get(`/api/v1/exchange/bundles?since=${Math.min(...seqs) - 1}&limit=100`);
    for (const b of got.body.items) bundles.set(b.seq, { payload: b.payload, signature: b.signature });
    for (const s of seqs) {
      const sent = await clean.gd.post('/api/v1/exchange/bundles', bundles.get(s));
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.status).toBe('applied');
    }
    return seqs;
  };

  beforeAll(async () => {
    prov = await startTestPlatform('sqlite', { workflowCheckMs: 0, exchange: LOOPBACK });
    const id = await prov.admin.post('/api/v1/exchange/identity', { code: 'GD' });
    expect(id.status, id.text).toBe(201);
    publicKey = id.body.publicKey;
    const u = await prov.admin.post('/api/v1/users', { name: 'inspector2', email: 'i2@gd.example.cn', password: PASSWORD, roles: ['inspector', 'reviewer'] });
    expect(u.status, u.text).toBe(201);
    inspector2 = await login(prov, 'i2@gd.example.cn');
    clean = await startNation('sqlite', publicKey);
    faulty = await startNation('postgres', publicKey);
  });
  afterAll(async () => {
    await Promise.all([prov?.close(), clean?.p.close(), faulty?.p.close()]);
  });

  it('round 1: a connection cut mid-bundle leaves nothing; the bundle then applies once; sent again it changes nothing', async () => {
    scans.jpush = await upload(join(REAL, 'jpush-example-debug.apk'), '2026-GD-1');
    const fs = await findingsOf(scans.jpush.id);
    expect(fs.length).toBeGreaterThan(1);
    await review(fs[0].id, 'confirmed');
    await review(fs[1].id, 'confirmed');
    expect(await exportRound()).toEqual([1]);

    const empty = await dump(faulty);
    await cutMidBody(faulty.p.running.url, faulty.gd.token!, JSON.stringify(bundles.get(1)));
    // The cut request never reached a handler: nothing was applied, and the nation still expects 1.
    expect(await dump(faulty)).toBe(empty);
    expect((await faulty.p.admin.get('/api/v1/exchange/provinces')).body.items[0].lastSeq).toBe(0);
    const first = await faulty.gd.post('/api/v1/exchange/bundles', bundles.get(1));
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ status: 'applied', seq: 1, lastSeq: 1 });
    const once = await dump(faulty);
    const again = await faulty.gd.post('/api/v1/exchange/bundles', bundles.get(1));
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ status: 'duplicate', seq: 1, lastSeq: 1, records: 0 });
    expect(await dump(faulty)).toBe(once);
    expect(once).toBe(await dump(clean));
  });

  it('rounds 2-3: bundle 3 before 2 is refused and leaves nothing; the push then converges', async () => {
    scans.apidemos = await upload(corpusFile('android-apidemos'), '2026-GD-1');
    const fs = await findingsOf(scans.apidemos.id);
    expect(fs.length).toBeGreaterThan(0);
    await review(fs[0].id, 'confirmed');
    expect(await exportRound()).toEqual([2]);
    // Round 3: the urge notice on the batch (drafted and published by another user than the confirmer) and a company.
    const company = await prov.admin.post('/api/v1/companies', { name: '示例科技有限公司', creditCode: '91440300MA5XXXXX1A' });
    expect(company.status, company.text).toBe(201);
    expect((await prov.admin.request('PATCH', `/api/v1/apps/${scans.jpush.appId}`, { companyId: company.body.id, reason: 'filing record' })).status).toBe(200);
    const notice = await inspector2.post('/api/v1/notices', { batchId: scans.apidemos.batchId, kind: 'urge' });
    expect(notice.status, notice.text).toBe(201);
    const pub = await inspector2.post(`/api/v1/notices/${notice.body.id}/publish`, { issueDate: '2026-09-10' });
    expect(pub.status, pub.text).toBe(200);
    expect(await exportRound()).toEqual([3]);

    const before = await dump(faulty);
    const early = await faulty.gd.post('/api/v1/exchange/bundles', bundles.get(3));
    expect(early.status, early.text).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect(early.body).toMatchObject({ type: expect.stringContaining('exchange-out-of-order'), expected: 2 });
    expect(await dump(faulty)).toBe(before);
    // The province's push starts from what the nation acknowledged to it (nothing: round 1 went by hand), so
    // bundle 1 comes back as a duplicate, then 2 and 3 apply.
    const push = await prov.admin.post('/api/v1/exchange/push', { url: faulty.p.running.url, token: faulty.gd.token });
    expect(push.status, push.text).toBe(200);
    expect(push.body).toMatchObject({ exported: [], applied: [2, 3], duplicates: [1], ackedSeq: 3 });
    expect(await dump(faulty)).toBe(await dump(clean));
  });

  it('refuses forged, altered, misaddressed and conflicting bundles with problem+json, leaving nothing behind', async () => {
    const before = await dump(faulty);
    const b3 = bundles.get(3)!;
    const tampered = { payload: b3.payload.replace('"seq":3', '"seq":4'), signature: b3.signature };
    const bad = await faulty.gd.post('/api/v1/exchange/bundles', tampered);
    expect(bad.status, bad.text).toBe(422);
    expect(bad.body.type).toContain('exchange-bad-signature');
    expect(bad.body.detail).toContain('signature does not verify');
    // Another key claiming to be GD, and a province the nation does not know.
    const other = generateKeyPairSync('ed25519');
    const forged = JSON.stringify({ ...JSON.parse(b3.payload), seq: 4, bundleId: '00000000-0000-4000-8000-000000000004' });
    const forgedSig = sign(null, Buffer.from(forged), other.privateKey).toString('base64');
    expect((await faulty.gd.post('/api/v1/exchange/bundles', { payload: forged, signature: forgedSig })).body.type).toContain('exchange-bad-signature');
    const stranger = JSON.stringify({ ...JSON.parse(forged), province: 'XX' });
    const unknown = await faulty.p.admin.post('/api/v1/exchange/bundles', { payload: stranger, signature: sign(null, Buffer.from(stranger), other.privateKey).toString('base64') });
    expect(unknown.status, unknown.text).toBe(422);
    expect(unknown.body.type).toContain('exchange-unknown-province');
    // Beijing's token carrying Guangdong's bundle.
    const wrong = await faulty.bj.post('/api/v1/exchange/bundles', bundles.get(3));
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toContain('exchange-wrong-sender');
    // A bundle signed with GD's own key, under sequence 2 already applied but with other content: a replay conflict.
    const key = serverSecretKey(join(prov.data, 'secret.key'));
    const sealed = await prov.running.database.db.selectFrom('exchange_identity').select('private_key_enc').executeTakeFirstOrThrow();
    const priv = createPrivateKey({ key: Buffer.from(openSecret(key, sealed.private_key_enc, 'piscope-exchange-key:GD'), 'base64'), format: 'der', type: 'pkcs8' });
    const replay = JSON.stringify({ ...JSON.parse(bundles.get(2)!.payload), bundleId: '00000000-0000-4000-8000-000000000002', records: [] });
    const conflict = await faulty.gd.post('/api/v1/exchange/bundles', { payload: replay, signature: sign(null, Buffer.from(replay), priv).toString('base64') });
    expect(conflict.status, conflict.text).toBe(409);
    expect(conflict.body.type).toContain('exchange-replay-conflict');
    // A well-signed bundle whose record lacks a field: refused naming the record and the field.
    const broken = JSON.stringify({ ...JSON.parse(bundles.get(3)!.payload), seq: 4, bundleId: '00000000-0000-4000-8000-000000000044', records: [{ kind: 'version', platform: 'android', packageName: 'x.y' }] });
    const brokenReply = await faulty.gd.post('/api/v1/exchange/bundles', { payload: broken, signature: sign(null, Buffer.from(broken), priv).toString('base64') });
    expect(brokenReply.status, brokenReply.text).toBe(400);
    expect(brokenReply.body.type).toContain('exchange-bad-bundle');
    expect(brokenReply.body.detail).toMatch(/^record 0 of bundle 4: sha256: /u);
    const notJson = await faulty.gd.post('/api/v1/exchange/bundles', { payload: '{"format":"piscope-exchange/1"', signature: 'x' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.detail).toContain('not JSON');
    expect(await dump(faulty)).toBe(before);
  });

  it('rounds 4-5 with the province offline: many bundles, then the nation catches up by a pull', async () => {
    // Round 4: a confirmation withdrawn (false positive after all) and a new package; round 5: its finding
    // confirmed. The faulty nation hears nothing of them.
    const jpush = await findingsOf(scans.jpush.id);
    await review(jpush[1].id, 'false_positive');
    scans.packed = await upload(join(REAL, 'dexhunter-test-alijiagu.apk'), '2026-GD-2');
    expect(await exportRound()).toEqual([4]);
    const packed = await findingsOf(scans.packed.id);
    expect(packed.length).toBeGreaterThan(0);
    await review(packed[0].id, 'confirmed');
    expect(await exportRound()).toEqual([5]);
    // Nothing changed: an export makes no bundle.
    expect((await prov.admin.post('/api/v1/exchange/export', {})).body.bundles).toEqual([]);
    expect(await dump(faulty)).not.toBe(await dump(clean));

    // Pulled with a token of the province's platform; the nation verifies and applies 4 and 5.
    const tok = await prov.admin.post('/api/v1/tokens', { name: 'nation pull' });
    const pulled = await faulty.p.admin.post('/api/v1/exchange/pull', { code: 'GD', url: prov.running.url, token: tok.body.token });
    expect(pulled.status, pulled.text).toBe(200);
    expect(pulled.body).toEqual({ applied: [4, 5], lastSeq: 5 });
    expect(await dump(faulty)).toBe(await dump(clean));
    // A second pull finds nothing new.
    expect((await faulty.p.admin.post('/api/v1/exchange/pull', { code: 'GD', url: prov.running.url, token: tok.body.token })).body).toEqual({ applied: [], lastSeq: 5 });
  });

  it('merges by identity and shows who reported what; the finding and its evidence hashes as the province had them', async () => {
    const apps = await faulty.p.admin.get('/api/v1/exchange/apps?limit=100');
    expect(apps.status, apps.text).toBe(200);
    const names = apps.body.items.map((a: { packageName: string }) => a.packageName).sort();
    expect(names).toEqual(['com.example.jpushdemo', 'com.example.seventyfour.tencenttest', 'io.appium.android.apis']);
    const jpush = apps.body.items.find((a: { packageName: string }) => a.packageName === 'com.example.jpushdemo');
    expect(jpush.provinces).toEqual(['GD']);
    expect(jpush.reports[0]).toMatchObject({ province: 'GD', company: '示例科技有限公司', creditCode: '91440300MA5XXXXX1A' });
    expect(jpush.versions).toEqual([{ sha256: scans.jpush.sha256, signerSha256: expect.stringMatching(/^[0-9a-f]{64}$/), versionCode: expect.any(String), versionName: expect.anything(), provinces: ['GD'] }]);

    const findings = await faulty.p.admin.get('/api/v1/exchange/findings?limit=100');
    const provinceFindings = await findingsOf(scans.jpush.id);
    const confirmed = findings.body.items.filter((f: any) => f.provinces.includes('GD'));
    const withdrawn = findings.body.items.filter((f: any) => f.reports[0].state === 'withdrawn');
    expect(confirmed).toHaveLength(3);
    expect(withdrawn.map((f: any) => f.fingerprint)).toEqual([provinceFindings[1].fingerprint]);
    const first = confirmed.find((f: any) => f.fingerprint === provinceFindings[0].fingerprint);
    const detail = (await prov.admin.get(`/api/v1/findings/${provinceFindings[0].id}`)).body.finding;
    expect(first.reports[0].finding).toEqual(detail);
    expect(first.reports[0].evidenceSha256).toEqual(detail.evidence.map((e: unknown) => createHash('sha256').update(JSON.stringify(e)).digest('hex')));
    expect(first.reports[0].versions).toEqual([scans.jpush.sha256]);

    // Every bundle merged once, audited with who sent it.
    const audit = await faulty.p.admin.get('/api/v1/audit?limit=200');
    const merges = audit.body.items.filter((a: any) => a.action === 'exchange.merge').map((a: any) => a.target).sort();
    expect(merges).toEqual([1, 2, 3, 4, 5].map((s) => `exchange-bundle:GD:${s}`));
  });

  it("keeps tenancy: Guangdong's users at the nation see its apps, Beijing's get 404 and empty lists", async () => {
    const app = (await faulty.p.admin.get('/api/v1/exchange/apps?packageName=io.appium.android.apis')).body.items[0];
    expect((await faulty.gd.get(`/api/v1/apps/${app.appId}`)).status).toBe(200);
    expect((await faulty.gd.get('/api/v1/exchange/apps')).body.items.length).toBe(3);
    expect((await faulty.gd.get('/api/v1/exchange/findings')).body.items.length).toBe(4);
    const bj = await faulty.bj.get(`/api/v1/apps/${app.appId}`);
    expect(bj.status).toBe(404);
    expect(bj.type).toContain('application/problem+json');
    for (const path of ['/api/v1/exchange/apps', '/api/v1/exchange/findings', '/api/v1/apps', '/api/v1/exchange/provinces']) {
      const r = await faulty.bj.get(path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain('io.appium.android.apis');
      expect(r.text, path).not.toContain('"GD"');
    }
  });

  it('drafts a national takedown combining its own re-test with the provincial reports', async () => {
    // The nation's own re-test of one app the province reported, confirmed by its reviewer (the admin); a
    // second national user drafts (four eyes).
    const up = await faulty.p.admin.upload(corpusFile('android-apidemos'), '?batch=2026-CN-1');
    const scan = await faulty.p.admin.waitScan(up.body.scan.id);
    expect(scan.status).toBe('done');
    const own = (await faulty.p.admin.get(`/api/v1/scans/${scan.id}/findings`)).body.items[0];
    expect((await faulty.p.admin.post(`/api/v1/findings/${own.id}/review`, { state: 'confirmed', reason: 're-tested' })).status).toBe(200);
    const nationalOrg = (await faulty.p.admin.get('/api/v1/me')).body.orgId;
    expect((await faulty.p.admin.post('/api/v1/users', { name: 'drafter', email: 'drafter@nation.example.cn', password: PASSWORD, roles: ['inspector'], orgId: nationalOrg })).status).toBe(201);
    const drafter = await login(faulty.p, 'drafter@nation.example.cn');
    expect((await faulty.gd.post('/api/v1/exchange/takedown', { batchId: up.body.batchId })).status).toBe(404);
    const d = await drafter.post('/api/v1/exchange/takedown', { batchId: up.body.batchId });
    expect(d.status, d.text).toBe(201);
    expect(d.body.own).toEqual([scan.appId]);
    expect(d.body.provincial.map((x: any) => [x.packageName, x.provinces]).sort()).toEqual([
      ['com.example.jpushdemo', ['GD']],
      ['com.example.seventyfour.tencenttest', ['GD']],
      ['io.appium.android.apis', ['GD']],
    ]);
    // The same app from the re-test and from Guangdong is one app (merged by package name).
    expect(d.body.provincial.find((x: any) => x.packageName === 'io.appium.android.apis').appId).toBe(scan.appId);
    const n = await drafter.get(`/api/v1/notices/${d.body.noticeId}`);
    expect(n.body).toMatchObject({ kind: 'takedown', status: 'draft' });
    expect(n.body.apps.map((a: any) => a.appId)).toEqual([scan.appId]);
    // Its document lists the re-tested app once and the two apps only Guangdong reported, with 属地 and the
    // hash of the signed bundle that carried the report, as the nation applied it.
    const doc = await drafter.get(`/api/v1/notices/${d.body.noticeId}/document`);
    expect(doc.status, doc.text).toBe(200);
    expect(doc.body.kind).toBe('takedown');
    expect(doc.body.rows).toHaveLength(3);
    const provincialRows = doc.body.rows.filter((r: any) => r.region !== undefined);
    expect(provincialRows.map((r: any) => [r.region, r.developer]).sort()).toEqual([
      ['广东省通信管理局', '示例科技有限公司'],
      ['广东省通信管理局', '（未登记）'],
    ]);
    expect(provincialRows.every((r: any) => r.problems.length > 0)).toBe(true);
    const applied = new Set((await faulty.p.running.database.db.selectFrom('exchange_bundles_in').select('payload_sha256').execute()).map((b) => b.payload_sha256));
    const sha = (x: string): string => createHash('sha256').update(x).digest('hex');
    expect([...bundles.values()].map((b) => sha(b.payload)).every((h) => applied.has(h))).toBe(true);
    for (const pkg of doc.body.verification.packages.slice(1)) expect(applied.has(pkg.reportSha256), pkg.appName).toBe(true);
  });

  it('a second province reporting the same app and finding merges into them: one app, one version, one finding, two provinces', async () => {
    // Beijing's own instance scans the very package Guangdong reported and confirms the same problem.
    const bjProv = await startTestPlatform('sqlite', { workflowCheckMs: 0, exchange: LOOPBACK });
    try {
      const id = await bjProv.admin.post('/api/v1/exchange/identity', { code: 'BJ' });
      expect(id.status, id.text).toBe(201);
      expect((await clean.p.admin.post('/api/v1/exchange/provinces', { code: 'BJ', publicKey: id.body.publicKey, reason: '部省联动: 北京市' })).status).toBe(201);
      // The nation records the app's company before Beijing reports it: Beijing's visibility row carries it.
      const jpushAtNation = (await clean.p.admin.get('/api/v1/exchange/apps?packageName=com.example.jpushdemo')).body.items[0].appId;
      const nationCompany = await clean.p.admin.post('/api/v1/companies', { name: '极光示例有限公司', creditCode: '91110000MA0XXXXX2B' });
      expect(nationCompany.status, nationCompany.text).toBe(201);
      expect((await clean.p.admin.request('PATCH', `/api/v1/apps/${jpushAtNation}`, { companyId: nationCompany.body.id, reason: 'filing record' })).status).toBe(200);
      const up = await bjProv.admin.upload(join(REAL, 'jpush-example-debug.apk'), '?batch=2026-BJ-1');
      expect(up.status, up.text).toBe(201);
      const scan = await bjProv.admin.waitScan(up.body.scan.id);
      expect(scan.status).toBe('done');
      const gdConfirmed = (await findingsOf(scans.jpush.id))[0];
      const same = (await bjProv.admin.get(`/api/v1/scans/${scan.id}/findings?limit=500`)).body.items.find((f: any) => f.fingerprint === gdConfirmed.fingerprint);
      expect(same, 'the same problem has the same fingerprint in both provinces').toBeDefined();
      expect((await bjProv.admin.post(`/api/v1/findings/${same.id}/review`, { state: 'confirmed', reason: 'checked on a device' })).status).toBe(200);
      const exported = await bjProv.admin.post('/api/v1/exchange/export', {});
      expect(exported.status, exported.text).toBe(200);
      const got = await bjProv.admin.get('/api/v1/exchange/bundles?since=0&limit=100');
      for (const b of got.body.items) {
        const sent = await clean.bj.post('/api/v1/exchange/bundles', { payload: b.payload, signature: b.signature });
        expect(sent.status, sent.text).toBe(200);
        expect(sent.body.status).toBe('applied');
      }
      // Guangdong's key does not sign for Beijing: its bundle sent with Beijing's token is refused.
      expect((await clean.bj.post('/api/v1/exchange/bundles', bundles.get(1))).status).toBe(422);

      const apps = (await clean.p.admin.get('/api/v1/exchange/apps?packageName=com.example.jpushdemo')).body.items;
      expect(apps).toHaveLength(1);
      expect([...apps[0].provinces].sort()).toEqual(['BJ', 'GD']);
      expect(apps[0].versions).toHaveLength(1);
      expect([...apps[0].versions[0].provinces].sort()).toEqual(['BJ', 'GD']);
      const findings = (await clean.p.admin.get('/api/v1/exchange/findings?limit=100')).body.items.filter((f: any) => f.fingerprint === gdConfirmed.fingerprint);
      expect(findings).toHaveLength(1);
      expect([...findings[0].provinces].sort()).toEqual(['BJ', 'GD']);
      // Each province's users at the nation now see the app both reported; Beijing sees only what it reported.
      expect((await clean.bj.get(`/api/v1/apps/${apps[0].appId}`)).status).toBe(200);
      const bjApps = (await clean.bj.get('/api/v1/exchange/apps')).body.items.map((a: any) => a.packageName);
      expect(bjApps).toEqual(['com.example.jpushdemo']);
      const visibility = await clean.p.running.database.db.selectFrom('org_apps').select('company_id').where('app_id', '=', jpushAtNation).execute();
      expect(visibility.map((r) => r.company_id)).toEqual([nationCompany.body.id, nationCompany.body.id]);
    } finally {
      await bjProv.close();
    }
  });
});
