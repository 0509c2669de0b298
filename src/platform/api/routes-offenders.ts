// Repeat offenders (屡教不改, 举一反三, SDK vendors) and the campaign's statistics over time (issue 13). The
// queries are in domain/offenders.ts and domain/ledger.ts; here only HTTP, each reply with its schema.
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Principal } from '../domain/identity.ts';
import { STEPS, statistics } from '../domain/ledger.ts';
import { recidivismOf, recidivismPage, refreshSdkOffences, sdkOffenceCounts, sdkOffences, spread } from '../domain/offenders.ts';
import { isOperator, REGULATOR_ROLES, visibleAppIds } from '../domain/scope.ts';
import type { ApiContext } from './app.ts';
import { visibleApp, visibleCompany } from './routes-catalog.ts';
import { decodeCursor, encodeCursor, IdParams, notFound, PageQuery, requireRole, who } from './http.ts';

const cursorOf = (n: number | null): string | null => (n === null ? null : encodeCursor(n));
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

const RecidivismItem = z.object({ appId: z.number(), packageName: z.string(), companyId: z.number().nullable(), noticeId: z.number(), fingerprint: z.string(), ruleId: z.string(), noticeVersionId: z.number(), fixedInVersionId: z.number(), reappearedInVersionId: z.number() });
const SpreadItem = z.object({ companyId: z.number(), noticeId: z.number(), noticedAppId: z.number(), ruleId: z.string(), owner: z.string(), dataTypes: z.array(z.string()), appId: z.number(), packageName: z.string(), findingId: z.number(), versionId: z.number().nullable(), fingerprint: z.string() });
const SdkItem = z.object({ sdk: z.string(), ruleId: z.string(), dataTypes: z.array(z.string()), companies: z.number(), apps: z.number() });
const Counts = z.object(Object.fromEntries(STEPS.map((s) => [s, z.number()])) as Record<(typeof STEPS)[number], z.ZodNumber>);
const Offences = z.object({ recidivism: z.array(RecidivismItem), spread: z.array(SpreadItem) });

/** The notices an organisation answers for: its own; all for the national organisation. */
const noticeOrg = (p: Principal): number | null => (p.national ? null : p.orgId);

export function offenderRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db } = ctx;
  return (api, _opts, done) => {
    api.get(
      '/repeat-offenders/recidivism',
      { schema: { tags: ['repeat-offenders'], querystring: PageQuery, response: { 200: z.object({ items: z.array(RecidivismItem), nextCursor: z.string().nullable() }) } } },
      async (req) => {
        const p = who(req);
        requireRole(p, ...REGULATOR_ROLES);
        const r = await recidivismPage(db, noticeOrg(p), decodeCursor(req.query.cursor), req.query.limit);
        return { items: r.items, nextCursor: cursorOf(r.nextCursor) };
      },
    );
    api.get(
      '/repeat-offenders/spread',
      { schema: { tags: ['repeat-offenders'], querystring: PageQuery.extend({ companyId: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ items: z.array(SpreadItem), nextCursor: z.string().nullable() }) } } },
      async (req) => {
        const p = who(req);
        requireRole(p, ...REGULATOR_ROLES);
        const r = await spread(db, noticeOrg(p), { companyId: req.query.companyId, after: decodeCursor(req.query.cursor), limit: req.query.limit });
        return { items: r.items, nextCursor: cursorOf(r.nextCursor) };
      },
    );
    api.get(
      '/repeat-offenders/sdks',
      {
        schema: {
          tags: ['repeat-offenders'],
          querystring: PageQuery.extend({ sdk: z.string().min(1).max(200).optional(), minCompanies: z.coerce.number().int().min(1).max(1_000_000).default(2) }),
          response: { 200: z.object({ items: z.array(SdkItem), nextCursor: z.string().nullable(), asOf: z.string().nullable().describe('when the counts were computed (POST /repeat-offenders/sdks/refresh); null: counted now') }) },
        },
      },
      async (req) => {
        const p = who(req);
        requireRole(p, ...REGULATOR_ROLES);
        // The cursor of this list is an offset: it is ordered by counts, not by an id.
        const offset = (decodeCursor(req.query.cursor) ?? 1) - 1;
        const page = { minCompanies: req.query.minCompanies, offset, limit: req.query.limit };
        // A whole province's or the nation's ranking reads the refreshed counts; one SDK, or an operator's few
        // apps, are counted now.
        const r =
          req.query.sdk === undefined && !isOperator(p)
            ? await sdkOffenceCounts(db, { orgId: p.national ? 0 : p.orgId, ...page })
            : { ...(await sdkOffences(db, { appIds: visibleAppIds(db, p), sdk: req.query.sdk, ...page })), asOf: null };
        return { items: r.items, nextCursor: cursorOf(r.nextOffset === null ? null : r.nextOffset + 1), asOf: r.asOf };
      },
    );
    api.post(
      '/repeat-offenders/sdks/refresh',
      { schema: { tags: ['repeat-offenders'], response: { 200: z.object({ asOf: z.string() }) } } },
      async (req) => {
        const p = who(req);
        requireRole(p, 'admin', 'inspector');
        return { asOf: await refreshSdkOffences(db) };
      },
    );
    api.get('/apps/:id/repeat-offences', { schema: { tags: ['repeat-offenders'], params: IdParams, response: { 200: Offences } } }, async (req) => {
      const p = who(req);
      const a = await visibleApp(db, p, req.params.id);
      if (a === undefined) throw notFound('app');
      const org = noticeOrg(p);
      return { recidivism: await recidivismOf(db, org, [a.id]), spread: (await spread(db, org, { appId: a.id, limit: 10_000 })).items };
    });
    api.get('/companies/:id/repeat-offences', { schema: { tags: ['repeat-offenders'], params: IdParams, response: { 200: Offences } } }, async (req) => {
      const p = who(req);
      const c = await visibleCompany(db, p, req.params.id);
      const org = noticeOrg(p);
      const apps = (await db.selectFrom('apps').select('id').where('company_id', '=', c.id).orderBy('id').execute()).map((r) => r.id);
      return { recidivism: await recidivismOf(db, org, apps), spread: (await spread(db, org, { companyId: c.id, limit: 10_000 })).items };
    });
    api.get(
      '/statistics',
      {
        schema: {
          tags: ['workflow'],
          querystring: z.object({ by: z.enum(['batch', 'org', 'month', 'store', 'category', 'sdk']).default('batch'), from: Month.optional(), to: Month.optional(), monthly: z.enum(['true', 'false']).default('false') }),
          response: { 200: z.object({ by: z.string(), from: z.string().nullable(), to: z.string().nullable(), items: z.array(z.object({ key: z.string(), month: z.string().nullable(), counts: Counts })) }) },
        },
      },
      async (req) => {
        const p = who(req);
        requireRole(p, ...REGULATOR_ROLES);
        const q = req.query;
        const items = await statistics(db, { by: q.by, from: q.from, to: q.to, monthly: q.monthly === 'true', orgId: p.national ? null : p.orgId });
        return { by: q.by, from: q.from ?? null, to: q.to ?? null, items };
      },
    );
    done();
  };
}
