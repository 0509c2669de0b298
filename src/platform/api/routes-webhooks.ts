// An organisation's event subscriptions (webhooks and e-mail) and their deliveries, for its administrators.
// Scoped to the caller's organisation: another organisation's subscription answers 404. The webhook secret
// is shown once, in the answer that creates it; it is stored only encrypted (events/secrets.ts).
// Registered by app.ts with the server key: `await api.register(webhookRoutes(ctx, { secretKey }))`.
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { EventSubscriptionTable } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import { addEmailSubscription, addWebhookSubscription, disableSubscription, EVENT_TYPES } from '../events/outbox.ts';
import type { ApiContext } from './app.ts';
import { badRequest, decodeCursor, IdParams, notFound, page, PageQuery, requireRole, who } from './http.ts';
import { DeliveryOut, pageOf, SubscriptionCreatedOut, SubscriptionOut } from './responses.ts';

type SubscriptionRow = Omit<EventSubscriptionTable, 'id'> & { id: number };

const subscriptionJson = (s: SubscriptionRow) => ({
  id: s.id,
  kind: s.kind,
  target: s.target,
  eventTypes: JSON.parse(s.event_types) as string[],
  active: s.active === 1,
  createdAt: s.created_at,
});

const EventTypes = z.array(z.enum(EVENT_TYPES as [string, ...string[]])).max(EVENT_TYPES.length).optional();
const CreateSubscription = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('webhook'), url: z.string().min(8).max(2000), eventTypes: EventTypes, reason: z.string().max(1000).optional() }),
  z.object({ kind: z.literal('email'), address: z.string().min(3).max(320), eventTypes: EventTypes, reason: z.string().max(1000).optional() }),
]);

export function webhookRoutes(ctx: Pick<ApiContext, 'db'>, opts: { secretKey: Uint8Array }): FastifyPluginCallbackZod {
  const { db } = ctx;
  return (api, _opts, done) => {
    api.get('/subscriptions', { schema: { tags: ['events'], querystring: PageQuery, response: { 200: pageOf(SubscriptionOut) } } }, async (req) => {
      const p = who(req);
      requireRole(p, 'admin');
      let q = db.selectFrom('event_subscriptions').selectAll().where('org_id', '=', p.orgId).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      return page(await q.execute(), req.query.limit, (s) => s.id, subscriptionJson);
    });

    api.post('/subscriptions', { schema: { tags: ['events'], body: CreateSubscription, response: { 201: SubscriptionCreatedOut } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin');
      const body = req.body;
      let id: number;
      let secret: string | undefined;
      try {
        if (body.kind === 'webhook') ({ id, secret } = await addWebhookSubscription(db, { orgId: p.orgId, url: body.url, eventTypes: body.eventTypes ?? [] }, opts.secretKey));
        else ({ id } = await addEmailSubscription(db, { orgId: p.orgId, address: body.address, eventTypes: body.eventTypes ?? [] }));
      } catch (e) {
        throw badRequest(e instanceof Error ? e.message : String(e));
      }
      const row = await db.selectFrom('event_subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await audit(db, p, 'subscription.create', `subscription:${id}`, body.reason ?? null, { kind: row.kind, target: row.target });
      reply.code(201);
      return { ...subscriptionJson(row), ...(secret !== undefined ? { secret } : {}) };
    });

    api.delete('/subscriptions/:id', { schema: { tags: ['events'], params: IdParams, response: { 204: z.null().describe('disabled; its pending deliveries cancelled') } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin');
      if (!(await disableSubscription(db, p.orgId, req.params.id))) throw notFound('subscription');
      await audit(db, p, 'subscription.disable', `subscription:${req.params.id}`, null);
      return reply.code(204).send(null);
    });

    api.get('/subscriptions/:id/deliveries', { schema: { tags: ['events'], params: IdParams, querystring: PageQuery, response: { 200: pageOf(DeliveryOut) } } }, async (req) => {
      const p = who(req);
      requireRole(p, 'admin');
      const sub = await db.selectFrom('event_subscriptions').select('id').where('id', '=', req.params.id).where('org_id', '=', p.orgId).executeTakeFirst();
      if (sub === undefined) throw notFound('subscription');
      let q = db
        .selectFrom('event_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select(['d.id', 'e.uid', 'e.type', 'e.subject', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_error', 'd.delivered_at', 'd.created_at'])
        .where('d.subscription_id', '=', sub.id)
        .orderBy('d.id', 'desc')
        .limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('d.id', '<', c);
      return page(await q.execute(), req.query.limit, (d) => d.id, (d) => ({
        id: d.id,
        eventId: d.uid,
        type: d.type,
        subject: d.subject,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
        lastError: d.last_error,
        deliveredAt: d.delivered_at,
        createdAt: d.created_at,
      }));
    });
    done();
  };
}
