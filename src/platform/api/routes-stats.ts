// Figures for the console's dashboard: scans by status, findings by severity, rule and owner (the SDK or
// code the finding names), counted in the database over what the caller may see, and each the count of the
// list that the same filter gives (GET /scans?status=, GET /findings?severity=|ruleId=|owner=).
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Principal } from '../domain/identity.ts';
import { visibleFindingIds, visibleScanIds } from '../domain/scope.ts';
import type { ApiContext } from './app.ts';
import { who } from './http.ts';

const Count = z.number().int();

export const StatsOut = z
  .object({
    scans: z.object({ total: Count, byStatus: z.record(z.string(), Count) }),
    findings: z.object({
      total: Count,
      bySeverity: z.record(z.string(), Count),
      byRule: z.array(z.object({ ruleId: z.string(), title: z.object({ zh: z.string(), en: z.string() }), count: Count })).describe('the most frequent rules, most first'),
      byOwner: z.array(z.object({ owner: z.string(), count: Count })).describe('the most frequent owners (app, sdk:<id>, third-party:<prefix>, platform:<prefix>), most first'),
    }),
  })
  .meta({ id: 'Stats' });

export function statsRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db } = ctx;
  // The same visibility as the lists the figures open (scope.ts, over the org_* tables).
  const scans = (p: Principal) => {
    let q = db.selectFrom('scans as s');
    const ids = visibleScanIds(db, p);
    if (ids !== null) q = q.where('s.id', 'in', ids);
    return q;
  };
  const findings = (p: Principal) => {
    let q = db.selectFrom('findings as f');
    const ids = visibleFindingIds(db, p);
    if (ids !== null) q = q.where('f.id', 'in', ids);
    return q;
  };

  return (api, _opts, done) => {
    api.get('/stats', { schema: { tags: ['stats'], querystring: z.object({ top: z.coerce.number().int().min(1).max(100).default(10) }), response: { 200: StatsOut } } }, async (req) => {
      const p = who(req);
      const top = req.query.top;
      const [byStatus, bySeverity, byRule, byOwner] = await Promise.all([
        scans(p).select(['s.status as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('s.status').execute(),
        findings(p).select(['f.severity as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('f.severity').execute(),
        findings(p)
          .select(['f.rule_id as key', (eb) => eb.fn.max('f.title_zh').as('zh'), (eb) => eb.fn.max('f.title_en').as('en'), (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('f.rule_id')
          .orderBy('n', 'desc')
          .orderBy('f.rule_id')
          .limit(top)
          .execute(),
        findings(p).select(['f.owner as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('f.owner').orderBy('n', 'desc').orderBy('f.owner').limit(top).execute(),
      ]);
      const record = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));
      const sum = (rows: { n: number }[]) => rows.reduce((a, r) => a + r.n, 0);
      return {
        scans: { total: sum(byStatus), byStatus: record(byStatus) },
        findings: {
          total: sum(bySeverity),
          bySeverity: record(bySeverity),
          byRule: byRule.map((r) => ({ ruleId: r.key, title: { zh: r.zh, en: r.en }, count: r.n })),
          byOwner: byOwner.map((r) => ({ owner: r.key, count: r.n })),
        },
      };
    });
    done();
  };
}
