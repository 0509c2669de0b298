// Memory of a worker (issue 12): peak RSS and time of `piscope scan` (the bare engine, in one process, no heap
// cap) and of the platform worker's scan child (src/platform/worker/scan-runner.ts: a forked process with
// --max-old-space-size = the worker's heap cap) on the synthetic APKs of 60 MB and 500 MB
// (scripts/make-synthetic-apk.ts --size-mb N). The child's report must equal the bare engine's (same
// findings, calls, SDKs; only the run time and the file's path may differ), or the row says so.
//   node bench/worker-memory.ts [--sizes 60,500] [--heap-mb 2048] [--out FILE]   (the table to FILE, else stdout;
//   bench/WORKER-MEMORY.md keeps the figures with before/after and notes)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NODE_ENV, NODE_FLAGS } from '../bin/runtime.js';
import { ScanSlot } from '../src/platform/worker/scan-runner.ts';
import { ensureSyntheticApk } from '../scripts/make-synthetic-apk.ts';
import { ensureGnuTime, measure } from './lib/measure.ts';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = argv.indexOf(name);
  return i < 0 ? def : (argv[i + 1] ?? def);
};
const SIZES = opt('--sizes', '60,500').split(',').map(Number);
const HEAP_MB = Number(opt('--heap-mb', '2048'));
const OUT = opt('--out', '');
const MB = 1048576;

/** The report without what differs between two runs of the same scan: the duration and the path given. */
function comparable(json: string): string {
  const r = JSON.parse(json) as { input: { path: string }; stats: { durationMs: number } };
  r.input.path = '';
  r.stats.durationMs = 0;
  return JSON.stringify(r);
}

function peakRssKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`no VmHWM for process ${pid}`);
  return Number(m[1]);
}

interface Row {
  size: number;
  apkBytes: number;
  dexFiles: number;
  classes: number;
  engine: { wallMs: number; cpuMs: number; rssKb: number };
  child: { wallMs: number; rssKb: number; ok: boolean; code?: string; message?: string; same: boolean | null };
}

async function workerChild(apk: string): Promise<Row['child'] & { json: string | null }> {
  const slot = new ScanSlot({ timeoutMs: 3 * 3600_000, heapMb: HEAP_MB });
  const work = mkdtempSync(join(tmpdir(), 'piscope-worker-mem-'));
  try {
    const t0 = performance.now();
    // As the worker runs a scan: a link named as uploaded, in an empty folder, default options.
    const pending = slot.run(apk, 'package.apk', work, {});
    // The child is forked inside run(); its peak RSS is read before it is closed.
    const pid = slot.pid;
    let hwm = 0;
    const poll = setInterval(() => {
      try {
        if (pid !== undefined) hwm = Math.max(hwm, peakRssKb(pid));
      } catch {
        /* the child is gone (killed at its cap): the last reading stands */
      }
    }, 200);
    const r = await pending;
    const wallMs = performance.now() - t0;
    clearInterval(poll);
    if (pid !== undefined && r.ok) hwm = Math.max(hwm, peakRssKb(pid));
    return r.ok ? { wallMs, rssKb: hwm, ok: true, same: null, json: r.json } : { wallMs, rssKb: hwm, ok: false, code: r.code, message: r.message, same: null, json: null };
  } finally {
    slot.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureGnuTime();
  const rows: Row[] = [];
  for (const size of SIZES) {
    const info = ensureSyntheticApk(false, size);
    console.log(`${info.apk}: ${(info.sizeBytes / MB).toFixed(1)} MB, ${info.dexFiles} dex`);
    const out = join(tmpdir(), `piscope-worker-mem-${size}.json`);
    const child = await workerChild(info.apk);
    console.log(`  worker child (heap cap ${HEAP_MB} MB): ${child.ok ? 'ok' : `${child.code}: ${child.message}`}, ${(child.wallMs / 1000).toFixed(1)} s, peak RSS ${(child.rssKb / 1024).toFixed(0)} MB`);
    // The bare engine as a user runs it: bin/piscope.js (its Node flags and environment), report to a file.
    const engine = measure(process.execPath, [...NODE_FLAGS, join(ROOT, 'bin', 'piscope.js'), 'scan', info.apk, '--format', 'json', '--out', out, '--fail-on', 'never', '-q'], { env: { ...process.env, ...NODE_ENV } });
    console.log(`  piscope scan: ${(engine.wallMs / 1000).toFixed(1)} s, peak RSS ${(engine.rssKb / 1024).toFixed(0)} MB`);
    const same = child.json === null ? null : comparable(child.json) === comparable(readFileSync(out, 'utf8'));
    rmSync(out, { force: true });
    console.log(`  report of the worker child: ${same === true ? 'same as piscope scan' : same === false ? 'DIFFERS from piscope scan' : 'none'}`);
    rows.push({ size, apkBytes: info.sizeBytes, dexFiles: info.dexFiles, classes: info.expected.classes, engine, child: { ...child, same } });
  }
  if (OUT === '') console.log(render(rows));
  else {
    writeFileSync(OUT, render(rows));
    console.log(`wrote ${OUT}`);
  }
}

function render(rows: Row[]): string {
  const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const x = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const lines = [
    '# Memory of a worker',
    '',
    `Made by \`node bench/worker-memory.ts\` (issue 12, "Memory of a worker"): ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}. ` +
      'Inputs: the synthetic APKs of scripts/make-synthetic-apk.ts (`--size-mb N`): the uiautomator2-server APK plus renamed copies of real dex files, all code, ' +
      'the worst case for the analysis (a real 500 MB app is mostly resources and native libraries).',
    '',
    '"piscope scan" is the bare engine as a user runs it (bin/piscope.js, one process, no heap cap), timed by GNU time. ' +
      `"worker child" is the platform worker's scan process (src/platform/worker/scan-runner.ts) with its default heap cap (--max-old-space-size=${HEAP_MB}); ` +
      'its peak RSS is the kernel\'s high-water mark (VmHWM). The child\'s report is compared with the bare engine\'s, all but the run time and the path.',
    '',
    '| APK | dex | classes | piscope scan: wall / CPU | peak RSS | RSS ÷ APK | worker child: result | wall | peak RSS | RSS ÷ APK | RSS ÷ piscope scan | report |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const apkKb = r.apkBytes / 1024;
    lines.push(`| synthetic-${r.size}mb (${(r.apkBytes / MB).toFixed(1)} MB) | ${r.dexFiles} | ${r.classes} | ${s(r.engine.wallMs)} / ${s(r.engine.cpuMs)} | ${mb(r.engine.rssKb)} | ${x(r.engine.rssKb, apkKb)} | ` +
      `${r.child.ok ? 'ok' : `${r.child.code}`} | ${s(r.child.wallMs)} | ${mb(r.child.rssKb)} | ${x(r.child.rssKb, apkKb)} | ${x(r.child.rssKb, r.engine.rssKb)} | ${r.child.same === true ? 'same' : r.child.same === false ? '**differs**' : '—'} |`);
  }
  lines.push('');
  return lines.join('\n');
}

await main();
