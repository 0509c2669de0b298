/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// The web console end to end, as a person uses it: a real `piscope serve` on a fresh data folder, a real
// corpus APK uploaded through the API into a batch, and Debian's Chromium (never a downloaded browser) that
// signs in with the token, opens the batch, the app record and a finding, confirms it from the keyboard;
// the review is then read back through the API; a notice published on it is opened with its annex. Screenshots go to .cache/console/ to be looked at.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, fixtureApk } from '../../test/helpers/paths.ts';
import { Client } from './testing/client.ts';
import { ROOT, serve, type Proc } from './testing/processes.ts';

const CHROMIUM = '/usr/bin/chromium';
const FDROID = join(ROOT, '..', 'shared', 'corpus', 'fdroid', 'repo');
const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const TOKEN = 'e2e-console-token-0123456789';
const SHOTS = join(ROOT, '.cache', 'console');
/** Waits on a loaded 2-core machine: the page's answers come when they come. */
const POLL = { timeout: 30_000, interval: 200 };

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(FDROID) || !existsSync(REAL))('the web console in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-console-e2e-'));
  let server: (Proc & { url: string }) | null = null;
  let browser: BrowserContext | null = null;
  let page: Page;
  let client: Client;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The console as the sources say now (npm ci built it once; a stale build would test old code).
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'console-build.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    server = await serve(['--port', '0', '--workers', '1'], { cwd: dir, env: { PISCOPE_BOOTSTRAP_TOKEN: TOKEN } });
    client = new Client(server.url, TOKEN);
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    const origin = new URL(server.url).origin;
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (server !== null) await server.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, opens the batch, the app record and a finding, and confirms the finding from the keyboard', async () => {
    const up = await client.upload(corpusFile('appium-settings'), `?batch=${encodeURIComponent('2026-粤-端到端')}`);
    expect(up.status, up.text).toBe(201);
    const scan = (await client.waitScan(Number(up.body.scan.id))) as { status: string; appId: number; findingCount: number };
    expect(scan.status).toBe('done');

    // Sign-in, in Chinese by default.
    await page.goto(server!.url);
    await page.getByLabel('API 令牌').fill(TOKEN);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('org').textContent(), POLL).toContain('国家级');
    await page.getByRole('heading', { name: '仪表盘' }).waitFor();
    await page.getByText('问题（按规则）').waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard.png') });
    // A figure opens the list behind it: the findings of this organisation, served by the same filter.
    await page.getByText('问题总数').click();
    await page.getByRole('heading', { name: '问题清单' }).waitFor();
    await expect.poll(() => page.getByRole('row').count(), POLL).toBe(scan.findingCount + 1);

    // The batch: its scan done, with its findings and its app.
    await page.getByRole('menuitem', { name: '检测批次' }).click();
    await page.getByRole('link', { name: '2026-粤-端到端' }).click();
    const row = page.getByRole('row').filter({ hasText: 'settings_apk-debug.apk' });
    await row.getByText('已完成').waitFor();
    await expect.poll(() => page.getByTestId('count-done').textContent(), POLL).toContain('1');
    await page.screenshot({ path: join(SHOTS, 'batch.png') });

    // A batch made in the console from an upload: the same bytes find the same scan, so no second scan runs.
    await page.getByRole('link', { name: '检测批次' }).click();
    await page.getByLabel('批次名称').fill('2026-粤-控制台');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByRole('heading', { name: /2026-粤-控制台/ }).waitFor();
    await page.getByLabel('上传安装包').setInputFiles(corpusFile('appium-settings'));
    await page.getByText('相同安装包已检测过，沿用原检测结果').waitFor();
    const again = page.getByRole('row').filter({ hasText: 'settings_apk-debug.apk' });
    await again.getByText('已完成').waitFor();
    await again.getByRole('link', { name: `#${scan.appId}` }).click();

    // The app record: its one version, each finding new in it.
    await page.getByText('各版本问题对比').waitFor();
    await page.getByText('io.appium.settings').first().waitFor();
    const findings = await client.get(`/api/v1/findings?appId=${scan.appId}&ruleId=beyond-necessary-scope`);
    expect(findings.body.items.length).toBe(1);
    const finding = findings.body.items[0];
    const matrixRow = page.getByRole('row').filter({ hasText: finding.title.zh });
    await matrixRow.getByText('新增').waitFor();
    await page.screenshot({ path: join(SHOTS, 'app.png') });
    await matrixRow.getByRole('link', { name: finding.title.zh }).click();

    // The review: the call path with each method's owner, the manifest line, then C, a reason, Enter.
    await page.getByTestId('finding-title').filter({ hasText: finding.title.zh }).waitFor();
    await page.getByText('调用链').first().waitFor();
    expect(await page.getByTestId('call-step').count()).toBeGreaterThan(1);
    await page.getByTestId('call-step').filter({ hasText: '应用自身' }).first().waitFor();
    await page.getByTestId('manifest-evidence').first().waitFor();
    expect(await page.getByTestId('manifest-evidence').first().textContent()).toContain('uses-permission');
    await page.getByTestId('finding-title').click();
    await page.keyboard.press('c');
    const reason = page.getByLabel('原因');
    await expect.poll(() => reason.evaluate((el) => el === el.ownerDocument.activeElement), POLL).toBe(true);
    expect(await reason.inputValue()).toBe('');
    await page.keyboard.type('定位权限与工具类应用的基本功能无关，已人工核实');
    await page.keyboard.press('Enter');
    await page.getByText('审核结论已保存').waitFor();
    await page.getByTestId('review-state').getByText('已确认').waitFor();
    await page.screenshot({ path: join(SHOTS, 'review.png') });

    // Stored, as the API says.
    const stored = await client.get(`/api/v1/findings/${finding.id}`);
    expect(stored.body.review.state).toBe('confirmed');
    const history = await client.get(`/api/v1/findings/${finding.id}/history`);
    expect(history.body.items).toEqual([expect.objectContaining({ state: 'confirmed', reason: '定位权限与工具类应用的基本功能无关，已人工核实' })]);

    // The English switch, and the same page in English.
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByText('Review history').waitFor();
    await page.getByTestId('review-state').getByText('confirmed').waitFor();
    await page.screenshot({ path: join(SHOTS, 'review-en.png') });

    // A notice on the confirmed finding, drafted and published by an inspector (four eyes: not the confirmer),
    // then read in the console: the annex from the frozen document, the deadline, the HTML download, and the
    // app's workflow state on its record.
    const u = await client.post('/api/v1/users', { name: 'inspector', email: 'inspector@example.cn', password: 'correct horse battery', roles: ['inspector'] });
    expect(u.status, u.text).toBe(201);
    const login = await client.post('/api/v1/auth/login', { email: 'inspector@example.cn', password: 'correct horse battery' });
    const inspector = client.as(String(login.body.token));
    const draft = await inspector.post('/api/v1/notices', { batchId: up.body.batchId, kind: 'public', appIds: [scan.appId] });
    expect(draft.status, draft.text).toBe(201);
    const published = await inspector.post(`/api/v1/notices/${draft.body.id}/publish`, { issueDate: '2026-09-24', workingDays: 5 });
    expect(published.status, published.text).toBe(200);
    const doc = await client.get(`/api/v1/notices/${draft.body.id}/document`);
    expect(doc.body.rows.length).toBe(1);
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByRole('menuitem', { name: '通报管理' }).click();
    await page.getByRole('link', { name: published.body.title }).click();
    await expect.poll(() => page.getByTestId('notice-deadline').textContent(), POLL).toBe(published.body.deadline);
    await page.getByText('附件：问题应用清单').waitFor();
    const annexRow = page.getByRole('row').filter({ hasText: doc.body.rows[0].appName }).filter({ hasText: doc.body.rows[0].problems[0] });
    await annexRow.first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'notice.png') });
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-html').click()]);
    expect(html.suggestedFilename()).toBe(`notice-${draft.body.id}.html`);
    await page.getByRole('row').filter({ hasText: 'io.appium.settings' }).getByRole('link').first().click();
    await page.getByText('整改流程').waitFor();
    await page.getByTestId('workflow-state').filter({ hasText: '已通报' }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'app-workflow.png') });

    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    // A scan and a browser on a shared 2-core machine: more than the default two minutes.
  }, 420_000);
  it('drafts and publishes a notice in the editor, tracks the rectification to a takedown draft, and shows the company and its SDKs', async () => {
    const pw = 'correct horse battery';
    const company = await client.post('/api/v1/companies', { name: '北京示例科技有限公司', creditCode: '91110108MA01ABCD2X' });
    expect(company.status, company.text).toBe(201);
    const companyId = Number(company.body.id);
    for (const [email, roles] of [['reviewer@example.cn', ['reviewer']], ['operator@example.cn', ['operator']]] as const) {
      const u = await client.post('/api/v1/users', { name: email.split('@')[0], email, password: pw, roles, ...(roles[0] === 'operator' ? { companyId } : {}) });
      expect(u.status, u.text).toBe(201);
    }
    const tokenOf = async (email: string): Promise<string> => String((await client.post('/api/v1/auth/login', { email, password: pw })).body.token);
    const [inspectorToken, reviewerToken, operatorToken] = [await tokenOf('inspector@example.cn'), await tokenOf('reviewer@example.cn'), await tokenOf('operator@example.cn')];
    const inspector = client.as(inspectorToken);
    const reviewer = client.as(reviewerToken);

    // A batch of three real packages of one company: the platform-v1 fixture, F-Droid's politedroid 3 and
    // JPush's example app (its findings owned by the JPush SDK), each listed on a store.
    const batch = await inspector.post('/api/v1/batches', { name: '2026-京-整改跟踪', year: 2026 });
    expect(batch.status, batch.text).toBe(201);
    const apps: Record<string, { appId: number; scanId: number; packageName: string; name: string }> = {};
    for (const [key, file, store] of [
      ['fixture', fixtureApk('platform-v1'), '应用宝'],
      ['polite', join(FDROID, 'com.politedroid_3.apk'), '华为应用市场'],
      ['jpush', join(REAL, 'jpush-example-debug.apk'), '小米应用商店'],
    ] as const) {
      const up = await inspector.upload(file, `?batchId=${batch.body.id}`);
      expect(up.status, up.text).toBe(201);
      const s = (await client.waitScan(Number(up.body.scan.id))) as { status: string; appId: number; id: number };
      expect(s.status).toBe('done');
      const a = await client.get(`/api/v1/apps/${s.appId}`);
      apps[key] = { appId: s.appId, scanId: s.id, packageName: String(a.body.packageName), name: String(a.body.name ?? a.body.packageName) };
      expect((await client.request('PATCH', `/api/v1/apps/${s.appId}`, { companyId, reason: 'filing record' })).status).toBe(200);
      expect((await client.post(`/api/v1/apps/${s.appId}/listings`, { store, url: `https://store.example.cn/${s.appId}` })).status).toBe(201);
    }
    // The reviewer confirms the fixture's and politedroid's findings (the dual-lists one is a false positive).
    const queue = await reviewer.get(`/api/v1/batches/${batch.body.id}/review-queue?limit=500`);
    for (const f of queue.body.items.filter((x: any) => x.appId !== apps.jpush!.appId)) {
      const state = f.ruleId === 'no-dual-lists' ? 'false_positive' : 'confirmed';
      expect((await reviewer.post(`/api/v1/findings/${f.id}/review`, { state, reason: '已人工核实证据' })).status).toBe(200);
    }
    const rules = new Map<string, any>((await client.get('/api/v1/rules')).body.items.map((r: any) => [r.id, r]));

    const signIn = async (tok: string, expectOrg = '国家级') => {
      if ((await page.getByRole('button', { name: /退\s*出/ }).count()) > 0) await page.getByRole('button', { name: /退\s*出/ }).click();
      await page.getByLabel('API 令牌').fill(tok);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await expect.poll(() => page.getByTestId('org').textContent(), POLL).toContain(expectOrg);
    };
    await signIn(inspectorToken);

    // The notice editor: the batch, the apps with confirmed findings, a draft.
    await page.getByRole('menuitem', { name: '通报管理' }).click();
    await page.getByTestId('new-notice').click();
    await page.getByLabel('选择批次').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2026-京-整改跟踪' }).click();
    for (const key of ['fixture', 'polite'] as const) await page.getByRole('row').filter({ hasText: apps[key]!.packageName }).getByRole('checkbox').check();
    expect(await page.getByRole('row').filter({ hasText: apps.jpush!.packageName }).count()).toBe(0); // nothing confirmed
    await page.getByText('已选 2 个应用').first().waitFor();
    await page.getByTestId('draft-notice').click();
    await page.getByTestId('draft-editor').waitFor();
    const noticeId = Number(/\/notices\/(\d+)/.exec(page.url())![1]);
    const draft = (await inspector.get(`/api/v1/notices/${noticeId}`)).body;
    expect(draft.status).toBe('draft');
    // Findings named by their Chinese titles (not rule ids), the annex's 所涉问题 in Chinese categories.
    const fixtureFindings = draft.apps.find((a: any) => a.appId === apps.fixture!.appId).findings;
    expect(fixtureFindings.map((f: any) => f.ruleId).sort()).toEqual(['contradicts-policy', 'undeclared-data-type']);
    for (const f of fixtureFindings) await page.getByTestId('draft-finding').filter({ hasText: rules.get(f.ruleId).title.zh }).waitFor();
    expect(await page.getByTestId('draft-editor').textContent()).not.toContain('undeclared-data-type');
    let doc = (await inspector.get(`/api/v1/notices/${noticeId}/document`)).body;
    expect(doc.rows).toHaveLength(2);
    for (const r of doc.rows) for (const c of r.problems) expect(c).toMatch(/[\u4e00-\u9fff]/);
    await page.getByRole('row').filter({ hasText: doc.rows[1].appName }).filter({ hasText: doc.rows[1].problems[0] }).first().waitFor();
    // Leave the policy contradiction out: the annex follows.
    const dropped = fixtureFindings.find((f: any) => f.ruleId === 'contradicts-policy');
    await page.getByRole('button', { name: `移除该问题 contradicts-policy` }).click();
    await page.getByText('已保存').first().waitFor();
    await expect.poll(async () => (await inspector.get(`/api/v1/notices/${noticeId}`)).body.apps.find((a: any) => a.appId === apps.fixture!.appId).findings.length, POLL).toBe(1);
    expect((await inspector.get(`/api/v1/findings/${dropped.findingId}`)).body.review.state).toBe('confirmed');
    doc = (await inspector.get(`/api/v1/notices/${noticeId}/document`)).body;
    expect(doc.rows.find((r: any) => r.appName === apps.fixture!.name).problems).toEqual(rules.get('undeclared-data-type').categories);
    // The dates: the API computes the deadline on the official calendar and the editor shows it.
    await page.getByLabel('发文日期').fill('2026-09-24');
    await page.getByLabel('整改时限（工作日）').fill('5');
    await expect.poll(() => page.getByTestId('computed-deadline').textContent(), POLL).toBe('2026-10-09');
    await page.screenshot({ path: join(SHOTS, 'notice-editor.png'), fullPage: true });
    await page.getByTestId('preview').click();
    // The server's HTML rendering of the draft, shown in a sandboxed frame (no script, no same-origin access).
    await expect.poll(() => page.getByTestId('preview-frame').getAttribute('srcdoc'), POLL).toContain(draft.title);
    const shown = (await page.getByTestId('preview-frame').getAttribute('srcdoc')) ?? '';
    expect(shown).toContain(rules.get('undeclared-data-type').categories[0]);
    // With the dates set above: the date line and the deadline sentence, while the notice stays a draft.
    expect(shown).toContain('2026年9月24日');
    expect(shown).toContain('2026年10月9日前完成整改');
    await page.screenshot({ path: join(SHOTS, 'notice-preview.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await page.getByTestId('publish').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('通报已发布').first().waitFor();
    await expect.poll(() => page.getByTestId('notice-deadline').textContent(), POLL).toBe('2026-10-09');
    const published = (await inspector.get(`/api/v1/notices/${noticeId}`)).body;
    expect(published).toMatchObject({ status: 'published', issueDate: '2026-09-24', workingDays: 5, deadline: '2026-10-09' });
    // Published findings by title, never by rule id.
    await page.getByRole('row').filter({ hasText: apps.polite!.packageName }).getByTestId('rule-title').first().waitFor();
    expect(await page.getByRole('row').filter({ hasText: apps.polite!.packageName }).textContent()).not.toContain('no-privacy-policy');
    // PDF and DOCX a click away, rendered by the API.
    for (const [format, magic] of [['pdf', '%PDF'], ['docx', 'PK']] as const) {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(`download-${format}`).click()]);
      expect(dl.suggestedFilename()).toBe(`notice-${noticeId}.${format}`);
      expect(readFileSync((await dl.path())).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    await page.screenshot({ path: join(SHOTS, 'notice-published.png'), fullPage: true });

    // The tracker: both apps notified, with the working-day countdown the API computed.
    await page.getByRole('menuitem', { name: '整改跟踪' }).click();
    const tracked = (await inspector.get('/api/v1/workflow/apps?state=notified')).body.items;
    const politeRow = tracked.find((w: any) => w.appId === apps.polite!.appId);
    expect(politeRow).toMatchObject({ state: 'notified', deadline: '2026-10-09', publicNoticeId: noticeId });
    const countdown = page.getByRole('row').filter({ hasText: apps.polite!.packageName }).getByTestId('countdown');
    const left = politeRow.workingDaysLeft as number | null;
    if (left !== null) await expect.poll(() => countdown.textContent(), POLL).toBe(left > 0 ? `剩余 ${left} 个工作日` : left === 0 ? '今日截止' : `已逾期 ${-left} 个工作日`);
    await page.screenshot({ path: join(SHOTS, 'tracker.png'), fullPage: true });

    // The operator's portal: its company's apps and notices; it submits the fixed version, the re-test decides.
    await signIn(operatorToken, '');
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['整改跟踪', '通报管理', '应用档案']);
    const opRow = page.getByRole('row').filter({ hasText: apps.fixture!.packageName });
    await opRow.getByTestId('submit-fix').waitFor();
    await page.getByLabel(`提交整改版本 ${apps.fixture!.packageName}`).setInputFiles(fixtureApk('platform-v2'));
    await page.getByText('提交整改版本').last().waitFor();
    await expect.poll(async () => (await inspector.get(`/api/v1/rectifications?appId=${apps.fixture!.appId}`)).body.items.length, POLL).toBe(1);
    await opRow.getByRole('button', { name: '展开行' }).click();
    await page.getByTestId('rect-status').filter({ hasText: '已整改' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('submission').getByText('已修复').first().waitFor();
    // What to fix and the clause, for the notice's finding the operator answers.
    const toFix = page.getByTestId('to-fix-item').filter({ hasText: rules.get('undeclared-data-type').title.zh });
    await toFix.getByText(rules.get('undeclared-data-type').description.zh).waitFor();
    await toFix.getByText(rules.get('undeclared-data-type').clauseTexts[0].title, { exact: false }).first().waitFor();
    const rect = (await inspector.get(`/api/v1/rectifications?appId=${apps.fixture!.appId}`)).body.items[0];
    expect(rect.status).toBe('rectified');
    await page.screenshot({ path: join(SHOTS, 'operator-tracker.png'), fullPage: true });

    // Past the deadline: the overdue app is one action from its takedown draft (the check re-checks it first).
    await signIn(inspectorToken);
    await page.getByRole('menuitem', { name: '整改跟踪' }).click();
    await page.getByRole('row').filter({ hasText: apps.polite!.packageName }).getByTestId('draft-takedown').click();
    await page.getByText(/到期检查完成/).waitFor({ timeout: 120_000 });
    const wf = (await inspector.get(`/api/v1/apps/${apps.polite!.appId}/workflow`)).body.items[0];
    expect(wf.state).toBe('overdue');
    expect((await client.waitScan(Number(wf.recheckScanId))).status).toBe('done');
    await page.getByText('逾期未整改').first().click();
    const overdueRow = page.getByRole('row').filter({ hasText: apps.polite!.packageName });
    await overdueRow.getByTestId('draft-takedown').click();
    await overdueRow.getByTestId('open-takedown').click({ timeout: 120_000 });
    await page.getByTestId('draft-editor').waitFor();
    const takedown = (await inspector.get(`/api/v1/notices/${Number(/\/notices\/(\d+)/.exec(page.url())![1])}`)).body;
    expect(takedown).toMatchObject({ kind: 'takedown', status: 'draft', sourceNoticeId: noticeId, addressees: ['华为应用市场'] });
    expect(takedown.apps.map((a: any) => a.appId)).toEqual([apps.polite!.appId]);
    await page.getByText('下架通报').first().waitFor();
    await page.getByText('主送').first().waitFor();
    await page.getByText('华为应用市场').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'takedown-draft.png'), fullPage: true });

    // The company record: apps, notices and escalations, credit records, and the signals.
    const credit = await inspector.post(`/api/v1/companies/${companyId}/credit-records`, { kind: 'penalised', decisionDate: '2026-11-02', reason: '逾期未整改侵害用户权益行为', authority: '北京市通信管理局', noticeIds: [noticeId] });
    expect(credit.status, credit.text).toBe(201);
    await page.getByRole('menuitem', { name: '开发运营者' }).click();
    await page.getByRole('link', { name: '北京示例科技有限公司' }).click();
    await page.getByText('91110108MA01ABCD2X').first().waitFor();
    await page.getByText('行政处罚').first().waitFor();
    await page.getByText('逾期未整改侵害用户权益行为').first().waitFor();
    const signals = (await inspector.get(`/api/v1/companies/${companyId}/repeat-offences`)).body;
    await expect.poll(() => page.getByTestId('spread').locator('tbody tr.ant-table-row').count(), POLL).toBe(signals.spread.length);
    await expect.poll(() => page.getByTestId('recidivism').locator('tbody tr.ant-table-row').count(), POLL).toBe(signals.recidivism.length);
    for (const key of ['fixture', 'polite', 'jpush'] as const) await page.getByText(apps[key]!.packageName).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'company.png'), fullPage: true });

    // The SDK view: JPush's findings across its apps and companies, each opening the findings behind it.
    await page.getByRole('menuitem', { name: 'SDK 分析' }).click();
    const sdks = (await inspector.get('/api/v1/repeat-offenders/sdks?minCompanies=1&limit=100')).body.items;
    const jpush = sdks.find((r: any) => r.sdk === 'jpush');
    expect(jpush, JSON.stringify(sdks)).toMatchObject({ companies: 1, apps: 1 });
    await expect.poll(() => page.getByTestId('sdk-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(sdks.length);
    const sdkRow = page.getByTestId('sdk-table').getByRole('row').filter({ hasText: rules.get(jpush.ruleId).title.zh }).first();
    await sdkRow.waitFor();
    await page.screenshot({ path: join(SHOTS, 'sdks.png'), fullPage: true });
    // The same view in English.
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByRole('heading', { name: 'SDKs' }).waitFor();
    await page.getByRole('columnheader', { name: 'Companies' }).waitFor();
    await page.getByTestId('sdk-table').getByText(rules.get(jpush.ruleId).title.en).first().waitFor();
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByRole('heading', { name: 'SDK 分析' }).waitFor();
    await sdkRow.getByRole('link', { name: rules.get(jpush.ruleId).title.zh }).click();
    await page.getByRole('heading', { name: '问题清单' }).waitFor();
    const behind = (await inspector.get(`/api/v1/findings?owner=sdk:jpush&ruleId=${jpush.ruleId}&limit=500`)).body.items.length;
    expect(behind).toBeGreaterThan(0);
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count(), POLL).toBe(behind);

    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
