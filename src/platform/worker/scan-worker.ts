// The scan worker: takes a job, claims its scan, runs it in a capped child process while beating the
// job's heartbeat, and commits the result through the fence. N slots run side by side (one per core by
// default). Used in-process by `piscope serve` and alone by `piscope worker`.
import { availableParallelism } from 'node:os';
import type { BatchScanOptions } from '../../engine/scan-many.ts';
import type { Db } from '../db/schema.ts';
import { claimScan, commitScan, finishScan, ScanFenced, stillHeld } from '../domain/results.ts';
import { LeaseLost, type Job, type JobQueue } from '../queue/job-queue.ts';
import type { PackageStore } from '../storage/package-store.ts';
import { ScanSlot } from './scan-runner.ts';

/** A scan slot's limits when the options give none; the API's log imports (imports/runtime-log.ts) run under the same. */
export const SCAN_LIMITS = { timeoutMs: 600_000, heapMb: 2048, msPerMb: 2_400 } as const;

export interface WorkerOptions {
  concurrency?: number;
  /** Per scan; a scan over it is failed with TIMEOUT. Default 10 minutes, or 2.4 s per MB of package when more. */
  timeoutMs?: number;
  /** The time limit's growth with the package's size, in ms per MB (default 2,400: a 500 MB package gets 20
   * minutes, where it took 521 s on a loaded 2-core machine, bench/WORKER-MEMORY.md). 0: a fixed limit. */
  msPerMb?: number;
  /** Heap cap of a scan process. Default 2048 MB. */
  heapMb?: number;
  log?: (line: string) => void;
}

export class ScanWorker {
  private readonly db: Db;
  private readonly queue: JobQueue;
  private readonly store: PackageStore;
  private readonly slots: ScanSlot[];
  private readonly log: (line: string) => void;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(db: Db, queue: JobQueue, store: PackageStore, opts: WorkerOptions = {}) {
    this.db = db;
    this.queue = queue;
    this.store = store;
    const n = opts.concurrency ?? availableParallelism();
    this.slots = Array.from({ length: n }, () => new ScanSlot({ timeoutMs: opts.timeoutMs ?? SCAN_LIMITS.timeoutMs, heapMb: opts.heapMb ?? SCAN_LIMITS.heapMb, msPerMb: opts.msPerMb ?? SCAN_LIMITS.msPerMb }));
    this.log = opts.log ?? ((): void => undefined);
  }

  get concurrency(): number {
    return this.slots.length;
  }

  start(): void {
    this.loops = this.slots.map((slot) => this.loop(slot));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const s of this.slots) s.close();
    await Promise.allSettled(this.loops);
  }

  private async loop(slot: ScanSlot): Promise<void> {
    while (!this.stopping) {
      let job: Job | null = null;
      try {
        job = await this.queue.take();
      } catch (e) {
        if (this.stopping) return;
        this.log(`queue: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (job === null) {
        await this.queue.waitForWork(1000);
        continue;
      }
      try {
        await this.run(slot, job);
      } catch (e) {
        if (this.stopping) return;
        this.log(`scan ${job.scanId}: ${e instanceof Error ? e.message : String(e)}`);
        if (!(e instanceof LeaseLost) && !(e instanceof ScanFenced)) await this.queue.fail(job, e instanceof Error ? e.message : String(e)).catch(() => undefined);
      }
    }
  }

  private async run(slot: ScanSlot, job: Job): Promise<void> {
    const claim = await claimScan(this.db, job.scanId);
    if (claim.kind === 'skip') {
      await this.queue.complete(job);
      return;
    }
    const stop = new AbortController();
    let lost = null as string | null;
    const beat = setInterval(() => {
      void (async () => {
        try {
          await this.queue.heartbeat(job);
          if (!(await stillHeld(this.db, job.scanId, claim.token))) throw new ScanFenced(job.scanId);
        } catch (e) {
          lost = e instanceof Error ? e.message : String(e);
          stop.abort();
        }
      })();
    }, this.queue.heartbeatMs);
    let result;
    try {
      this.log(`scan ${job.scanId}: ${claim.name} (${claim.sha256.slice(0, 12)})`);
      const options = JSON.parse(claim.options) as BatchScanOptions;
      result = await slot.run(this.store.path(claim.sha256), claim.name, this.store.workDir(), options, stop.signal);
    } finally {
      clearInterval(beat);
    }
    if (lost !== null) {
      // Cancelled or taken over: whoever holds the scan now settles it. A cancelled scan's job is done.
      this.log(`scan ${job.scanId}: stopped (${lost})`);
      await this.queue.complete(job).catch(() => undefined);
      return;
    }
    if (result.ok) {
      await commitScan(this.db, job.scanId, claim.token, result.json, result.signer);
      this.log(`scan ${job.scanId}: done`);
    } else {
      // A limit or a bad package fails this scan only; the batch goes on.
      await finishScan(this.db, job.scanId, claim.token, { status: 'failed', error: `${result.code}: ${result.message}` });
      this.log(`scan ${job.scanId}: failed (${result.code})`);
    }
    await this.queue.complete(job);
  }
}
