/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- JSON replies of the API are untyped here; the assertions check their shape. */
// Scheduling through the API: a person's scan goes ahead of a batch's queued scans, a queued or running
// scan can be cancelled, and a scan over its memory cap fails with the reason while the batch goes on.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusFiles, uiautomatorServerApk } from '../../test/helpers/paths.ts';
import { PackageStore } from './storage/package-store.ts';
import { startTestPlatform, type TestPlatform } from './testing/harness.ts';
import { ScanWorker } from './worker/scan-worker.ts';

describe.each(['sqlite', 'postgres'] as const)('scheduling on %s', (backend) => {
  let p: TestPlatform;
  let worker: ScanWorker | null = null;
  beforeAll(async () => {
    // No workers at first: the queue fills, then one worker (heap cap 20 MB) drains it.
    p = await startTestPlatform(backend, { workers: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await p.close();
  });

  it('user before batch, cancelled never runs, over-the-cap fails with the reason and the batch goes on', async () => {
    const jshare = corpusFiles('jshare');
    const big = await p.admin.upload(uiautomatorServerApk(), '?batch=b1');
    const a = await p.admin.upload(jshare[0]!, '?batch=b1');
    const cancelled = await p.admin.upload(jshare[1]!, '?batch=b1');
    const mine = await p.admin.upload(jshare[2]!);
    expect(big.body.scan.priority).toBeLessThan(mine.body.scan.priority);
    const c = await p.admin.post(`/api/v1/scans/${cancelled.body.scan.id}/cancel`, { reason: 'uploaded by mistake' });
    expect(c.status, c.text).toBe(200);
    expect(c.body.status).toBe('cancelled');
    worker = new ScanWorker(p.running.database.db, p.running.queue, new PackageStore(join(p.data, 'store')), { concurrency: 1, heapMb: 20 });
    worker.start();
    const done = await Promise.all([big, a, mine].map((u) => p.admin.waitScan(u.body.scan.id)));
    expect(done.map((s) => s.status)).toEqual(['failed', 'done', 'done']);
    expect(done[0].error).toMatch(/^OUT_OF_MEMORY: /);
    // The person's scan started before every batch scan, and the batch kept its order.
    expect(done[2].startedAt < done[0].startedAt).toBe(true);
    expect(done[0].startedAt < done[1].startedAt).toBe(true);
    const after = await p.admin.get(`/api/v1/scans/${cancelled.body.scan.id}`);
    expect(after.body).toMatchObject({ status: 'cancelled', startedAt: null });
    const report = await p.admin.get(`/api/v1/scans/${big.body.scan.id}/report`);
    expect(report.status).toBe(409);
    expect(report.type).toContain('application/problem+json');
    const batch = await p.admin.get(`/api/v1/batches/${big.body.batchId}`);
    expect(batch.body).toMatchObject({ name: 'b1', seq: 1, totalSeq: 1, scans: { failed: 1, done: 1, cancelled: 1 } });
    await worker.stop();
    worker = null;
  });

  it('a running scan, cancelled, keeps no result, and the worker goes on', async () => {
    worker = new ScanWorker(p.running.database.db, p.running.queue, new PackageStore(join(p.data, 'store')), { concurrency: 1 });
    worker.start();
    const up = await p.admin.upload(corpusFile('android-apidemos'));
    const until = Date.now() + 120_000;
    while ((await p.admin.get(`/api/v1/scans/${up.body.scan.id}`)).body.status === 'queued' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const c = await p.admin.post(`/api/v1/scans/${up.body.scan.id}/cancel`, {});
    expect(c.status, c.text).toBe(200);
    // The worker gives the cancelled scan up (or is refused its commit) and goes on to the next one.
    const next = await p.admin.upload(corpusFiles('jshare')[3]!);
    expect((await p.admin.waitScan(next.body.scan.id)).status).toBe('done');
    await worker.stop();
    worker = null;
    const s = (await p.admin.get(`/api/v1/scans/${up.body.scan.id}`)).body;
    expect(s.status).toBe('cancelled');
    expect(s.findingCount).toBeNull();
    expect((await p.admin.get(`/api/v1/scans/${up.body.scan.id}/findings`)).body.items).toEqual([]);
    expect((await p.admin.get('/api/v1/audit')).body.items[0]).toMatchObject({ action: 'scan.cancel' });
  });
});
