// The JobQueue contract on both implementations (the embedded job table and pg-boss on PostgreSQL):
// priorities, cancel, settling only what one holds; and, embedded, a lease that lapses is taken again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connect.ts';
import { createTestDatabase, type TestDatabase } from '../testing/pg.ts';
import { EmbeddedQueue } from './embedded-queue.ts';
import { LeaseLost, PRIORITY, type JobQueue } from './job-queue.ts';
import { PgBossQueue } from './pg-boss-queue.ts';

async function drain(q: JobQueue): Promise<number[]> {
  const out: number[] = [];
  for (let job = await q.take(); job !== null; job = await q.take()) {
    out.push(job.scanId);
    await q.complete(job);
  }
  return out;
}

describe.each(['embedded', 'pg-boss'] as const)('%s queue', (kind) => {
  let database: Database;
  let pg: TestDatabase | null = null;
  let q: JobQueue;
  beforeAll(async () => {
    if (kind === 'embedded') {
      database = await openDatabase(':memory:');
      q = new EmbeddedQueue(database.db, { leaseMs: 300, heartbeatMs: 50, maxAttempts: 2 });
    } else {
      pg = await createTestDatabase();
      database = await openDatabase(pg.url);
      q = await PgBossQueue.start(pg.url);
    }
  });
  afterAll(async () => {
    await q.close();
    await database.close();
    await pg?.drop();
  });

  it("takes a person's scan ahead of a batch's queued scans, then the batch in order", async () => {
    await q.enqueue(1, PRIORITY.batch);
    await q.enqueue(2, PRIORITY.batch);
    await q.enqueue(3, PRIORITY.user);
    expect(await drain(q)).toEqual([3, 1, 2]);
  });

  it('a cancelled job is never taken', async () => {
    const a = await q.enqueue(10, PRIORITY.batch);
    await q.enqueue(11, PRIORITY.batch);
    await q.cancel(a);
    expect(await drain(q)).toEqual([11]);
  });

  it('settles a job once: a second complete, or a heartbeat after it, is refused', async () => {
    await q.enqueue(20, PRIORITY.user);
    const job = (await q.take())!;
    await q.heartbeat(job);
    await q.complete(job);
    await expect(q.complete(job)).rejects.toBeInstanceOf(LeaseLost);
    await expect(q.heartbeat(job)).rejects.toBeInstanceOf(LeaseLost);
  });

  it.runIf(kind === 'embedded')('a job whose lease lapsed is taken again, and its first holder has lost it', async () => {
    await q.enqueue(30, PRIORITY.user);
    const first = (await q.take())!;
    expect(await q.take()).toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    const second = (await q.take())!;
    expect(second.id).toBe(first.id);
    await expect(q.heartbeat(first)).rejects.toBeInstanceOf(LeaseLost);
    await q.heartbeat(second);
    // Out of attempts (max 2): the next lapse fails the job instead of running it a third time.
    await new Promise((r) => setTimeout(r, 400));
    expect(await q.take()).toBeNull();
  });
});
