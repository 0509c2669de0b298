// Speed of the policy analyzer on a 100 KB policy: median of repeated runs after a warm-up (the warm-up pays
// for loading the segmenter dictionary once). Input: our own fixture policies repeated to 100 KB, or any
// policy file given as the first argument (e.g. a real one from ../shared/corpus/policies/ca4p/raw/).
//   node bench/policy-bench.ts [file] [--runs N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePolicyText } from '../src/policy/analyze.ts';
import { htmlToText } from '../src/policy/html-text.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 30;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');

let base: string;
if (file !== undefined) base = /\.html?$/i.test(file) ? htmlToText(readFileSync(file, 'utf8')) : readFileSync(file, 'utf8');
else {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'policies');
  base = [htmlToText(readFileSync(join(dir, 'full.html'), 'utf8')), readFileSync(join(dir, 'sdk-prose.txt'), 'utf8'), readFileSync(join(dir, 'minimal.md'), 'utf8')].join('\n');
}
// Repeat to 100 KB of UTF-8.
let text = base;
while (Buffer.byteLength(text) < 100 * 1024) text += '\n' + base;
const bytes = Buffer.byteLength(text);

analyzePolicyText(text, 'warm-up');
const times: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  analyzePolicyText(text, 'bench');
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Wall time suffers when other processes share the cores; CPU time of this process shows the work itself.
console.log(
  `policy analysis: ${(bytes / 1024).toFixed(0)} KB, ${text.length} chars, ${runs} runs: median ${median(times).toFixed(1)} ms wall ` +
    `(min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}), median ${median(cpu).toFixed(1)} ms CPU`,
);
