// Latency of every list and filter route of the platform API at national scale, through HTTP against a real
// `piscope serve --db postgres://… --workers 0`, as a provincial and as the national user, first page, the
// next pages by nextCursor and a page far down the list; and the query plans (EXPLAIN ANALYZE) of each
// list query exactly as the API sends it (captured from Kysely's log in an in-process API).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApi, type ApiContext } from '../../src/platform/api/app.ts';
import type { DB } from '../../src/platform/db/schema.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** One tenancy: its bench token (made by the generator) and organisation. */
interface Tenancy {
  name: string;
  token: string;
  orgId: number | null;
}

interface Case {
  route: string;
  filter: string;
  /** Request paths for this tenancy: several parameter values; each is paged. */
  paths: string[];
  /** A cursor far down the list (an id in the middle of the table), when the list is long. */
  far?: string;
}

const TIMEOUT_MS = 5000;

const cursorOf = (id: number): string => Buffer.from(String(id)).toString('base64url');

/** Sample values a tenancy can see, picked by a hash of their id so every run picks the same. */
async function casesFor(c: pg.Client, t: Tenancy): Promise<Case[]> {
  const org = t.orgId;
  const vis = org === null ? '' : `AND v.sha256 IN (SELECT sha256 FROM uploads WHERE org_id = ${org})`;
  const q = async <T extends Record<string, unknown>>(sqlText: string): Promise<T[]> => (await c.query<T>(sqlText)).rows;
  const versions = await q<{ id: number; app_id: number; sha256: string }>(
    `SELECT v.id, v.app_id, v.sha256 FROM versions v WHERE hashint4(v.id) % 97 = 0 ${vis} AND EXISTS (SELECT 1 FROM scans s WHERE s.version_id = v.id AND s.status = 'done') ORDER BY hashint4(v.id) LIMIT 8`,
  );
  // Apps with many versions and findings too (the heavy end).
  const bigApps = await q<{ app_id: number }>(`SELECT v.app_id FROM versions v WHERE v.app_id <= 50 ${vis} GROUP BY v.app_id ORDER BY count(*) DESC LIMIT 3`);
  const appIds = [...new Set([...bigApps.map((r) => r.app_id), ...versions.slice(0, 5).map((v) => v.app_id)])];
  const apps = await q<{ id: number; package_name: string; company_id: number | null }>(`SELECT id, package_name, company_id FROM apps WHERE id IN (${appIds.join(',') || '-1'})`);
  const companies = [...new Set(apps.map((a) => a.company_id).filter((x): x is number => x !== null))].concat([1]).slice(0, 5);
  const scans = await q<{ id: number }>(`SELECT s.id FROM scans s WHERE s.version_id IN (${versions.map((v) => v.id).join(',') || '-1'}) AND s.status = 'done' LIMIT 6`);
  const fps = await q<{ fingerprint: string }>(`SELECT fingerprint FROM findings WHERE scan_id IN (${scans.map((s) => s.id).join(',') || '-1'}) LIMIT 5`);
  const batches = await q<{ id: number }>(`SELECT id FROM batches ${org === null ? '' : `WHERE org_id = ${org}`} ORDER BY hashint4(id) LIMIT 5`);
  const mid = async (table: string): Promise<string> => cursorOf(Number((await q<{ m: string }>(`SELECT (max(id) / 2)::int m FROM ${table}`))[0]!.m));
  const findingsFar = await mid('findings');
  const scansFar = await mid('scans');
  const appsFar = await mid('apps');
  const f = '/api/v1/findings';
  return [
    { route: '/orgs', filter: '', paths: ['/api/v1/orgs?limit=10'] },
    { route: '/users', filter: '', paths: ['/api/v1/users?limit=10'] },
    { route: '/tokens', filter: '', paths: ['/api/v1/tokens'] },
    { route: '/audit', filter: '', paths: ['/api/v1/audit'], far: await mid('audit_log') },
    { route: '/companies', filter: '', paths: ['/api/v1/companies'], far: await mid('companies') },
    { route: '/apps', filter: '', paths: ['/api/v1/apps'], far: appsFar },
    { route: '/apps', filter: 'packageName', paths: apps.map((a) => `/api/v1/apps?packageName=${a.package_name}`) },
    { route: '/apps', filter: 'companyId', paths: companies.map((id) => `/api/v1/apps?companyId=${id}`) },
    { route: '/apps/:id/versions', filter: '', paths: appIds.map((id) => `/api/v1/apps/${id}/versions?limit=10`) },
    { route: '/versions/:id/diff', filter: '', paths: versions.slice(0, 5).map((v) => `/api/v1/versions/${v.id}/diff`) },
    { route: '/batches', filter: '', paths: ['/api/v1/batches'] },
    { route: '/batches/:id/items', filter: '', paths: batches.map((b) => `/api/v1/batches/${b.id}/items`) },
    { route: '/scans', filter: '', paths: ['/api/v1/scans'], far: scansFar },
    { route: '/scans', filter: 'status=failed', paths: ['/api/v1/scans?status=failed'], far: scansFar },
    { route: '/scans', filter: 'status=queued', paths: ['/api/v1/scans?status=queued'] },
    { route: '/scans', filter: 'sha256', paths: versions.slice(0, 5).map((v) => `/api/v1/scans?sha256=${v.sha256}`) },
    { route: '/scans', filter: 'appId', paths: appIds.map((id) => `/api/v1/scans?appId=${id}`) },
    { route: '/scans/:id/findings', filter: '', paths: scans.map((s) => `/api/v1/scans/${s.id}/findings?limit=10`) },
    { route: '/findings', filter: '', paths: [f], far: findingsFar },
    { route: '/findings', filter: 'appId', paths: appIds.map((id) => `${f}?appId=${id}`) },
    { route: '/findings', filter: 'ruleId (common)', paths: [`${f}?ruleId=undisclosed-sdk`, `${f}?ruleId=collection-before-consent`], far: findingsFar },
    { route: '/findings', filter: 'ruleId (rare)', paths: [`${f}?ruleId=education-face-recognition`, `${f}?ruleId=blank-app-name`], far: findingsFar },
    { route: '/findings', filter: 'severity=high', paths: [`${f}?severity=high`], far: findingsFar },
    { route: '/findings', filter: 'ruleId+severity', paths: [`${f}?ruleId=background-location&severity=medium`, `${f}?ruleId=packed-or-tampered&severity=low`] },
    { route: '/findings', filter: 'fingerprint', paths: fps.map((x) => `${f}?fingerprint=${x.fingerprint}`) },
    { route: '/findings', filter: 'appId+severity', paths: appIds.map((id) => `${f}?appId=${id}&severity=info`) },
  ];
}

