// Intake sources (intake/service.ts): create one feeding a batch, run it, read its runs, its failure log (and
// re-run a failure), and every fetch made on its behalf. A source is its organisation's: others get 404.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/schema.ts';
import { now } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import type { Principal } from '../domain/identity.ts';
import { batchByName } from '../domain/packages.ts';
import { visibleBatches } from '../domain/scope.ts';
import { SourceConfig, type Intake } from '../intake/service.ts';
import type { ApiContext } from './app.ts';
import { visibleApp } from './routes-catalog.ts';
import { badRequest, decodeCursor, Id, IdParams, notFound, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { FailureOut, FetchOut, ListingOut, pageOf, RetryOut, RunOut, SourceOut } from './responses.ts';

type ListingRow = { id: number; store: string; url: string; created_at: string; app_name?: string | null; developer?: string | null; version_name?: string | null; version_code?: number | null; permissions?: string | null; privacy_policy_url?: string | null; signer_sha256?: string | null; package_sha256?: string | null; fetched_at?: string | null; source_id?: number | null };

export function listingJson(l: ListingRow): z.infer<typeof ListingOut> {
  return {
    id: l.id,
    store: l.store,
    url: l.url,
    createdAt: l.created_at,
    ...(l.app_name != null ? { appName: l.app_name } : {}),
    ...(l.developer != null ? { developer: l.developer } : {}),
    ...(l.version_name != null ? { versionName: l.version_name } : {}),
    ...(l.version_code != null ? { versionCode: l.version_code } : {}),
    ...(l.permissions != null ? { permissions: JSON.parse(l.permissions) as string[] } : {}),
    ...(l.privacy_policy_url != null ? { privacyPolicyUrl: l.privacy_policy_url } : {}),
    ...(l.signer_sha256 != null ? { signerSha256: JSON.parse(l.signer_sha256) as string[] } : {}),
    ...(l.package_sha256 != null ? { packageSha256: l.package_sha256 } : {}),
    ...(l.fetched_at != null ? { fetchedAt: l.fetched_at } : {}),
    ...(l.source_id != null ? { sourceId: l.source_id } : {}),
  };
}

type SourceRow = { id: number; org_id: number; name: string; kind: 'folder' | 'urls' | 'fdroid'; config: string; batch_id: number; state: string; created_at: string };
const sourceJson = (s: SourceRow) => ({ id: s.id, orgId: s.org_id, name: s.name, kind: s.kind, config: JSON.parse(s.config) as Record<string, unknown>, batchId: s.batch_id, state: JSON.parse(s.state) as Record<string, unknown>, createdAt: s.created_at });
type RunRow = { id: number; source_id: number; status: 'running' | 'done' | 'failed'; counts: string; error: string | null; started_at: string; finished_at: string | null };
const runJson = (r: RunRow) => ({ id: r.id, sourceId: r.source_id, status: r.status, counts: JSON.parse(r.counts) as z.infer<typeof RunOut>['counts'], error: r.error, startedAt: r.started_at, finishedAt: r.finished_at });
type FailureRow = { id: number; source_id: number; run_id: number | null; item_key: string; url: string | null; error: string; attempts: number; first_at: string; last_at: string; resolved_at: string | null };
const failureJson = (f: FailureRow) => ({ id: f.id, sourceId: f.source_id, runId: f.run_id, item: f.item_key, url: f.url, error: f.error, attempts: f.attempts, firstAt: f.first_at, lastAt: f.last_at, resolvedAt: f.resolved_at });

async function visibleSource(db: Db, p: Principal, id: number): Promise<SourceRow> {
  const s = await db.selectFrom('intake_sources').select(['id', 'org_id', 'name', 'kind', 'config', 'batch_id', 'state', 'created_at']).where('id', '=', id).where('org_id', '=', p.orgId).executeTakeFirst();
  if (s === undefined) throw notFound('source');
  return s;
}

const SourceIn = z.object({
  name: z.string().min(1).max(200),
  batch: z.string().min(1).max(200).optional(),
  batchId: Id.optional(),
  config: SourceConfig,
  reason: z.string().max(1000).optional(),
});

export function intakeRoutes(ctx: ApiContext, intake: Intake): FastifyPluginCallbackZod {
  const { db } = ctx;
  return (api, _opts, done) => {
    api.post('/sources', { schema: { tags: ['intake'], body: SourceIn, response: { 201: SourceOut } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector');
      const cfg = req.body.config;
      // A folder on the server's disk: only an administrator may point the platform at one.
      if (cfg.kind === 'folder') {
        requireRole(p, 'admin');
        if (!isAbsolute(cfg.path)) throw badRequest(`config.path: ${cfg.path} is not an absolute path`);
      }
      let batchId: number;
      if (req.body.batchId !== undefined) {
        const b = await visibleBatches(db, p).where('id', '=', req.body.batchId).where('org_id', '=', p.orgId).executeTakeFirst();
        if (b === undefined) throw notFound('batch');
        batchId = b.id;
      } else if (req.body.batch !== undefined) batchId = await batchByName(db, p, req.body.batch);
      else throw badRequest('give the batch the source feeds: batch (a name) or batchId');
      const exists = await db.selectFrom('intake_sources').select('id').where('org_id', '=', p.orgId).where('name', '=', req.body.name).executeTakeFirst();
      if (exists !== undefined) throw new Problem(409, 'Conflict', `a source named ${req.body.name} exists`);
      const s = await db
        .insertInto('intake_sources')
        .values({ org_id: p.orgId, user_id: p.userId, name: req.body.name, kind: cfg.kind, config: JSON.stringify(cfg), batch_id: batchId, state: '{}', created_at: now() })
        .returning(['id', 'org_id', 'name', 'kind', 'config', 'batch_id', 'state', 'created_at'])
        .executeTakeFirstOrThrow();
      await audit(db, p, 'source.create', `source:${s.id}`, req.body.reason ?? null, { name: s.name, kind: s.kind, batchId });
      return reply.code(201).send(sourceJson(s));
    });
    api.get('/sources', { schema: { tags: ['intake'], querystring: PageQuery, response: { 200: pageOf(SourceOut) } } }, async (req) => {
      let q = db.selectFrom('intake_sources').select(['id', 'org_id', 'name', 'kind', 'config', 'batch_id', 'state', 'created_at']).where('org_id', '=', who(req).orgId).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (s) => s.id, sourceJson);
    });
    api.get('/sources/:id', { schema: { tags: ['intake'], params: IdParams, response: { 200: SourceOut } } }, async (req) => sourceJson(await visibleSource(db, who(req), req.params.id)));

    api.post('/sources/:id/run', { schema: { tags: ['intake'], params: IdParams, querystring: z.object({ wait: z.enum(['true', 'false']).optional() }), response: { 200: RunOut, 202: RunOut } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector');
      const s = await visibleSource(db, p, req.params.id);
      const r = intake.run(s.id);
      const runId = req.query.wait === 'true' ? await r.done : await r.runId;
      await audit(db, p, 'source.run', `source:${s.id}`, null, { runId });
      const row = await db.selectFrom('intake_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
      return reply.code(row.status === 'running' ? 202 : 200).send(runJson(row));
    });
    api.get('/sources/:id/runs', { schema: { tags: ['intake'], params: IdParams, querystring: PageQuery, response: { 200: pageOf(RunOut) } } }, async (req) => {
      const s = await visibleSource(db, who(req), req.params.id);
      let q = db.selectFrom('intake_runs').selectAll().where('source_id', '=', s.id).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (r) => r.id, runJson);
    });
    api.get('/sources/:id/failures', { schema: { tags: ['intake'], params: IdParams, querystring: PageQuery.extend({ open: z.enum(['true', 'false']).optional() }), response: { 200: pageOf(FailureOut) } } }, async (req) => {
      const s = await visibleSource(db, who(req), req.params.id);
      let q = db.selectFrom('intake_failures').selectAll().where('source_id', '=', s.id).orderBy('id', 'desc').limit(req.query.limit + 1);
      if (req.query.open === 'true') q = q.where('resolved_at', 'is', null);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (f) => f.id, failureJson);
    });
    api.post('/sources/:id/failures/:failureId/retry', { schema: { tags: ['intake'], params: IdParams.extend({ failureId: Id }), response: { 200: RetryOut } } }, async (req) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector');
      const s = await visibleSource(db, p, req.params.id);
      const f = await db.selectFrom('intake_failures').select('id').where('id', '=', req.params.failureId).where('source_id', '=', s.id).executeTakeFirst();
      if (f === undefined) throw notFound('failure');
      const outcome = await intake.retry(s.id, f.id);
      await audit(db, p, 'source.retry', `source:${s.id}`, null, { failureId: f.id, outcome });
      return { outcome, failure: failureJson(await db.selectFrom('intake_failures').selectAll().where('id', '=', f.id).executeTakeFirstOrThrow()) };
    });
    api.get('/sources/:id/fetches', { schema: { tags: ['intake'], params: IdParams, querystring: PageQuery, response: { 200: pageOf(FetchOut) } } }, async (req) => {
      const s = await visibleSource(db, who(req), req.params.id);
      let q = db.selectFrom('intake_fetches').selectAll().where('source_id', '=', s.id).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (f) => f.id, (f) => ({ id: f.id, sourceId: f.source_id, runId: f.run_id, url: f.url, finalUrl: f.final_url, at: f.at, status: f.status, bytes: f.bytes, sha256: f.sha256, error: f.error }));
    });

    api.get('/apps/:id/listings', { schema: { tags: ['apps'], params: IdParams, response: { 200: z.object({ items: z.array(ListingOut) }) } } }, async (req) => {
      const a = await visibleApp(db, who(req), req.params.id);
      if (a === undefined) throw notFound('app');
      return { items: (await db.selectFrom('store_listings').selectAll().where('app_id', '=', a.id).orderBy('id').execute()).map(listingJson) };
    });
    done();
  };
}
