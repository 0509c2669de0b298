// Batches on every core: worker threads, each scanning one file at a time with its own heap cap and time
// limit. A package that throws, exhausts its heap or hangs costs only its own result; its worker is replaced
// and the rest go on. Results are streamed through `onResult` as they finish and returned in input order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describeError } from '../errors.ts';
import type { Report } from '../report/types.ts';
import type { ScanOptions } from './scan.ts';

/** The options that can cross to a worker (no functions); on the platform, stored with the scan (listings: the app's store listings). */
export type BatchScanOptions = Pick<ScanOptions, 'policy' | 'category' | 'sector' | 'suppressions' | 'listings'>;

export interface BatchOptions {
  /** Worker threads; defaults to the number of cores. */
  concurrency?: number;
  /** Per-file limit; a scan over it is stopped and reported as an error. Default 10 minutes. */
  timeoutMs?: number;
  /** Heap cap per worker, so one hostile package cannot take the machine. Default 4096 MiB. */
  maxHeapMb?: number;
  onResult?: (r: BatchResult, index: number) => void;
  signal?: AbortSignal;
}

export type BatchResult = { path: string; report: Report } | { path: string; error: { code: string; message: string } };

export interface WorkerJob {
  index: number;
  path: string;
  options: BatchScanOptions;
}
export type WorkerDone = { index: number; result: BatchResult };

const WORKER = new URL('./scan-many-worker.ts', import.meta.url);

export function scanMany(files: readonly string[], options: BatchScanOptions = {}, batch: BatchOptions = {}): Promise<BatchResult[]> {
  const results = new Array<BatchResult | undefined>(files.length);
  const size = Math.max(1, Math.min(batch.concurrency ?? availableParallelism(), files.length));
  const timeoutMs = batch.timeoutMs ?? 600_000;
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    if (files.length === 0) {
      resolve([]);
      return;
    }
    const finish = (index: number, r: BatchResult): void => {
      if (results[index] !== undefined) return;
      results[index] = r;
      done++;
      batch.onResult?.(r, index);
      if (done === files.length) resolve(results as BatchResult[]);
    };
    const cancelRest = (): void => {
      for (; next < files.length; next++) finish(next, { path: files[next]!, error: { code: 'CANCELLED', message: 'batch cancelled' } });
    };
    const spawn = (): void => {
      const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: batch.maxHeapMb ?? 4096 } });
      let current: number | null = null;
      let timer: NodeJS.Timeout | undefined;
      let replaced = false;
      const replace = (why: { code: string; message: string }): void => {
        if (replaced) return;
        replaced = true;
        clearTimeout(timer);
        if (current !== null) finish(current, { path: files[current]!, error: why });
        current = null;
        void worker.terminate();
        if (next < files.length) spawn();
      };
      const feed = (): void => {
        clearTimeout(timer);
        if (batch.signal?.aborted === true) cancelRest();
        if (next >= files.length) {
          current = null;
          replaced = true;
          void worker.terminate();
          return;
        }
        current = next++;
        timer = setTimeout(() => replace({ code: 'TIMEOUT', message: `scan took longer than ${timeoutMs} ms` }), timeoutMs);
        worker.postMessage({ index: current, path: files[current]!, options } satisfies WorkerJob);
      };
      worker.on('message', (m: WorkerDone) => {
        finish(m.index, m.result);
        feed();
      });
      worker.on('error', (e: Error) => replace({ code: e.message.includes('heap') || (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'OUT_OF_MEMORY' : 'WORKER_FAILED', message: describeError(e) }));
      worker.on('exit', (code) => replace({ code: 'WORKER_FAILED', message: `scan worker exited with code ${code}` }));
      feed();
    };
    for (let i = 0; i < size; i++) spawn();
  });
}
