// Apps per hour through the platform against bare `piscope scan`, on the same corpus files in the same run:
// 1 and 2 workers, embedded SQLite and PostgreSQL. The platform's figure runs from the first upload to the
// last finished scan (upload, queue, scan process, compressed report and findings written), each in a fresh
// data folder or database so that every scan really runs.
//   node bench/platform.ts [--workers 1,2] [--backends sqlite,postgres] [--repeat 1] [--worker-processes]
// --worker-processes (PostgreSQL only): the API runs alone (--workers 0) and each worker is its own
// `piscope worker --concurrency 1` process, as on several hosts.
// PostgreSQL is taken from PISCOPE_TEST_PG (default postgres://postgres@127.0.0.1:5432/test); a database
// is made for each run and dropped after it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '../src/platform/testing/client.ts';
import { createTestDatabase } from '../src/platform/testing/pg.ts';
import { piscope, serve, type Proc } from '../src/platform/testing/processes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const WORKERS = arg('--workers', '1,2').split(',').map(Number);
const BACKENDS = arg('--backends', 'sqlite,postgres').split(',');
const REPEAT = Number(arg('--repeat', '1'));
const SEPARATE = process.argv.includes('--worker-processes');

function corpus(): string[] {
  const dir = join(ROOT, '.cache', 'corpus');
  const out: string[] = [];
  for (const item of readdirSync(dir).sort()) for (const f of readdirSync(join(dir, item)).sort()) if (/\.(apk|jar|aar)$/.test(f)) out.push(join(dir, item, f));
  return out;
}

function bare(files: string[], workers: number): number {
  const out = mkdtempSync(join(tmpdir(), 'piscope-bench-bare-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'piscope.js'), 'scan', ...files, '--format', 'json', '--out', out, '--fail-on', 'never', '-q'], { env: { ...process.env, PISCOPE_WORKERS: String(workers) }, stdio: ['ignore', 'ignore', 'pipe'] });
  const s = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`piscope scan exited ${r.status}: ${r.stderr.toString()}`);
  return s;
}

async function platform(files: string[], workers: number, backend: string): Promise<number> {
  const data = mkdtempSync(join(tmpdir(), 'piscope-bench-platform-'));
  const pg = backend === 'postgres' ? await createTestDatabase() : null;
  const separate = SEPARATE && pg !== null;
  const server = await serve(['--data', data, '--port', '0', '--workers', separate ? '0' : String(workers), ...(pg === null ? [] : ['--db', pg.url])], { env: { PISCOPE_BOOTSTRAP_TOKEN: 'bench' } });
  const hosts: Proc[] = separate ? Array.from({ length: workers }, () => piscope(['worker', '--db', pg.url, '--data', data, '--concurrency', '1'])) : [];
  try {
    const c = new Client(server.url, 'bench');
    const t0 = performance.now();
    const ids: number[] = [];
    for (const f of files) {
      const r = await c.upload(f, '?batch=bench');
      if (r.status !== 201) throw new Error(`${f}: ${r.status} ${r.text}`);
      ids.push((r.body as { scan: { id: number } }).scan.id);
    }
    for (const id of ids) {
      const s = (await c.waitScan(id, 3_600_000)) as { status: string; error: string | null };
      if (s.status !== 'done') throw new Error(`scan ${id}: ${s.status} ${s.error ?? ''}`);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    for (const h of hosts) h.child.kill('SIGTERM');
    await Promise.all(hosts.map((h) => h.exited));
    server.child.kill('SIGTERM');
    await server.exited;
    await pg?.drop();
    rmSync(data, { recursive: true, force: true });
  }
}

const files = corpus();
const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
console.log(`# Platform throughput: ${files.length} corpus packages (${mb.toFixed(1)} MB), ${cpus().length} cores, ${new Date().toISOString()}\n`);
if (SEPARATE) console.log('Workers as separate `piscope worker` processes on PostgreSQL.\n');
console.log('| workers | backend | bare piscope scan (s) | platform (s) | platform apps/hour | bare apps/hour | platform / bare time |');
console.log('|---|---|---|---|---|---|---|');
for (let rep = 0; rep < REPEAT; rep++) {
  for (const w of WORKERS) {
    for (const backend of BACKENDS) {
      // Bare and platform alternate within one configuration, so load on the shared machine hits both.
      const b = bare(files, w);
      const p = await platform(files, w, backend);
      const perHour = (s: number): string => Math.round((files.length / s) * 3600).toLocaleString('en');
      console.log(`| ${w} | ${backend} | ${b.toFixed(1)} | ${p.toFixed(1)} | ${perHour(p)} | ${perHour(b)} | ${(p / b).toFixed(2)} |`);
    }
  }
}
