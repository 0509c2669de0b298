// Posting an event to a webhook: signed, to a checked public address only. The address check is the policy
// fetcher's (policy/fetch.ts blockedReason): the name is resolved, every address checked, and the connection
// pinned to the checked address so that DNS cannot rebind it in between. Redirects are not followed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { blockedReason } from '../../policy/fetch.ts';

export const SIGNATURE_HEADER = 'x-piscope-signature';
export const EVENT_ID_HEADER = 'x-piscope-event-id';
export const EVENT_TYPE_HEADER = 'x-piscope-event-type';
export const TIMESTAMP_HEADER = 'x-piscope-timestamp';

/** "sha256=" + hex HMAC-SHA256 of `${timestamp}.${body}`: the timestamp is signed so an old body cannot be replayed as new. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a consumer does: recompute and compare in constant time. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const want = Buffer.from(signPayload(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

export interface WebhookOptions {
  timeoutMs: number;
  /** Special addresses allowed all the same (tests serve from 127.0.0.1). Never set from user input. */
  allowAddresses: readonly string[];
}

export interface WebhookResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

async function vet(url: URL, allow: readonly string[]): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  const addrs = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, order: 'verbatim' });
  if (addrs.length === 0) throw new Error(`${host} has no address`);
  for (const a of addrs) {
    const why = blockedReason(a.address);
    if (why !== null && !allow.includes(a.address)) throw new Error(`${host} resolves to ${a.address} (${why}): refused, a webhook may not reach an internal network`);
  }
  return addrs[0]!;
}

/** POST one signed event. Never throws: the result says what happened, for the attempt log. */
export async function postWebhook(target: string, headers: Record<string, string>, body: string, opts: WebhookOptions): Promise<WebhookResult> {
  let url: URL;
  let pinned: { address: string; family: number };
  try {
    url = new URL(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`only http and https, not ${url.protocol}`);
    pinned = await vet(url, opts.allowAddresses);
  } catch (e) {
    return { ok: false, statusCode: null, error: e instanceof Error ? e.message : String(e) };
  }
  const pinnedLookup: LookupFunction = (_host, options, cb) => {
    if (options.all === true) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: WebhookResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      resolve(r);
    };
    const req = mod.request(
      url,
      { method: 'POST', lookup: pinnedLookup, timeout: opts.timeoutMs, headers: { 'content-type': 'application/json', 'user-agent': 'piscope-webhook', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const status = res.statusCode ?? 0;
        const result: WebhookResult = { ok: status >= 200 && status < 300, statusCode: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` };
        // The status is the answer; its body is read only so the socket can close, and at most 64 KiB of it.
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 65_536) {
            res.destroy();
            finish(result);
          }
        });
        res.on('end', () => finish(result));
        res.on('error', () => finish(result));
      },
    );
    // The socket timeout is per silence; this bounds the whole exchange, so an endpoint trickling bytes cannot hold a dispatcher.
    const overall = setTimeout(() => req.destroy(new Error(`no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (e) => finish({ ok: false, statusCode: null, error: e.message }));
    req.end(body);
  });
}
