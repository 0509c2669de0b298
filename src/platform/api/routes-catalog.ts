// Companies (开发运营者), apps, their store listings and versions, and the per-version diff of findings.
import { z } from 'zod';
import { listingJson } from './routes-intake.ts';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { now, type Db } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import { compareVersions, diffVersions } from '../domain/diff.ts';
import type { Principal } from '../domain/identity.ts';
import { visibleAppIds, visibleCompanyIds, visibleShas } from '../domain/scope.ts';
import { moveApp } from '../domain/visibility.ts';
import type { ApiContext } from './app.ts';
import { decodeCursor, IdParams, notFound, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { AppDetailOut, AppOut, CompanyOut, ListingOut, pageOf, RuleOut, VersionDiffOut, VersionOut } from './responses.ts';
import { ALL_RULES } from '../../rules/index.ts';
import { clauseById } from '../../rules/clauses.ts';
import { problemCategories } from '../workflow/problem-categories.ts';

const companyJson = (c: { id: number; name: string; credit_code: string | null; org_id: number; created_at: string }) => ({ id: c.id, name: c.name, creditCode: c.credit_code, orgId: c.org_id, createdAt: c.created_at });
const appJson = (a: { id: number; platform: string; package_name: string; name: string | null; company_id: number | null; filing_no: string | null; created_at: string }) => ({
  id: a.id,
  platform: a.platform,
  packageName: a.package_name,
  name: a.name,
  companyId: a.company_id,
  filingNo: a.filing_no,
  createdAt: a.created_at,
});
const versionJson = (v: { id: number; app_id: number; sha256: string; version_code: string | null; version_name: string | null; signer_sha256: string | null; created_at: string }) => ({
  id: v.id,
  appId: v.app_id,
  sha256: v.sha256,
  versionCode: v.version_code,
  versionName: v.version_name,
  signerSha256: v.signer_sha256,
  createdAt: v.created_at,
});

export async function visibleApp(db: Db, p: Principal, id: number) {
  let q = db.selectFrom('apps').selectAll().where('id', '=', id);
  const ids = visibleAppIds(db, p);
  if (ids !== null) q = q.where('id', 'in', ids);
  return q.executeTakeFirst();
}

/** The company if the caller sees it, else 404 (as one that does not exist). */
export async function visibleCompany(db: Db, p: Principal, id: number) {
  let q = db.selectFrom('companies').selectAll().where('id', '=', id);
  const ids = visibleCompanyIds(db, p);
  if (ids !== null) q = q.where('id', 'in', ids);
  const c = await q.executeTakeFirst();
  if (c === undefined) throw notFound('company');
  return c;
}

export async function visibleVersion(db: Db, p: Principal, id: number) {
  let q = db.selectFrom('versions').selectAll().where('id', '=', id);
  const shas = visibleShas(db, p);
  if (shas !== null) q = q.where('sha256', 'in', shas);
  return q.executeTakeFirst();
}

export function catalogRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db } = ctx;
  return (api, _opts, done) => {
    // The engine's rules, so that a screen names a finding by its title and its 所涉问题, not its rule id.
    api.get('/rules', { schema: { tags: ['catalog'], response: { 200: z.object({ items: z.array(RuleOut) }) } } }, (req) => {
      who(req);
      return Promise.resolve({ items: ALL_RULES.map((r) => ({ id: r.meta.id, title: { zh: r.meta.title.zh, en: r.meta.title.en }, severity: r.meta.severity, clauses: [...r.meta.clauses],
          description: { zh: r.meta.docs.description.zh, en: r.meta.docs.description.en },
          clauseTexts: r.meta.clauses.flatMap((id) => {
            const c = clauseById(id);
            return c === undefined ? [] : [{ id, source: c.source, title: c.title_zh }];
          }),
          categories: problemCategories([r.meta.id]),
        })) });
    });
    api.get('/companies', { schema: { tags: ['companies'], querystring: PageQuery, response: { 200: pageOf(CompanyOut) } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('companies').selectAll().orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      const ids = visibleCompanyIds(db, p, { below: c, limit: req.query.limit + 1 });
      if (ids !== null) q = q.where('id', 'in', ids);
      return page(await q.execute(), req.query.limit, (r) => r.id, companyJson);
    });
    const getCompany = (p: Principal, id: number) => visibleCompany(db, p, id);
    api.get('/companies/:id', { schema: { tags: ['companies'], params: IdParams, response: { 200: CompanyOut } } }, async (req) => companyJson(await getCompany(who(req), req.params.id)));
    api.post(
      '/companies',
      { schema: { tags: ['companies'], body: z.object({ name: z.string().min(1).max(300), creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).optional(), reason: z.string().max(1000).optional() }), response: { 201: CompanyOut } } },
      async (req, reply) => {
        const p = who(req);
        requireRole(p, 'admin', 'inspector');
        if (req.body.creditCode !== undefined) {
          const existing = await db.selectFrom('companies').select('id').where('credit_code', '=', req.body.creditCode).executeTakeFirst();
          if (existing !== undefined) throw new Problem(409, 'Conflict', `a company with credit code ${req.body.creditCode} exists`);
        }
        const c = await db.insertInto('companies').values({ name: req.body.name, credit_code: req.body.creditCode ?? null, org_id: p.orgId, created_at: now() }).returningAll().executeTakeFirstOrThrow();
        await audit(db, p, 'company.create', `company:${c.id}`, req.body.reason ?? null, { name: c.name, creditCode: c.credit_code });
        return reply.code(201).send(companyJson(c));
      },
    );

    api.get('/apps', { schema: { tags: ['apps'], querystring: PageQuery.extend({ packageName: z.string().max(300).optional(), companyId: z.coerce.number().int().positive().optional() }), response: { 200: pageOf(AppOut) } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('apps').selectAll().orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (req.query.packageName !== undefined) q = q.where('package_name', '=', req.query.packageName);
      if (req.query.companyId !== undefined) q = q.where('company_id', '=', req.query.companyId);
      const ids = visibleAppIds(db, p, c ?? undefined);
      if (ids !== null) q = q.where('id', 'in', ids);
      return page(await q.execute(), req.query.limit, (r) => r.id, appJson);
    });
    api.get('/apps/:id', { schema: { tags: ['apps'], params: IdParams, response: { 200: AppDetailOut } } }, async (req) => {
      const a = await visibleApp(db, who(req), req.params.id);
      if (a === undefined) throw notFound('app');
      const listings = await db.selectFrom('store_listings').selectAll().where('app_id', '=', a.id).orderBy('id').execute();
      return { ...appJson(a), listings: listings.map(listingJson) };
    });
    api.patch(
      '/apps/:id',
      {
        schema: {
          tags: ['apps'],
          params: IdParams,
          body: z.object({ name: z.string().min(1).max(300).optional(), companyId: z.number().int().positive().nullable().optional(), filingNo: z.string().max(100).nullable().optional(), reason: z.string().min(1).max(1000) }),
          response: { 200: AppOut },
        },
      },
      async (req) => {
        const p = who(req);
        const a = await visibleApp(db, p, req.params.id);
        if (a === undefined) throw notFound('app');
        requireRole(p, 'admin', 'inspector');
        if (req.body.companyId != null) await getCompany(p, req.body.companyId);
        const set: { name?: string; company_id?: number | null; filing_no?: string | null } = {};
        if (req.body.name !== undefined) set.name = req.body.name;
        if (req.body.companyId !== undefined) set.company_id = req.body.companyId;
        if (req.body.filingNo !== undefined) set.filing_no = req.body.filingNo;
        const updated =
          Object.keys(set).length === 0
            ? a
            : await db.transaction().execute(async (trx) => {
                const row = await trx.updateTable('apps').set(set).where('id', '=', a.id).returningAll().executeTakeFirstOrThrow();
                if (set.company_id !== undefined) await moveApp(trx, a.id, set.company_id);
                return row;
              });
        await audit(db, p, 'app.update', `app:${a.id}`, req.body.reason, { from: { name: a.name, companyId: a.company_id, filingNo: a.filing_no }, to: set });
        return appJson(updated);
      },
    );
    api.post('/apps/:id/listings', { schema: { tags: ['apps'], params: IdParams, body: z.object({ store: z.string().min(1).max(100), url: z.url().max(2000), reason: z.string().max(1000).optional() }), response: { 201: ListingOut } } }, async (req, reply) => {
      const p = who(req);
      const a = await visibleApp(db, p, req.params.id);
      if (a === undefined) throw notFound('app');
      requireRole(p, 'admin', 'inspector');
      const l = await db.insertInto('store_listings').values({ app_id: a.id, store: req.body.store, url: req.body.url, created_at: now() }).returningAll().executeTakeFirstOrThrow();
      await audit(db, p, 'app.listing', `app:${a.id}`, req.body.reason ?? null, { store: l.store, url: l.url });
      return reply.code(201).send(listingJson(l));
    });
    api.get('/apps/:id/versions', { schema: { tags: ['apps'], params: IdParams, querystring: PageQuery, response: { 200: pageOf(VersionOut) } } }, async (req) => {
      const p = who(req);
      const a = await visibleApp(db, p, req.params.id);
      if (a === undefined) throw notFound('app');
      let q = db.selectFrom('versions').selectAll().where('app_id', '=', a.id).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      const shas = visibleShas(db, p);
      if (shas !== null) q = q.where('sha256', 'in', shas);
      return page(await q.execute(), req.query.limit, (r) => r.id, versionJson);
    });

    api.get('/versions/:id', { schema: { tags: ['versions'], params: IdParams, response: { 200: VersionOut } } }, async (req) => {
      const v = await visibleVersion(db, who(req), req.params.id);
      if (v === undefined) throw notFound('version');
      return versionJson(v);
    });
    api.get('/versions/:id/diff', { schema: { tags: ['versions'], params: IdParams, response: { 200: VersionDiffOut } } }, async (req) => {
      const p = who(req);
      const v = await visibleVersion(db, p, req.params.id);
      if (v === undefined) throw notFound('version');
      // The app's history as the caller sees it: its visible versions, each with its latest finished scan.
      let vq = db.selectFrom('versions').selectAll().where('app_id', '=', v.app_id);
      const shas = visibleShas(db, p);
      if (shas !== null) vq = vq.where('sha256', 'in', shas);
      const versions = (await vq.execute()).sort(compareVersions);
      const scans = await db.selectFrom('scans').select(['id', 'version_id']).where('version_id', 'in', versions.map((x) => x.id)).where('status', '=', 'done').orderBy('id', 'desc').execute();
      const latest = new Map<number, number>();
      for (const s of scans) if (s.version_id !== null && !latest.has(s.version_id)) latest.set(s.version_id, s.id);
      const scanned = versions.filter((x) => latest.has(x.id));
      const fps = await db.selectFrom('findings').select(['scan_id', 'fingerprint']).where('scan_id', 'in', [...latest.values(), -1]).execute();
      const byScan = new Map<number, Set<string>>();
      for (const f of fps) {
        let set = byScan.get(f.scan_id);
        if (set === undefined) byScan.set(f.scan_id, (set = new Set()));
        set.add(f.fingerprint);
      }
      const history = scanned.map((x) => ({ versionId: x.id, fingerprints: byScan.get(latest.get(x.id)!) ?? new Set<string>() }));
      const index = history.findIndex((h) => h.versionId === v.id);
      if (index < 0) throw new Problem(409, 'Conflict', 'this version has no finished scan yet');
      const d = diffVersions(history, index);
      return { ...d, scanId: latest.get(v.id)!, previousScanId: d.previousVersionId === null ? null : latest.get(d.previousVersionId)! };
    });
    done();
  };
}
