// Runs scans in a child process with a heap cap and a time limit (one child per worker slot, reused).
// A scan that runs out of time or memory costs only its child: the result says why, and the next scan gets
// a fresh child. A child process (not a thread) so that it can chdir to the package's folder, and so that a
// heap cap and a kill really free the memory.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync, statSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BatchScanOptions } from '../../engine/scan-many.ts';
import type { ChildJob, ChildReply } from './scan-child.ts';
import { NODE_ENV, NODE_FLAGS } from '../../../bin/runtime.js';

const CHILD = new URL('./scan-child.ts', import.meta.url);

export type RunResult = { ok: true; json: string; signer: string | null } | { ok: false; code: string; message: string };

export interface RunnerOptions {
  timeoutMs: number;
  heapMb: number;
  /** The time limit grows with the package: at least this many ms per MB (0: a fixed limit). */
  msPerMb?: number;
}

/** The upload's name as a plain file name: no folders, no control characters, never empty. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = basename(name.replaceAll('\\', '/')).replace(/[\x00-\x1f\x7f]/g, '').trim();
  return base === '' || base === '.' || base === '..' ? 'package' : base;
}

export class ScanSlot {
  private child: ChildProcess | null = null;
  private stderrTail = '';
  private seq = 0;
  private readonly opts: RunnerOptions;

  constructor(opts: RunnerOptions) {
    this.opts = opts;
  }

  private spawn(): ChildProcess {
    // The launcher's Node flags and environment too (bin/runtime.js: small young generation, capped heap growth,
    // two malloc arenas): without them the child of a 60 MB package held 20% more RSS (bench/WORKER-MEMORY.md).
    const child = fork(CHILD, [], {
      execArgv: [...NODE_FLAGS, `--max-old-space-size=${this.opts.heapMb}`],
      env: { ...process.env, ...NODE_ENV },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.stderrTail = '';
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-4096);
    });
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
    return child;
  }

  /**
   * Scans the package at `packagePath` as if it were named `name`. `workDir` is an empty private folder,
   * removed afterwards. `signal` stops the scan (cancelled, or the lease was lost). `traces`: recorded runs read
   * with it (an imported runtime log).
   */
  run(packagePath: string, name: string, workDir: string, options: BatchScanOptions, signal?: AbortSignal, traces?: ChildJob['traces']): Promise<RunResult> {
    const file = safeFileName(name);
    symlinkSync(packagePath, join(workDir, file));
    const child = this.child ?? this.spawn();
    const id = ++this.seq;
    return new Promise<RunResult>((resolve) => {
      let settled = false;
      const finish = (r: RunResult, kill: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (kill) {
          child.kill('SIGKILL');
          if (this.child === child) this.child = null;
        }
        rmSync(workDir, { recursive: true, force: true });
        resolve(r);
      };
      const onMessage = (m: ChildReply): void => {
        if (m.id !== id) return;
        finish(m.ok ? { ok: true, json: m.json, signer: m.signer } : { ok: false, code: m.code, message: m.message }, false);
      };
      const onExit = (code: number | null, sig: NodeJS.Signals | null): void => {
        const oom = /heap out of memory|Allocation failed/i.test(this.stderrTail);
        finish(
          oom
            ? { ok: false, code: 'OUT_OF_MEMORY', message: `the scan ran out of memory (heap cap ${this.opts.heapMb} MB)` }
            : { ok: false, code: 'WORKER_FAILED', message: `the scan process ended (${sig ?? `exit code ${code}`})` },
          false,
        );
      };
      const onAbort = (): void => finish({ ok: false, code: 'CANCELLED', message: 'the scan was stopped' }, true);
      const mb = Math.ceil(statSync(packagePath).size / 1_048_576);
      const limitMs = Math.max(this.opts.timeoutMs, mb * (this.opts.msPerMb ?? 0));
      const timer = setTimeout(() => finish({ ok: false, code: 'TIMEOUT', message: `the scan took longer than ${limitMs} ms (the limit for a ${mb} MB package)` }, true), limitMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort);
      child.send({ id, dir: workDir, name: file, options, ...(traces !== undefined ? { traces } : {}) } satisfies ChildJob);
    });
  }

  /** The child's process id while one is running (the memory benchmark reads its peak RSS). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}
