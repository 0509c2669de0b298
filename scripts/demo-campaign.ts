// npm run demo:campaign -- [folder]: a whole campaign of a provincial office against a fresh embedded
// platform, only through its HTTP API, on real packages (the npm corpus in .cache/corpus, F-Droid's test
// repository and the real apps in ../shared/corpus). The steps of issue 13: upload a batch, review, urge,
// publish the 通报 (issued 2026-09-24, 5 working days), rectify one app with a real later version of the same
// package, pass the deadline, re-check, issue the 下架通报, record a credit entry, print the statistics. Into the
// folder (default ./campaign-out): each notice as JSON, HTML, PDF and DOCX, and summary.json.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../src/platform/platform.ts';
import { Client } from '../src/platform/testing/client.ts';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- the API's JSON replies are untyped here */

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared', 'corpus');
const out = resolve(process.argv[2] ?? 'campaign-out');

// The platform's own: the State Council's calendar, the cited 164号文 mapping and the outbox.
const CALENDAR_NOTE = 'official: the State Council holiday notices 2019-2026 (src/knowledge/holidays-cn.json)';

const log = (s: string): void => void process.stdout.write(`${s}\n`);

function need(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run corpus' and check ../shared/corpus`);
  return path;
}

/** The batch: real packages, each with the company and stores the office has on file for it. */
const BATCH = [
  { file: join(SHARED, 'fdroid', 'repo', 'com.politedroid_3.apk'), company: '礼貌科技有限公司', creditCode: '91440300MA5ABCDE1X', stores: ['华为应用市场', '小米应用商店'] },
  { file: join(SHARED, 'fdroid', 'repo', 'souch.smsbypass_9.apk'), company: '短信助手网络科技有限公司', creditCode: '91440101MA59XY612K', stores: ['应用宝'] },
  { file: join(SHARED, 'fdroid', 'repo', 'obb.main.oldversion_1444412523.apk'), company: '扩展包软件有限公司', creditCode: null, stores: ['OPPO软件商店'] },
  { file: join(SHARED, 'real-apps', 'files', 'jpush-example-debug.apk'), company: '推送示例科技有限公司', creditCode: null, stores: ['vivo应用商店'] },
  { file: join(ROOT, '.cache', 'corpus', 'android-apidemos', 'ApiDemos-debug.apk'), company: '演示应用有限公司', creditCode: null, stores: ['华为应用市场'] },
];
/** The real later version of the same package that politedroid's operator submits. */
const FIX = join(SHARED, 'fdroid', 'repo', 'com.politedroid_4.apk');

async function ok(r: Promise<{ status: number; text: string; body: any }>, want: number[] = [200, 201]): Promise<any> {
  const x = await r;
  if (!want.includes(x.status)) throw new Error(`HTTP ${x.status}: ${x.text}`);
  return x.body;
}

