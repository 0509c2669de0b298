// 部省联动 at 10,000 apps: bundle size and merge time, on PostgreSQL. The province's data is made from real
// finding bodies: the reports of real packages of ../shared/corpus/real-apps (scanned once by `piscope scan`,
// cached under .cache/bench-exchange/), each replicated under distinct package names and sha256s, so every
// app carries the findings, evidence and sizes a real scan gives; every finding is confirmed. The nation is a
// real `piscope serve`-like server (startServer, no workers) on loopback; bundles go to it over HTTP.
//   node bench/exchange.ts [--apps 10000] [--db postgres://postgres@127.0.0.1:5432/test]
// Writes bench/EXCHANGE.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Report } from '../src/report/types.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { bootstrap } from '../src/platform/domain/identity.ts';
import { fingerprintOf, findingOwner, sortedDataTypes } from '../src/platform/domain/fingerprint.ts';
import { createIdentity, exportBundles, bundlesSince } from '../src/platform/exchange/province.ts';
import { canonicalDump } from '../src/platform/exchange/nation.ts';
import { startServer } from '../src/platform/platform.ts';
import { createTestDatabase } from '../src/platform/testing/pg.ts';

const ROOT = resolve(import.meta.dirname, '..');
const REAL = resolve(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const CACHE = join(ROOT, '.cache', 'bench-exchange');
const SOURCES = ['jpush-example-debug.apk', 'weibo-sdk-demo-2017.apk', 'lionu-sdk-demo.apk', 'dexhunter-test-alijiagu.apk', 'fusion-anti-addiction-demo.apk', 'bmob-demo.apk'];

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const APPS = Number(opt('--apps', '10000'));
if (process.env.PISCOPE_TEST_PG === undefined && args.includes('--db')) process.env.PISCOPE_TEST_PG = opt('--db', '');
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function reportOf(file: string): Report {
  mkdirSync(CACHE, { recursive: true });
  const cached = join(CACHE, `${basename(file)}.json`);
  if (!existsSync(cached)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: the bench reads ../shared/corpus/real-apps`);
    writeFileSync(cached, execFileSync(process.execPath, [join(ROOT, 'bin', 'piscope.js'), 'scan', file, '--format', 'json', '--fail-on', 'never', '-q'], { maxBuffer: 1 << 28 }));
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as Report;
}

const loadStart = loadavg()[0]!;
const templates = SOURCES.map((f) => reportOf(join(REAL, f)));
log(`templates: ${templates.map((t) => `${t.app.packageName} (${t.findings.length} findings)`).join(', ')}`);

const provincePg = await createTestDatabase();
const nationPg = await createTestDatabase();
const data = mkdtempSync(join(tmpdir(), 'piscope-bench-exchange-'));
const key = createHash('sha256').update('bench-exchange-server-key').digest();
try {
  const province = await openDatabase(provincePg.url);
  const pdb = province.db;
  await bootstrap(pdb, 'bench-province-token-0123456789');
  const user = await pdb.selectFrom('users').select(['id', 'org_id']).executeTakeFirstOrThrow();
  const t = new Date().toISOString();
  const g0 = performance.now();
  let findingCount = 0;
  for (let start = 0; start < APPS; start += 500) {
    const end = Math.min(APPS, start + 500);
    const apps = [];
    for (let i = start; i < end; i++) {
      const tpl = templates[i % templates.length]!;
      apps.push({ platform: 'android', package_name: `${tpl.app.packageName}.b${i}`, name: `${tpl.app.label ?? tpl.app.packageName} ${i}`, company_id: null, filing_no: null, created_at: t });
    }
    const appRows = await pdb.insertInto('apps').values(apps).returning(['id', 'package_name']).execute();
    const pkgs = [];
    const versions = [];
    const scans = [];
    for (const [j, a] of appRows.entries()) {
      const i = start + j;
      const s = sha(`bench:${i}:${templates[i % templates.length]!.input.sha256}`);
      pkgs.push({ sha256: s, size: 1000 + i, name: `${a.package_name}.apk`, created_at: t });
      versions.push({ app_id: a.id, sha256: s, version_code: String(1 + (i % 90)), version_name: `1.${i % 90}`, signer_sha256: sha(`signer:${i % 300}`), created_at: t });
      scans.push({ sha256: s, engine_version: 'bench', options: '{}', status: 'done' as const, priority: 0, job_id: null, lease_token: null, attempts: 1, error: null, app_id: a.id, version_id: null, finding_count: null, created_at: t, started_at: t, finished_at: t });
    }
    await pdb.insertInto('packages').values(pkgs).execute();
    await pdb.insertInto('versions').values(versions).execute();
    const scanRows = await pdb.insertInto('scans').values(scans).returning(['id', 'app_id']).execute();
    const findings = [];
    const reviews = [];
    for (const [j, s] of scanRows.entries()) {
      const i = start + j;
      const tpl = templates[i % templates.length]!;
      const pkg = appRows[j]!.package_name;
      const seen = new Set<string>();
      for (const [idx, f] of tpl.findings.entries()) {
        const owner = findingOwner(f);
        const types = sortedDataTypes(f);
        const fp = fingerprintOf(pkg, f.ruleId, owner, types);
        findings.push({ scan_id: s.id, idx, app_id: s.app_id, fingerprint: fp, rule_id: f.ruleId, severity: f.severity, confidence: f.confidence, owner, data_types: JSON.stringify(types), title_zh: f.title.zh, title_en: f.title.en, body: JSON.stringify(f) });
        if (!seen.has(fp)) reviews.push({ org_id: user.org_id, fingerprint: fp, state: 'confirmed' as const, expires_at: null, updated_by: user.id, updated_at: t });
        seen.add(fp);
      }
    }
    findingCount += findings.length;
    for (let k = 0; k < findings.length; k += 500) await pdb.insertInto('findings').values(findings.slice(k, k + 500)).execute();
    for (let k = 0; k < reviews.length; k += 500) await pdb.insertInto('reviews').values(reviews.slice(k, k + 500)).onConflict((oc) => oc.columns(['org_id', 'fingerprint']).doNothing()).execute();
  }
  log(`province generated: ${APPS} apps, ${findingCount} findings in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

  await createIdentity(pdb, key, 'GD');
  const e0 = performance.now();
  const made = await exportBundles(pdb, key);
  const exportMs = performance.now() - e0;
  const stored = await bundlesSince(pdb, 0, 10_000);
  const bytes = stored.map((b) => Buffer.byteLength(b.payload) + b.signature.length);
  const gz = stored.map((b) => gzipSync(b.payload).length);
  const records = made.reduce((n, b) => n + b.records, 0);
  log(`export: ${made.length} bundles, ${records} records, ${(bytes.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)} MB (gzip ${(gz.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)} MB) in ${(exportMs / 1000).toFixed(1)} s`);
  const r0 = performance.now();
  const none = await exportBundles(pdb, key);
  const noopMs = performance.now() - r0;

  // The nation: a real server on loopback, its province registered.
  const nation = await startServer({ data, db: nationPg.url, port: 0, workers: 0, bootstrapToken: 'bench-nation-token-0123456789', consoleDir: null, workflowCheckMs: 0 });
  const call = async (method: string, path: string, body?: unknown, token = 'bench-nation-token-0123456789'): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(nation.url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  await call('POST', '/api/v1/orgs', { name: '广东省通信管理局', code: 'GD', level: 'provincial' });
  const identity = await pdb.selectFrom('exchange_identity').select('public_key').executeTakeFirstOrThrow();
  const reg = await call('POST', '/api/v1/exchange/provinces', { code: 'GD', publicKey: identity.public_key });
  if (reg.status !== 201) throw new Error(`register: ${JSON.stringify(reg.body)}`);
  const perBundle: number[] = [];
  const m0 = performance.now();
  for (const b of stored) {
    const s = performance.now();
    const r = await call('POST', '/api/v1/exchange/bundles', { payload: b.payload, signature: b.signature });
    if (r.status !== 200 || r.body.status !== 'applied') throw new Error(`bundle ${b.seq}: ${JSON.stringify(r.body)}`);
    perBundle.push(performance.now() - s);
  }
  const mergeMs = performance.now() - m0;
  const d0 = performance.now();
  for (const b of stored) {
    const r = await call('POST', '/api/v1/exchange/bundles', { payload: b.payload, signature: b.signature });
    if (r.body.status !== 'duplicate') throw new Error(`bundle ${b.seq} again: ${JSON.stringify(r.body)}`);
  }
  const dupMs = performance.now() - d0;
  const merged = await nation.database.db.selectFrom('exchange_findings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const mergedApps = await nation.database.db.selectFrom('exchange_app_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  // An incremental week: 1% of the apps get a new confirmation withdrawn, exported and merged.
  const some = await pdb.selectFrom('reviews').select('id').orderBy('id').limit(Math.round(APPS / 100)).execute();
  await pdb.updateTable('reviews').set({ state: 'false_positive' }).where('id', 'in', some.map((r) => r.id)).execute();
  const i0 = performance.now();
  const inc = await exportBundles(pdb, key);
  const incExportMs = performance.now() - i0;
  const incStored = await bundlesSince(pdb, made.length, 100);
  const im0 = performance.now();
  for (const b of incStored) {
    const r = await call('POST', '/api/v1/exchange/bundles', { payload: b.payload, signature: b.signature });
    if (r.body.status !== 'applied') throw new Error(`incremental ${b.seq}: ${JSON.stringify(r.body)}`);
  }
  const incMergeMs = performance.now() - im0;
  const dumpStart = performance.now();
  const dumpText = await canonicalDump(nation.database.db);
  const dumpMs = performance.now() - dumpStart;
  await nation.close();
  await province.close();

  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const total = bytes.reduce((a, b) => a + b, 0);
  const totalGz = gz.reduce((a, b) => a + b, 0);
  const sorted = [...perBundle].sort((a, b) => a - b);
  const md = `# Exchange (部省联动): bundle size and merge time

\`node bench/exchange.ts --apps ${APPS}\` (bench/exchange.ts), PostgreSQL 15 on this machine (2 cores, shared), ${new Date().toISOString().slice(0, 10)}; load average ${loadStart.toFixed(0)} at the start, ${loadavg()[0]!.toFixed(0)} at the end${Math.max(loadStart, loadavg()[0]!) > 2 ? ' (other work on the same 2 cores: the times are those of a loaded machine, the sizes are exact)' : ' (nothing else running)'}.

**Data.** ${APPS.toLocaleString('en')} apps at the province, each a replica of one of ${templates.length} real packages of
\`../shared/corpus/real-apps\` (${SOURCES.join(', ')}) under its own package name, package sha256 and signer, with
the real report's findings (bodies and evidence as \`piscope scan\` gives them; fingerprints recomputed for the
new package name). ${findingCount.toLocaleString('en')} findings, every fingerprint confirmed. The nation is a server
started as \`piscope serve --workers 0\` would start it, on loopback; each bundle is POSTed to it over HTTP.

| what | figure |
|---|---|
| records exported (apps, versions, confirmed findings) | ${records.toLocaleString('en')} |
| bundles (≤ 2,000 records each) | ${made.length} |
| total size, JSON + signature | ${mb(total)} MB (${Math.round(total / APPS).toLocaleString('en')} bytes per app) |
| total size, gzip of the payloads | ${mb(totalGz)} MB (ratio ${(total / totalGz).toFixed(1)}×) |
| largest bundle | ${mb(Math.max(...bytes))} MB |
| export (diff of every record against the last export, sign, store) | ${(exportMs / 1000).toFixed(1)} s |
| export again with nothing changed | ${(noopMs / 1000).toFixed(1)} s, ${none.length} bundles |
| merge at the nation, all bundles over HTTP (verify, apply, audit) | ${(mergeMs / 1000).toFixed(1)} s (${Math.round((APPS * 1000) / mergeMs).toLocaleString('en')} apps/s) |
| per bundle, median / max | ${Math.round(sorted[sorted.length >> 1]!)} ms / ${Math.round(sorted[sorted.length - 1]!)} ms |
| all bundles sent again (acknowledged as duplicates, nothing changed) | ${(dupMs / 1000).toFixed(1)} s |
| merged at the nation | ${mergedApps.n.toLocaleString('en')} app reports, ${merged.n.toLocaleString('en')} findings by fingerprint |
| 1% of confirmations withdrawn: export / bundles / merge | ${(incExportMs / 1000).toFixed(1)} s / ${inc.length} (${inc.reduce((n, b) => n + b.records, 0)} records, ${mb(inc.reduce((n, b) => n + b.bytes, 0))} MB) / ${(incMergeMs / 1000).toFixed(2)} s |
| canonical dump of the nation's merged tables (the fault tests' comparison) | ${(dumpMs / 1000).toFixed(1)} s, ${mb(Buffer.byteLength(dumpText))} MB |

**Reading.** The size is the findings' bodies: a finding travels with its evidence so that the nation can show it
(the evidence hashes alone would be ${Math.round((64 + 3) * 5)} bytes per finding of five evidence items). Gzip divides it by
${(total / totalGz).toFixed(0)}: the bodies repeat rule titles, clauses and SDK names; a transport with
\`Content-Encoding: gzip\` would carry that, it is not done yet. The export re-reads every record and compares
its hash with the last export's, so its time grows with the province's size, not with the change (the
no-change export above); a change feed from the writers would make it proportional to the change.
`;
  writeFileSync(join(ROOT, 'bench', 'EXCHANGE.md'), md);
  log(md);
} finally {
  await provincePg.drop();
  await nationPg.drop();
  rmSync(data, { recursive: true, force: true });
}
