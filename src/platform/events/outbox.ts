// The transactional outbox: an event is written in the same transaction as the change it announces, with one
// delivery row per subscription of its organisation, so that a committed change always has its deliveries and
// a rolled-back one has none. The dispatcher (dispatcher.ts) then delivers them at least once.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { now, type DB } from '../db/schema.ts';
import type { PlatformEvent, PlatformEventType } from '../domain/events.ts';
import { sealSecret } from './secrets.ts';

export const EVENT_TYPES: readonly PlatformEventType[] = ['notice.published', 'deadline.approaching', 'deadline.passed', 'retest.done', 'takedown.confirmed'];

type Executor = Kysely<DB> | Transaction<DB>;

export interface RecordedEvent {
  id: number;
  /** The id consumers deduplicate by. */
  uid: string;
  deliveries: number;
}

/** Write an event and its deliveries with the caller's executor: pass the transaction of the change. */
export async function recordEvent(trx: Executor, event: PlatformEvent): Promise<RecordedEvent> {
  if (!EVENT_TYPES.includes(event.type)) throw new Error(`recordEvent: unknown event type "${event.type}"`);
  const uid = randomUUID();
  const at = now();
  const row = await trx
    .insertInto('events')
    .values({ uid, org_id: event.orgId, type: event.type, subject: event.subject, data: JSON.stringify(event.data), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const subs = await trx.selectFrom('event_subscriptions').select(['id', 'event_types']).where('org_id', '=', event.orgId).where('active', '=', 1).execute();
  const wanted = subs.filter((s) => {
    const types = JSON.parse(s.event_types) as string[];
    return types.length === 0 || types.includes(event.type);
  });
  if (wanted.length > 0) {
    await trx
      .insertInto('event_deliveries')
      .values(wanted.map((s) => ({ event_id: row.id, subscription_id: s.id, status: 'pending' as const, attempts: 0, next_attempt_at: at, created_at: at })))
      .execute();
  }
  return { id: row.id, uid, deliveries: wanted.length };
}

function checkTypes(types: readonly string[]): string {
  for (const t of types) if (!EVENT_TYPES.includes(t as PlatformEventType)) throw new Error(`unknown event type "${t}" (known: ${EVENT_TYPES.join(', ')})`);
  return JSON.stringify([...new Set(types)]);
}

/** The context a webhook secret is sealed under: the organisation it belongs to. */
export const secretContext = (orgId: number): string => `piscope-webhook-secret:org:${orgId}`;

/**
 * Subscribe a webhook URL to an organisation's events. The secret is returned once (the caller shows it to
 * the subscriber) and stored only encrypted under the server key. Private addresses are refused at delivery,
 * when the name is resolved (dispatcher.ts), since DNS can change after this check.
 */
export async function addWebhookSubscription(
  db: Executor,
  input: { orgId: number; url: string; eventTypes?: readonly string[]; secret?: string },
  key: Uint8Array,
): Promise<{ id: number; secret: string }> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new Error(`webhook URL "${input.url}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`webhook URL "${input.url}": only http and https`);
  if (url.username !== '' || url.password !== '') throw new Error(`webhook URL "${input.url}": no credentials in the URL, the signature authenticates`);
  const secret = input.secret ?? randomBytes(32).toString('base64url');
  if (secret.length < 16) throw new Error('webhook secret: at least 16 characters');
  const row = await db
    .insertInto('event_subscriptions')
    .values({ org_id: input.orgId, kind: 'webhook', target: url.href, secret_enc: sealSecret(key, secret, secretContext(input.orgId)), event_types: checkTypes(input.eventTypes ?? []), active: 1, created_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

/** Subscribe an e-mail address to an organisation's events (sent when SMTP is configured). */
export async function addEmailSubscription(db: Executor, input: { orgId: number; address: string; eventTypes?: readonly string[] }): Promise<{ id: number }> {
  // A plain shape check: the SMTP server is the judge of the rest.
  if (!/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/u.test(input.address)) throw new Error(`"${input.address}" is not an e-mail address`);
  const row = await db
    .insertInto('event_subscriptions')
    .values({ org_id: input.orgId, kind: 'email', target: input.address, secret_enc: null, event_types: checkTypes(input.eventTypes ?? []), active: 1, created_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

/** Stop a subscription; its pending deliveries are cancelled. Scoped to the organisation: another's is not found. */
export async function disableSubscription(db: Executor, orgId: number, id: number): Promise<boolean> {
  const r = await db.updateTable('event_subscriptions').set({ active: 0 }).where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await db.updateTable('event_deliveries').set({ status: 'cancelled', lease_token: null, lease_until: null }).where('subscription_id', '=', id).where('status', '=', 'pending').execute();
  return true;
}
