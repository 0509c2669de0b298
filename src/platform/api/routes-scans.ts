// Packages (upload), batches, scans (status, report, cancel) and findings (list, review and its history).
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { SECTORS } from '../../rules/define-rule.ts';
import { appTypeByCodeOrNumber } from '../../rules/app-types.ts';
import { now, type Db } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import type { Principal } from '../domain/identity.ts';
import { batchByName, createBatch, registerUpload } from '../domain/packages.ts';
import { readReport } from '../domain/results.ts';
import { evidenceDigest, refuseDrafterConfirming } from '../domain/reviews.ts';
import { visibleBatches, visibleFindingIds, visibleScanIds, visibleShas, type FindingFilter } from '../domain/scope.ts';
import { PRIORITY } from '../queue/job-queue.ts';
import { checkPackage, PackageRefused } from '../storage/package-check.ts';
import { UploadTooLarge } from '../storage/package-store.ts';
import type { ApiContext } from './app.ts';
import { badRequest, decodeCursor, IdParams, notFound, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { BatchDetailOut, BatchItemOut, BatchOut, FindingDetailOut, FindingOut, PackageOut, pageOf, ReviewHistoryOut, ScanOut, UploadOut } from './responses.ts';

type ScanRow = { id: number; sha256: string; engine_version: string; options: string; status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'; priority: number; error: string | null; app_id: number | null; version_id: number | null; finding_count: number | null; attempts: number; created_at: string; started_at: string | null; finished_at: string | null };
const scanJson = (s: ScanRow) => ({
  id: s.id,
  sha256: s.sha256,
  engineVersion: s.engine_version,
  options: JSON.parse(s.options) as Record<string, string | Record<string, unknown>[]>,
  status: s.status,
  priority: s.priority,
  error: s.error,
  appId: s.app_id,
  versionId: s.version_id,
  findingCount: s.finding_count,
  attempts: s.attempts,
  createdAt: s.created_at,
  startedAt: s.started_at,
  finishedAt: s.finished_at,
});
const SCAN_COLUMNS = ['id', 'sha256', 'engine_version', 'options', 'status', 'priority', 'error', 'app_id', 'version_id', 'finding_count', 'attempts', 'created_at', 'started_at', 'finished_at'] as const;
const batchJson = (b: { id: number; org_id: number; name: string; year: number; seq: number; total_seq: number; created_at: string }) => ({ id: b.id, orgId: b.org_id, name: b.name, year: b.year, seq: b.seq, totalSeq: b.total_seq, createdAt: b.created_at });

const REVIEW_STATES = ['open', 'confirmed', 'false_positive', 'accepted'] as const;

export async function visibleScan(db: Db, p: Principal, id: number) {
  let q = db.selectFrom('scans').select(SCAN_COLUMNS).where('id', '=', id);
  const ids = visibleScanIds(db, p);
  if (ids !== null) q = q.where('id', 'in', ids);
  return q.executeTakeFirst();
}

const UploadQuery = z.object({
  batch: z.string().min(1).max(200).optional(),
  batchId: z.coerce.number().int().positive().optional(),
  category: z.string().max(40).optional(),
  sector: z.enum(SECTORS).optional(),
});

export function scanRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db, store, queue } = ctx;

  // The caller's findings; `f`: the list's cursor and filters on rule and severity, which go where its tenancy
  // is decided (scope.ts: visibleFindingIds) so that a province's list walks one index.
  const findingRows = (p: Principal, f: FindingFilter = {}) => {
    let q = db
      .selectFrom('findings as f')
      .innerJoin('scans as s', 's.id', 'f.scan_id')
      .leftJoin('reviews as r', (j) => j.onRef('r.fingerprint', '=', 'f.fingerprint').on('r.org_id', '=', p.orgId))
      .select(['f.id', 'f.scan_id', 'f.idx', 'f.app_id', 's.version_id', 'f.fingerprint', 'f.rule_id', 'f.severity', 'f.confidence', 'f.owner', 'f.data_types', 'f.title_zh', 'f.title_en', 'r.state as review_state', 'r.expires_at as review_expires_at']);
    if (f.below !== undefined) q = q.where('f.id', '<', f.below);
    const ids = visibleFindingIds(db, p, f);
    if (ids !== null) q = q.where('f.id', 'in', ids);
    else {
      if (f.ruleId !== undefined) q = q.where('f.rule_id', '=', f.ruleId);
      if (f.severity !== undefined) q = q.where('f.severity', '=', f.severity);
    }
    return q;
  };
  type FindingRow = Awaited<ReturnType<ReturnType<typeof findingRows>['execute']>>[number];
  const findingJson = (f: FindingRow) => {
    const expired = f.review_state === 'accepted' && f.review_expires_at !== null && f.review_expires_at < now();
    return {
      id: f.id,
      scanId: f.scan_id,
      index: f.idx,
      appId: f.app_id,
      versionId: f.version_id,
      fingerprint: f.fingerprint,
      ruleId: f.rule_id,
      severity: f.severity,
      confidence: f.confidence,
      owner: f.owner,
      dataTypes: JSON.parse(f.data_types) as string[],
      title: { zh: f.title_zh, en: f.title_en },
      review: { state: expired ? 'open' : (f.review_state ?? 'open'), expiresAt: f.review_expires_at, expired },
    };
  };

  return (api, _opts, done) => {
    // Upload: streamed to storage while hashed; refused packages leave nothing behind.
    api.post('/packages', { schema: { tags: ['packages'], querystring: UploadQuery, consumes: ['multipart/form-data'], response: { 200: UploadOut, 201: UploadOut } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector', 'operator');
      if (!req.isMultipart()) throw new Problem(415, 'Unsupported Media Type', 'send the package as multipart/form-data, field "file"');
      if (req.query.category !== undefined) {
        try {
          appTypeByCodeOrNumber(req.query.category);
        } catch (e) {
          throw badRequest(`category: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      let batchId: number | null = null;
      if (req.query.batchId !== undefined) {
        const b = await visibleBatches(db, p).where('id', '=', req.query.batchId).executeTakeFirst();
        if (b === undefined) throw notFound('batch');
        batchId = b.id;
      } else if (req.query.batch !== undefined) {
        requireRole(p, 'admin', 'inspector');
        batchId = await batchByName(db, p, req.query.batch);
      }
      const file = await req.file();
      if (file === undefined) throw badRequest('no file in the form');
      let stored;
      try {
        stored = await store.put(file.file, ctx.maxUploadBytes, (tmp) => checkPackage(tmp));
      } catch (e) {
        if (e instanceof UploadTooLarge || (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem(413, 'Content Too Large', `the package is larger than the limit of ${ctx.maxUploadBytes} bytes; nothing was kept`);
        if (e instanceof PackageRefused) throw new Problem(422, 'Unprocessable Content', `${e.message}; nothing was kept`, `https://piscope.dev/problems/${e.code.toLowerCase().replaceAll('_', '-')}`);
        throw badRequest(`the upload did not complete (${e instanceof Error ? e.message : String(e)}); nothing was kept`);
      }
      const options = { ...(req.query.category !== undefined ? { category: req.query.category } : {}), ...(req.query.sector !== undefined ? { sector: req.query.sector } : {}) };
      const r = await registerUpload(db, queue, p, { sha256: stored.sha256, size: stored.size, fileName: file.filename === '' ? 'package' : file.filename }, { engineVersion: ctx.engineVersion, options, batchId, priority: batchId === null ? PRIORITY.user : PRIORITY.batch });
      const scan = await db.selectFrom('scans').select(SCAN_COLUMNS).where('id', '=', r.scanId).executeTakeFirstOrThrow();
      return reply.code(r.started ? 201 : 200).send({ package: { sha256: stored.sha256, size: stored.size }, scan: scanJson(scan), started: r.started, batchId });
    });
    api.get('/packages/:sha256', { schema: { tags: ['packages'], params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }), response: { 200: PackageOut } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('packages').selectAll().where('sha256', '=', req.params.sha256);
      const shas = visibleShas(db, p);
      if (shas !== null) q = q.where('sha256', 'in', shas);
      const pkg = await q.executeTakeFirst();
      if (pkg === undefined) throw notFound('package');
      const scans = await db.selectFrom('scans').select(SCAN_COLUMNS).where('sha256', '=', pkg.sha256).orderBy('id', 'desc').execute();
      return { sha256: pkg.sha256, size: pkg.size, name: pkg.name, createdAt: pkg.created_at, scans: scans.map(scanJson) };
    });

    // Batches
    api.get('/batches', { schema: { tags: ['batches'], querystring: PageQuery, response: { 200: pageOf(BatchOut) } } }, async (req) => {
      let q = visibleBatches(db, who(req)).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (b) => b.id, batchJson);
    });
    api.post('/batches', { schema: { tags: ['batches'], body: z.object({ name: z.string().min(1).max(200), year: z.number().int().min(2000).max(2100).optional() }), response: { 201: BatchOut } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector');
      const exists = await db.selectFrom('batches').select('id').where('org_id', '=', p.orgId).where('name', '=', req.body.name).executeTakeFirst();
      if (exists !== undefined) throw new Problem(409, 'Conflict', `a batch named ${req.body.name} exists`);
      const id = await createBatch(db, p, req.body.name, req.body.year);
      return reply.code(201).send(batchJson(await db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    });
    api.get('/batches/:id', { schema: { tags: ['batches'], params: IdParams, response: { 200: BatchDetailOut } } }, async (req) => {
      const b = await visibleBatches(db, who(req)).where('id', '=', req.params.id).executeTakeFirst();
      if (b === undefined) throw notFound('batch');
      const counts = await db.selectFrom('uploads').innerJoin('scans', 'scans.id', 'uploads.scan_id').select(['scans.status', (eb) => eb.fn.countAll<number>().as('n')]).where('uploads.batch_id', '=', b.id).groupBy('scans.status').execute();
      return { ...batchJson(b), scans: Object.fromEntries(counts.map((c) => [c.status, c.n])) };
    });
    api.get('/batches/:id/items', { schema: { tags: ['batches'], params: IdParams, querystring: PageQuery, response: { 200: pageOf(BatchItemOut) } } }, async (req) => {
      const b = await visibleBatches(db, who(req)).where('id', '=', req.params.id).executeTakeFirst();
      if (b === undefined) throw notFound('batch');
      // Each upload with its scan's state, so that a batch's progress and failures are one request per page.
      let q = db
        .selectFrom('uploads as u')
        .innerJoin('scans as s', 's.id', 'u.scan_id')
        .select(['u.id', 'u.file_name', 'u.sha256', 'u.scan_id', 'u.created_at', 's.status', 's.error', 's.app_id', 's.version_id', 's.finding_count'])
        .where('u.batch_id', '=', b.id)
        .orderBy('u.id', 'desc')
        .limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('u.id', '<', c);
      return page(await q.execute(), req.query.limit, (u) => u.id, (u) => ({
        id: u.id,
        fileName: u.file_name,
        sha256: u.sha256,
        scanId: u.scan_id,
        createdAt: u.created_at,
        scan: { status: u.status, error: u.error, appId: u.app_id, versionId: u.version_id, findingCount: u.finding_count },
      }));
    });

    // Scans
    api.get(
      '/scans',
      { schema: { tags: ['scans'], querystring: PageQuery.extend({ status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']).optional(), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), appId: z.coerce.number().int().positive().optional() }), response: { 200: pageOf(ScanOut) } } },
      async (req) => {
        const p = who(req);
        let q = db.selectFrom('scans').select(SCAN_COLUMNS).orderBy('id', 'desc').limit(req.query.limit + 1);
        const c = decodeCursor(req.query.cursor);
        if (c !== null) q = q.where('id', '<', c);
        if (req.query.status !== undefined) q = q.where('status', '=', req.query.status);
        if (req.query.sha256 !== undefined) q = q.where('sha256', '=', req.query.sha256);
        if (req.query.appId !== undefined) q = q.where('app_id', '=', req.query.appId);
        const ids = visibleScanIds(db, p, c ?? undefined);
        if (ids !== null) q = q.where('id', 'in', ids);
        return page(await q.execute(), req.query.limit, (s) => s.id, scanJson);
      },
    );
    api.get('/scans/:id', { schema: { tags: ['scans'], params: IdParams, response: { 200: ScanOut } } }, async (req) => {
      const s = await visibleScan(db, who(req), req.params.id);
      if (s === undefined) throw notFound('scan');
      return scanJson(s);
    });
    api.get('/scans/:id/report', { schema: { tags: ['scans'], params: IdParams } }, async (req, reply) => {
      const s = await visibleScan(db, who(req), req.params.id);
      if (s === undefined) throw notFound('scan');
      const body = s.status === 'done' ? await readReport(db, s.id) : null;
      if (body === null) throw new Problem(409, 'Conflict', `the scan is ${s.status}: it has no report${s.error === null ? '' : ` (${s.error})`}`);
      // The exact bytes `piscope scan --format json` prints.
      return reply.type('application/json; charset=utf-8').send(body);
    });
    api.post('/scans/:id/cancel', { schema: { tags: ['scans'], params: IdParams, body: z.object({ reason: z.string().max(1000).optional() }).optional(), response: { 200: ScanOut } } }, async (req) => {
      const p = who(req);
      const s = await visibleScan(db, p, req.params.id);
      if (s === undefined) throw notFound('scan');
      requireRole(p, 'admin', 'inspector');
      if (s.status !== 'queued' && s.status !== 'running') throw new Problem(409, 'Conflict', `the scan is ${s.status}`);
      // Clearing the lease token fences the running worker: it stops at its next heartbeat and cannot commit.
      const r = await db.updateTable('scans').set({ status: 'cancelled', lease_token: null, finished_at: now(), error: 'cancelled' }).where('id', '=', s.id).where('status', 'in', ['queued', 'running']).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new Problem(409, 'Conflict', 'the scan finished meanwhile');
      const job = await db.selectFrom('scans').select('job_id').where('id', '=', s.id).executeTakeFirstOrThrow();
      if (job.job_id !== null && s.status === 'queued') await queue.cancel(job.job_id).catch(() => undefined);
      await audit(db, p, 'scan.cancel', `scan:${s.id}`, req.body?.reason ?? null, { from: s.status });
      return scanJson((await visibleScan(db, p, s.id))!);
    });
    api.get('/scans/:id/findings', { schema: { tags: ['scans'], params: IdParams, querystring: PageQuery, response: { 200: pageOf(FindingOut) } } }, async (req) => {
      const p = who(req);
      const s = await visibleScan(db, p, req.params.id);
      if (s === undefined) throw notFound('scan');
      const c = decodeCursor(req.query.cursor);
      const q = findingRows(p, { below: c ?? undefined }).where('f.scan_id', '=', s.id).orderBy('f.id', 'desc').limit(req.query.limit + 1);
      return page(await q.execute(), req.query.limit, (f) => f.id, findingJson);
    });

    // Findings
    api.get(
      '/findings',
      {
        schema: {
          tags: ['findings'],
          querystring: PageQuery.extend({
            appId: z.coerce.number().int().positive().optional(),
            ruleId: z.string().max(100).optional(),
            severity: z.enum(['high', 'medium', 'low', 'info']).optional(),
            fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional(),
            owner: z.string().max(300).optional(),
          }),
          response: { 200: pageOf(FindingOut) },
        },
      },
      async (req) => {
        const p = who(req);
        const c = decodeCursor(req.query.cursor);
        let q = findingRows(p, { below: c ?? undefined, ruleId: req.query.ruleId, severity: req.query.severity }).orderBy('f.id', 'desc').limit(req.query.limit + 1);
        if (req.query.appId !== undefined) q = q.where('f.app_id', '=', req.query.appId);
        if (req.query.fingerprint !== undefined) q = q.where('f.fingerprint', '=', req.query.fingerprint);
        if (req.query.owner !== undefined) q = q.where('f.owner', '=', req.query.owner);
        return page(await q.execute(), req.query.limit, (f) => f.id, findingJson);
      },
    );
    const getFinding = async (p: Principal, id: number) => {
      const f = await findingRows(p).where('f.id', '=', id).executeTakeFirst();
      if (f === undefined) throw notFound('finding');
      return f;
    };
    api.get('/findings/:id', { schema: { tags: ['findings'], params: IdParams, response: { 200: FindingDetailOut } } }, async (req) => {
      const p = who(req);
      // The finding's stored body comes with its row: one query, not a second lookup by id.
      const f = await findingRows(p).select('f.body').where('f.id', '=', req.params.id).executeTakeFirst();
      if (f === undefined) throw notFound('finding');
      const finding = JSON.parse(f.body) as Parameters<typeof evidenceDigest>[0];
      // The evidence a reviewer decides on (call paths, manifest lines, policy sentences), cut from the finding.
      return { ...findingJson(f), finding, evidence: evidenceDigest(finding) };
    });
    api.post(
      '/findings/:id/review',
      {
        schema: {
          tags: ['findings'],
          params: IdParams,
          body: z
            .object({ state: z.enum(REVIEW_STATES), reason: z.string().min(1).max(2000), expiresAt: z.iso.datetime().optional() })
            .refine((b) => b.state !== 'accepted' || b.expiresAt !== undefined, { message: 'an accepted finding needs expiresAt' }),
          response: { 200: FindingOut },
        },
      },
      async (req) => {
        const p = who(req);
        const f = await getFinding(p, req.params.id);
        requireRole(p, 'admin', 'reviewer');
        if (req.body.state === 'confirmed') await refuseDrafterConfirming(db, p, f.fingerprint);
        const t = now();
        const expires = req.body.state === 'accepted' ? new Date(req.body.expiresAt!).toISOString() : null;
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('reviews')
            .values({ org_id: p.orgId, fingerprint: f.fingerprint, state: req.body.state, expires_at: expires, updated_by: p.userId, updated_at: t })
            .onConflict((oc) => oc.columns(['org_id', 'fingerprint']).doUpdateSet({ state: req.body.state, expires_at: expires, updated_by: p.userId, updated_at: t }))
            .execute();
          await trx.insertInto('review_history').values({ org_id: p.orgId, fingerprint: f.fingerprint, state: req.body.state, expires_at: expires, reason: req.body.reason, user_id: p.userId, at: t }).execute();
        });
        await audit(db, p, 'finding.review', `fingerprint:${f.fingerprint}`, req.body.reason, { findingId: f.id, from: f.review_state ?? 'open', to: req.body.state, expiresAt: expires });
        return findingJson(await getFinding(p, f.id));
      },
    );
    api.get('/findings/:id/history', { schema: { tags: ['findings'], params: IdParams, response: { 200: ReviewHistoryOut } } }, async (req) => {
      const p = who(req);
      const f = await getFinding(p, req.params.id);
      const rows = await db.selectFrom('review_history').selectAll().where('org_id', '=', p.orgId).where('fingerprint', '=', f.fingerprint).orderBy('id').execute();
      return { fingerprint: f.fingerprint, items: rows.map((r) => ({ state: r.state, expiresAt: r.expires_at, reason: r.reason, userId: r.user_id, at: r.at })) };
    });
    done();
  };
}