async function tenancies(c: pg.Client): Promise<Tenancy[]> {
  const orgs = (await c.query<{ id: number; code: string }>(`SELECT id, code FROM orgs WHERE code IN ('CN','GD','XZ')`)).rows;
  const id = (code: string) => orgs.find((o) => o.code === code)!.id;
  return [
    { name: 'national', token: 'psc_bench_CN', orgId: null },
    { name: 'GD (largest province)', token: 'psc_bench_GD', orgId: id('GD') },
    { name: 'XZ (smallest province)', token: 'psc_bench_XZ', orgId: id('XZ') },
  ];
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function startServer(db: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const data = mkdtempSync(join(tmpdir(), 'piscope-scale-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/piscope.js'), 'serve', '--db', db, '--workers', '0', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving on (\S+)/.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`piscope serve exited (${code}): ${err}`)));
  });
  return {
    url,
    stop: async () => {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

interface Row {
  route: string;
  filter: string;
  tenancy: string;
  page: string;
  times: number[];
  rows: number;
}

export async function measure(db: string, o: { samples: number; out: string }): Promise<void> {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  const server = await startServer(db);
  const results: Row[] = [];
  // The machine is shared: its 1-minute load average through the run says how much of a time is waiting.
  const loads: number[] = [loadavg()[0]!];
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 5000);
  try {
    for (const t of await tenancies(c)) {
      const cases = await casesFor(c, t);
      const get = async (path: string): Promise<{ ms: number; body: { items?: unknown[]; nextCursor?: string | null } }> => {
        const t0 = performance.now();
        let r: Response;
        try {
          r = await fetch(server.url + path, { headers: { authorization: `Bearer ${t.token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
        } catch (e) {
          // Counted at the timeout: far over the goal, and the bench must end.
          if ((e as Error).name === 'TimeoutError') return { ms: TIMEOUT_MS, body: { items: [], nextCursor: null } };
          throw e;
        }
        const body = (await r.json()) as { items?: unknown[]; nextCursor?: string | null };
        const ms = performance.now() - t0;
        if (r.status !== 200) throw new Error(`${path} as ${t.name}: ${r.status} ${JSON.stringify(body)}`);
        return { ms, body };
      };
      for (const k of cases) {
        const first: Row = { route: k.route, filter: k.filter, tenancy: t.name, page: 'first', times: [], rows: 0 };
        const next: Row = { ...first, page: 'next ×4', times: [], rows: 0 };
        const far: Row = { ...first, page: 'far (mid-table cursor)', times: [], rows: 0 };
        for (const p of k.paths.slice(0, 3)) await get(p); // warm-up: the server's first use of each query
        for (let i = 0; i < o.samples; i++) {
          if (first.times.filter((x) => x >= TIMEOUT_MS).length >= 2) break; // a timing out case: two samples say enough
          const path = k.paths[i % k.paths.length]!;
          const r = await get(path);
          first.times.push(r.ms);
          first.rows += r.body.items?.length ?? 1;
          let cursor = r.body.nextCursor ?? null;
          for (let d = 0; d < 4 && cursor !== null; d++) {
            const n = await get(`${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`);
            next.times.push(n.ms);
            next.rows += n.body.items?.length ?? 0;
            cursor = n.body.nextCursor ?? null;
          }
          if (k.far !== undefined) {
            const n = await get(`${path}${path.includes('?') ? '&' : '?'}cursor=${k.far}`);
            far.times.push(n.ms);
            far.rows += n.body.items?.length ?? 0;
          }
        }
        for (const r of [first, next, far]) {
          if (r.times.length === 0) continue;
          results.push(r);
          process.stdout.write(`${r.route.padEnd(20)} ${r.filter.padEnd(16)} ${r.tenancy.padEnd(24)} ${r.page.padEnd(22)} p50 ${pct(r.times, 50).toFixed(1).padStart(7)}  p95 ${pct(r.times, 95).toFixed(1).padStart(7)}  max ${Math.max(...r.times).toFixed(1).padStart(7)} ms  rows ${r.rows}\n`);
        }
      }
    }
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
  const sizes: { t: string; n: number; size: string }[] = [];
  for (const t of ['orgs', 'users', 'companies', 'apps', 'store_listings', 'versions', 'packages', 'batches', 'scans', 'uploads', 'findings', 'reviews', 'review_history', 'audit_log', 'org_scans', 'org_apps', 'org_findings']) {
    const r = (await c.query<{ n: string; size: string }>(`SELECT count(*) n, pg_size_pretty(pg_total_relation_size('${t}')) size FROM ${t}`)).rows[0]!;
    sizes.push({ t, n: Number(r.n), size: r.size });
  }
  const dbSize = (await c.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) s')).rows[0]!.s;
  const version = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await c.end();
  const all = results.map((r) => pct(r.times, 95));
  const worst = results.reduce((a, b) => (pct(b.times, 95) > pct(a.times, 95) ? b : a));
  const md = [
    '# Platform API latency at national scale',
    '',
    `Measured ${new Date().toISOString()} by \`node bench/platform-scale.ts --measure\` on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM (shared with other jobs), PostgreSQL ${version}, Node ${process.version}.`,
    `Data from \`node bench/platform-scale.ts --generate\` (seeded): database ${dbSize}.`,
    '',
    '| table | rows | size with indexes |',
    '|---|---:|---:|',
    ...sizes.map((s) => `| ${s.t} | ${s.n.toLocaleString('en')} | ${s.size} |`),
    '',
    `Through HTTP against \`piscope serve --db postgres://… --workers 0\`, ${o.samples} samples per line (parameter values cycled; a request over 5 s is cut and counted as 5000 ms; each first page then up to 4 pages by nextCursor, and a page from a cursor in the middle of the table), limit 50 unless the path says so, after one warm-up request per value. Tokens of the national administrator and of two provincial administrators (the largest and the smallest province). Times in ms, client side. The machine's 1-minute load average during the run (${cpus().length} cores, shared with other jobs): ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}, median ${pct(loads, 50).toFixed(1)}.`,
    '',
    `Worst p95: **${pct(worst.times, 95).toFixed(1)} ms** (${worst.route} ${worst.filter} as ${worst.tenancy}, ${worst.page}); ${all.filter((x) => x >= 200).length} of ${all.length} lines at or over 200 ms.`,
    '',
    '| route | filter | tenancy | page | p50 | p95 | max | rows |',
    '|---|---|---|---|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.route} | ${r.filter} | ${r.tenancy} | ${r.page} | ${pct(r.times, 50).toFixed(1)} | ${pct(r.times, 95).toFixed(1)} | ${Math.max(...r.times).toFixed(1)} | ${r.rows} |`),
    '',
  ].join('\n');
  writeFileSync(o.out, md);
  process.stdout.write(`wrote ${o.out}\n`);
}

/** EXPLAIN (ANALYZE, BUFFERS) of every query the list routes send, captured from an in-process API. */
export async function explainAll(url: string, filterRoute?: string): Promise<void> {
  const captured: { sql: string; params: readonly unknown[] }[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => {
      if (e.level === 'query') captured.push({ sql: e.query.sql, params: e.query.parameters });
    },
  });
  const ctx = { db, dialect: 'postgres', store: null, queue: null, engineVersion: 'bench', maxUploadBytes: 1 } as unknown as ApiContext;
  const app = await buildApi(ctx);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const t of await tenancies(c)) {
      for (const k of await casesFor(c, t)) {
        // --route TEXT: only the cases whose "route filter" contains TEXT; !TEXT: all but those.
        const name = `${k.route} ${k.filter}`;
        if (filterRoute !== undefined && (filterRoute.startsWith('!') ? name.includes(filterRoute.slice(1)) : !name.includes(filterRoute))) continue;
        for (const path of [k.paths[0]!, ...(k.far === undefined ? [] : [`${k.paths[0]!}${k.paths[0]!.includes('?') ? '&' : '?'}cursor=${k.far}`])]) {
          captured.length = 0;
          const r = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${t.token}` } });
          const queries = captured.filter((q) => !q.sql.includes('"api_tokens"'));
          process.stdout.write(`\n=== ${t.name}  GET ${path}  → ${r.statusCode}\n`);
          for (const q of queries) {
            const plan = (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params as unknown[])).rows.map((x) => x['QUERY PLAN']);
            process.stdout.write(`--- ${q.sql.slice(0, 300)}${q.sql.length > 300 ? '…' : ''}\n    params ${JSON.stringify(q.params).slice(0, 200)}\n${plan.map((l) => `    ${l}`).join('\n')}\n`);
          }
        }
      }
    }
  } finally {
    await c.end();
    await app.close();
    await db.destroy();
  }
}
