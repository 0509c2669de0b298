// Organisations, users and roles, API tokens, sign-in and the audit log.
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { now } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import { hashPassword, issueToken, ROLES, verifyPassword, type Principal } from '../domain/identity.ts';
import { isOperator } from '../domain/scope.ts';
import type { ApiContext } from './app.ts';
import { badRequest, decodeCursor, forbidden, IdParams, notFound, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { AuditOut, MeOut, OrgOut, pageOf, TokenOut, UserOut } from './responses.ts';

const orgJson = (o: { id: number; name: string; level: string; code: string; parent_id: number | null; created_at: string }) => ({ id: o.id, name: o.name, level: o.level, code: o.code, parentId: o.parent_id, createdAt: o.created_at });
const userJson = (u: { id: number; org_id: number; name: string; email: string | null; roles: string; company_id: number | null; created_at: string }) => ({
  id: u.id,
  orgId: u.org_id,
  name: u.name,
  email: u.email,
  roles: JSON.parse(u.roles) as string[],
  companyId: u.company_id,
  createdAt: u.created_at,
});

/** Failed sign-ins per key (address, e-mail) in the current window; in memory, per API process. */
class LoginLimiter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  private readonly max = 10;
  private readonly windowMs = 15 * 60_000;
  blocked(key: string): boolean {
    const h = this.hits.get(key);
    return h !== undefined && h.until > Date.now() && h.n >= this.max;
  }
  fail(key: string): void {
    const t = Date.now();
    const h = this.hits.get(key);
    if (h === undefined || h.until <= t) this.hits.set(key, { n: 1, until: t + this.windowMs });
    else h.n++;
    if (this.hits.size > 100_000) for (const [k, v] of this.hits) if (v.until <= t) this.hits.delete(k);
  }
}

