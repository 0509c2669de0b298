// Delivers the outbox at least once: takes due deliveries under a lease (so that several dispatchers, or a
// restarted one, never lose a delivery: a lease that runs out makes it due again), posts signed webhooks and
// sends e-mail through SMTP when configured, records every attempt, and retries failures with exponential
// backoff up to a limit. Consumers deduplicate by the event id (header x-piscope-event-id, e-mail Message-ID).
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DB, Db } from '../db/schema.ts';
import { secretContext } from './outbox.ts';
import { openSecret } from './secrets.ts';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, postWebhook, signPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER, type WebhookResult } from './webhook.ts';

export interface SmtpSettings {
  /** e.g. smtp://user:pass@mail.example.org:587 (nodemailer's URL form). */
  url: string;
  from: string;
}

/** SMTP from PISCOPE_SMTP_URL and PISCOPE_SMTP_FROM, or null when not configured. */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const url = env.PISCOPE_SMTP_URL?.trim();
  if (url === undefined || url === '') return null;
  return { url, from: env.PISCOPE_SMTP_FROM?.trim() || 'piscope <noreply@localhost>' };
}

export interface DispatcherOptions {
  db: Db;
  /** The server key webhook secrets are sealed under (secrets.ts). */
  secretKey: Uint8Array;
  /** E-mail deliveries wait, pending, until SMTP is configured. */
  smtp?: SmtpSettings | null;
  /** Special addresses webhooks may reach all the same: tests only, never from user input. */
  allowAddresses?: readonly string[];
  /** First retry after this, doubling each time, at most maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts?: number;
  leaseMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** The clock (tests move it instead of waiting). */
  now?: () => Date;
}

export interface Dispatcher {
  /** Deliver what is due now; the number of attempts made. */
  runOnce(): Promise<number>;
  /** Run every intervalMs until stop(). */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

type DueRow = { id: number; attempts: number; event_id: number; subscription_id: number };

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const db = options.db;
  const clock = options.now ?? (() => new Date());
  const base = options.baseDelayMs ?? 30_000;
  const maxDelay = options.maxDelayMs ?? 3_600_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const leaseMs = options.leaseMs ?? 120_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 50;
  const allow = options.allowAddresses ?? [];
  const smtp = options.smtp ?? null;
  let mailer: Transporter | null = null;
  const transport = (): Transporter => (mailer ??= nodemailer.createTransport(smtp!.url));

  async function claim(): Promise<(DueRow & { token: string })[]> {
    const at = clock().toISOString();
    let q = db
      .selectFrom('event_deliveries as d')
      .innerJoin('event_subscriptions as s', 's.id', 'd.subscription_id')
      .select(['d.id', 'd.attempts', 'd.event_id', 'd.subscription_id'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<', at)]));
    if (smtp === null) q = q.where('s.kind', '=', 'webhook');
    const due = await q.orderBy('d.next_attempt_at').orderBy('d.id').limit(batchSize).execute();
    const claimed: (DueRow & { token: string })[] = [];
    const until = new Date(clock().getTime() + leaseMs).toISOString();
    for (const row of due) {
      const token = randomUUID();
      // Optimistic claim: only one dispatcher's update matches a free row.
      const r = await db
        .updateTable('event_deliveries')
        .set({ lease_token: token, lease_until: until })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) claimed.push({ ...row, token });
    }
    return claimed;
  }

  async function send(row: DueRow): Promise<WebhookResult> {
    const event = await db.selectFrom('events').selectAll().where('id', '=', row.event_id).executeTakeFirstOrThrow();
    const sub = await db.selectFrom('event_subscriptions').selectAll().where('id', '=', row.subscription_id).executeTakeFirstOrThrow();
    const payload = { id: event.uid, type: event.type, orgId: event.org_id, subject: event.subject, data: JSON.parse(event.data) as unknown, createdAt: event.created_at };
    const body = JSON.stringify(payload);
    if (sub.kind === 'webhook') {
      if (sub.secret_enc === null) return { ok: false, statusCode: null, error: 'webhook subscription without a secret' };
      let secret: string;
      try {
        secret = openSecret(options.secretKey, sub.secret_enc, secretContext(sub.org_id));
      } catch {
        return { ok: false, statusCode: null, error: 'the webhook secret does not open under this server key' };
      }
      const timestamp = String(Math.floor(clock().getTime() / 1000));
      const headers = { [EVENT_ID_HEADER]: event.uid, [EVENT_TYPE_HEADER]: event.type, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signPayload(secret, timestamp, body) };
      return postWebhook(sub.target, headers, body, { timeoutMs, allowAddresses: allow });
    }
    try {
      await transport().sendMail({
        from: smtp!.from,
        to: sub.target,
        subject: `[piscope] ${event.type}: ${event.subject}`,
        text: `${event.type}\n${event.subject}\n\n${JSON.stringify(payload, null, 2)}\n`,
        // The event id as Message-ID and header: mail clients and scripts deduplicate on it.
        messageId: `<${event.uid}@piscope>`,
        headers: { 'X-Piscope-Event-Id': event.uid, 'X-Piscope-Event-Type': event.type },
      });
      return { ok: true, statusCode: null, error: null };
    } catch (e) {
      return { ok: false, statusCode: null, error: `SMTP: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  async function attempt(row: DueRow & { token: string }): Promise<void> {
    const result = await send(row);
    const at = clock();
    const n = row.attempts + 1;
    const giveUp = !result.ok && n >= maxAttempts;
    const delay = Math.min(maxDelay, base * 2 ** (n - 1));
    const update: Partial<Pick<DB['event_deliveries'], 'status' | 'next_attempt_at' | 'last_error' | 'delivered_at'>> = result.ok
      ? { status: 'delivered', delivered_at: at.toISOString(), last_error: null }
      : { status: giveUp ? 'failed' : 'pending', next_attempt_at: new Date(at.getTime() + delay).toISOString(), last_error: result.error };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('delivery_attempts').values({ delivery_id: row.id, attempt: n, at: at.toISOString(), ok: result.ok ? 1 : 0, status_code: result.statusCode, error: result.error }).execute();
      // Only while our lease holds: a dispatcher whose lease ran out does not overwrite the one that took over.
      await trx
        .updateTable('event_deliveries')
        .set({ ...update, attempts: n, lease_token: null, lease_until: null })
        .where('id', '=', row.id)
        .where('lease_token', '=', row.token)
        .execute();
    });
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const dispatcher: Dispatcher = {
    async runOnce() {
      const rows = await claim();
      for (const row of rows) await attempt(row);
      return rows.length;
    },
    start(intervalMs = 5_000) {
      if (timer !== null) return;
      const tick = (): void => {
        running = dispatcher
          .runOnce()
          .catch((e: unknown) => console.error(`event dispatcher: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => {
            if (timer !== null) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await running;
      mailer?.close();
      mailer = null;
    },
  };
  return dispatcher;
}
