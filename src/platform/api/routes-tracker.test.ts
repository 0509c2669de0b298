/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// The routes the console's notice editor and rectification tracker read, on SQLite and PostgreSQL with the
// platform-v1 fixture APK: the rules with their 所涉问题, the deadline before publication, a draft's findings
// left out one by one (never the last), and the tracker's rows with their working-day countdown, scoped to
// the organisation and to the operator's company.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk } from '../../../test/helpers/paths.ts';
import type { Client } from '../testing/client.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../testing/harness.ts';
import { beijingToday } from './routes-workflow.ts';
import { workingDaysBetween } from '../workflow/working-days.ts';

describe.each(BACKENDS)('tracker and editor routes on %s', (backend) => {
  let p: TestPlatform;
  let reviewer: Client;
  let inspector: Client;
  let operator: Client;
  let other: Client;
  const ids: Record<string, any> = {};

  const login = async (email: string): Promise<Client> => {
    const r = await p.admin.post('/api/v1/auth/login', { email, password: 'correct horse battery' });
    expect(r.status, r.text).toBe(200);
    return p.admin.as(r.body.token);
  };

  beforeAll(async () => {
    p = await startTestPlatform(backend);
    const company = await p.admin.post('/api/v1/companies', { name: '示例科技有限公司' });
    ids.company = company.body.id;
    const gd = await p.admin.post('/api/v1/orgs', { name: '广东省', code: 'GD', level: 'provincial' });
    const users: [string, string[], Record<string, unknown>][] = [
      ['reviewer@example.cn', ['reviewer'], {}],
      ['inspector@example.cn', ['inspector'], {}],
      ['operator@example.cn', ['operator'], { companyId: ids.company }],
      ['gd@example.cn', ['inspector', 'reviewer'], { orgId: gd.body.id }],
    ];
    for (const [email, roles, extra] of users) expect((await p.admin.post('/api/v1/users', { name: email, email, password: 'correct horse battery', roles, ...extra })).status).toBe(201);
    reviewer = await login('reviewer@example.cn');
    inspector = await login('inspector@example.cn');
    operator = await login('operator@example.cn');
    other = await login('gd@example.cn');
    const batch = await inspector.post('/api/v1/batches', { name: '2026-tracker', year: 2026 });
    ids.batch = batch.body.id;
    const up = await inspector.upload(fixtureApk('platform-v1'), `?batchId=${ids.batch}`);
    expect(up.status, up.text).toBe(201);
    const scan = await inspector.waitScan(up.body.scan.id);
    expect(scan.status).toBe('done');
    ids.app = scan.appId;
    expect((await p.admin.request('PATCH', `/api/v1/apps/${ids.app}`, { companyId: ids.company, reason: 'filing record' })).status).toBe(200);
    const queue = await reviewer.get(`/api/v1/batches/${ids.batch}/review-queue?limit=500`);
    for (const f of queue.body.items.filter((x: any) => x.ruleId !== 'no-dual-lists')) expect((await reviewer.post(`/api/v1/findings/${f.id}/review`, { state: 'confirmed', reason: 'checked' })).status).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await p.close();
  });

  it('lists the rules with their titles and 所涉问题', async () => {
    const r = await operator.get('/api/v1/rules');
    expect(r.status, r.text).toBe(200);
    const rule = r.body.items.find((x: any) => x.id === 'undeclared-data-type');
    expect(rule.title.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(rule.categories.length).toBeGreaterThan(0);
    expect(rule.categories.every((c: string) => /[\u4e00-\u9fff]/.test(c))).toBe(true);
    // What to fix and the clause it rests on, for the operator.
    expect(rule.description.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(rule.clauseTexts.map((c: any) => c.id)).toEqual(rule.clauses);
    expect(rule.clauseTexts[0].source).toContain('》');
    expect((await p.admin.as('not-a-token').get('/api/v1/rules')).status).toBe(401);
  });

  it('computes the deadline before publication, on the official calendar', async () => {
    const r = await inspector.get('/api/v1/calendar/deadline?issueDate=2026-09-24&workingDays=5');
    expect(r.status, r.text).toBe(200);
    // National Day: 2026-10-01..07 off, so five working days run to the 9th.
    expect(r.body).toEqual({ issueDate: '2026-09-24', workingDays: 5, deadline: '2026-10-09' });
    const outside = await inspector.get('/api/v1/calendar/deadline?issueDate=2031-03-02&workingDays=5');
    expect(outside.status).toBe(422);
    expect(outside.body.detail).toContain('2031');
    expect((await inspector.get('/api/v1/calendar/deadline?issueDate=2026-13-01&workingDays=5')).status).toBe(400);
  });

  it("leaves a draft's findings out one by one, never an app's last", async () => {
    const draft = await inspector.post('/api/v1/notices', { batchId: ids.batch, kind: 'public', appIds: [ids.app] });
    expect(draft.status, draft.text).toBe(201);
    const findings = draft.body.apps[0].findings;
    expect(findings.map((f: any) => f.ruleId).sort()).toEqual(['contradicts-policy', 'undeclared-data-type']);
    const [keep, drop] = findings;
    const unknown = await inspector.request('PATCH', `/api/v1/notices/${draft.body.id}`, { removeFindingIds: [999_999] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toContain('999999');
    const r = await inspector.request('PATCH', `/api/v1/notices/${draft.body.id}`, { removeFindingIds: [drop.findingId], reason: 'only the confirmed data-type finding is notified' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.apps[0].findings.map((f: any) => f.findingId)).toEqual([keep.findingId]);
    const last = await inspector.request('PATCH', `/api/v1/notices/${draft.body.id}`, { removeFindingIds: [keep.findingId] });
    expect(last.status).toBe(422);
    expect(last.body.detail).toContain('remove the app instead');
    expect((await inspector.get(`/api/v1/notices/${draft.body.id}`)).body.apps[0].findings.length).toBe(1);
    // The annex names the remaining finding's problem categories only.
    const doc = await inspector.get(`/api/v1/notices/${draft.body.id}/document`);
    const rules = (await inspector.get('/api/v1/rules')).body.items;
    expect(doc.body.rows[0].problems).toEqual(rules.find((x: any) => x.id === keep.ruleId).categories);
    // The preview of the draft as it would be published: the date line and the deadline sentence, nothing stored.
    const preview = await inspector.get(`/api/v1/notices/${draft.body.id}/document?format=html&issueDate=2026-09-24&workingDays=5`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.text).toContain('2026年9月24日');
    expect(preview.text).toContain('上述APP应于2026年10月9日前完成整改落实工作');
    const plain = await inspector.get(`/api/v1/notices/${draft.body.id}/document?format=html`);
    expect(plain.text).toContain('发文日期待定');
    expect((await inspector.get(`/api/v1/notices/${draft.body.id}`)).body).toMatchObject({ issueDate: null, deadline: null, status: 'draft' });
    expect((await inspector.get(`/api/v1/notices/${draft.body.id}/document?workingDays=5`)).status).toBe(400);
    ids.notice = draft.body.id;
  });

  it('lists the notified app with its working days left, to its organisation and its operator only', async () => {
    const issued = '2026-09-24';
    const pub = await inspector.post(`/api/v1/notices/${ids.notice}/publish`, { issueDate: issued, workingDays: 5 });
    expect(pub.status, pub.text).toBe(200);
    // A published notice's document is frozen: no preview with other dates.
    expect((await inspector.get(`/api/v1/notices/${ids.notice}/document?issueDate=2026-09-25`)).status).toBe(409);
    const r = await inspector.get(`/api/v1/workflow/apps?state=notified&batchId=${ids.batch}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.items).toHaveLength(1);
    const row = r.body.items[0];
    expect(row).toMatchObject({ appId: ids.app, batchId: ids.batch, state: 'notified', publicNoticeId: ids.notice, deadline: '2026-10-09', companyId: ids.company, takedownDraftId: null });
    const today = beijingToday();
    let expected: number | null;
    try {
      expected = today <= '2026-10-09' ? workingDaysBetween(today, '2026-10-09') : -workingDaysBetween('2026-10-09', today);
    } catch {
      expected = null; // today outside the calendar's years
    }
    expect(row.workingDaysLeft).toBe(expected);
    expect((await inspector.get('/api/v1/workflow/apps?state=overdue')).body.items).toEqual([]);
    // Another province sees nothing; the operator sees its company's app.
    expect((await other.get('/api/v1/workflow/apps')).body.items).toEqual([]);
    const own = await operator.get('/api/v1/workflow/apps');
    expect(own.body.items.map((x: any) => x.appId)).toEqual([ids.app]);
    expect((await operator.get(`/api/v1/workflow/apps?companyId=${Number(ids.company) + 1}`)).body.items).toEqual([]);
    // Paged by cursor.
    const first = await inspector.get('/api/v1/workflow/apps?limit=1');
    expect(first.body.items).toHaveLength(1);
  });
});
