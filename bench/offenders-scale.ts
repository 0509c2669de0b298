// The repeat-offender queries (domain/offenders.ts) on a generated national history, as the API runs them:
// 屡教不改 (recidivism), 举一反三 (spread) and SDK vendors, national and provincial, after warm-up.
//   node bench/offenders-scale.ts [--db URL] [--apps 300000] [--samples 10] [--reuse] [--drop]
// --reuse times the queries on the history a previous run left (it takes half an hour to make 300,000 apps).
// The history: 31 provinces; companies of 1 to 8 apps; each app 1 to 4 scanned versions; 8 findings per version
// (of 40 rules; a third owned by one of 300 SDKs, whose findings recur across companies), and each finding
// absent from a version with probability 1/5, so fixes and reappearances occur as in real histories. Then the
// seeds' notices: 21 national batches and 60 provincial ones, 2,049 notified apps in all, 3 findings each.
// Default database: postgres://postgres@127.0.0.1:5432/piscope_offenders_scale (made afresh).
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/connect.ts';
import type { Principal } from '../src/platform/domain/identity.ts';
import { recidivismOf, recidivismPage, refreshSdkOffences, sdkOffenceCounts, sdkOffences, spread } from '../src/platform/domain/offenders.ts';
import { visibleAppIds } from '../src/platform/domain/scope.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const url = new URL(opt('--db', 'postgres://postgres@127.0.0.1:5432/piscope_offenders_scale'));
const apps = Number(opt('--apps', '300000'));
const samples = Number(opt('--samples', '10'));
const name = url.pathname.slice(1);
const reuse = args.includes('--reuse');
if (!reuse) {
  const admin = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

const database = await openDatabase(url.toString());
const { db } = database;
const t0 = Date.now();
const at = '2026-01-01T00:00:00Z';
const step = async (label: string, q: ReturnType<typeof sql>): Promise<void> => {
  const t = Date.now();
  await q.execute(db);
  process.stderr.write(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
};
if (!reuse) {
  await step('orgs', sql`INSERT INTO orgs (id, name, level, code, parent_id, created_at) SELECT g + 1, 'org ' || g, CASE WHEN g = 0 THEN 'national' ELSE 'provincial' END, 'O' || g, CASE WHEN g = 0 THEN NULL ELSE 1 END, ${at} FROM generate_series(0, 31) g`);
  await step('users', sql`INSERT INTO users (id, org_id, name, roles, created_at) SELECT o.id, o.id, 'inspector ' || o.id, '["inspector","reviewer"]', ${at} FROM orgs o`);
  // App i (1-based) belongs to company ceil(i / size) where companies hold 1..8 apps: company c = i / 4.5 on average.
  await step('companies', sql`INSERT INTO companies (id, name, credit_code, org_id, created_at) SELECT c, 'company ' || c, NULL, 2 + c % 31, ${at} FROM generate_series(1, ${Math.ceil(apps / 4.5) + 1}) c`);
  await step('apps', sql`INSERT INTO apps (id, platform, package_name, name, company_id, filing_no, created_at) SELECT i, 'android', 'com.example.app' || i, 'app ' || i, 1 + floor((i - 1) / 4.5)::int, NULL, ${at} FROM generate_series(1, ${apps}) i`);
  await step('org_apps', sql`INSERT INTO org_apps (org_id, app_id, company_id) SELECT 2 + a.id % 31, a.id, a.company_id FROM apps a`);
  // Versions: app i has 1 + (i * 7) % 4 of them; version id = (i - 1) * 4 + v.
  await step('packages', sql`INSERT INTO packages (sha256, size, name, created_at) SELECT md5('p' || i || ':' || v) || md5('q' || i || ':' || v), 1000, 'app.apk', ${at} FROM generate_series(1, ${apps}) i CROSS JOIN LATERAL generate_series(1, 1 + (i * 7) % 4) v`);
  await step('versions', sql`INSERT INTO versions (id, app_id, sha256, version_code, version_name, signer_sha256, created_at) SELECT (i - 1) * 4 + v, i, md5('p' || i || ':' || v) || md5('q' || i || ':' || v), v::text, '1.' || v, NULL, ${at} FROM generate_series(1, ${apps}) i CROSS JOIN LATERAL generate_series(1, 1 + (i * 7) % 4) v`);
  await step('scans', sql`INSERT INTO scans (id, sha256, engine_version, options, status, priority, attempts, app_id, version_id, finding_count, created_at) SELECT v.id, v.sha256, '1', '{}', 'done', 0, 1, v.app_id, v.id, 8, ${at} FROM versions v`);
  // Finding j of app i: rule (i * 13 + j * 7) % 40; owned by sdk (i + j * 37) % 300 when j < 3, else by the app.
  // Present in version v unless md5(i, j, v) starts with one of three hex digits of sixteen (about 1/5).
  await step('findings', sql`
    INSERT INTO findings (scan_id, idx, app_id, fingerprint, rule_id, severity, confidence, owner, data_types, title_zh, title_en, body)
    SELECT v.id, j, v.app_id, md5(a.package_name || ':' || r.rule || ':' || r.owner), r.rule, 'medium', 'likely', r.owner, '["device-id"]', '', '', '{}'
    FROM versions v
    JOIN apps a ON a.id = v.app_id
    CROSS JOIN generate_series(0, 7) j
    CROSS JOIN LATERAL (SELECT 'rule-' || ((v.app_id * 13 + j * 7) % 40) AS rule, CASE WHEN j < 3 THEN 'sdk:sdk' || ((v.app_id + j * 37) % 300) ELSE 'app' END AS owner) r
    WHERE left(md5(v.app_id || ':' || j || ':' || v.version_code), 1) NOT IN ('0', '1', '2')`);
  // Notices: 81 batches (21 national, 60 provincial), 2,049 notified apps spread over them, each notice resting on
  // the app's first version and 3 of its findings there.
  await step('batches', sql`INSERT INTO batches (id, org_id, name, year, seq, total_seq, created_by, created_at) SELECT b, CASE WHEN b <= 21 THEN 1 ELSE 2 + b % 31 END, 'batch ' || b, 2019 + b % 8, b, b, CASE WHEN b <= 21 THEN 1 ELSE 2 + b % 31 END, ${at} FROM generate_series(1, 81) b`);
  await step('notices', sql`INSERT INTO notices (id, org_id, batch_id, kind, status, title, issuer, paragraphs, addressees, drafted_by, created_at, updated_at) SELECT b.id, b.org_id, b.id, 'public', 'draft', 'notice ' || b.id, 'issuer', '[]', '[]', b.created_by, ${at}, ${at} FROM batches b`);
  // Notified app k of 2,049 is app 1 + (k * 104729) % apps in notice 1 + k % 81; a provincial notice names apps of its province only in the real system, which the visibility rows do not check here.
  await step('notice_apps', sql`INSERT INTO notice_apps (notice_id, app_id, version_id, scan_id, package_sha256) SELECT p.notice_id, p.app_id, v.id, v.id, v.sha256 FROM (SELECT DISTINCT 1 + k % 81 AS notice_id, 1 + (k * 104729) % ${apps} AS app_id FROM generate_series(0, 2048) k) p JOIN versions v ON v.id = (p.app_id - 1) * 4 + 1`);
  await step('notice_findings', sql`INSERT INTO notice_findings (notice_id, app_id, finding_id, fingerprint, rule_id, clauses, confirmed_by) SELECT na.notice_id, na.app_id, f.id, f.fingerprint, f.rule_id, '[]', 1 FROM notice_apps na CROSS JOIN LATERAL (SELECT id, fingerprint, rule_id FROM findings WHERE scan_id = na.scan_id ORDER BY idx LIMIT 3) f`);
  await step('publish', sql`UPDATE notices SET status = 'published', published_by = drafted_by, published_at = ${at}, issue_date = '2026-01-05'`);
  await step('analyze', sql`ANALYZE`);
}
const count = async (t: string): Promise<number> => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db)).rows[0]!.n);
const sizes = { apps: await count('apps'), companies: await count('companies'), versions: await count('versions'), findings: await count('findings'), noticeApps: await count('notice_apps'), noticeFindings: await count('notice_findings') };
const generated = (Date.now() - t0) / 1000;

