// The statistics of the campaign (domain/ledger.ts) at national scale: the summary table workflow_counts as
// 31 provinces would fill it over 8 years (2019-01..2026-12), with 20 stores, the 11 problem categories and 300
// SDKs on every tested app's month and 60 SDKs on each later step's, then the latency of each statistics query
// as the API runs it, national and provincial.
//   node bench/ledger-scale.ts [--db URL] [--samples 20]
// Default database: postgres://postgres@127.0.0.1:5432/piscope_ledger_scale (made afresh, dropped after with --drop).
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/connect.ts';
import { statistics, type StatisticsQuery } from '../src/platform/domain/ledger.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const url = new URL(opt('--db', 'postgres://postgres@127.0.0.1:5432/piscope_ledger_scale'));
const samples = Number(opt('--samples', '20'));
const name = url.pathname.slice(1);
const admin = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();

const database = await openDatabase(url.toString());
const { db } = database;
const t0 = Date.now();
const at = '2026-01-01T00:00:00Z';
await sql`INSERT INTO orgs (name, level, code, parent_id, created_at) SELECT 'org ' || g, CASE WHEN g = 0 THEN 'national' ELSE 'provincial' END, 'O' || g, NULL, ${at} FROM generate_series(0, 31) g`.execute(db);
// The summary's rows: per province, month, step and key. Steps after `with_problems` have fewer SDKs.
await sql`
  INSERT INTO workflow_counts (org_id, dim, key, month, step, n)
  SELECT o.id, k.dim, k.key, to_char(date '2019-01-01' + (m || ' months')::interval, 'YYYY-MM'), s.step, 1 + (random() * 500)::int
  FROM orgs o
  CROSS JOIN generate_series(0, 95) m
  CROSS JOIN (VALUES ('tested', 0), ('with_problems', 1), ('urged', 2), ('notified', 3), ('rectified', 4), ('overdue', 5), ('taken_down', 6), ('relisted', 7)) s(step, i)
  CROSS JOIN LATERAL (
    SELECT 'batch' AS dim, (o.id * 100 + m / 5)::text AS key
    UNION ALL SELECT 'store', 'store ' || g FROM generate_series(1, 20) g
    UNION ALL SELECT 'category', 'category ' || g FROM generate_series(1, 11) g
    UNION ALL SELECT 'sdk', 'sdk ' || g FROM generate_series(1, CASE WHEN s.i < 2 THEN 300 ELSE 60 END) g
  ) k
  WHERE o.level = 'provincial'`.execute(db);
// The national totals, as recordStep keeps them beside each province's row.
await sql`INSERT INTO workflow_counts (org_id, dim, key, month, step, n) SELECT 0, dim, key, month, step, sum(n) FROM workflow_counts GROUP BY dim, key, month, step`.execute(db);
await sql`VACUUM ANALYZE workflow_counts`.execute(db);
const rows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM workflow_counts`.execute(db)).rows[0]!.n);
const generated = (Date.now() - t0) / 1000;

const province = (await db.selectFrom('orgs').select('id').where('code', '=', 'O5').executeTakeFirstOrThrow()).id;
const cases: [string, StatisticsQuery][] = [];
for (const by of ['batch', 'org', 'month', 'store', 'category', 'sdk'] as const) {
  cases.push([`national by ${by}, all time`, { by, monthly: false, orgId: null }]);
  cases.push([`national by ${by}, monthly, 2026`, { by, monthly: true, from: '2026-01', to: '2026-12', orgId: null }]);
  cases.push([`province by ${by}, monthly, all time`, { by, monthly: true, orgId: province }]);
}
const lines: string[] = [];
for (const [label, q] of cases) {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < samples + 2; i++) {
    const t = performance.now();
    items = (await statistics(db, q)).length;
    if (i >= 2) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const ms = (f: number): string => times[Math.min(times.length - 1, Math.floor(f * times.length))]!.toFixed(1);
  lines.push(`| ${label} | ${items} | ${ms(0.5)} | ${ms(0.95)} |`);
  process.stdout.write(`${lines[lines.length - 1]}\n`);
}
process.stdout.write(`workflow_counts rows: ${rows}, generated in ${generated.toFixed(0)} s\n`);
await database.close();
if (args.includes('--drop')) {
  const c = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}
