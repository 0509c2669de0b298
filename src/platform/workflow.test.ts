/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// The regulator's workflow through HTTP, on SQLite and PostgreSQL, with real packages: F-Droid's
// com.politedroid in versions 3, 4 and 5 (../shared/corpus/fdroid), souch.smsbypass, and the platform-v1/v2
// fixture pair (a version that fixes two findings). Four eyes; an urge, a public notice with its deadline,
// frozen once published; rectifications (one persisting, one fixed); the deadline passing, the re-check
// through the queue, the takedown notice and a store's confirmation; relisting; credit records.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import { VERSION } from '../version.ts';
import type { Client } from './testing/client.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from './testing/harness.ts';

const FDROID = join(ROOT, '..', 'shared', 'corpus', 'fdroid', 'repo');
const fdroid = (name: string): string => join(FDROID, name);
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!existsSync(FDROID)).each(BACKENDS)('workflow on %s', (backend) => {
  let p: TestPlatform;
  let reviewer: Client;
  let inspector: Client;
  let operator: Client;
  const ids: Record<string, any> = {};
  const fp: Record<string, string> = {};

  const login = async (email: string): Promise<Client> => {
    const r = await p.admin.post('/api/v1/auth/login', { email, password: 'correct horse battery' });
    expect(r.status, r.text).toBe(200);
    return p.admin.as(r.body.token);
  };
  const uploadDone = async (c: Client, file: string, query = ''): Promise<any> => {
    const up = await c.upload(file, query);
    expect([200, 201], up.text).toContain(up.status);
    const s = await c.waitScan(up.body.scan.id);
    expect(s.status, JSON.stringify(s)).toBe('done');
    return { ...s, batchId: up.body.batchId };
  };
  const findingsOf = async (scanId: number): Promise<any[]> => (await p.admin.get(`/api/v1/scans/${scanId}/findings?limit=500`)).body.items;
  const key = (f: { ruleId: string; dataTypes: string[] }): string => `${f.ruleId}:${f.dataTypes.join('+')}`;
  const waitRect = async (c: Client, id: number): Promise<any> => {
    for (let i = 0; i < 600; i++) {
      const r = await c.get(`/api/v1/rectifications/${id}`);
      expect(r.status, r.text).toBe(200);
      if (r.body.status !== 'pending') return r.body;
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`rectification ${id} still pending`);
  };

  beforeAll(async () => {
    p = await startTestPlatform(backend, { workflowCheckMs: 0 });
    const company = await p.admin.post('/api/v1/companies', { name: '礼貌科技有限公司', creditCode: '91440300MA5ABCDE1X' });
    expect(company.status, company.text).toBe(201);
    ids.company = company.body.id;
    for (const [email, roles] of [['reviewer@example.cn', ['reviewer']], ['inspector@example.cn', ['inspector']], ['operator@example.cn', ['operator']]] as const) {
      const u = await p.admin.post('/api/v1/users', { name: email, email, password: 'correct horse battery', roles, ...(roles[0] === 'operator' ? { companyId: ids.company } : {}) });
      expect(u.status, u.text).toBe(201);
      ids[roles[0]] = u.body.id;
    }
    reviewer = await login('reviewer@example.cn');
    inspector = await login('inspector@example.cn');
    operator = await login('operator@example.cn');
    const batch = await inspector.post('/api/v1/batches', { name: '2026-5', year: 2026 });
    expect(batch.status, batch.text).toBe(201);
    ids.batch = batch.body.id;
    const q = `?batchId=${ids.batch}`;
    const polite = await uploadDone(inspector, fdroid('com.politedroid_3.apk'), q);
    const fixture = await uploadDone(inspector, fixtureApk('platform-v1'), q);
    const souch = await uploadDone(inspector, fdroid('souch.smsbypass_9.apk'), q);
    Object.assign(ids, { polite: polite.appId, politeScan: polite.id, fixture: fixture.appId, fixtureScan: fixture.id, souch: souch.appId, souchScan: souch.id });
    for (const [app, stores] of [[ids.polite, ['华为应用市场', '小米应用商店']], [ids.fixture, ['应用宝']]] as const) {
      expect((await p.admin.request('PATCH', `/api/v1/apps/${app}`, { companyId: ids.company, reason: 'filing record' })).status).toBe(200);
      for (const store of stores) expect((await p.admin.post(`/api/v1/apps/${app}/listings`, { store, url: `https://store.example.cn/${app}/${encodeURIComponent(store)}` })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await p.close();
  });

  it('review: the queue carries the evidence; four eyes keep a confirmer from drafting or publishing', async () => {
    const queue = await reviewer.get(`/api/v1/batches/${ids.batch}/review-queue?limit=500`);
    expect(queue.status, queue.text).toBe(200);
    const items: any[] = queue.body.items;
    expect(new Set(items.map((f) => f.appId))).toEqual(new Set([ids.polite, ids.fixture, ids.souch]));
    for (const f of items) {
      expect(f.review.state).toBe('open');
      expect(f.evidence).toMatchObject({ callPaths: expect.any(Array), manifest: expect.any(Array), policy: expect.any(Array) });
    }
    // Evidence of each kind is there for a decision without opening the report.
    expect(items.some((f) => f.evidence.callPaths.some((c: any) => c.path.length > 0 && typeof c.path[0] === 'string'))).toBe(true);
    expect(items.some((f) => f.evidence.policy.length > 0 || f.evidence.manifest.length > 0)).toBe(true);
    const one = await reviewer.get(`/api/v1/findings/${items[0].id}`);
    expect(one.body.evidence).toEqual(items[0].evidence);

    for (const f of items) fp[`${f.appId}:${key(f)}`] = f.fingerprint;
    // The reviewer confirms politedroid's and the fixture's findings, except one false positive (with a reason).
    for (const f of items.filter((x) => x.appId !== ids.souch)) {
      const state = f.ruleId === 'no-dual-lists' ? 'false_positive' : 'confirmed';
      const r = await reviewer.post(`/api/v1/findings/${f.id}/review`, { state, reason: state === 'confirmed' ? 'checked against the evidence' : 'the dual lists are on the settings page (checked on device)' });
      expect(r.status, r.text).toBe(200);
    }
    // The inspector is no reviewer.
    const souchFinding = items.find((x) => x.appId === ids.souch);
    expect((await inspector.post(`/api/v1/findings/${souchFinding.id}/review`, { state: 'confirmed', reason: 'x' })).status).toBe(403);
    // The admin confirms souch's finding, and then may not draft a notice with it.
    expect((await p.admin.post(`/api/v1/findings/${souchFinding.id}/review`, { state: 'confirmed', reason: 'reads SMS at start' })).status).toBe(200);
    const own = await p.admin.post('/api/v1/notices', { batchId: ids.batch, kind: 'urge' });
    expect(own.status, own.text).toBe(409);
    expect(own.type).toContain('application/problem+json');
    expect(own.body.type).toContain('four-eyes');
    // A lead who both drafts and reviews may not confirm a finding of its own draft.
    await p.admin.post('/api/v1/users', { name: 'lead', email: 'lead@example.cn', password: 'correct horse battery', roles: ['inspector', 'reviewer'] });
    const lead = await login('lead@example.cn');
    const leadDraft = await lead.post('/api/v1/notices', { batchId: ids.batch, kind: 'urge', appIds: [ids.souch] });
    expect(leadDraft.status, leadDraft.text).toBe(201);
    const selfConfirm = await lead.post(`/api/v1/findings/${souchFinding.id}/review`, { state: 'confirmed', reason: 'mine' });
    expect(selfConfirm.status, selfConfirm.text).toBe(409);
    expect(selfConfirm.body.type).toContain('four-eyes');
    expect((await lead.post(`/api/v1/findings/${souchFinding.id}/review`, { state: 'false_positive', reason: 'not mine to confirm, but may be doubted' })).status).toBe(200);
    expect((await p.admin.post(`/api/v1/findings/${souchFinding.id}/review`, { state: 'confirmed', reason: 'reads SMS at start (again)' })).status).toBe(200);
    // Nor can an app without a confirmed finding enter one.
    const none = await inspector.post('/api/v1/notices', { batchId: ids.batch, kind: 'urge', appIds: [ids.polite, 999_999] });
    expect(none.status, none.text).toBe(422);
  });

  it('notices: urge, then the public notice with a deadline; published notices are frozen', async () => {
    const urge = await inspector.post('/api/v1/notices', { batchId: ids.batch, kind: 'urge', appIds: [ids.polite, ids.fixture] });
    expect(urge.status, urge.text).toBe(201);
    expect(urge.body).toMatchObject({ kind: 'urge', status: 'draft', title: '关于督促整改侵害用户权益行为APP的通知（2026年第1批，总第1批）' });
    const fixtureFindings = urge.body.apps.find((a: any) => a.appId === ids.fixture).findings.map((f: any) => f.ruleId).sort();
    expect(fixtureFindings).toEqual(['contradicts-policy', 'undeclared-data-type']); // the false positive stays out
    for (const a of urge.body.apps) for (const f of a.findings) expect(f.confirmedBy).toBe(ids.reviewer);
    const pub = await inspector.post(`/api/v1/notices/${urge.body.id}/publish`, { issueDate: '2026-09-10' });
    expect(pub.status, pub.text).toBe(200);
    expect(pub.body.apps.map((a: any) => a.state)).toEqual(['urged', 'urged']);
    ids.urge = urge.body.id;

    const draft = await inspector.post('/api/v1/notices', { batchId: ids.batch, kind: 'public' });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.apps.map((a: any) => a.appId).sort()).toEqual([ids.polite, ids.fixture, ids.souch].sort());
    ids.public = draft.body.id;
    const edited = await inspector.request('PATCH', `/api/v1/notices/${ids.public}`, { title: '关于侵害用户权益行为的APP通报（2026年第5批，总第58批）', reason: 'the office numbers batches itself' });
    expect(edited.status, edited.text).toBe(200);
    expect((await inspector.post(`/api/v1/notices/${ids.public}/publish`, { issueDate: '2026-09-24' })).status).toBe(400);
    // The admin re-confirms one of its findings: now the admin may not publish it.
    const politeFinding = draft.body.apps.find((a: any) => a.appId === ids.polite).findings[0];
    expect((await p.admin.post(`/api/v1/findings/${politeFinding.findingId}/review`, { state: 'confirmed', reason: 'seen again' })).status).toBe(200);
    const byConfirmer = await p.admin.post(`/api/v1/notices/${ids.public}/publish`, { issueDate: '2026-09-24', workingDays: 5 });
    expect(byConfirmer.status, byConfirmer.text).toBe(409);
    expect(byConfirmer.body.type).toContain('four-eyes');

    const published = await inspector.post(`/api/v1/notices/${ids.public}/publish`, { issueDate: '2026-09-24', workingDays: 5 });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', issueDate: '2026-09-24', workingDays: 5, deadline: '2026-10-09', engineVersion: VERSION, publishedBy: ids.inspector });
    expect(published.body.deadline).toBe('2026-10-09'); // 中秋 9-25..27 and 国庆 10-1..7 are off
    expect(published.body.rulesVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(published.body.apps.map((a: any) => a.state).sort()).toEqual(['notified', 'notified', 'notified']);
    expect(published.body.apps.find((a: any) => a.appId === ids.polite).findings.find((f: any) => f.findingId === politeFinding.findingId).confirmedBy).toBe(1);

    // The document: the very bytes its hash names, each package and report hash re-verifiable.
    const doc = await inspector.get(`/api/v1/notices/${ids.public}/document`);
    expect(doc.status).toBe(200);
    expect(sha(doc.text)).toBe(published.body.documentSha256);
    expect(doc.body).toMatchObject({ kind: 'public', title: '关于侵害用户权益行为的APP通报（2026年第5批，总第58批）', issueDate: '2026-09-24', workingDays: 5, deadline: '2026-10-09', batch: { year: 2026, seq: 1, totalSeq: 1 } });
    expect(doc.body.paragraphs.join('')).not.toContain('2026-10-09'); // the renderer states the deadline, once
    const row = doc.body.rows.find((r: any) => r.appName === 'PoliteDroid' || r.source.includes('华为'));
    expect(row).toMatchObject({ developer: '礼貌科技有限公司', source: '华为应用市场、小米应用商店', version: '1.2' });
    // 所涉问题 from the rules' clauses through the cited 164号文 mapping (knowledge/problem-categories.json).
    expect(row.problems).toEqual(['违规收集个人信息', 'APP频繁自启动和关联启动']);
    // The same document rendered for the office: HTML, DOCX (a zip with the annex rows) and, with Chromium, PDF.
    const html = await inspector.get(`/api/v1/notices/${ids.public}/document?format=html`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('礼貌科技有限公司');
    expect(html.text.match(/2026年10月9日前/g)).toHaveLength(1);
    const docx = await fetch(`${inspector.base}/api/v1/notices/${ids.public}/document?format=docx`, { headers: { authorization: `Bearer ${inspector.token ?? ''}` } });
    expect(docx.status).toBe(200);
    const docxFile = join(p.data, 'notice.docx');
    writeFileSync(docxFile, Buffer.from(await docx.arrayBuffer()));
    const xml = execFileSync('unzip', ['-p', docxFile, 'word/document.xml'], { encoding: 'utf8' });
    expect(xml).toContain('礼貌科技有限公司');
    expect(xml).toContain('APP频繁自启动和关联启动');
    for (const a of published.body.apps) {
      const report = await inspector.get(`/api/v1/scans/${a.scanId}/report`);
      expect(a.reportSha256).toBe(sha(report.text));
      expect(doc.body.verification.packages).toContainEqual(expect.objectContaining({ packageSha256: a.packageSha256, reportSha256: a.reportSha256 }));
    }

    // Frozen: the API refuses with problem+json, and so does the database.
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/notices/${ids.public}`, { title: 'changed' }],
      ['POST', `/api/v1/notices/${ids.public}/publish`, { issueDate: '2026-09-25', workingDays: 3 }],
      ['PATCH', `/api/v1/notices/${ids.public}`, { removeAppIds: [ids.souch] }],
    ] as const) {
      const r = await inspector.request(method, path, body);
      expect(r.status, r.text).toBe(409);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.type).toContain('notice-published');
    }
    const { db } = p.running.database;
    await expect(db.updateTable('notices').set({ deadline: '2027-01-01' }).where('id', '=', ids.public).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom('notice_findings').where('notice_id', '=', ids.public).execute()).rejects.toThrow(/immutable/);
    expect((await inspector.get(`/api/v1/notices/${ids.public}`)).body.deadline).toBe('2026-10-09');

    // Per-app history: who, when, why.
    const wf = await inspector.get(`/api/v1/apps/${ids.polite}/workflow`);
    expect(wf.body.items).toMatchObject([{ batchId: ids.batch, state: 'notified', urgeNoticeId: ids.urge, publicNoticeId: ids.public, deadline: '2026-10-09' }]);
    expect(wf.body.history.map((h: any) => `${h.from}>${h.to}`)).toEqual(['tested>urged', 'urged>notified']);
    expect(wf.body.history[1]).toMatchObject({ userId: ids.inspector, noticeId: ids.public, reason: expect.stringContaining('issued 2026-09-24') });
    // The operator sees the public notice with its company's apps only.
    const seen = await operator.get(`/api/v1/notices/${ids.public}`);
    expect(seen.status).toBe(200);
    expect(seen.body.apps.map((a: any) => a.appId).sort()).toEqual([ids.polite, ids.fixture].sort());
    expect((await operator.get(`/api/v1/notices/${ids.public}/document`)).body.rows).toHaveLength(2);
  });

  it('rectification: a later real version that persists, and a fixed version that rectifies', async () => {
    // The operator rectifies only its company's apps.
    const v4 = await operator.upload(fdroid('com.politedroid_4.apk'));
    expect(v4.status, v4.text).toBe(201);
    const foreign = await operator.post('/api/v1/rectifications', { noticeId: ids.public, appId: ids.souch, sha256: v4.body.package.sha256 });
    expect(foreign.status).toBe(404);
    const same = await operator.post('/api/v1/rectifications', { noticeId: ids.public, appId: ids.polite, sha256: (await inspector.get(`/api/v1/scans/${ids.politeScan}`)).body.sha256 });
    expect(same.status).toBe(422);
    const r4 = await operator.post('/api/v1/rectifications', { noticeId: ids.public, appId: ids.polite, sha256: v4.body.package.sha256, reason: 'version 1.3' });
    expect(r4.status, r4.text).toBe(201);
    const d4 = await waitRect(operator, r4.body.id);
    expect(d4.status).toBe('not_rectified');
    expect(d4.diff.noticeFindings.map((f: any) => `${f.ruleId}:${f.status}:${f.review}`).sort()).toEqual(['no-privacy-policy:persisting:confirmed', 'self-or-chain-start:persisting:confirmed']);
    expect(d4.diff.blocking).toHaveLength(2);
    expect((await inspector.get(`/api/v1/apps/${ids.polite}/workflow`)).body.items[0].state).toBe('notified');

    const v2 = await operator.upload(fixtureApk('platform-v2'));
    const r2 = await operator.post('/api/v1/rectifications', { noticeId: ids.public, appId: ids.fixture, sha256: v2.body.package.sha256 });
    expect(r2.status, r2.text).toBe(201);
    const d2 = await waitRect(inspector, r2.body.id);
    expect(d2.status, JSON.stringify(d2)).toBe('rectified');
    expect(d2.diff.noticeFindings.map((f: any) => `${f.ruleId}:${f.status}`).sort()).toEqual(['contradicts-policy:fixed', 'undeclared-data-type:fixed']);
    expect(d2.diff.new.map((f: any) => f.ruleId)).toEqual(['undeclared-data-type']);
    expect(d2.diff.blocking).toEqual([]);
    expect((await inspector.get(`/api/v1/apps/${ids.fixture}/workflow`)).body.items[0].state).toBe('rectified');
    // The false positive carried over to the new version's scan: the re-test did not override it.
    const v2findings = await findingsOf(d2.scanId);
    expect(v2findings.find((f) => f.ruleId === 'no-dual-lists').review.state).toBe('false_positive');
    // A rectified app cannot be rectified again against the same notice.
    expect((await operator.post('/api/v1/rectifications', { noticeId: ids.public, appId: ids.fixture, sha256: v2.body.package.sha256 })).status).toBe(409);
  });

  it('overdue, re-check through the queue, takedown to the stores, their confirmation; a later version relists', async () => {
    // 2026-10-08: the deadline (2026-10-09) is the next working day; politedroid and souch are still notified.
    const warn = await inspector.post('/api/v1/workflow/check', { asOf: '2026-10-08' });
    expect(warn.status, warn.text).toBe(200);
    expect(warn.body.warned.sort()).toEqual([ids.polite, ids.souch].sort());
    expect((await inspector.post('/api/v1/workflow/check', { asOf: '2026-10-08' })).body.warned).toEqual([]); // once
    const early = await inspector.post('/api/v1/workflow/check', { asOf: '2026-10-09' });
    expect(early.status, early.text).toBe(200);
    expect(early.body.overdue).toEqual([]);
    expect(early.body.warned).toEqual([]);
    const late = await inspector.post('/api/v1/workflow/check', { asOf: '2026-10-10' }); // a make-up Saturday, the first working day after
    expect(late.body.overdue.map((o: any) => o.appId).sort()).toEqual([ids.polite, ids.souch].sort());
    for (const o of late.body.overdue) {
      const s = await inspector.waitScan(o.recheckScanId);
      expect(s.status).toBe('done');
      expect(s.options).toEqual({ recheck: '2026-10-10' });
    }
    // The re-check of politedroid scanned its latest version, 1.3 (the operator's).
    const politeRecheck = late.body.overdue.find((o: any) => o.appId === ids.polite).recheckScanId;
    expect((await inspector.get(`/api/v1/versions/${(await inspector.get(`/api/v1/scans/${politeRecheck}`)).body.versionId}`)).body.versionName).toBe('1.3');
    // Before the re-checks are read, the reviewer withdraws souch's notice findings (re-examined on a device):
    // its re-check then leaves no confirmed notice finding, so it is rectified late and goes on no takedown.
    const souchNoticed = (await inspector.get(`/api/v1/notices/${ids.public}`)).body.apps.find((a: any) => a.appId === ids.souch).findings;
    expect(souchNoticed.length).toBeGreaterThan(0);
    for (const f of souchNoticed) expect((await reviewer.post(`/api/v1/findings/${f.findingId}/review`, { state: 'false_positive', reason: 're-examined on a device: the SMS permission serves the user-visible blocking feature' })).status).toBe(200);
    const drafted = await inspector.post('/api/v1/workflow/check', { asOf: '2026-10-12' });
    expect(drafted.body.recheckPassed).toEqual([ids.souch]);
    expect((await inspector.get(`/api/v1/apps/${ids.souch}/workflow`)).body.history.map((h: any) => h.to)).toEqual(['notified', 'overdue', 'rectified']);
    expect((await inspector.post('/api/v1/workflow/check', { asOf: '2026-10-12' })).body.recheckPassed).toEqual([]); // once
    expect(drafted.body.takedownDrafts).toHaveLength(1);
    ids.takedown = drafted.body.takedownDrafts[0];
    const td = await inspector.get(`/api/v1/notices/${ids.takedown}`);
    expect(td.body).toMatchObject({ kind: 'takedown', status: 'draft', sourceNoticeId: ids.public, addressees: ['华为应用市场', '小米应用商店'] });
    expect(td.body.apps.map((a: any) => a.appId)).toEqual([ids.polite]);
    expect((await inspector.post(`/api/v1/notices/${ids.takedown}/publish`, { issueDate: '2026-10-12', workingDays: 1 })).status).toBe(400);
    const pub = await inspector.post(`/api/v1/notices/${ids.takedown}/publish`, { issueDate: '2026-10-12' });
    expect(pub.status, pub.text).toBe(200);
    expect(pub.body.apps.map((a: any) => a.state)).toEqual(['taken_down']);
    expect(pub.body.deadline).toBeNull();

    const conf = await inspector.post(`/api/v1/notices/${ids.takedown}/confirmations`, { appId: ids.polite, store: '华为应用市场', confirmedOn: '2026-10-13', reference: '华为函〔2026〕12号' });
    expect(conf.status, conf.text).toBe(201);
    expect(conf.body.confirmations).toMatchObject([{ appId: ids.polite, store: '华为应用市场', confirmedOn: '2026-10-13' }]);
    expect((await inspector.post(`/api/v1/notices/${ids.takedown}/confirmations`, { appId: ids.polite, store: '华为应用市场', confirmedOn: '2026-10-13' })).status).toBe(409);
    expect((await inspector.post(`/api/v1/notices/${ids.takedown}/confirmations`, { appId: ids.polite, store: '应用宝', confirmedOn: '2026-10-13' })).status).toBe(422);

    // The reviewer re-examines politedroid's findings on a device and rejects them; version 1.4 then relists it.
    for (const f of td.body.apps.find((a: any) => a.appId === ids.polite).findings) {
      expect((await reviewer.post(`/api/v1/findings/${f.findingId}/review`, { state: 'false_positive', reason: 're-examined on a device: the calendar is read only after the user opens it' })).status).toBe(200);
    }
    const v5 = await operator.upload(fdroid('com.politedroid_5.apk'));
    const r5 = await operator.post('/api/v1/rectifications', { noticeId: ids.takedown, appId: ids.polite, sha256: v5.body.package.sha256 });
    expect(r5.status, r5.text).toBe(201);
    const d5 = await waitRect(operator, r5.body.id);
    expect(d5.status).toBe('rectified');
    expect(d5.diff.noticeFindings.every((f: any) => f.status === 'persisting' && f.review === 'false_positive')).toBe(true);
    const wf = await inspector.get(`/api/v1/apps/${ids.polite}/workflow`);
    expect(wf.body.items[0].state).toBe('relisted');
    expect(wf.body.history.map((h: any) => h.to)).toEqual(['urged', 'notified', 'overdue', 'taken_down', 'relisted']);

    const events = await p.running.database.db.selectFrom('events').select('type').execute();
    expect(events.map((e) => e.type).sort()).toEqual(['deadline.approaching', 'deadline.approaching', 'deadline.passed', 'deadline.passed', 'notice.published', 'notice.published', 'notice.published', 'retest.done', 'retest.done', 'retest.done', 'retest.done', 'takedown.confirmed'].sort());
    const stats = await inspector.get(`/api/v1/workflow/statistics?batchId=${ids.batch}`);
    expect(stats.body.items[0].states).toMatchObject({ rectified: 2, taken_down: 0, relisted: 1, notified: 0 });
    // The ledger counts every step an app ever reached, not its current state: the same figures from each
    // app's audited history, plus the batch's tested apps and those with findings.
    const cumulative = await inspector.get('/api/v1/statistics?by=batch');
    expect(cumulative.status, cumulative.text).toBe(200);
    const want: Record<string, number> = { tested: 0, with_problems: 0, urged: 0, notified: 0, rectified: 0, overdue: 0, taken_down: 0, relisted: 0 };
    for (const [app, scan] of [[ids.polite, ids.politeScan], [ids.fixture, ids.fixtureScan], [ids.souch, ids.souchScan]]) {
      want.tested!++;
      if ((await findingsOf(scan)).length > 0) want.with_problems!++;
      const h = await inspector.get(`/api/v1/apps/${app}/workflow`);
      for (const to of new Set<string>(h.body.history.filter((x: any) => x.batchId === ids.batch).map((x: any) => x.to as string))) want[to]!++;
    }
    expect(cumulative.body.items).toEqual([{ key: String(ids.batch), month: null, counts: want }]);
    expect(want).toMatchObject({ notified: 3, overdue: 2, rectified: 2, taken_down: 1, relisted: 1 });
  });

  it('credit records: a penalty on the notices, then a listing that follows it', async () => {
    const base = { reason: '逾期未完成整改', authority: '广东省通信管理局', noticeIds: [ids.public, ids.takedown] };
    const noPenalty = await p.admin.post(`/api/v1/companies/${ids.company}/credit-records`, { ...base, kind: 'credit_listed', decisionDate: '2026-11-01' });
    expect(noPenalty.status).toBe(422);
    const draft = await inspector.post('/api/v1/notices', { batchId: ids.batch, kind: 'recheck', appIds: [ids.fixture] });
    expect(draft.status, draft.text).toBe(201);
    expect((await p.admin.post(`/api/v1/companies/${ids.company}/credit-records`, { ...base, noticeIds: [draft.body.id], kind: 'penalised', decisionDate: '2026-10-20' })).status).toBe(422);
    const pen = await p.admin.post(`/api/v1/companies/${ids.company}/credit-records`, { ...base, kind: 'penalised', decisionDate: '2026-10-20', licenceNo: '粤B2-20260001' });
    expect(pen.status, pen.text).toBe(201);
    expect(pen.body).toMatchObject({ kind: 'penalised', companyName: '礼貌科技有限公司', creditCode: '91440300MA5ABCDE1X', listingDueBy: '2026-11-19', noticeIds: [ids.public, ids.takedown].sort((a: number, b: number) => a - b) });
    const listed = await p.admin.post(`/api/v1/companies/${ids.company}/credit-records`, { ...base, kind: 'credit_listed', decisionDate: '2026-11-25', penaltyId: pen.body.id });
    expect(listed.status, listed.text).toBe(201);
    expect(listed.body.late).toBe(true);
    const all = await operator.get(`/api/v1/companies/${ids.company}/credit-records`);
    expect(all.body.items.map((r: any) => r.kind)).toEqual(['penalised', 'credit_listed']);
    expect((await inspector.get(`/api/v1/credit-records/${listed.body.id}`)).status).toBe(200);
  });
});
