// Import throughput of a large SARIF log (platform/imports): POST /api/v1/imports over real HTTP into a fresh
// platform (embedded SQLite and PostgreSQL), with the parse alone beside it, and the per-app engine view after.
// The log: the SARIF `piscope scan` writes of a real app (jpush-example-debug.apk, ../shared/corpus/real-apps),
// its results repeated with distinct lines up to --results, once under its own driver name (every result under
// one of our rules) and once renamed and without piscope's properties (every result unmapped, namespaced).
//   node bench/engine-import.ts [--results 10000] [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSarif } from '../src/platform/imports/parse.ts';
import { startTestPlatform, type Backend } from '../src/platform/testing/harness.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const N = Number(opt('--results', '10000'));
const RUNS = Number(opt('--runs', '3'));
const ROOT = resolve(import.meta.dirname, '..');
const APK = resolve(ROOT, '../shared/corpus/real-apps/files/jpush-example-debug.apk');
const dir = mkdtempSync(join(tmpdir(), 'piscope-bench-import-'));
execFileSync(process.execPath, [join(ROOT, 'bin/piscope.js'), 'scan', APK, '--format', 'sarif', '--out', join(dir, 'app.sarif'), '--fail-on', 'never', '-q']);
const real = JSON.parse(readFileSync(join(dir, 'app.sarif'), 'utf8')) as { runs: { tool: { driver: { name: string } }; results: { locations?: unknown[] }[] }[] };

// piscope's results carry their whole evidence (call paths, policy excerpts) in `properties` (~11 kB each);
// the renamed log drops it and the code flows, as a plain result of another tool (~0.5 kB each).
function large(driver: string, plain: boolean): Buffer {
  const log = structuredClone(real);
  const base = log.runs[0]!.results;
  log.runs[0]!.tool.driver.name = driver;
  log.runs[0]!.results = Array.from({ length: N }, (_, i) => {
    const { properties: _p, codeFlows: _c, relatedLocations: _r, ...rest } = base[i % base.length] as Record<string, unknown>;
    return { ...(plain ? rest : base[i % base.length]), locations: [{ physicalLocation: { artifactLocation: { uri: 'classes.dex' }, region: { startLine: i + 1 } } }] };
  });
  return Buffer.from(JSON.stringify(log));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
const logs = { 'mapped (piscope)': large('piscope', false), 'unmapped (plain)': large('Example Scanner', true) };
for (const [kind, bytes] of Object.entries(logs)) {
  const t: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    parseSarif(bytes);
    t.push(performance.now() - t0);
  }
  rows.push(`| parse only (in process) | ${kind} | ${(bytes.length / 1e6).toFixed(1)} | ${median(t).toFixed(0)} | ${Math.round(N / (median(t) / 1000)).toLocaleString('en')} | |`);
}

for (const backend of ['sqlite', 'postgres'] as Backend[]) {
  const p = await startTestPlatform(backend, { workers: 1 });
  try {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(APK)]), 'jpush-example-debug.apk');
    const up = await p.admin.request('POST', '/api/v1/packages', form);
    const scan = (await p.admin.waitScan((up.body as { scan: { id: number } }).scan.id)) as { sha256: string; appId: number };
    for (const [kind, bytes] of Object.entries(logs)) {
      const t: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const f = new FormData();
        f.append('file', new Blob([bytes]), `${kind}.sarif`);
        const t0 = performance.now();
        const res = await p.admin.request('POST', `/api/v1/imports?format=sarif&sha256=${scan.sha256}`, f);
        t.push(performance.now() - t0);
        if (res.status !== 201 || (res.body as { findingCount: number }).findingCount !== N) throw new Error(`import failed: ${res.status} ${res.text.slice(0, 300)}`);
      }
      const v0 = performance.now();
      const view = await p.admin.get(`/api/v1/apps/${scan.appId}/engines`);
      const viewMs = performance.now() - v0;
      if (view.status !== 200) throw new Error(view.text);
      rows.push(`| POST /imports, ${backend} | ${kind} | ${(bytes.length / 1e6).toFixed(1)} | ${median(t).toFixed(0)} | ${Math.round(N / (median(t) / 1000)).toLocaleString('en')} | ${viewMs.toFixed(0)} |`);
    }
  } finally {
    await p.close();
  }
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${N.toLocaleString('en')} results, median of ${RUNS}\n\n| what | results | MB | ms | results/s | GET /apps/{id}/engines after, ms |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