export function adminRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db } = ctx;
  const limiter = new LoginLimiter();

  /** Users the caller may see: all (national admin), its organisation's (regulators), itself (operators). */
  const userVisible = (p: Principal, u: { id: number; org_id: number }): boolean => (isOperator(p) ? u.id === p.userId : p.national || u.org_id === p.orgId);

  return (api, _opts, done) => {
    api.get('/me', { schema: { tags: ['identity'], response: { 200: MeOut } } }, async (req) => {
      const p = who(req);
      const u = await db.selectFrom('users').selectAll().where('id', '=', p.userId).executeTakeFirstOrThrow();
      return { ...userJson(u), national: p.national };
    });

    api.post('/auth/login', { schema: { tags: ['identity'], security: [], body: z.object({ email: z.string().min(3).max(200), password: z.string().min(1).max(200) }), response: { 200: z.object({ token: z.string(), tokenId: z.number().int() }) } } }, async (req, reply) => {
      const keys = [`ip:${req.ip}`, `user:${req.body.email.toLowerCase()}`];
      if (keys.some((k) => limiter.blocked(k))) {
        reply.header('retry-after', '900');
        throw new Problem(429, 'Too Many Requests', 'too many failed sign-ins; wait 15 minutes');
      }
      const u = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', req.body.email).executeTakeFirst();
      const ok = u?.password_hash != null && (await verifyPassword(req.body.password, u.password_hash));
      if (!ok || u === undefined) {
        for (const k of keys) limiter.fail(k);
        throw new Problem(401, 'Unauthorized', 'wrong e-mail or password');
      }
      const t = await issueToken(db, u.id, 'sign-in');
      return { token: t.token, tokenId: t.id };
    });

    // Organisations
    api.get('/orgs', { schema: { tags: ['organisations'], querystring: PageQuery, response: { 200: pageOf(OrgOut) } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('orgs').selectAll().orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (!p.national) q = q.where('id', '=', p.orgId);
      return page(await q.execute(), req.query.limit, (o) => o.id, orgJson);
    });
    api.get('/orgs/:id', { schema: { tags: ['organisations'], params: IdParams, response: { 200: OrgOut } } }, async (req) => {
      const p = who(req);
      const o = await db.selectFrom('orgs').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (o === undefined || (!p.national && o.id !== p.orgId)) throw notFound('organisation');
      return orgJson(o);
    });
    api.post(
      '/orgs',
      { schema: { tags: ['organisations'], body: z.object({ name: z.string().min(1).max(200), code: z.string().regex(/^[A-Z0-9-]{1,16}$/), level: z.literal('provincial'), parentId: z.number().int().positive().optional(), reason: z.string().max(1000).optional() }), response: { 201: OrgOut } } },
      async (req, reply) => {
        const p = who(req);
        requireRole(p, 'admin');
        if (!p.national) throw forbidden('only the national organisation creates organisations');
        const exists = await db.selectFrom('orgs').select('id').where('code', '=', req.body.code).executeTakeFirst();
        if (exists !== undefined) throw new Problem(409, 'Conflict', `an organisation with code ${req.body.code} exists`);
        const o = await db.insertInto('orgs').values({ name: req.body.name, code: req.body.code, level: 'provincial', parent_id: req.body.parentId ?? p.orgId, created_at: now() }).returningAll().executeTakeFirstOrThrow();
        await audit(db, p, 'org.create', `org:${o.id}`, req.body.reason ?? null, { code: o.code, name: o.name });
        return reply.code(201).send(orgJson(o));
      },
    );

    // Users and roles
    api.get('/users', { schema: { tags: ['users'], querystring: PageQuery, response: { 200: pageOf(UserOut) } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('users').selectAll().orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (isOperator(p)) q = q.where('id', '=', p.userId);
      else if (!p.national) q = q.where('org_id', '=', p.orgId);
      return page(await q.execute(), req.query.limit, (u) => u.id, userJson);
    });
    api.get('/users/:id', { schema: { tags: ['users'], params: IdParams, response: { 200: UserOut } } }, async (req) => {
      const p = who(req);
      const u = await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (u === undefined || !userVisible(p, u)) throw notFound('user');
      return userJson(u);
    });
    api.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          body: z.object({
            name: z.string().min(1).max(200),
            email: z.email().max(200).optional(),
            password: z.string().min(12).max(200).optional(),
            roles: z.array(z.enum(ROLES)).min(1),
            orgId: z.number().int().positive().optional(),
            companyId: z.number().int().positive().optional(),
            reason: z.string().max(1000).optional(),
          }),
          response: { 201: UserOut },
        },
      },
      async (req, reply) => {
        const p = who(req);
        requireRole(p, 'admin');
        const orgId = req.body.orgId ?? p.orgId;
        if (orgId !== p.orgId && !p.national) throw notFound('organisation');
        if ((await db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst()) === undefined) throw notFound('organisation');
        if (req.body.roles.includes('operator') && req.body.companyId === undefined) throw badRequest('an operator belongs to a company: give companyId');
        const u = await db
          .insertInto('users')
          .values({
            org_id: orgId,
            name: req.body.name,
            email: req.body.email ?? null,
            password_hash: req.body.password === undefined ? null : await hashPassword(req.body.password),
            roles: JSON.stringify(req.body.roles),
            company_id: req.body.companyId ?? null,
            created_at: now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(db, p, 'user.create', `user:${u.id}`, req.body.reason ?? null, { roles: req.body.roles, orgId });
        return reply.code(201).send(userJson(u));
      },
    );
    api.patch('/users/:id', { schema: { tags: ['users'], params: IdParams, body: z.object({ roles: z.array(z.enum(ROLES)).min(1), reason: z.string().min(1).max(1000) }), response: { 200: UserOut } } }, async (req) => {
      const p = who(req);
      const u = await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (u === undefined || !userVisible(p, u)) throw notFound('user');
      requireRole(p, 'admin');
      const updated = await db.updateTable('users').set({ roles: JSON.stringify(req.body.roles) }).where('id', '=', u.id).returningAll().executeTakeFirstOrThrow();
      await audit(db, p, 'user.roles', `user:${u.id}`, req.body.reason, { from: JSON.parse(u.roles) as string[], to: req.body.roles });
      return userJson(updated);
    });

    // API tokens: a user's own; shown once, stored hashed, revocable.
    const tokenJson = (t: { id: number; user_id: number; name: string; created_at: string; revoked_at: string | null }) => ({ id: t.id, userId: t.user_id, name: t.name, createdAt: t.created_at, revokedAt: t.revoked_at });
    api.get('/tokens', { schema: { tags: ['identity'], querystring: PageQuery, response: { 200: pageOf(TokenOut) } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('api_tokens').selectAll().where('user_id', '=', p.userId).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (t) => t.id, tokenJson);
    });
    api.post('/tokens', { schema: { tags: ['identity'], body: z.object({ name: z.string().min(1).max(200), reason: z.string().max(1000).optional() }), response: { 201: z.object({ id: z.number().int(), name: z.string(), token: z.string().describe('shown once') }) } } }, async (req, reply) => {
      const p = who(req);
      const t = await issueToken(db, p.userId, req.body.name);
      await audit(db, p, 'token.create', `token:${t.id}`, req.body.reason ?? null, { name: req.body.name });
      return reply.code(201).send({ id: t.id, name: req.body.name, token: t.token });
    });
    api.delete('/tokens/:id', { schema: { tags: ['identity'], params: IdParams, response: { 200: z.object({ id: z.number().int(), revoked: z.boolean() }) } } }, async (req) => {
      const p = who(req);
      const t = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['api_tokens.id', 'api_tokens.user_id', 'users.org_id', 'api_tokens.revoked_at']).where('api_tokens.id', '=', req.params.id).executeTakeFirst();
      const mayRevoke = t !== undefined && (t.user_id === p.userId || (p.roles.includes('admin') && (p.national || t.org_id === p.orgId)));
      if (t === undefined || !mayRevoke) throw notFound('token');
      if (t.revoked_at === null) {
        await db.updateTable('api_tokens').set({ revoked_at: now() }).where('id', '=', t.id).execute();
        await audit(db, p, 'token.revoke', `token:${t.id}`, null, { userId: t.user_id });
      }
      return { id: t.id, revoked: true };
    });

    // The audit log (read-only through the API too).
    api.get('/audit', { schema: { tags: ['audit'], querystring: PageQuery, response: { 200: pageOf(AuditOut) } } }, async (req) => {
      const p = who(req);
      requireRole(p, 'admin');
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (!p.national) q = q.where('org_id', '=', p.orgId);
      return page(await q.execute(), req.query.limit, (a) => a.id, (a) => ({ id: a.id, orgId: a.org_id, userId: a.user_id, action: a.action, target: a.target, reason: a.reason, detail: JSON.parse(a.detail) as unknown, at: a.at }));
    });
    done();
  };
}
