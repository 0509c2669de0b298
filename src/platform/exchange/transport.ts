// Bundles over HTTP: the province pushes to the nation (POST /api/v1/exchange/bundles), the nation pulls from
// the province (GET /api/v1/exchange/bundles?since=N). The other side's URL comes from an administrator, so it
// is fetched as the webhooks are: its name resolved, every address checked against the policy fetcher's
// blocklist (no private, loopback or link-local address), the connection pinned to the checked address, no
// redirect followed. `allowAddresses` lets tests reach loopback; it comes from the server's options only.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { blockedReason } from '../../policy/fetch.ts';
import type { Db } from '../db/schema.ts';
import type { Principal } from '../domain/identity.ts';
import type { SignedBundle } from './bundle.ts';
import { receiveBundle } from './nation.ts';
import { acknowledge, bundlesSince } from './province.ts';

export interface TransportOptions {
  /** Special addresses allowed all the same (tests serve on 127.0.0.1). Never set from user input. */
  allowAddresses?: readonly string[];
  timeoutMs?: number;
}

export class TransportError extends Error {}

async function vet(url: URL, allow: readonly string[]): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  const addrs = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, order: 'verbatim' });
  if (addrs.length === 0) throw new TransportError(`${host} has no address`);
  for (const a of addrs) {
    const why = blockedReason(a.address);
    if (why !== null && !allow.includes(a.address)) throw new TransportError(`${host} resolves to ${a.address} (${why}): refused, the exchange may not reach an internal network`);
  }
  return addrs[0]!;
}

/** One JSON request to the other platform; the answer's status and parsed body (problem+json included). */
export async function exchangeRequest(base: string, method: 'GET' | 'POST', path: string, token: string, body: unknown, opts: TransportOptions = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  let url: URL;
  try {
    url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new TransportError(`"${base}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TransportError(`only http and https, not ${url.protocol}`);
  const pinned = await vet(url, opts.allowAddresses ?? []);
  const pinnedLookup: LookupFunction = (_h, o, cb) => {
    if (o.all === true) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': 'piscope-exchange' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const req = mod.request(url, { method, lookup: pinnedLookup, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new TransportError(`${method} ${url.href}: ${e.message}`)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
        } catch {
          reject(new TransportError(`${method} ${url.href}: HTTP ${res.statusCode ?? 0}, not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new TransportError(`${method} ${url.href}: ${e.message}`)));
    req.end(payload);
  });
}

export interface PushResult {
  /** Bundles the nation applied now. */
  applied: number[];
  /** Bundles it had already (acknowledged, unchanged). */
  duplicates: number[];
  ackedSeq: number;
}

/**
 * Pushes every bundle the nation has not acknowledged, oldest first. An out-of-order refusal says which
 * sequence the nation expects: the push goes on from there (a bundle lost before, or acknowledged but the
 * acknowledgement lost). Any other refusal stops the push with the nation's problem.
 */
export async function pushPending(db: Db, nationUrl: string, token: string, opts: TransportOptions = {}): Promise<PushResult> {
  const id = await db.selectFrom('exchange_identity').select('acked_seq').orderBy('id').executeTakeFirst();
  if (id === undefined) throw new TransportError('this instance has no exchange identity');
  const out: PushResult = { applied: [], duplicates: [], ackedSeq: id.acked_seq };
  let since = id.acked_seq;
  let rewinds = 0;
  for (;;) {
    const batch = await bundlesSince(db, since, 20);
    if (batch.length === 0) return out;
    for (const b of batch) {
      const r = await exchangeRequest(nationUrl, 'POST', 'api/v1/exchange/bundles', token, { payload: b.payload, signature: b.signature } satisfies SignedBundle, opts);
      if (r.status === 200) {
        (r.body.status === 'duplicate' ? out.duplicates : out.applied).push(b.seq);
        await acknowledge(db, b.seq);
        out.ackedSeq = Math.max(out.ackedSeq, b.seq);
        since = b.seq;
        continue;
      }
      const expected = r.body.expected;
      if (r.status === 409 && typeof expected === 'number' && expected >= 1 && rewinds++ < 3) {
        // The nation is behind (it expects an earlier one) or ahead (it has these): go on from what it expects.
        since = expected - 1;
        if (expected - 1 > out.ackedSeq) {
          await acknowledge(db, expected - 1);
          out.ackedSeq = expected - 1;
        }
        break;
      }
      throw new TransportError(`the nation refused bundle ${b.seq}: HTTP ${r.status} ${typeof r.body.detail === 'string' ? r.body.detail : JSON.stringify(r.body)}`);
    }
  }
}

/** The nation pulls a province's bundles after its cursor and applies each; returns the sequences applied. */
export async function pullFrom(db: Db, who: Principal, code: string, provinceUrl: string, token: string, opts: TransportOptions = {}): Promise<{ applied: number[]; lastSeq: number }> {
  const prov = await db.selectFrom('exchange_provinces').select(['id', 'last_seq']).where('code', '=', code).executeTakeFirst();
  if (prov === undefined) throw new TransportError(`province ${code} is not registered for exchange`);
  const applied: number[] = [];
  let since = prov.last_seq;
  for (;;) {
    const r = await exchangeRequest(provinceUrl, 'GET', `api/v1/exchange/bundles?since=${since}&limit=20`, token, undefined, opts);
    if (r.status !== 200) throw new TransportError(`the province answered HTTP ${r.status}: ${typeof r.body.detail === 'string' ? r.body.detail : JSON.stringify(r.body)}`);
    const items = r.body.items as (SignedBundle & { seq: number })[] | undefined;
    if (!Array.isArray(items)) throw new TransportError('the province answered without items');
    if (items.length === 0) return { applied, lastSeq: since };
    for (const b of items) {
      const res = await receiveBundle(db, who, { payload: b.payload, signature: b.signature });
      if (res.status === 'applied') applied.push(res.seq);
      since = Math.max(since, res.seq);
    }
  }
}
