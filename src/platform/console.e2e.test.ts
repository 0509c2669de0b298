/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- JSON replies of the API are untyped here; the assertions check their shape. */
// The web console end to end, as a person uses it: a real `piscope serve` on a fresh data folder, a real
// corpus APK uploaded through the API into a batch, and Debian's Chromium (never a downloaded browser) that
// signs in with the token, opens the batch, the app record and a finding, confirms it from the keyboard;
// the review is then read back through the API; a notice published on it is opened with its annex. Screenshots go to .cache/console/ to be looked at.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test/helpers/paths.ts';
import { Client } from './testing/client.ts';
import { ROOT, serve, type Proc } from './testing/processes.ts';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'e2e-console-token-0123456789';
const SHOTS = join(ROOT, '.cache', 'console');
/** Waits on a loaded 2-core machine: the page's answers come when they come. */
const POLL = { timeout: 30_000, interval: 200 };

describe.skipIf(!existsSync(CHROMIUM))('the web console in Chromium', () => {
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
});
