/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- JSON replies of the API are untyped here; the assertions check their shape. */
// Tenancy, proved by walking every route of the OpenAPI document as a user of another organisation: each
// route that names a resource of Guangdong answers 404 to Beijing (never 403), and no list shows it. An
// operator sees only its company's apps; the national organisation sees all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusFiles } from '../../test/helpers/paths.ts';
import type { Client } from './testing/client.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from './testing/harness.ts';

/** A valid body for each route that takes one, so that the route reaches its tenancy check (validation comes first). */
const BODIES: Record<string, unknown> = {
  'PATCH /api/v1/users/{id}': { roles: ['viewer'], reason: 'walk' },
  'PATCH /api/v1/apps/{id}': { name: 'walk', reason: 'walk' },
  'POST /api/v1/apps/{id}/listings': { store: 'walk', url: 'https://example.com/app' },
  'POST /api/v1/scans/{id}/cancel': { reason: 'walk' },
  'POST /api/v1/findings/{id}/review': { state: 'confirmed', reason: 'walk' },
  'PATCH /api/v1/notices/{id}': { title: 'walk' },
  'POST /api/v1/notices/{id}/publish': { issueDate: '2026-09-24', workingDays: 5 },
  'POST /api/v1/notices/{id}/confirmations': { appId: 1, store: 'walk', confirmedOn: '2026-10-10' },
  'POST /api/v1/workflow/check': { asOf: '2026-12-31' },
  'POST /api/v1/companies/{id}/credit-records': { kind: 'penalised', decisionDate: '2026-10-20', reason: 'walk', authority: 'walk', noticeIds: [1] },
};
/** Routes whose query is required: calculators, not resources of an organisation. */
const QUERIES: Record<string, string> = { 'GET /api/v1/calendar/deadline': '?issueDate=2026-09-24&workingDays=5' };
/** Routes that create rather than read a resource: no other organisation's resource is named in them. */
const CREATE_ROUTES = new Set(['POST /api/v1/sources', 'POST /api/v1/auth/login', 'POST /api/v1/orgs', 'POST /api/v1/users', 'POST /api/v1/tokens', 'POST /api/v1/companies', 'POST /api/v1/batches', 'POST /api/v1/packages', 'POST /api/v1/notices', 'POST /api/v1/rectifications', 'POST /api/v1/subscriptions', 'POST /api/v1/imports',
  // The exchange's actions (routes-exchange-bundles.ts): provinces go by code in the body, not by a path id; exchange.test.ts checks them across organisations.
  'POST /api/v1/exchange/identity', 'POST /api/v1/exchange/export', 'POST /api/v1/exchange/push', 'POST /api/v1/exchange/provinces', 'POST /api/v1/exchange/bundles', 'POST /api/v1/exchange/pull', 'POST /api/v1/exchange/takedown']);

