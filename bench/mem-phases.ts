// Where a scan's memory goes: runs scan() on one package and, at each phase boundary, forces a full GC and
// prints the heap still in use (retained), the heap's peak so far (sampled) and RSS. Needs --expose-gc.
//   node --expose-gc bench/mem-phases.ts APK
import { writeHeapSnapshot } from 'node:v8';
import { scan } from '../src/engine/scan.ts';
import { jsonReporter } from '../src/report/json-reporter.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const path = process.argv[2];
if (path === undefined) throw new Error('usage: node --expose-gc bench/mem-phases.ts APK');
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;
let peakHeap = 0;
let peakRss = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
};
const timer = setInterval(sample, 50);
let last = '';
const t0 = performance.now();
const mark = (what: string): void => {
  sample();
  gc();
  const m = process.memoryUsage();
  console.log(`${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${what.padEnd(22)} retained heap ${mb(m.heapUsed).padStart(8)}  external ${mb(m.external).padStart(7)}  rss ${mb(m.rss).padStart(8)}  peak heap ${mb(peakHeap).padStart(8)}  peak rss ${mb(peakRss).padStart(8)}`);
};
const report = await scan({ path }, {
  onProgress: (p) => {
    const k = `${p.phase}${p.detail === undefined ? '' : `/${p.detail}`}`;
    if (k !== last) {
      mark(`start ${k}`);
      if (process.env.SNAP === k) console.log(`snapshot ${writeHeapSnapshot()}`);
      last = k;
    }
    sample();
  },
});
mark('report object');
const json = jsonReporter(report);
mark(`json ${mb(json.length)}`);
clearInterval(timer);
