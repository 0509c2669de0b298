/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- JSON replies of the API are untyped here; the assertions check their shape. */
// The subscription routes over real HTTP, before app.ts registers them: a Fastify instance with the same
// validator, bearer-token principal and problem+json errors as app.ts, and these routes under /api/v1.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connect.ts';
import { now } from '../db/schema.ts';
import { issueToken, principalForToken } from '../domain/identity.ts';
import { recordEvent } from '../events/outbox.ts';
import { Client } from '../testing/client.ts';
import { Problem, ROUTE_PREFIX, sendProblem } from './http.ts';
import { webhookRoutes } from './routes-webhooks.ts';

const work = mkdtempSync(join(tmpdir(), 'piscope-webhook-routes-'));
let database: Database;
let app: FastifyInstance;
let gd: Client;
let zj: Client;
let viewer: Client;
let gdOrg: number;

async function orgWithUser(code: string, roles: string[]): Promise<{ orgId: number; token: string }> {
  const org = await database.db.insertInto('orgs').values({ name: `${code} 通信管理局`, level: 'provincial', code, parent_id: null, created_at: now() }).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
  const orgId = org?.id ?? (await database.db.selectFrom('orgs').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const user = await database.db.insertInto('users').values({ org_id: orgId, name: `${code}-${roles.join('+')}`, email: null, password_hash: null, roles: JSON.stringify(roles), company_id: null, created_at: now() }).returning('id').executeTakeFirstOrThrow();
  return { orgId, token: (await issueToken(database.db, user.id, 'test')).token };
}

beforeAll(async () => {
  database = await openDatabase(join(work, 'db.sqlite'));
  const api = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  api.setValidatorCompiler(validatorCompiler);
  api.setSerializerCompiler(serializerCompiler);
  api.decorateRequest('principal', null);
  api.setErrorHandler((err, _req, reply) => {
    if (err instanceof Problem) return sendProblem(reply, { status: err.status, title: err.title, detail: err.message });
    if (hasZodFastifySchemaValidationErrors(err)) return sendProblem(reply, { status: 400, title: 'Bad Request', detail: err.message });
    return sendProblem(reply, { status: 500, title: 'Internal Server Error', detail: String(err) });
  });
  // As app.ts: the OpenAPI document is made from the same schemas.
  await api.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 'test', version: '0' } }, transform: jsonSchemaTransform });
  await api.register(
    async (scoped) => {
      scoped.addHook('onRequest', async (req) => {
        const m = /^Bearer\s+(\S+)$/iu.exec(req.headers.authorization ?? '');
        req.principal = m === null ? null : await principalForToken(database.db, m[1]!);
        if (req.principal === null) throw new Problem(401, 'Unauthorized', 'send Authorization: Bearer <token>');
      });
      await scoped.register(webhookRoutes(database, { secretKey: randomBytes(32) }));
    },
    { prefix: ROUTE_PREFIX },
  );
  const url = await api.listen({ port: 0, host: '127.0.0.1' });
  app = api;
  const a = await orgWithUser('GD', ['admin']);
  gdOrg = a.orgId;
  gd = new Client(`${url}${ROUTE_PREFIX}`, a.token);
  zj = new Client(`${url}${ROUTE_PREFIX}`, (await orgWithUser('ZJ', ['admin'])).token);
  viewer = new Client(`${url}${ROUTE_PREFIX}`, (await orgWithUser('GD', ['viewer'])).token);
});

afterAll(async () => {
  await app.close();
  await database.close();
  rmSync(work, { recursive: true, force: true });
});

describe('subscription routes', () => {
  it('appear in the OpenAPI document', () => {
    const doc = (app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }).swagger();
    expect(Object.keys(doc.paths['/api/v1/subscriptions'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/subscriptions/{id}/deliveries']).toHaveProperty('get');
  });

  it('create a webhook (the secret shown once), list it without its secret, show its deliveries', async () => {
    const created = await gd.request('POST', '/subscriptions', { kind: 'webhook', url: 'https://hooks.example.org/piscope', eventTypes: ['notice.published'], reason: '省局值班系统' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'webhook', target: 'https://hooks.example.org/piscope', eventTypes: ['notice.published'], active: true });
    expect(created.body.secret).toMatch(/^[\w-]{40,}$/u);
    const list = await gd.get('/subscriptions');
    expect(list.body.items).toHaveLength(1);
    expect(list.text).not.toContain(created.body.secret as string);
    expect(list.body.items[0]).not.toHaveProperty('secret');

    const { uid } = await recordEvent(database.db, { type: 'notice.published', orgId: gdOrg, subject: 'notice:5', data: {} });
    const deliveries = await gd.get(`/subscriptions/${created.body.id as number}/deliveries`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.items).toEqual([expect.objectContaining({ eventId: uid, type: 'notice.published', subject: 'notice:5', status: 'pending', attempts: 0 })]);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'reason']).where('target', '=', `subscription:${created.body.id as number}`).execute();
    expect(audit).toEqual([{ action: 'subscription.create', reason: '省局值班系统' }]);
  });

  it('hides one organisation\'s subscription from another (404), and lets only admins manage them', async () => {
    const created = await gd.request('POST', '/subscriptions', { kind: 'email', address: 'duty@gdca.example.cn' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    const id = created.body.id as number;
    expect((await zj.get(`/subscriptions/${id}/deliveries`)).status).toBe(404);
    expect((await zj.request('DELETE', `/subscriptions/${id}`)).status).toBe(404);
    expect((await zj.get('/subscriptions')).body.items).toEqual([]);
    expect((await viewer.get('/subscriptions')).status).toBe(403);
    expect((await gd.request('DELETE', `/subscriptions/${id}`)).status).toBe(204);
    expect((await gd.get('/subscriptions')).body.items.find((s: { id: number }) => s.id === id)).toMatchObject({ active: false });
  });

  it('refuses bad input with problem+json naming it', async () => {
    const ftp = await gd.request('POST', '/subscriptions', { kind: 'webhook', url: 'ftp://hooks.example.org/x' });
    expect(ftp.status).toBe(400);
    expect(ftp.type).toContain('application/problem+json');
    expect(ftp.body.detail).toMatch(/only http and https/u);
    const type = await gd.request('POST', '/subscriptions', { kind: 'webhook', url: 'https://hooks.example.org/x', eventTypes: ['notice.deleted'] });
    expect(type.status).toBe(400);
    const mail = await gd.request('POST', '/subscriptions', { kind: 'email', address: 'nobody' });
    expect(mail.status).toBe(400);
    expect(mail.body.detail).toMatch(/not an e-mail address/u);
  });
});
