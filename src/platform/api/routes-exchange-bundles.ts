// 部省联动 over HTTP (exchange/): one platform plays a province (its identity, its bundles, the push and the
// pull it serves), another the nation (its provinces' keys, the bundles it receives or pulls, the merged
// view, the national takedown draft). No route has a path parameter: provinces go by their code.
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { audit } from '../domain/audit.ts';
import type { Principal } from '../domain/identity.ts';
import { draftNationalTakedown, listProvinces, mergedApps, mergedFindings, receiveBundle, registerProvince } from '../exchange/nation.ts';
import { bundlesSince, createIdentity, exportBundles, getIdentity } from '../exchange/province.ts';
import { pullFrom, pushPending, TransportError, type TransportOptions } from '../exchange/transport.ts';
import type { ApiContext } from './app.ts';
import { decodeCursor, forbidden, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { pageOf } from './responses.ts';
import { ExchangeAppOut, ExchangeFindingOut, ExchangeIdentityOut, ExchangeProvinceOut, MadeBundleOut, ReceivedBundleOut, SignedBundleOut, TakedownDraftOut } from './responses-exchange.ts';

const Code = z.string().regex(/^[A-Z0-9-]{1,16}$/);
const Url = z.string().min(8).max(2000);
const Token = z.string().min(8).max(500);
/** The largest bundle body taken: a bundle holds at most a few thousand records (province.ts). */
const BUNDLE_BODY_LIMIT = 256 * 1024 * 1024;

/** The instance's own administrators (its national organisation's) act for it as a province. */
function instanceAdmin(p: Principal): void {
  requireRole(p, 'admin');
  if (!p.national) throw forbidden("only an administrator of this platform's national organisation acts for it in the exchange");
}

const transportFailed = (e: unknown): never => {
  if (e instanceof TransportError) throw new Problem(502, 'Bad Gateway', e.message, 'https://piscope.dev/problems/exchange-transport');
  throw e;
};

export function exchangeBundleRoutes(ctx: ApiContext & { exchange?: TransportOptions }): FastifyPluginCallbackZod {
  const { db } = ctx;
  const transport = ctx.exchange ?? {};
  return (api, _opts, done) => {
    // The province's side.
    api.get('/exchange/identity', { schema: { tags: ['exchange'], response: { 200: z.object({ identity: ExchangeIdentityOut.nullable() }) } } }, async (req) => {
      const p = who(req);
      if (!p.national || !p.roles.includes('admin')) return { identity: null };
      return { identity: await getIdentity(db) };
    });
    api.post('/exchange/identity', { schema: { tags: ['exchange'], body: z.object({ code: Code, reason: z.string().max(1000).optional() }), response: { 200: ExchangeIdentityOut, 201: ExchangeIdentityOut } } }, async (req, reply) => {
      const p = who(req);
      instanceAdmin(p);
      const made = await createIdentity(db, ctx.secretKey, req.body.code);
      if (made.created) {
        await audit(db, p, 'exchange.identity', `exchange-identity:${made.identity.code}`, req.body.reason ?? null, { publicKey: made.identity.publicKey });
      }
      return reply.code(made.created ? 201 : 200).send(made.identity);
    });
    api.post('/exchange/export', { schema: { tags: ['exchange'], body: z.object({}).optional(), response: { 200: z.object({ bundles: z.array(MadeBundleOut) }) } } }, async (req) => {
      instanceAdmin(who(req));
      return { bundles: await exportBundles(db, ctx.secretKey) };
    });
    api.get('/exchange/bundles', { schema: { tags: ['exchange'], querystring: PageQuery.extend({ since: z.coerce.number().int().min(0).optional() }), response: { 200: pageOf(SignedBundleOut) } } }, async (req) => {
      const p = who(req);
      // The pull: the nation's token on this platform. Nobody else's list has a bundle in it.
      if (!p.national || !p.roles.includes('admin')) return { items: [], nextCursor: null };
      const since = req.query.since ?? decodeCursor(req.query.cursor) ?? 0;
      return page(await bundlesSince(db, since, req.query.limit + 1), req.query.limit, (r) => r.seq, (r) => r);
    });
    api.post('/exchange/push', { schema: { tags: ['exchange'], body: z.object({ url: Url, token: Token }), response: { 200: z.object({ exported: z.array(MadeBundleOut), applied: z.array(z.number().int()), duplicates: z.array(z.number().int()), ackedSeq: z.number().int() }) } } }, async (req) => {
      instanceAdmin(who(req));
      const exported = await exportBundles(db, ctx.secretKey);
      const r = await pushPending(db, req.body.url, req.body.token, transport).catch(transportFailed);
      return { exported, ...r };
    });

    // The nation's side.
    api.get('/exchange/provinces', { schema: { tags: ['exchange'], response: { 200: z.object({ items: z.array(ExchangeProvinceOut) }) } } }, async (req) => ({ items: await listProvinces(db, who(req)) }));
    api.post('/exchange/provinces', { schema: { tags: ['exchange'], body: z.object({ code: Code, publicKey: z.string().min(40).max(4000), reason: z.string().max(1000).optional() }), response: { 201: ExchangeProvinceOut } } }, async (req, reply) => {
      const p = who(req);
      instanceAdmin(p);
      return reply.code(201).send(await registerProvince(db, p, req.body));
    });
    api.post(
      '/exchange/bundles',
      { bodyLimit: BUNDLE_BODY_LIMIT, schema: { tags: ['exchange'], body: z.object({ payload: z.string().min(2), signature: z.string().min(1).max(200) }), response: { 200: ReceivedBundleOut } } },
      async (req) => {
        const p = who(req);
        requireRole(p, 'admin', 'inspector');
        return receiveBundle(db, p, req.body);
      },
    );
    api.post('/exchange/pull', { schema: { tags: ['exchange'], body: z.object({ code: Code, url: Url, token: Token }), response: { 200: z.object({ applied: z.array(z.number().int()), lastSeq: z.number().int() }) } } }, async (req) => {
      const p = who(req);
      instanceAdmin(p);
      return pullFrom(db, p, req.body.code, req.body.url, req.body.token, transport).catch(transportFailed);
    });
    const Merged = PageQuery.extend({ packageName: z.string().min(1).max(500).optional() });
    api.get('/exchange/apps', { schema: { tags: ['exchange'], querystring: Merged, response: { 200: pageOf(ExchangeAppOut) } } }, async (req) => {
      const rows = await mergedApps(db, who(req), { limit: req.query.limit, below: decodeCursor(req.query.cursor), ...(req.query.packageName !== undefined ? { packageName: req.query.packageName } : {}) });
      return page(rows, req.query.limit, (r) => r.appId, (r) => r);
    });
    api.get(
      '/exchange/findings',
      { schema: { tags: ['exchange'], querystring: Merged.extend({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional(), state: z.enum(['confirmed', 'withdrawn']).optional() }), response: { 200: pageOf(ExchangeFindingOut) } } },
      async (req) => {
        const q = req.query;
        const rows = await mergedFindings(db, who(req), { limit: q.limit, below: decodeCursor(q.cursor), ...(q.packageName !== undefined ? { packageName: q.packageName } : {}), ...(q.fingerprint !== undefined ? { fingerprint: q.fingerprint } : {}), ...(q.state !== undefined ? { state: q.state } : {}) });
        return page(rows, q.limit, (r) => r.id, (r) => r);
      },
    );
    api.post(
      '/exchange/takedown',
      { schema: { tags: ['exchange'], body: z.object({ batchId: z.number().int().positive(), provinces: z.array(Code).max(64).optional(), title: z.string().min(1).max(500).optional() }), response: { 201: TakedownDraftOut } } },
      async (req, reply) => {
        const p = who(req);
        requireRole(p, 'admin', 'inspector');
        return reply.code(201).send(await draftNationalTakedown(db, p, req.body));
      },
    );
    done();
  };
}
