/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// Repeat offenders and statistics through HTTP, on SQLite and PostgreSQL, with real packages: the
// platform-v1/v2/v3 fixture versions (v2 fixes two findings, v3 brings them back), F-Droid's politedroid and
// the rule-sdk/an-sdk fixtures (SDK-owned findings), rule-start (politedroid's self-start finding), in two
// companies.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import type { Client } from './testing/client.ts';
import { sdkOffenceCounts, sdkOffences } from './domain/offenders.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from './testing/harness.ts';

const FDROID = join(ROOT, '..', 'shared', 'corpus', 'fdroid', 'repo');

describe.skipIf(!existsSync(FDROID)).each(BACKENDS)('repeat offenders and statistics on %s', (backend) => {
  let p: TestPlatform;
  let reviewer: Client;
  let inspector: Client;
  const ids: Record<string, any> = {};

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
    return s;
  };
  const findingsOf = async (scanId: number): Promise<any[]> => (await p.admin.get(`/api/v1/scans/${scanId}/findings?limit=500`)).body.items;

  beforeAll(async () => {
    p = await startTestPlatform(backend, { workflowCheckMs: 0 });
    for (const [name, code] of [['礼貌科技有限公司', '91440300MA5ABCDE1X'], ['另一科技有限公司', '91440300MA5ABCDE2Y']] as const) {
      const c = await p.admin.post('/api/v1/companies', { name, creditCode: code });
      expect(c.status, c.text).toBe(201);
      (ids.companies ??= []).push(c.body.id);
    }
    for (const [email, roles] of [['reviewer@example.cn', ['reviewer']], ['inspector@example.cn', ['inspector']]] as const) {
      expect((await p.admin.post('/api/v1/users', { name: email, email, password: 'correct horse battery', roles })).status).toBe(201);
    }
    reviewer = await login('reviewer@example.cn');
    inspector = await login('inspector@example.cn');
    const batch = await inspector.post('/api/v1/batches', { name: '2026-7', year: 2026 });
    ids.batch = batch.body.id;
    const q = `?batchId=${ids.batch}`;
    ids.v1 = await uploadDone(inspector, fixtureApk('platform-v1'), q);
    ids.polite = await uploadDone(inspector, join(FDROID, 'com.politedroid_3.apk'), q);
    ids.sdkA = await uploadDone(inspector, fixtureApk('an-sdk'), q);
    ids.sdkB = await uploadDone(inspector, fixtureApk('rule-sdk'), q);
    ids.souch = await uploadDone(inspector, join(FDROID, 'souch.smsbypass_9.apk'));
    ids.obb = await uploadDone(inspector, join(FDROID, 'obb.main.oldversion_1444412523.apk'));
    ids.start = await uploadDone(inspector, fixtureApk('rule-start'));
    const [a, b] = ids.companies;
    for (const [app, company] of [[ids.v1.appId, a], [ids.polite.appId, a], [ids.sdkA.appId, a], [ids.sdkB.appId, b], [ids.souch.appId, a], [ids.obb.appId, a], [ids.start.appId, a]]) {
      expect((await p.admin.request('PATCH', `/api/v1/apps/${app}`, { companyId: company, reason: 'filing record' })).status).toBe(200);
    }
    expect((await p.admin.post(`/api/v1/apps/${ids.v1.appId}/listings`, { store: '华为应用市场', url: 'https://store.example.cn/rundecl' })).status).toBe(201);
    for (const s of [ids.v1, ids.polite]) for (const f of await findingsOf(s.id)) expect((await reviewer.post(`/api/v1/findings/${f.id}/review`, { state: 'confirmed', reason: 'checked against the evidence' })).status).toBe(200);
    const notice = await inspector.post('/api/v1/notices', { batchId: ids.batch, kind: 'public', appIds: [ids.v1.appId, ids.polite.appId] });
    expect(notice.status, notice.text).toBe(201);
    ids.notice = notice.body.id;
    const pub = await p.admin.post(`/api/v1/notices/${ids.notice}/publish`, { issueDate: '2026-09-24', workingDays: 5 });
    expect(pub.status, pub.text).toBe(200);
    // The later versions, uploaded outside the batch.
    ids.v2 = await uploadDone(inspector, fixtureApk('platform-v2'));
    ids.v3 = await uploadDone(inspector, fixtureApk('platform-v3'));
  });
  afterAll(async () => {
    await p.close();
  });

  it('屡教不改: the two notice findings v2 fixed and v3 brought back; not the persisting one', async () => {
    const v1 = await findingsOf(ids.v1.id);
    const byKey = new Map(v1.map((f) => [f.fingerprint, `${f.ruleId}:${f.dataTypes.join('+')}`]));
    const r = await p.admin.get('/api/v1/repeat-offenders/recidivism');
    expect(r.status, r.text).toBe(200);
    expect(r.body.items.map((i: any) => byKey.get(i.fingerprint)).sort()).toEqual(['contradicts-policy:sms', 'undeclared-data-type:contacts']);
    for (const i of r.body.items) expect(i).toMatchObject({ appId: ids.v1.appId, noticeId: ids.notice, noticeVersionId: ids.v1.versionId, fixedInVersionId: ids.v2.versionId, reappearedInVersionId: ids.v3.versionId });
    // Paged one at a time: the cursor ends at an app's boundary, so the first page holds the app's two.
    const one = await p.admin.get('/api/v1/repeat-offenders/recidivism?limit=1');
    expect(one.body.items).toHaveLength(2);
    expect(one.body.nextCursor).not.toBeNull();
    expect((await p.admin.get(`/api/v1/repeat-offenders/recidivism?limit=1&cursor=${one.body.nextCursor}`)).body.items).toEqual([]);
    // On the app's and the company's records.
    const app = await p.admin.get(`/api/v1/apps/${ids.v1.appId}/repeat-offences`);
    expect(app.status, app.text).toBe(200);
    expect(app.body.recidivism).toHaveLength(2);
    expect((await p.admin.get(`/api/v1/apps/${ids.polite.appId}/repeat-offences`)).body.recidivism).toEqual([]);
    expect((await p.admin.get(`/api/v1/companies/${ids.companies[0]}/repeat-offences`)).body.recidivism).toHaveLength(2);
    expect((await p.admin.get(`/api/v1/companies/${ids.companies[1]}/repeat-offences`)).body.recidivism).toEqual([]);
  });

  it("举一反三: the company's other apps with a notified finding's rule, owner and data types", async () => {
    // Expected from the findings lists: each notice finding against the company's other apps' findings.
    const company = [ids.v1, ids.polite, ids.sdkA, ids.v2, ids.v3, ids.souch, ids.obb, ids.start];
    const all = (await Promise.all(company.map(async (s) => (await findingsOf(s.id)).map((f) => ({ ...f, appId: s.appId }))))).flat();
    const notice = await p.admin.get(`/api/v1/notices/${ids.notice}`);
    const noticed = notice.body.apps.flatMap((a: any) => a.findings.map((f: any) => all.find((x) => x.id === f.findingId)));
    const key = (f: any): string => `${f.ruleId}|${f.owner}|${f.dataTypes.join('+')}`;
    const expected = new Set<string>();
    for (const n of noticed) for (const f of all) if (f.appId !== n.appId && key(f) === key(n)) expected.add(`${n.appId}>${f.appId}:${key(f)}`);
    expect(expected.size).toBeGreaterThan(0);
    const r = await p.admin.get(`/api/v1/repeat-offenders/spread?companyId=${ids.companies[0]}`);
    expect(r.status, r.text).toBe(200);
    expect(new Set(r.body.items.map((i: any) => `${i.noticedAppId}>${i.appId}:${i.ruleId}|${i.owner}|${i.dataTypes.join('+')}`))).toEqual(expected);
    expect((await p.admin.get(`/api/v1/repeat-offenders/spread?companyId=${ids.companies[1]}`)).body.items).toEqual([]);
    // A notice finding at a time, the pages join up to the whole list.
    const paged: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await p.admin.get(`/api/v1/repeat-offenders/spread?companyId=${ids.companies[0]}&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.status, page.text).toBe(200);
      paged.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(r.body.items);
    const rec = await p.admin.get(`/api/v1/companies/${ids.companies[0]}/repeat-offences`);
    expect(rec.body.spread).toEqual(r.body.items);
  });

  it('SDK vendors: SDK-owned findings counted by companies and apps', async () => {
    const all = [...(await findingsOf(ids.sdkA.id)).map((f) => ({ ...f, company: 'a', app: 'a' })), ...(await findingsOf(ids.sdkB.id)).map((f) => ({ ...f, company: 'b', app: 'b' }))];
    const groups = new Map<string, { companies: Set<string>; apps: Set<string> }>();
    for (const f of all.filter((x) => x.owner.startsWith('sdk:'))) {
      const g = groups.get(`${f.owner.slice(4)}|${f.ruleId}|${f.dataTypes.join('+')}`) ?? { companies: new Set(), apps: new Set() };
      g.companies.add(f.company);
      g.apps.add(f.app);
      groups.set(`${f.owner.slice(4)}|${f.ruleId}|${f.dataTypes.join('+')}`, g);
    }
    // The ranking reads the counts of the last refresh: computed at the first read, then when refreshed.
    const first = await p.admin.get('/api/v1/repeat-offenders/sdks?minCompanies=1&limit=500');
    expect(first.status, first.text).toBe(200);
    expect(first.body.asOf).not.toBeNull();
    const refreshed = await p.admin.post('/api/v1/repeat-offenders/sdks/refresh', {});
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.body.asOf >= first.body.asOf).toBe(true);
    expect((await reviewer.post('/api/v1/repeat-offenders/sdks/refresh', {})).status).toBe(403);
    const r = await p.admin.get('/api/v1/repeat-offenders/sdks?minCompanies=1&limit=500');
    expect(r.status, r.text).toBe(200);
    expect(r.body.asOf).toBe(refreshed.body.asOf);
    expect(groups.size).toBeGreaterThan(0);
    expect(Object.fromEntries(r.body.items.map((i: any) => [`${i.sdk}|${i.ruleId}|${i.dataTypes.join('+')}`, [i.companies, i.apps]]))).toEqual(Object.fromEntries([...groups].map(([k, g]) => [k, [g.companies.size, g.apps.size]])));
    const shared = [...groups.values()].filter((g) => g.companies.size >= 2).length;
    expect((await p.admin.get('/api/v1/repeat-offenders/sdks')).body.items).toHaveLength(shared);
    // One SDK is counted now, and agrees with the refreshed counts.
    const one = r.body.items[0];
    const live = await p.admin.get(`/api/v1/repeat-offenders/sdks?minCompanies=1&limit=500&sdk=${encodeURIComponent(one.sdk)}`);
    expect(live.body.asOf).toBeNull();
    expect(live.body.items).toEqual(r.body.items.filter((i: any) => i.sdk === one.sdk));
    // Each organisation's refreshed counts are the live count over the apps it sees (org_apps), as a
    // provincial user's ranking reads them.
    const db = p.running.database.db;
    const orgs = [...new Set((await db.selectFrom('org_apps').select('org_id').execute()).map((o) => o.org_id))];
    expect(orgs.length).toBeGreaterThan(0);
    for (const orgId of orgs) {
      const counted = await sdkOffenceCounts(db, { orgId, minCompanies: 1, offset: 0, limit: 500 });
      const now = await sdkOffences(db, { appIds: db.selectFrom('org_apps').select('org_apps.app_id as id').where('org_apps.org_id', '=', orgId), minCompanies: 1, offset: 0, limit: 500 });
      expect(counted.items.length).toBeGreaterThan(0);
      expect(counted.items).toEqual(now.items);
    }
  });

  it('statistics: cumulative steps by batch, org, month, store, category and SDK', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const byBatch = await p.admin.get('/api/v1/statistics?by=batch');
    expect(byBatch.status, byBatch.text).toBe(200);
    const counts = { tested: 4, with_problems: 4, urged: 0, notified: 2, rectified: 0, overdue: 0, taken_down: 0, relisted: 0 };
    const withFindings = [ids.v1, ids.polite, ids.sdkA, ids.sdkB].filter((s) => s.findingCount > 0).length;
    counts.with_problems = withFindings;
    expect(byBatch.body.items).toEqual([{ key: String(ids.batch), month: null, counts }]);
    expect((await p.admin.get('/api/v1/statistics?by=month')).body.items).toEqual([{ key: month, month: null, counts }]);
    expect((await p.admin.get(`/api/v1/statistics?by=org&monthly=true&from=${month}&to=${month}`)).body.items).toEqual([{ key: expect.any(String), month, counts }]);
    expect((await p.admin.get('/api/v1/statistics?by=batch&to=2000-01')).body.items).toEqual([]);
    const store = (await p.admin.get('/api/v1/statistics?by=store')).body.items;
    // A store counts the steps taken while the app is listed there: the listing came after the test, before the notice.
    expect(store).toEqual([{ key: '华为应用市场', month: null, counts: { ...counts, tested: 0, with_problems: 0, notified: 1 } }]);
    const sdk = (await p.admin.get('/api/v1/statistics?by=sdk')).body.items;
    expect(sdk.length).toBeGreaterThan(0);
    for (const s of sdk) expect(s.counts.tested).toBeGreaterThanOrEqual(1);
    const category = (await p.admin.get('/api/v1/statistics?by=category')).body.items;
    expect(category.length).toBeGreaterThan(0);
    // The notice's 所涉问题 are among the categories with notified apps.
    const notice = await p.admin.get(`/api/v1/notices/${ids.notice}/document`);
    expect(notice.status).toBe(200);
    expect(category.filter((c: any) => c.counts.notified > 0).length).toBeGreaterThan(0);
    expect((await p.admin.get('/api/v1/statistics?by=nothing')).status).toBe(400);
    expect((await p.admin.get('/api/v1/statistics?from=2026-13')).status).toBe(400);
  });
});
