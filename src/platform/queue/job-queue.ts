// One queue interface for the scan jobs. Embedded: a job table in the platform's SQLite database
// (embedded-queue.ts). At scale: pg-boss on the same PostgreSQL (pg-boss-queue.ts). Both lease a job to one
// worker, keep the lease alive by heartbeat, give it to another worker when the heartbeat stops, order by
// priority (higher first, then oldest) and can cancel a job.

export interface Job {
  id: string;
  scanId: number;
}

export class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: the lease was lost (expired, cancelled or taken by another worker)`);
  }
}

export interface JobQueue {
  readonly kind: 'embedded' | 'pg-boss';
  /** How often a worker must call heartbeat() to keep its lease. */
  readonly heartbeatMs: number;
  enqueue(scanId: number, priority: number): Promise<string>;
  /** The next job, leased to the caller; null when none is ready. */
  take(): Promise<Job | null>;
  /** Extends the lease; throws LeaseLost when it is gone. */
  heartbeat(job: Job): Promise<void>;
  complete(job: Job): Promise<void>;
  /** The job failed for a reason outside the scan (the queue may retry it). */
  fail(job: Job, reason: string): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** Resolves when a job may be ready (or after `ms`): lets idle workers wait without busy polling. */
  waitForWork(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Priorities: a person waiting for a scan goes ahead of a batch's queued scans. */
export const PRIORITY = { user: 10, batch: 0 } as const;
