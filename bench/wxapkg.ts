// Mini-program scan speed on ../shared/corpus/wxapkg (third-party, read in place): packages per second over
// every scannable package, and the largest (4 MB, PC-encrypted) on its own. Wall and CPU time: the machine
// this runs on is often shared, and CPU time is what the scan itself costs.
// Run: node bench/wxapkg.ts [rounds]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'wxapkg');
if (!existsSync(CORPUS)) {
  console.log(`skipped: ${CORPUS} is absent`);
  process.exit(0);
}
const files: string[] = [];
const walk = (d: string): void => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.wxapkg')) files.push(p);
  }
};
walk(CORPUS);
const rounds = Number(process.argv[2] ?? 3);
const ok: string[] = [];
for (const f of files) {
  try {
    await scan({ path: f }, f.includes('PartyHistory') ? { appid: 'wx6e24c691f9a50e44' } : {});
    ok.push(f);
  } catch {
    // the mangled header and the subpackages whose appid is unknown
  }
}
const time = async (list: string[]): Promise<{ wall: number; cpu: number }> => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of list) await scan({ path: f }, f.includes('PartyHistory') ? { appid: 'wx6e24c691f9a50e44' } : {});
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
};
const best = async (list: string[]): Promise<{ wall: number; cpu: number }> => {
  let b = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < rounds; i++) {
    const r = await time(list);
    b = { wall: Math.min(b.wall, r.wall), cpu: Math.min(b.cpu, r.cpu) };
  }
  return b;
};
const all = await best(ok);
const bytes = ok.reduce((s, f) => s + statSync(f).size, 0);
console.log(`${ok.length} packages (${(bytes / 1e6).toFixed(1)} MB): ${all.wall.toFixed(0)} ms wall, ${all.cpu.toFixed(0)} ms CPU → ${((ok.length * 1000) / all.wall).toFixed(1)} packages/s wall, ${((ok.length * 1000) / all.cpu).toFixed(1)} per CPU-second`);
const largest = ok.reduce((a, f) => (statSync(f).size > statSync(a).size ? f : a));
const one = await best([largest]);
console.log(`largest ${largest.split('/').pop()} (${(statSync(largest).size / 1e6).toFixed(2)} MB): ${one.wall.toFixed(0)} ms wall, ${one.cpu.toFixed(0)} ms CPU`);
// The slowest is the one with the most JavaScript, not the largest file.
let slow = { f: '', cpu: 0, wall: 0 };
for (const f of ok) {
  const r = await best([f]);
  if (r.cpu > slow.cpu) slow = { f, ...r };
}
console.log(`slowest ${slow.f.split('/').slice(-2).join('/')} (${(statSync(slow.f).size / 1e6).toFixed(2)} MB): ${slow.wall.toFixed(0)} ms wall, ${slow.cpu.toFixed(0)} ms CPU`);