describe.each(BACKENDS)('tenancy on %s', (backend) => {
  let p: TestPlatform;
  let gd: Client;
  let bj: Client;
  const res: Record<string, number | string> = {};

  const login = async (email: string): Promise<Client> => {
    const r = await p.admin.post('/api/v1/auth/login', { email, password: 'correct horse battery' });
    expect(r.status, r.text).toBe(200);
    return p.admin.as(r.body.token);
  };

  beforeAll(async () => {
    p = await startTestPlatform(backend, { workflowCheckMs: 0 });
    const gdOrg = await p.admin.post('/api/v1/orgs', { name: '广东省', code: 'GD', level: 'provincial' });
    const bjOrg = await p.admin.post('/api/v1/orgs', { name: '北京市', code: 'BJ', level: 'provincial' });
    expect(gdOrg.status, gdOrg.text).toBe(201);
    for (const [org, email] of [[gdOrg.body.id, 'gd@example.cn'], [bjOrg.body.id, 'bj@example.cn']] as const) {
      const u = await p.admin.post('/api/v1/users', { name: email, email, password: 'correct horse battery', roles: ['admin', 'inspector', 'reviewer'], orgId: org });
      expect(u.status, u.text).toBe(201);
      if (email.startsWith('gd')) res.users = u.body.id;
    }
    gd = await login('gd@example.cn');
    bj = await login('bj@example.cn');
    res.orgs = gdOrg.body.id;
    res.tokens = (await gd.post('/api/v1/tokens', { name: 'ci' })).body.id;
    const company = await gd.post('/api/v1/companies', { name: '示例科技有限公司', creditCode: '91440300MA5XXXXX1A' });
    expect(company.status, company.text).toBe(201);
    res.companies = company.body.id;
    const sub = await gd.post('/api/v1/subscriptions', { kind: 'webhook', url: 'https://hooks.gd.example.cn/piscope', reason: 'walk' });
    expect(sub.status, sub.text).toBe(201);
    res.subscriptions = sub.body.id;
    const up = await gd.upload(corpusFile('android-apidemos'), '?batch=2026-GD-1');
    expect(up.status, up.text).toBe(201);
    const scan = await gd.waitScan(up.body.scan.id);
    expect(scan.status).toBe('done');
    res.scans = scan.id;
    res.apps = scan.appId;
    res.versions = scan.versionId;
    res.batches = up.body.batchId;
    res.sha256 = scan.sha256;
    // An import of another engine's results: the scan's own report, as another instance would send it.
    const form = new FormData();
    form.append('file', new Blob([(await gd.get(`/api/v1/scans/${scan.id}/report`)).text]), 'report.json');
    const imp = await gd.request('POST', '/api/v1/imports?format=piscope', form);
    expect(imp.status, imp.text).toBe(201);
    res.imports = imp.body.id;
    const findings = await gd.get(`/api/v1/scans/${scan.id}/findings`);
    res.findings = findings.body.items[0].id;
    res.fingerprint = findings.body.items[0].fingerprint;
    expect((await gd.post(`/api/v1/findings/${res.findings}/review`, { state: 'confirmed', reason: 'checked' })).status).toBe(200);
    expect((await gd.request('PATCH', `/api/v1/apps/${res.apps}`, { companyId: res.companies, reason: 'filing record' })).status).toBe(200);
    // The workflow's resources: a notice drafted and published by another user of Guangdong (four eyes), a
    // rectification against it and a credit record resting on it.
    expect((await p.admin.post('/api/v1/users', { name: 'gd2', email: 'gd2@example.cn', password: 'correct horse battery', roles: ['inspector'], orgId: gdOrg.body.id })).status).toBe(201);
    const gd2 = await login('gd2@example.cn');
    const notice = await gd2.post('/api/v1/notices', { batchId: res.batches, kind: 'urge' });
    expect(notice.status, notice.text).toBe(201);
    res.notices = notice.body.id;
    expect((await gd2.post(`/api/v1/notices/${res.notices}/publish`, { issueDate: '2026-09-10' })).status).toBe(200);
    const fix = await gd.upload(corpusFiles('jpush')[0]!);
    const rect = await gd2.post('/api/v1/rectifications', { noticeId: res.notices, appId: res.apps, sha256: fix.body.package.sha256 });
    expect(rect.status, rect.text).toBe(201);
    res.rectifications = rect.body.id;
    const credit = await gd.post(`/api/v1/companies/${res.companies}/credit-records`, { kind: 'access_suspended', decisionDate: '2026-10-01', reason: '逾期未整改', authority: '广东省通信管理局', noticeIds: [res.notices] });
    expect(credit.status, credit.text).toBe(201);
    res['credit-records'] = credit.body.id;
    // An intake source with one logged failure (a private address, refused).
    const source = await gd.post('/api/v1/sources', { name: 'gd-intake', batchId: res.batches, config: { kind: 'urls', urls: ['http://10.0.0.1/gd.apk'] } });
    expect(source.status, source.text).toBe(201);
    res.sources = source.body.id;
    expect((await gd.post(`/api/v1/sources/${res.sources}/run?wait=true`)).body.counts.failed).toBe(1);
    res.failureId = (await gd.get(`/api/v1/sources/${res.sources}/failures`)).body.items[0].id;
    // Creating with another organisation's batch or notice: 404, as for a missing one.
    expect((await bj.post('/api/v1/notices', { batchId: res.batches, kind: 'urge' })).status).toBe(404);
    expect((await bj.post('/api/v1/rectifications', { noticeId: res.notices, appId: res.apps, sha256: fix.body.package.sha256 })).status).toBe(404);
  });
  afterAll(async () => {
    await p.close();
  });

  it('walks every route of the OpenAPI document as another organisation: 404 for every resource, nothing in any list', async () => {
    const doc = await bj.get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    for (const path of ['/api/v1/notices/{id}', '/api/v1/notices/{id}/document', '/api/v1/rectifications/{id}', '/api/v1/credit-records/{id}', '/api/v1/apps/{id}/workflow', '/api/v1/batches/{id}/review-queue', '/api/v1/workflow/check']) expect(paths, path).toHaveProperty([path]);
    let walked = 0;
    for (const [path, ops] of Object.entries(paths)) {
      for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
        const key = `${method} ${path}`;
        if (CREATE_ROUTES.has(key)) continue;
        const kind = path.split('/')[3]!;
        const url = path.replace('{id}', String(res[kind])).replace('{sha256}', String(res.sha256)) .replace('{failureId}', String(res.failureId)) + (QUERIES[key] ?? '');
        const r = await bj.request(method, url, BODIES[key]);
        walked++;
        if (path.includes('{')) {
          expect(r.status, `${key} as another organisation: ${r.text}`).toBe(404);
          expect(r.type).toContain('application/problem+json');
          // The same route with the owner's token finds it: the 404 is tenancy, not a wrong id.
          if (method === 'GET') expect((await gd.request(method, url)).status, `${key} as its owner`).toBe(200);
        } else {
          expect(r.status, `${key}: ${r.text}`).toBe(200);
          for (const secret of [res.sha256, res.fingerprint, '示例科技有限公司', 'io.appium.android.apis', '2026-GD-1', 'gd@example.cn', 'hooks.gd.example.cn']) expect(r.text, `${key} shows Guangdong's data`).not.toContain(String(secret));
        }
      }
    }
    expect(walked).toBeGreaterThan(25);
  });

  it("counts only the caller's data in the dashboard's figures (GET /stats)", async () => {
    const mine = await gd.get('/api/v1/stats');
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.scans.byStatus.done).toBeGreaterThan(0);
    expect(mine.body.findings.total).toBeGreaterThan(0);
    const theirs = await bj.get('/api/v1/stats');
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({ scans: { total: 0, byStatus: {} }, findings: { total: 0, bySeverity: {}, byRule: [], byOwner: [] } });
    const all = await p.admin.get('/api/v1/stats');
    expect(all.body.findings.total).toBeGreaterThanOrEqual(mine.body.findings.total);
  });

  it('the national organisation sees everything; the owner sees its own', async () => {
    for (const kind of ['scans', 'apps', 'versions', 'batches', 'findings', 'companies', 'orgs', 'users']) {
      expect((await p.admin.get(`/api/v1/${kind}/${res[kind]}`)).status, kind).toBe(200);
      expect((await gd.get(`/api/v1/${kind}/${res[kind]}`)).status, kind).toBe(200);
    }
    // Statistics: Guangdong's batch counts for Guangdong and the national organisation, none for Beijing.
    for (const [c, n] of [[p.admin, 1], [gd, 1], [bj, 0]] as const) {
      const s = await c.get('/api/v1/statistics?by=batch');
      expect(s.body.items.filter((i: { key: string }) => i.key === String(res.batches)), s.text).toHaveLength(n);
    }
  });

  it("an operator sees only its company's apps", async () => {
    // Another app of Guangdong that is not the company's.
    const other = await gd.upload(corpusFiles('jpush')[0]!);
    const otherScan = await gd.waitScan(other.body.scan.id);
    const op = await p.admin.post('/api/v1/users', { name: 'operator', email: 'op@example.cn', password: 'correct horse battery', roles: ['operator'], orgId: res.orgs, companyId: res.companies });
    expect(op.status, op.text).toBe(201);
    const operator = await login('op@example.cn');
    expect((await operator.get(`/api/v1/apps/${res.apps}`)).status).toBe(200);
    expect((await operator.get(`/api/v1/scans/${res.scans}`)).status).toBe(200);
    expect((await operator.get(`/api/v1/scans/${otherScan.id}`)).status).toBe(404);
    const scans = await operator.get('/api/v1/scans');
    expect(scans.body.items.map((s: { id: number }) => s.id)).toEqual([res.scans]);
    expect((await operator.get(`/api/v1/batches/${res.batches}`)).status).toBe(404);
  });

  it('another organisation that uploads the same package sees its scan, app, findings and the app’s company', async () => {
    const up = await bj.upload(corpusFile('android-apidemos'));
    expect(up.status, up.text).toBe(200);
    expect(up.body.scan.id).toBe(res.scans);
    for (const kind of ['scans', 'apps', 'versions', 'findings', 'companies']) expect((await bj.get(`/api/v1/${kind}/${res[kind]}`)).status, kind).toBe(200);
    const finding = await bj.get(`/api/v1/findings/${res.findings}`);
    const lists: [string, string, number | string][] = [
      ['/api/v1/scans', 'id', res.scans!],
      ['/api/v1/apps', 'id', res.apps!],
      ['/api/v1/companies', 'id', res.companies!],
      ['/api/v1/findings?limit=500', 'id', res.findings!],
      [`/api/v1/findings?limit=500&ruleId=${finding.body.ruleId}`, 'id', res.findings!],
      [`/api/v1/findings?limit=500&severity=${finding.body.severity}&ruleId=${finding.body.ruleId}`, 'id', res.findings!],
    ];
    for (const [url, key, id] of lists) expect((await bj.get(url)).body.items.map((x: Record<string, unknown>) => x[key]), url).toContain(id);
    // Its own review state, not Guangdong's.
    expect(finding.body.review.state).toBe('open');
  });

  it('rate-limits failed sign-ins, and a revoked token stops working', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) last = (await p.admin.post('/api/v1/auth/login', { email: 'bj@example.cn', password: 'wrong password' })).status;
    expect(last).toBe(429);
    const made = await gd.post('/api/v1/tokens', { name: 'short-lived' });
    const temp = gd.as(made.body.token);
    expect((await temp.get('/api/v1/me')).status).toBe(200);
    expect((await gd.request('DELETE', `/api/v1/tokens/${made.body.id}`)).status).toBe(200);
    expect((await temp.get('/api/v1/me')).status).toBe(401);
    const audit = await gd.get('/api/v1/audit');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['token.create', 'token.revoke', 'finding.review', 'app.update', 'company.create']));
  });
});
