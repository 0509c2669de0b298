// Runs one tool as a child process under GNU time: wall time from our own clock (ms resolution), CPU time
// (user + sys, `%U %S`: robust when other jobs share the cores) and peak RSS from `%M` (the largest
// resident set of the child and its descendants, in KB).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  wallMs: number;
  cpuMs: number;
  rssKb: number;
  stdout: string;
}

/** Installs GNU time from Debian when missing (we run as root in CI and on the bench machine). */
export function ensureGnuTime(): void {
  if (existsSync(GNU_TIME)) return;
  console.log('installing GNU time (apt-get install -y time)…');
  const r = spawnSync('apt-get', ['install', '-y', 'time'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(GNU_TIME)) throw new Error('GNU time (/usr/bin/time) is required: apt-get install -y time');
}

export function measure(cmd: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Measurement {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-bench-'));
  const out = join(dir, 'time.txt');
  try {
    const t0 = performance.now();
    const r = spawnSync(GNU_TIME, ['-f', '%e %M %U %S', '-o', out, cmd, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      timeout: opts.timeoutMs ?? 3 * 3600_000,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const wallMs = performance.now() - t0;
    if (r.error !== undefined) throw new Error(`${cmd}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
    const fields = readFileSync(out, 'utf8').trim().split('\n').at(-1)?.split(' ') ?? [];
    const rssKb = Number(fields[1]);
    const cpuMs = (Number(fields[2]) + Number(fields[3])) * 1000;
    if (!Number.isFinite(rssKb) || !Number.isFinite(cpuMs)) throw new Error(`GNU time printed no RSS/CPU for ${cmd}`);
    return { wallMs, cpuMs, rssKb, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `measure` n times; returns the medians (wall, CPU, peak RSS) and the last stdout. */
export function measureRuns(
  n: number, cmd: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; warmup?: number } = {},
): Measurement & { runs: number; walls: number[] } {
  // Untimed runs first, for a tool whose installed form keeps a cache between runs (Node's compile cache).
  for (let i = 0; i < (opts.warmup ?? 0); i++) measure(cmd, args, opts);
  const ms: Measurement[] = [];
  for (let i = 0; i < n; i++) ms.push(measure(cmd, args, opts));
  return {
    wallMs: median(ms.map((m) => m.wallMs)),
    cpuMs: median(ms.map((m) => m.cpuMs)),
    rssKb: median(ms.map((m) => m.rssKb)),
    stdout: ms.at(-1)?.stdout ?? '',
    runs: n,
    walls: ms.map((m) => m.wallMs),
  };
}
