// Child entry of the benchmarks (issue 5): what scan() adds over analyze(), per package, in one process.
// Runs open+analyze and scan alternately (the first pair warms the JIT and is dropped), prints one JSON line
// per package: medians of each and of the per-pair difference, in wall time and in CPU time.
//   node bench/scan-overhead.ts RUNS APK...
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadAnalyze, loadScan, requireOpenPackage } from './lib/piscope-api.ts';
import { median } from './lib/measure.ts';

const [runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || paths.length === 0) {
  console.error('usage: node bench/scan-overhead.ts RUNS APK...');
  process.exit(2);
}
const openPackage = await requireOpenPackage();
const analyze = await loadAnalyze();
const scan = await loadScan();
if (analyze === undefined || scan === undefined) throw new Error('analyze() or scan() is not there yet');

/** CPU time of this process (user + system): unlike wall time, other jobs on the machine do not inflate it. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

for (const path of paths) {
  const buf = readFileSync(path);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const a: number[] = [];
  const s: number[] = [];
  const ac: number[] = [];
  const sc: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await analyze(await openPackage(bytes, { path }));
    const t1 = performance.now();
    const c1 = cpuMs();
    await scan({ bytes, path }, {});
    const t2 = performance.now();
    const c2 = cpuMs();
    if (i === 0) continue;
    a.push(t1 - t0);
    s.push(t2 - t1);
    ac.push(c1 - c0);
    sc.push(c2 - c1);
  }
  const diffs = s.map((x, i) => x - a[i]!);
  const cpuDiffs = sc.map((x, i) => x - ac[i]!);
  console.log(JSON.stringify({
    file: basename(path), size: bytes.length, analyzeMs: median(a), scanMs: median(s), overheadMs: median(diffs), maxOverheadMs: Math.max(...diffs),
    analyzeCpuMs: median(ac), scanCpuMs: median(sc), overheadCpuMs: median(cpuDiffs), maxOverheadCpuMs: Math.max(...cpuDiffs),
  }));
}
