// An uploaded package becomes: its packages row (by sha256), one scan per (sha256, engine version,
// options) and an upload row saying who brought it (the tenancy of everything derived from it). The same
// bytes uploaded again find the same package and the same scan: no new scan starts.
import type { StoreListing } from '../../package/store-listing.ts';
import { now, type Db } from '../db/schema.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Principal } from './identity.ts';
import { lockPackage, seeUpload } from './visibility.ts';
import { recordUploadTested } from './ledger.ts';

export interface ScanOptionsInput {
  category?: string;
  sector?: string;
  /** What stores show about the app, held against the package by the listing rules (intake's connectors). */
  listings?: readonly StoreListing[];
}

/** Options as canonical JSON (keys sorted at every depth, no undefined), part of a scan's identity. */
export function canonicalOptions(o: ScanOptionsInput): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().flatMap((k) => ((v as Record<string, unknown>)[k] === undefined ? [] : [[k, sorted((v as Record<string, unknown>)[k])]]))) : v;
  return JSON.stringify(sorted(o));
}

export interface Registered {
  scanId: number;
  /** True when this upload started the scan. */
  started: boolean;
}

export async function registerUpload(
  db: Db,
  queue: JobQueue,
  who: Principal,
  pkg: { sha256: string; size: number; fileName: string },
  opts: { engineVersion: string; options: ScanOptionsInput; batchId: number | null; priority: number },
): Promise<Registered> {
  const t = now();
  const options = canonicalOptions(opts.options);
  const { scanId, started } = await db.transaction().execute(async (trx) => {
    await trx.insertInto('packages').values({ sha256: pkg.sha256, size: pkg.size, name: pkg.fileName, created_at: t }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    await lockPackage(trx, pkg.sha256);
    const inserted = await trx
      .insertInto('scans')
      .values({ sha256: pkg.sha256, engine_version: opts.engineVersion, options, status: 'queued', priority: opts.priority, job_id: null, lease_token: null, attempts: 0, error: null, app_id: null, version_id: null, finding_count: null, created_at: t, started_at: null, finished_at: null })
      .onConflict((oc) => oc.columns(['sha256', 'engine_version', 'options']).doNothing())
      .returning('id')
      .executeTakeFirst();
    const id = inserted?.id ?? (await trx.selectFrom('scans').select('id').where('sha256', '=', pkg.sha256).where('engine_version', '=', opts.engineVersion).where('options', '=', options).executeTakeFirstOrThrow()).id;
    await trx.insertInto('uploads').values({ sha256: pkg.sha256, org_id: who.orgId, user_id: who.userId, batch_id: opts.batchId, file_name: pkg.fileName, scan_id: id, created_at: t }).execute();
    await seeUpload(trx, who.orgId, pkg.sha256);
    if (inserted === undefined && opts.batchId !== null) await recordUploadTested(trx, { orgId: who.orgId, batchId: opts.batchId, scanId: id });
    return { scanId: id, started: inserted !== undefined };
  });
  if (started) await enqueueScan(db, queue, scanId, opts.priority);
  return { scanId, started };
}

export async function enqueueScan(db: Db, queue: JobQueue, scanId: number, priority: number): Promise<void> {
  const jobId = await queue.enqueue(scanId, priority);
  await db.updateTable('scans').set({ job_id: jobId }).where('id', '=', scanId).execute();
}

/**
 * Scans left queued without a job (the process stopped between the scan's row and its job): enqueued again.
 * Run at start-up.
 */
export async function enqueueOrphans(db: Db, queue: JobQueue): Promise<number> {
  const rows = await db.selectFrom('scans').select(['id', 'priority']).where('status', '=', 'queued').where('job_id', 'is', null).execute();
  for (const r of rows) await enqueueScan(db, queue, r.id, r.priority);
  return rows.length;
}

/** A batch by name in the caller's organisation, made when new: 2026年第5批 (seq in the year), 总第58批 (total_seq). */
export async function batchByName(db: Db, who: Principal, name: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const found = await db.selectFrom('batches').select('id').where('org_id', '=', who.orgId).where('name', '=', name).executeTakeFirst();
    if (found !== undefined) return found.id;
    try {
      return await createBatch(db, who, name);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

export async function createBatch(db: Db, who: Principal, name: string, year: number = new Date().getUTCFullYear()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const counts = await trx
      .selectFrom('batches')
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>(eb.case().when('year', '=', year).then(1).end()).as('inYear')])
      .where('org_id', '=', who.orgId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('batches')
      .values({ org_id: who.orgId, name, year, seq: counts.inYear + 1, total_seq: counts.total + 1, created_by: who.userId, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}
