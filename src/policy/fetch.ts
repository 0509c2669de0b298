// Fetching a policy from its URL (only with --fetch-policy). Hostile-network rules: http(s) only, DNS resolved
// first and every address checked, the connection pinned to a checked address (no DNS rebinding), each redirect
// checked again, a timeout and a size limit. Private, loopback, link-local and other special addresses are
// refused so a policy URL cannot reach an internal network.
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { PiscopeError, ErrorCode } from '../errors.ts';

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Addresses allowed even though special (tests serve from 127.0.0.1). Never set from user input. */
  allowAddresses?: readonly string[];
}

export interface Fetched {
  url: string;
  bytes: Uint8Array;
  contentType: string | null;
}

function v4ToInt(a: string): number {
  return a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

const V4_BLOCKS: [string, number, string][] = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Why an address must not be reached, or null when it is a public unicast address. */
export function blockedReason(address: string): string | null {
  const kind = isIP(address);
  if (kind === 4) {
    const n = v4ToInt(address);
    for (const [base, bits, why] of V4_BLOCKS) {
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      if (((n & mask) >>> 0) === ((v4ToInt(base) & mask) >>> 0)) return why;
    }
    return null;
  }
  if (kind === 6) {
    const a = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped !== null) return blockedReason(mapped[1]!);
    if (a === '::1') return 'loopback';
    if (a === '::') return 'unspecified';
    if (/^f[cd]/.test(a)) return 'unique-local (private)';
    if (/^fe[89ab]/.test(a)) return 'link-local';
    if (/^ff/.test(a)) return 'multicast';
    if (/^64:ff9b:/.test(a) || /^2001:0?db8:/.test(a) || /^::ffff:/.test(a)) return 'special-purpose';
    return null;
  }
  return 'not an IP address';
}

function refuse(message: string, url: string): PiscopeError {
  return new PiscopeError(ErrorCode.POLICY_FETCH_REFUSED, message, { structure: 'policy-fetch', file: url });
}

async function vetHost(url: URL, allow: readonly string[]): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addrs = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, order: 'verbatim' }).catch((e: unknown) => {
    throw refuse(`cannot resolve ${host}: ${e instanceof Error ? e.message : String(e)}`, url.href);
  });
  if (addrs.length === 0) throw refuse(`${host} has no address`, url.href);
  for (const a of addrs) {
    const why = blockedReason(a.address);
    if (why !== null && !allow.includes(a.address)) throw refuse(`${host} resolves to ${a.address} (${why}): refused, it could reach an internal network`, url.href);
  }
  return addrs[0]!;
}

/** A lookup that answers only the vetted address: the connection cannot be rebound to another. */
function pinnedLookupOf(pinned: { address: string; family: number }): LookupFunction {
  return (_host, options, cb) => {
    if (options.all === true) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
}

function getOnce(url: URL, pinned: { address: string; family: number }, opts: Required<Omit<FetchOptions, 'allowAddresses'>>): Promise<{ status: number; location: string | null; bytes: Uint8Array; contentType: string | null }> {
  const pinnedLookup = pinnedLookupOf(pinned);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { lookup: pinnedLookup, timeout: opts.timeoutMs, headers: { 'user-agent': 'piscope (privacy-policy fetch)', accept: 'text/html,text/plain,application/pdf,*/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        resolve({ status, location: res.headers.location ?? null, bytes: new Uint8Array(), contentType: null });
        return;
      }
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > opts.maxBytes) {
        req.destroy();
        reject(refuse(`response is ${declared} bytes, over the ${opts.maxBytes}-byte limit`, url.href));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) {
          req.destroy();
          reject(refuse(`response over the ${opts.maxBytes}-byte limit`, url.href));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status, location: null, bytes: new Uint8Array(Buffer.concat(chunks)), contentType: res.headers['content-type'] ?? null }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(refuse(`no answer within ${opts.timeoutMs} ms`, url.href)));
    req.on('error', (e) => reject(e instanceof PiscopeError ? e : refuse(`fetch failed: ${e.message}`, url.href)));
  });
}

/** Fetch a policy document. Throws POLICY_FETCH_REFUSED for every refusal and failure. */
export async function fetchPolicy(href: string, options: FetchOptions = {}): Promise<Fetched> {
  const opts = { timeoutMs: options.timeoutMs ?? 15000, maxBytes: options.maxBytes ?? 5 * 1024 * 1024, maxRedirects: options.maxRedirects ?? 5 };
  const allow = options.allowAddresses ?? [];
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw refuse(`not a URL: ${href}`, href);
  }
  for (let hop = 0; hop <= opts.maxRedirects; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`only http and https URLs are fetched, not ${url.protocol}`, url.href);
    if (url.username !== '' || url.password !== '') throw refuse('URLs with credentials are not fetched', url.href);
    const pinned = await vetHost(url, allow);
    const r = await getOnce(url, pinned, opts);
    if (r.status >= 300 && r.status < 400) {
      if (r.location === null) throw refuse(`redirect ${r.status} without a Location`, url.href);
      url = new URL(r.location, url);
      continue;
    }
    if (r.status !== 200) throw refuse(`HTTP status ${r.status}`, url.href);
    return { url: url.href, bytes: r.bytes, contentType: r.contentType };
  }
  throw refuse(`more than ${opts.maxRedirects} redirects`, href);
}

export interface GuardedResponse {
  /** The URL answered, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  contentLength: number | null;
  /** The body, unread: the caller streams it and enforces its own size limit. */
  body: http.IncomingMessage;
}

/**
 * The same guard as fetchPolicy for a streamed GET (package downloads, intake/): http(s) only, no credentials,
 * every hop's addresses checked and the connection pinned, at most maxRedirects. Refusals throw
 * POLICY_FETCH_REFUSED; a non-2xx answer is returned (its body drained) for the caller to classify.
 */
export async function openGuarded(href: string, options: FetchOptions & { userAgent?: string } = {}): Promise<GuardedResponse> {
  const timeoutMs = options.timeoutMs ?? 15000;
  const maxRedirects = options.maxRedirects ?? 5;
  const allow = options.allowAddresses ?? [];
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw refuse(`not a URL: ${href}`, href);
  }
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`only http and https URLs are fetched, not ${url.protocol}`, url.href);
    if (url.username !== '' || url.password !== '') throw refuse('URLs with credentials are not fetched', url.href);
    const pinned = await vetHost(url, allow);
    const mod = url.protocol === 'https:' ? https : http;
    const current = url;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = mod.get(current, { lookup: pinnedLookupOf(pinned), timeout: timeoutMs, headers: { 'user-agent': options.userAgent ?? 'piscope', accept: '*/*' } }, resolve);
      req.on('timeout', () => req.destroy(refuse(`no answer within ${timeoutMs} ms`, current.href)));
      req.on('error', (e) => reject(e instanceof PiscopeError ? e : refuse(`fetch failed: ${e.message}`, current.href)));
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      res.resume();
      const location = res.headers.location;
      if (location === undefined) throw refuse(`redirect ${status} without a Location`, url.href);
      url = new URL(location, url);
      continue;
    }
    const len = res.headers['content-length'];
    return { url: url.href, status, contentType: res.headers['content-type'] ?? null, contentLength: len === undefined ? null : Number(len), body: res };
  }
  throw refuse(`more than ${maxRedirects} redirects`, href);
}
