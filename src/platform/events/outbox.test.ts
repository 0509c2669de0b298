// The outbox on real SQLite and PostgreSQL, delivered to a real local HTTP server and a real SMTP listener.
// The dispatcher's clock is moved by the test instead of waiting for backoffs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connect.ts';
import { now } from '../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../testing/pg.ts';
import { startSmtpListener, type SmtpListener } from '../testing/smtp-listener.ts';
import { createDispatcher, type DispatcherOptions } from './dispatcher.ts';
import { addEmailSubscription, addWebhookSubscription, disableSubscription, recordEvent, secretContext } from './outbox.ts';
import { loadSecretKey, openSecret, sealSecret } from './secrets.ts';
import { verifySignature } from './webhook.ts';

const KEY = randomBytes(32);
const work = mkdtempSync(join(tmpdir(), 'piscope-outbox-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering the given statuses in turn (then 200). */
async function receiver(statuses: number[]): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

class Clock {
  // From the real time: recordEvent stamps the event's first attempt with it.
  t = Date.now() + 1000;
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

async function addOrg(database: Database, code: string): Promise<number> {
  const row = await database.db.insertInto('orgs').values({ name: `${code} 通信管理局`, level: 'provincial', code, parent_id: null, created_at: now() }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const dialects: [string, () => Promise<{ database: Database; done: () => Promise<void> }>][] = [
  ['sqlite', async () => {
    const database = await openDatabase(join(work, `${randomBytes(4).toString('hex')}.db`));
    return { database, done: () => database.close() };
  }],
  ['postgres', async () => {
    const pg: TestDatabase = await createTestDatabase();
    const database = await openDatabase(pg.url, { poolSize: 4 });
    return { database, done: async () => { await database.close(); await pg.drop(); } };
  }],
];

describe.each(dialects)('outbox on %s', (_name, open) => {
  let database: Database;
  let done: () => Promise<void>;
  let org: number;
  let other: number;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const opened = await open();
    database = opened.database;
    done = opened.done;
    org = await addOrg(database, 'GD');
    other = await addOrg(database, 'ZJ');
  });
  afterAll(async () => done());
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    // Each test starts with no subscription of its own left behind.
    await database.db.updateTable('event_subscriptions').set({ active: 0 }).execute();
    await database.db.updateTable('event_deliveries').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  });
  const dispatcher = (extra: Partial<DispatcherOptions> & { now: () => Date }) =>
    createDispatcher({ db: database.db, secretKey: KEY, allowAddresses: ['127.0.0.1'], baseDelayMs: 60_000, maxDelayMs: 3_600_000, ...extra });

  it('writes the event and its deliveries in the caller\'s transaction, and nothing when it rolls back', async () => {
    const hook = await addWebhookSubscription(database.db, { orgId: org, url: 'https://hooks.example.org/piscope' }, KEY);
    await addWebhookSubscription(database.db, { orgId: org, url: 'https://hooks.example.org/only-takedowns', eventTypes: ['takedown.confirmed'] }, KEY);
    await addWebhookSubscription(database.db, { orgId: other, url: 'https://hooks.example.org/other-org' }, KEY);
    const recorded = await database.db.transaction().execute((trx) => recordEvent(trx, { type: 'notice.published', orgId: org, subject: 'notice:12', data: { deadline: '2026-10-09' } }));
    expect(recorded.deliveries).toBe(1);
    const deliveries = await database.db.selectFrom('event_deliveries').select(['subscription_id', 'status']).where('event_id', '=', recorded.id).execute();
    expect(deliveries).toEqual([{ subscription_id: hook.id, status: 'pending' }]);

    const failed = await database.db
      .transaction()
      .execute(async (trx) => {
        await recordEvent(trx, { type: 'notice.published', orgId: org, subject: 'notice:13', data: {} });
        throw new Error('the notice failed to publish');
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(await database.db.selectFrom('events').select('id').where('subject', '=', 'notice:13').execute()).toEqual([]);
    await expect(recordEvent(database.db, { type: 'no.such' as never, orgId: org, subject: 'x', data: {} })).rejects.toThrow(/unknown event type "no.such"/u);
  });

  it('stores the webhook secret only encrypted, bound to its organisation', async () => {
    const { id, secret } = await addWebhookSubscription(database.db, { orgId: org, url: 'https://hooks.example.org/s' }, KEY);
    const row = await database.db.selectFrom('event_subscriptions').select('secret_enc').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(secret);
    expect(openSecret(KEY, row.secret_enc!, secretContext(org))).toBe(secret);
    expect(() => openSecret(KEY, row.secret_enc!, secretContext(other))).toThrow();
    expect(() => openSecret(randomBytes(32), row.secret_enc!, secretContext(org))).toThrow();
  });

  it('delivers at least once: a webhook failing twice then answering gets the signed event three times, each attempt recorded', async () => {
    const server = await receiver([500, 503]);
    closers.push(() => server.close());
    const { id: subId, secret } = await addWebhookSubscription(database.db, { orgId: org, url: server.url }, KEY);
    const { uid, id: eventId } = await recordEvent(database.db, { type: 'deadline.passed', orgId: org, subject: 'notice:12', data: { apps: 3 } });
    const clock = new Clock();
    const d = dispatcher({ now: clock.now });

    expect(await d.runOnce()).toBe(1); // 500
    expect(await d.runOnce()).toBe(0); // not due before the backoff
    clock.advance(60_000);
    expect(await d.runOnce()).toBe(1); // 503
    clock.advance(60_000);
    expect(await d.runOnce()).toBe(0); // the second backoff is twice the first
    clock.advance(60_000);
    expect(await d.runOnce()).toBe(1); // 200
    clock.advance(10 * 3_600_000);
    expect(await d.runOnce()).toBe(0); // delivered: never again

    expect(server.hits).toHaveLength(3);
    for (const hit of server.hits) {
      expect(hit.headers['x-piscope-event-id']).toBe(uid);
      expect(hit.headers['x-piscope-event-type']).toBe('deadline.passed');
      expect(verifySignature(secret, String(hit.headers['x-piscope-timestamp']), hit.body, String(hit.headers['x-piscope-signature']))).toBe(true);
      expect(verifySignature('another secret of enough length', String(hit.headers['x-piscope-timestamp']), hit.body, String(hit.headers['x-piscope-signature']))).toBe(false);
      expect(JSON.parse(hit.body)).toMatchObject({ id: uid, type: 'deadline.passed', orgId: org, subject: 'notice:12', data: { apps: 3 } });
    }
    const delivery = await database.db.selectFrom('event_deliveries').selectAll().where('event_id', '=', eventId).where('subscription_id', '=', subId).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, last_error: null, lease_token: null });
    const attempts = await database.db.selectFrom('delivery_attempts').select(['attempt', 'ok', 'status_code', 'error']).where('delivery_id', '=', delivery.id).orderBy('attempt').execute();
    expect(attempts).toEqual([
      { attempt: 1, ok: 0, status_code: 500, error: 'HTTP 500' },
      { attempt: 2, ok: 0, status_code: 503, error: 'HTTP 503' },
      { attempt: 3, ok: 1, status_code: 200, error: null },
    ]);
  });

  it('never posts to a loopback or private address without the allow setting, and gives up after the last attempt', async () => {
    const server = await receiver([]);
    closers.push(() => server.close());
    await addWebhookSubscription(database.db, { orgId: org, url: server.url }, KEY);
    await addWebhookSubscription(database.db, { orgId: org, url: server.url.replace('127.0.0.1', 'localhost') }, KEY);
    await addWebhookSubscription(database.db, { orgId: org, url: 'http://169.254.169.254/latest/meta-data/' }, KEY);
    await addWebhookSubscription(database.db, { orgId: org, url: 'http://10.1.2.3/hook' }, KEY);
    const { id: eventId } = await recordEvent(database.db, { type: 'retest.done', orgId: org, subject: 'rectification:7', data: {} });
    const clock = new Clock();
    const d = createDispatcher({ db: database.db, secretKey: KEY, baseDelayMs: 1000, maxAttempts: 2, now: clock.now });
    expect(await d.runOnce()).toBe(4);
    clock.advance(1000);
    expect(await d.runOnce()).toBe(4);
    clock.advance(3_600_000);
    expect(await d.runOnce()).toBe(0);
    expect(server.hits).toEqual([]);
    const rows = await database.db
      .selectFrom('event_deliveries as d')
      .innerJoin('event_subscriptions as s', 's.id', 'd.subscription_id')
      .select(['s.target', 'd.status', 'd.attempts', 'd.last_error'])
      .where('d.event_id', '=', eventId)
      .orderBy('d.id')
      .execute();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['failed', 2], ['failed', 2], ['failed', 2], ['failed', 2]]);
    expect(rows[0]!.last_error).toMatch(/127\.0\.0\.1 \(loopback\): refused/u);
    expect(rows[1]!.last_error).toMatch(/localhost resolves to .* \(loopback\): refused/u);
    expect(rows[2]!.last_error).toMatch(/link-local/u);
    expect(rows[3]!.last_error).toMatch(/private/u);
  });

  it('gives up on an endpoint that never answers and tries again later', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer(() => undefined); // reads the request, never answers
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); silent.close(() => r()); }));
    await addWebhookSubscription(database.db, { orgId: org, url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook` }, KEY);
    const { id: eventId } = await recordEvent(database.db, { type: 'deadline.approaching', orgId: org, subject: 'notice:12', data: {} });
    expect(await dispatcher({ now: new Clock().now, timeoutMs: 300 }).runOnce()).toBe(1);
    const d = await database.db.selectFrom('event_deliveries').select(['status', 'attempts', 'last_error']).where('event_id', '=', eventId).executeTakeFirstOrThrow();
    expect(d.status).toBe('pending');
    expect(d.attempts).toBe(1);
    expect(d.last_error).toMatch(/no (complete )?answer within 300 ms/u);
  });

  it('two dispatchers at once deliver each event once (the lease)', async () => {
    const server = await receiver([]);
    closers.push(() => server.close());
    await addWebhookSubscription(database.db, { orgId: org, url: server.url }, KEY);
    const uids = [];
    for (let i = 0; i < 6; i++) uids.push((await recordEvent(database.db, { type: 'notice.published', orgId: org, subject: `notice:${100 + i}`, data: {} })).uid);
    const clock = new Clock();
    const [a, b] = await Promise.all([dispatcher({ now: clock.now }).runOnce(), dispatcher({ now: clock.now }).runOnce()]);
    expect(a + b).toBe(6);
    expect(server.hits.map((h) => h.headers['x-piscope-event-id']).sort()).toEqual([...uids].sort());
  });

  it('a disabled subscription gets nothing more; another organisation cannot disable it', async () => {
    const server = await receiver([]);
    closers.push(() => server.close());
    const { id } = await addWebhookSubscription(database.db, { orgId: org, url: server.url }, KEY);
    await recordEvent(database.db, { type: 'notice.published', orgId: org, subject: 'notice:200', data: {} });
    expect(await disableSubscription(database.db, other, id)).toBe(false);
    expect(await disableSubscription(database.db, org, id)).toBe(true);
    await recordEvent(database.db, { type: 'notice.published', orgId: org, subject: 'notice:201', data: {} });
    expect(await dispatcher({ now: new Clock().now }).runOnce()).toBe(0);
    expect(server.hits).toEqual([]);
  });

  describe('e-mail', () => {
    let smtp: SmtpListener;
    beforeAll(async () => {
      smtp = await startSmtpListener();
    });
    afterAll(async () => smtp.close());

    it('waits while SMTP is not configured, then sends through SMTP with the event id, retrying a refusal', async () => {
      await addEmailSubscription(database.db, { orgId: org, address: 'inspector@gdca.example.cn', eventTypes: ['takedown.confirmed'] });
      const { uid } = await recordEvent(database.db, { type: 'takedown.confirmed', orgId: org, subject: 'notice:31', data: { store: '华为应用市场' } });
      const clock = new Clock();
      expect(await dispatcher({ now: clock.now }).runOnce()).toBe(0);

      smtp.rejectNext = 1;
      const d = dispatcher({ now: clock.now, smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'piscope <noreply@piscope.example.cn>' } });
      try {
        expect(await d.runOnce()).toBe(1); // 550 at RCPT
        expect(smtp.messages).toEqual([]);
        clock.advance(60_000);
        expect(await d.runOnce()).toBe(1);
      } finally {
        await d.stop();
      }
      expect(smtp.messages).toHaveLength(1);
      const mail = smtp.messages[0]!;
      expect(mail.to).toEqual(['inspector@gdca.example.cn']);
      expect(mail.data).toMatch(new RegExp(`^X-Piscope-Event-Id: ${uid}\\r?$`, 'imu')); // header names are case-insensitive
      expect(mail.data).toMatch(new RegExp(`^Message-ID: <${uid}@piscope>\\r?$`, 'mu'));
      expect(mail.data).toContain('takedown.confirmed');
      const attempts = await database.db
        .selectFrom('delivery_attempts as a')
        .innerJoin('event_deliveries as d', 'd.id', 'a.delivery_id')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select(['a.ok', 'a.error'])
        .where('e.uid', '=', uid)
        .orderBy('a.attempt')
        .execute();
      expect(attempts[0]).toMatchObject({ ok: 0 });
      expect(attempts[0]!.error).toMatch(/^SMTP: .*550/u);
      expect(attempts[1]).toEqual({ ok: 1, error: null });
    });
  });
});

describe('secrets', () => {
  it('reads the server key from PISCOPE_SECRET_KEY and says how to make one', () => {
    expect(loadSecretKey({ PISCOPE_SECRET_KEY: 'ab'.repeat(32) })).toHaveLength(32);
    expect(loadSecretKey({ PISCOPE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual(Buffer.alloc(32, 7));
    expect(() => loadSecretKey({})).toThrow(/openssl rand -hex 32/u);
    expect(() => loadSecretKey({ PISCOPE_SECRET_KEY: 'abcd' })).toThrow(/32 bytes/u);
    expect(openSecret(KEY, sealSecret(KEY, '密钥 secret', 'ctx'), 'ctx')).toBe('密钥 secret');
  });

  it('refuses webhook URLs that are not http(s) or carry credentials', async () => {
    const database = await openDatabase(join(work, 'refuse.db'));
    try {
      const org = await addOrg(database, 'SH');
      await expect(addWebhookSubscription(database.db, { orgId: org, url: 'ftp://x.example/h' }, KEY)).rejects.toThrow(/only http and https/u);
      await expect(addWebhookSubscription(database.db, { orgId: org, url: 'https://u:p@x.example/h' }, KEY)).rejects.toThrow(/no credentials/u);
      await expect(addWebhookSubscription(database.db, { orgId: org, url: 'nonsense' }, KEY)).rejects.toThrow(/is not a URL/u);
      await expect(addEmailSubscription(database.db, { orgId: org, address: 'not-an-address' })).rejects.toThrow(/not an e-mail address/u);
    } finally {
      await database.close();
    }
  });
});