async function main(): Promise<void> {
  for (const b of BATCH) need(b.file);
  need(FIX);
  mkdirSync(out, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'piscope-campaign-'));
  const token = `campaign-${randomBytes(16).toString('hex')}`;
  const running = await startServer({ data, port: 0, workers: 1, bootstrapToken: token, workflowCheckMs: 0 });
  try {
    const admin = new Client(running.url, token);
    log(`platform: ${running.url} (data in ${data})`);
    const login = async (email: string): Promise<Client> => admin.as((await ok(admin.post('/api/v1/auth/login', { email, password: 'correct horse battery' }))).token);
    // The provincial office and its people: an administrator, a reviewer and an inspector (four eyes).
    const gd = await ok(admin.post('/api/v1/orgs', { name: '广东省通信管理局', code: 'GD', level: 'provincial' }));
    const user = async (email: string, roles: string[], companyId?: number): Promise<Client> => {
      await ok(admin.post('/api/v1/users', { name: email, email, password: 'correct horse battery', roles, orgId: gd.id, ...(companyId === undefined ? {} : { companyId }) }));
      return login(email);
    };
    const office = await user('admin@gd.example.cn', ['admin']);
    const reviewer = await user('reviewer@gd.example.cn', ['reviewer']);
    const inspector = await user('inspector@gd.example.cn', ['inspector']);

    // 1. Upload a batch of real apps.
    const batch = await ok(inspector.post('/api/v1/batches', { name: '2026年APP专项检测', year: 2026 }));
    const apps: any[] = [];
    for (const b of BATCH) {
      const up = await ok(inspector.upload(b.file, `?batchId=${batch.id}`));
      const scan = await inspector.waitScan(up.scan.id);
      if (scan.status !== 'done') throw new Error(`${b.file}: scan ${scan.status} ${scan.error ?? ''}`);
      const company = await ok(office.post('/api/v1/companies', { name: b.company, ...(b.creditCode === null ? {} : { creditCode: b.creditCode }) }));
      await ok(office.request('PATCH', `/api/v1/apps/${scan.appId}`, { companyId: company.id, reason: 'APP备案 record' }));
      for (const store of b.stores) await ok(office.post(`/api/v1/apps/${scan.appId}/listings`, { store, url: `https://store.example.cn/app/${scan.appId}` }));
      apps.push({ appId: scan.appId, companyId: company.id, company: b.company, file: b.file, scanId: scan.id, findings: scan.findingCount });
      log(`1. uploaded ${b.file.split('/').pop()}: app ${scan.appId}, ${scan.findingCount} findings`);
    }

    // 2. Review: the reviewer decides on each finding's evidence (the demo's reviewer confirms each one that shows any).
    let cursor: string | null = null;
    let confirmed = 0;
    do {
      const page: any = await ok(reviewer.get(`/api/v1/batches/${batch.id}/review-queue?limit=200${cursor === null ? '' : `&cursor=${cursor}`}`));
      for (const f of page.items) {
        const e = f.evidence as { callPaths: unknown[]; manifest: unknown[]; policy: unknown[]; other: unknown[] };
        const shown = e.callPaths.length + e.manifest.length + e.policy.length + e.other.length > 0;
        await ok(reviewer.post(`/api/v1/findings/${f.id}/review`, shown ? { state: 'confirmed', reason: 'evidence checked' } : { state: 'false_positive', reason: 'no evidence to show' }));
        if (shown) confirmed++;
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    log(`2. reviewed: ${confirmed} findings confirmed`);

    // 3. Urge (督促), privately.
    const urge = await ok(inspector.post('/api/v1/notices', { batchId: batch.id, kind: 'urge' }));
    await ok(inspector.post(`/api/v1/notices/${urge.id}/publish`, { issueDate: '2026-09-10', workingDays: 5 }));
    log(`3. urged ${urge.apps.length} apps (notice ${urge.id})`);

    // 4. The 通报, issued 2026-09-24 with 5 working days.
    const draft = await ok(inspector.post('/api/v1/notices', { batchId: batch.id, kind: 'public' }));
    const pub = await ok(inspector.post(`/api/v1/notices/${draft.id}/publish`, { issueDate: '2026-09-24', workingDays: 5 }));
    log(`4. 通报 ${pub.id}: ${pub.apps.length} apps, issued ${pub.issueDate}, deadline ${pub.deadline}`);

    // 5. politedroid's operator submits its real later version.
    const polite = apps[0];
    const operator = await user('operator@politedroid.example.cn', ['operator'], polite.companyId);
    const fix = await ok(operator.upload(FIX));
    let rect = await ok(operator.post('/api/v1/rectifications', { noticeId: pub.id, appId: polite.appId, sha256: fix.package.sha256, reason: 'version 1.3' }));
    while (rect.status === 'pending') {
      await new Promise((r) => setTimeout(r, 300));
      rect = await ok(operator.get(`/api/v1/rectifications/${rect.id}`));
    }
    log(`5. rectification ${rect.id}: ${rect.status}; ${rect.diff?.noticeFindings.map((f: any) => `${f.ruleId} ${f.status}`).join(', ')}; new: ${rect.diff?.new.length ?? 0}`);

    // 6. The deadline passes; 7. the re-check runs through the queue.
    const dayAfter = new Date(Date.parse(`${pub.deadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const check = await ok(inspector.post('/api/v1/workflow/check', { asOf: dayAfter }));
    log(`6. as of ${dayAfter}: ${check.overdue.length} apps overdue`);
    for (const o of check.overdue) await inspector.waitScan(o.recheckScanId);
    const recheck = await ok(inspector.post('/api/v1/workflow/check', { asOf: dayAfter }));
    log(`7. re-checked: ${recheck.takedownDrafts.length} takedown draft(s); passed: ${recheck.recheckPassed.length}; failed scans: ${recheck.recheckFailed.length}`);

    // 8. The 下架通报 to the stores, and their confirmations.
    const notices = [urge.id, pub.id];
    for (const id of recheck.takedownDrafts) {
      const td = await ok(inspector.post(`/api/v1/notices/${id}/publish`, { issueDate: dayAfter }));
      notices.push(td.id);
      for (const a of td.apps) {
        const listed = await ok(inspector.get(`/api/v1/apps/${a.appId}`));
        for (const l of listed.listings) await ok(inspector.post(`/api/v1/notices/${td.id}/confirmations`, { appId: a.appId, store: l.store, confirmedOn: dayAfter, reference: `${l.store}下架回执` }));
      }
      log(`8. 下架通报 ${td.id}: ${td.apps.length} apps, to ${td.addressees.join('、')}`);
    }

    // 9. A credit entry on politedroid's company, resting on the notices that name it.
    const grounds = [];
    for (const id of notices) {
      const n = await ok(inspector.get(`/api/v1/notices/${id}`));
      if (n.kind !== 'urge' && n.apps.some((a: any) => a.appId === polite.appId)) grounds.push(id);
    }
    const penalty = await ok(office.post(`/api/v1/companies/${polite.companyId}/credit-records`, { kind: 'penalised', decisionDate: '2026-10-20', reason: '逾期未完成整改，经核查复检仍存在违规收集个人信息问题', authority: '广东省通信管理局', noticeIds: grounds, licenceNo: '粤B2-20260001' }));
    const listing = await ok(office.post(`/api/v1/companies/${polite.companyId}/credit-records`, { kind: 'credit_listed', decisionDate: '2026-11-05', reason: '受到行政处罚', authority: '广东省通信管理局', noticeIds: grounds, penaltyId: penalty.id }));
    log(`9. credit: penalty ${penalty.id} (${penalty.decisionDate}), listing ${listing.id} (${listing.decisionDate}, due by ${penalty.listingDueBy})`);

    // 10. Statistics.
    const stats = await ok(inspector.get(`/api/v1/workflow/statistics?batchId=${batch.id}`));
    log(`10. statistics: ${JSON.stringify(stats.items[0]?.states ?? {})}`);

    // The folder: each notice's document and the summary.
    const summary: any = { calendar: CALENDAR_NOTE, batch, apps: [], notices: [], rectifications: [rect], credit: [penalty, listing], statistics: stats.items };
    for (const a of apps) {
      const wf = await ok(inspector.get(`/api/v1/apps/${a.appId}/workflow`));
      const app = await ok(inspector.get(`/api/v1/apps/${a.appId}`));
      summary.apps.push({ appId: a.appId, packageName: app.packageName, name: app.name, company: a.company, file: a.file.replace(`${ROOT}/`, '').replace(`${resolve(SHARED)}/`, '../shared/corpus/'), findings: a.findings, finalState: wf.items[0]?.state ?? 'tested', history: wf.history });
    }
    for (const id of notices) {
      const n = await ok(inspector.get(`/api/v1/notices/${id}`));
      const doc = await inspector.get(`/api/v1/notices/${id}/document`);
      const file = `notice-${id}-${n.kind}.json`;
      writeFileSync(join(out, file), `${JSON.stringify(doc.body, null, 2)}\n`);
      // The same document as the office publishes and edits it: HTML, PDF (Chromium on this machine) and DOCX.
      const rendered: string[] = [];
      for (const format of ['html', 'pdf', 'docx'] as const) {
        const r = await fetch(`${inspector.base}/api/v1/notices/${id}/document?format=${format}`, { headers: { authorization: `Bearer ${inspector.token ?? ''}` } });
        if (r.status !== 200) {
          log(`   notice ${id}: no ${format} (${r.status}: ${(await r.text()).slice(0, 200)})`);
          continue;
        }
        const name = `notice-${id}-${n.kind}.${format}`;
        writeFileSync(join(out, name), Buffer.from(await r.arrayBuffer()));
        rendered.push(name);
      }
      summary.notices.push({ id, kind: n.kind, title: n.title, issueDate: n.issueDate, workingDays: n.workingDays, deadline: n.deadline, apps: n.apps.length, addressees: n.addressees, documentSha256: n.documentSha256, document: file, rendered });
    }
    writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    log(`wrote ${out}/summary.json and ${notices.length} notice documents`);
  } finally {
    await running.close();
    rmSync(data, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`demo:campaign: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
