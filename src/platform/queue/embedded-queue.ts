// The embedded queue: a `jobs` table in the platform's own SQLite database, so `piscope serve` needs nothing
// else. A taken job carries a lease (token + expiry); the worker's heartbeat extends it; a job whose lease
// expired (its worker died) is taken again, up to max_attempts.
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { sql } from 'kysely';
import { now, type Db } from '../db/schema.ts';
import { LeaseLost, type Job, type JobQueue } from './job-queue.ts';

const QUEUE = 'scan';

/** A job as taken: its lease token travels with it, so each holder settles only its own lease. */
interface LeasedJob extends Job {
  token: string;
}

export interface EmbeddedQueueOptions {
  leaseMs?: number;
  heartbeatMs?: number;
  maxAttempts?: number;
}

export class EmbeddedQueue implements JobQueue {
  readonly kind = 'embedded' as const;
  readonly heartbeatMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly db: Db;
  private readonly wake = new EventEmitter();

  constructor(db: Db, opts: EmbeddedQueueOptions = {}) {
    this.db = db;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.heartbeatMs = opts.heartbeatMs ?? 5_000;
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.wake.setMaxListeners(0);
  }

  /**
   * At the start of `serve`: this process is the queue's only user, so every job still marked active belongs
   * to a process that died (kill -9, power cut). They go back to the queue at once instead of waiting out
   * their leases.
   */
  async recover(): Promise<number> {
    const r = await this.db.updateTable('jobs').set({ status: 'queued', lease_token: null, lease_until: null }).where('queue', '=', QUEUE).where('status', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async enqueue(scanId: number, priority: number): Promise<string> {
    const row = await this.db
      .insertInto('jobs')
      .values({ queue: QUEUE, payload: JSON.stringify({ scanId }), priority, status: 'queued', attempts: 0, max_attempts: this.maxAttempts, lease_token: null, lease_until: null, error: null, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.wake.emit('job');
    return String(row.id);
  }

  async take(): Promise<Job | null> {
    for (;;) {
      const t = now();
      const token = randomBytes(12).toString('hex');
      const until = new Date(Date.now() + this.leaseMs).toISOString();
      // One statement picks and leases the job, so two takers can never get the same one.
      const row = await this.db
        .updateTable('jobs')
        .set({ status: 'active', attempts: sql`attempts + 1`, lease_token: token, lease_until: until })
        .where('id', '=', (qb) =>
          qb
            .selectFrom('jobs')
            .select('id')
            .where('queue', '=', QUEUE)
            .where((w) => w.or([w('status', '=', 'queued'), w.and([w('status', '=', 'active'), w('lease_until', '<', t)])]))
            .orderBy('priority', 'desc')
            .orderBy('id', 'asc')
            .limit(1),
        )
        .returning(['id', 'payload', 'attempts', 'max_attempts'])
        .executeTakeFirst();
      if (row === undefined) return null;
      const id = String(row.id);
      if (row.attempts > row.max_attempts) {
        await this.db.updateTable('jobs').set({ status: 'failed', error: `its worker died ${row.max_attempts} times`, lease_token: null }).where('id', '=', row.id).execute();
        continue;
      }
      const job: LeasedJob = { id, scanId: (JSON.parse(row.payload) as { scanId: number }).scanId, token };
      return job;
    }
  }

  private async settle(job: Job, set: { status: 'active' | 'done' | 'failed' | 'queued'; lease_until?: string | null; error?: string | null }): Promise<void> {
    const token = (job as Partial<LeasedJob>).token ?? '';
    const r = await this.db
      .updateTable('jobs')
      .set({ ...set, ...(set.status === 'active' ? {} : { lease_token: null }) })
      .where('id', '=', Number(job.id))
      .where('status', '=', 'active')
      .where('lease_token', '=', token)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new LeaseLost(job.id);
  }

  heartbeat(job: Job): Promise<void> {
    return this.settle(job, { status: 'active', lease_until: new Date(Date.now() + this.leaseMs).toISOString() });
  }

  complete(job: Job): Promise<void> {
    return this.settle(job, { status: 'done', lease_until: null });
  }

  async fail(job: Job, reason: string): Promise<void> {
    const row = await this.db.selectFrom('jobs').select(['attempts', 'max_attempts']).where('id', '=', Number(job.id)).executeTakeFirst();
    const retry = row !== undefined && row.attempts < row.max_attempts;
    await this.settle(job, { status: retry ? 'queued' : 'failed', lease_until: null, error: reason });
    if (retry) this.wake.emit('job');
  }

  async cancel(jobId: string): Promise<void> {
    await this.db.updateTable('jobs').set({ status: 'cancelled', lease_token: null }).where('id', '=', Number(jobId)).where('status', 'in', ['queued', 'active']).execute();
  }

  async waitForWork(ms: number): Promise<void> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), ms);
    try {
      await once(this.wake, 'job', { signal: ac.signal });
    } catch {
      // timed out: the caller looks again (a lease may have expired meanwhile)
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    this.wake.emit('job');
    return Promise.resolve();
  }
}