const national: Principal = { userId: 1, orgId: 1, national: true, roles: ['inspector'], companyId: null };
const province: Principal = { userId: 6, orgId: 6, national: false, roles: ['inspector'], companyId: null };
// A notified app and its company, and the province's busiest notice's first app.
const noticed = await db.selectFrom('notice_apps').innerJoin('apps', 'apps.id', 'notice_apps.app_id').select(['apps.id', 'apps.company_id']).orderBy('notice_apps.notice_id').orderBy('apps.id').executeTakeFirstOrThrow();
const provNoticed = await db.selectFrom('notice_apps').innerJoin('notices', 'notices.id', 'notice_apps.notice_id').innerJoin('apps', 'apps.id', 'notice_apps.app_id').select(['apps.id', 'apps.company_id']).where('notices.org_id', '=', province.orgId).orderBy('apps.id').executeTakeFirstOrThrow();
const companyApps = async (companyId: number): Promise<number[]> => (await db.selectFrom('apps').select('id').where('company_id', '=', companyId).orderBy('id').execute()).map((r) => r.id);

const noticeOrg = (p: Principal): number | null => (p.national ? null : p.orgId);
const cases: [string, () => Promise<number>][] = [
  ['national recidivism, first page of 50', async () => (await recidivismPage(db, null, null, 50)).items.length],
  ['national recidivism, every page', async () => {
    let n = 0;
    let cursor: number | null = null;
    do {
      const r = await recidivismPage(db, null, cursor, 200);
      n += r.items.length;
      cursor = r.nextCursor;
    } while (cursor !== null);
    return n;
  }],
  ['province recidivism, first page of 50', async () => (await recidivismPage(db, noticeOrg(province), null, 50)).items.length],
  ['national spread, first page of 50', async () => (await spread(db, null, { after: null, limit: 50 })).items.length],
  ['province spread, first page of 50', async () => (await spread(db, noticeOrg(province), { after: null, limit: 50 })).items.length],
  ['national SDK vendors, first page of 50, refreshed counts', async () => (await sdkOffenceCounts(db, { orgId: 0, minCompanies: 2, offset: 0, limit: 50 })).items.length],
  ['province SDK vendors, first page of 50, refreshed counts', async () => (await sdkOffenceCounts(db, { orgId: province.orgId, minCompanies: 2, offset: 0, limit: 50 })).items.length],
  ['national SDK vendors, first page of 50, counted live', async () => (await sdkOffences(db, { appIds: visibleAppIds(db, national), minCompanies: 2, offset: 0, limit: 50 })).items.length],
  ['province SDK vendors, first page of 50, counted live', async () => (await sdkOffences(db, { appIds: visibleAppIds(db, province), minCompanies: 2, offset: 0, limit: 50 })).items.length],
  ['national SDK vendors, one SDK (always live)', async () => (await sdkOffences(db, { appIds: visibleAppIds(db, national), sdk: 'sdk7', minCompanies: 1, offset: 0, limit: 50 })).items.length],
  ['app record (recidivism + spread), national', async () => (await recidivismOf(db, null, [noticed.id])).length + (await spread(db, null, { appId: noticed.id, limit: 10_000 })).items.length],
  ['company record (recidivism + spread), national', async () => (await recidivismOf(db, null, await companyApps(noticed.company_id!))).length + (await spread(db, null, { companyId: noticed.company_id!, limit: 10_000 })).items.length],
  ['company record (recidivism + spread), province', async () => (await recidivismOf(db, province.orgId, await companyApps(provNoticed.company_id!))).length + (await spread(db, province.orgId, { companyId: provNoticed.company_id!, limit: 10_000 })).items.length],
];
process.stdout.write(`history: ${JSON.stringify(sizes)}, ${reuse ? 'reused' : `generated in ${generated.toFixed(0)} s`}\n`);
const r0 = performance.now();
await refreshSdkOffences(db);
const counts = await count('sdk_offence_counts');
process.stdout.write(`SDK vendors' counts refreshed in ${((performance.now() - r0) / 1000).toFixed(1)} s (${counts} rows, national and per organisation)\n`);
process.stdout.write('| query | items | median ms | p95 ms |\n|---|---|---|---|\n');
for (const [label, run] of cases) {
  const times: number[] = [];
  let items = 0;
  const n = label.includes('every page') ? Math.max(3, Math.ceil(samples / 3)) : samples;
  for (let i = 0; i < n + 2; i++) {
    const t = performance.now();
    items = await run();
    if (i >= 2) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const ms = (f: number): string => times[Math.min(times.length - 1, Math.floor(f * times.length))]!.toFixed(1);
  process.stdout.write(`| ${label} | ${items} | ${ms(0.5)} | ${ms(0.95)} |\n`);
}
await database.close();
if (args.includes('--drop')) {
  const c = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}
