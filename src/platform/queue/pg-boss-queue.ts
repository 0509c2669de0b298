// The queue at scale: pg-boss 12 on the platform's PostgreSQL. Each job is held by heartbeat
// (heartbeatSeconds) and bounded by expireInSeconds; a job whose worker died is retried by pg-boss's
// supervisor on another worker. Settling a job names the attempt ({id, retryCount}), so a worker whose
// attempt lapsed cannot settle the retry that another worker holds.
import { PgBoss, type JobAttempt } from 'pg-boss';
import { LeaseLost, type Job, type JobQueue } from './job-queue.ts';

const QUEUE = 'piscope-scan';

export interface PgBossQueueOptions {
  /** Seconds without a heartbeat before a job is given to another worker (pg-boss's minimum is 10). */
  heartbeatSeconds?: number;
  /** Hard bound on one attempt, heartbeat or not. */
  expireInSeconds?: number;
  /** How often pg-boss looks for jobs whose worker stopped beating. */
  superviseIntervalSeconds?: number;
  retryLimit?: number;
}

interface Attempt extends Job {
  retryCount: number;
}

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  readonly heartbeatMs: number;
  private readonly boss: PgBoss;
  private readonly opts: Required<PgBossQueueOptions>;

  private constructor(boss: PgBoss, opts: Required<PgBossQueueOptions>) {
    this.boss = boss;
    this.opts = opts;
    this.heartbeatMs = (opts.heartbeatSeconds * 1000) / 3;
  }

  static async start(url: string, options: PgBossQueueOptions = {}): Promise<PgBossQueue> {
    const opts: Required<PgBossQueueOptions> = {
      heartbeatSeconds: options.heartbeatSeconds ?? 10,
      expireInSeconds: options.expireInSeconds ?? 3600,
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 5,
      retryLimit: options.retryLimit ?? 5,
    };
    const boss = new PgBoss({
      connectionString: url,
      max: 4,
      superviseIntervalSeconds: opts.superviseIntervalSeconds,
      monitorIntervalSeconds: opts.superviseIntervalSeconds,
      registerInstance: false,
    });
    boss.on('error', (e: unknown) => {
      process.stderr.write(`piscope: job queue: ${e instanceof Error ? e.message : String(e)}\n`);
    });
    await boss.start();
    if ((await boss.getQueue(QUEUE)) === null) {
      try {
        await boss.createQueue(QUEUE, { expireInSeconds: opts.expireInSeconds, heartbeatSeconds: opts.heartbeatSeconds, retryLimit: opts.retryLimit, retryDelay: 1 });
      } catch (e) {
        // Another process created it between our look and our create.
        if ((await boss.getQueue(QUEUE)) === null) throw e;
      }
    }
    return new PgBossQueue(boss, opts);
  }

  async enqueue(scanId: number, priority: number): Promise<string> {
    const id = await this.boss.send(QUEUE, { scanId }, { priority });
    if (id === null) throw new Error(`the queue refused the job of scan ${scanId}`);
    return id;
  }

  async take(): Promise<Job | null> {
    const [job] = await this.boss.fetch<{ scanId: number }>(QUEUE, { batchSize: 1 });
    if (job === undefined) return null;
    const attempt: Attempt = { id: job.id, scanId: job.data.scanId, retryCount: job.retryCount };
    return attempt;
  }

  private attempt(job: Job): JobAttempt | string {
    const a = job as Partial<Attempt>;
    return a.retryCount === undefined ? job.id : { id: job.id, retryCount: a.retryCount };
  }

  private async held(job: Job, p: Promise<unknown>): Promise<void> {
    const r = (await p) as { affected?: number };
    if (r.affected === 0) throw new LeaseLost(job.id);
  }

  heartbeat(job: Job): Promise<void> {
    return this.held(job, this.boss.touch(QUEUE, this.attempt(job)));
  }

  complete(job: Job): Promise<void> {
    return this.held(job, this.boss.complete(QUEUE, this.attempt(job)));
  }

  async fail(job: Job, reason: string): Promise<void> {
    await this.boss.fail(QUEUE, this.attempt(job), { reason });
  }

  async cancel(jobId: string): Promise<void> {
    await this.boss.cancel(QUEUE, jobId);
  }

  waitForWork(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 1000)));
  }

  get retryLimit(): number {
    return this.opts.retryLimit;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true, wait: true, timeout: 2000 } as Parameters<PgBoss['stop']>[0]);
  }
}
