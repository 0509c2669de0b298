// Batch scans on every core: one worker thread per core, each scanning one package at a time through the
// engine. A package that throws, or even kills its worker, costs only its own row; the rest go on.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchItem, EngineScanOptions } from './engine.ts';

export interface WorkerRequest {
  id: number;
  input: string;
  options: EngineScanOptions;
}
export type WorkerReply = { id: number; item: BatchItem };

const WORKER_URL = new URL('./scan-worker.ts', import.meta.url);

export function poolSize(jobs: number): number {
  const env = Number(process.env.PISCOPE_WORKERS);
  const cores = Number.isInteger(env) && env > 0 ? env : availableParallelism();
  return Math.max(1, Math.min(cores, jobs));
}

export function scanInWorkers(inputs: string[], options: EngineScanOptions, onDone?: (item: BatchItem) => void): Promise<BatchItem[]> {
  const results: (BatchItem | undefined)[] = new Array<BatchItem | undefined>(inputs.length);
  let next = 0;
  let finished = 0;
  return new Promise((resolve) => {
    if (inputs.length === 0) {
      resolve([]);
      return;
    }
    const record = (id: number, item: BatchItem): void => {
      if (results[id] !== undefined) return;
      results[id] = item;
      finished++;
      onDone?.(item);
      if (finished === inputs.length) resolve(results as BatchItem[]);
    };
    const start = (): void => {
      const worker = new Worker(WORKER_URL);
      let current: number | null = null;
      const feed = (): void => {
        if (next >= inputs.length) {
          current = null;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, input: inputs[current]!, options } satisfies WorkerRequest);
      };
      worker.on('message', (msg: WorkerReply) => {
        record(msg.id, msg.item);
        feed();
      });
      const fail = (why: string): void => {
        if (current !== null) {
          record(current, { input: inputs[current]!, error: why });
          current = null;
          // Replace the lost worker while work remains.
          if (next < inputs.length) start();
        }
      };
      worker.on('error', (e: Error) => fail(`internal error: scan worker failed: ${e.message}`));
      worker.on('exit', (code) => fail(`internal error: scan worker exited with code ${code}`));
      feed();
    };
    for (let i = 0; i < poolSize(inputs.length); i++) start();
  });
}
