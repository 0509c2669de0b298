// Real `piscope` processes for tests: started from bin/piscope.js as a user would, stopped by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const BIN = join(ROOT, 'bin', 'piscope.js');

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function piscope(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts `piscope serve …` and resolves with its URL once it prints it. */
export async function serve(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<Proc & { url: string }> {
  const p = piscope(['serve', ...args], opts);
  const until = Date.now() + 60_000;
  for (;;) {
    const m = /serving on (http:\/\/\S+)/.exec(p.stdout());
    if (m !== null) return { ...p, url: m[1]! };
    if (p.child.exitCode !== null) throw new Error(`piscope serve exited ${p.child.exitCode}: ${p.stderr()}`);
    if (Date.now() > until) throw new Error(`piscope serve printed no URL: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function run(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = piscope(args, opts);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
