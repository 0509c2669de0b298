// Fetching for intake: the policy fetcher's guard (policy/fetch.ts openGuarded: no private, loopback or
// link-local address, redirects included), a size and a time limit, per-store rate limits, retries with backoff
// for transient failures, and a row in intake_fetches for every attempt (refused ones too).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { openGuarded } from '../../policy/fetch.ts';
import { now, type Db } from '../db/schema.ts';
import { checkPackage, PackageRefused } from '../storage/package-check.ts';
import { UploadTooLarge, type PackageStore, type Stored } from '../storage/package-store.ts';
import { IntakeError } from './connector.ts';

export interface FetchLimits {
  /** Requests started per second, per store. */
  perSecond: number;
  /** Requests at once, per store. */
  concurrency: number;
  /** Tries of a transient failure, the first included. */
  attempts: number;
  /** First backoff (doubles each try). */
  backoffMs: number;
  maxBytes: number;
  /** For one whole fetch, body included. */
  timeoutMs: number;
}

/** Starts at most `perSecond` tasks a second and runs at most `concurrency` at once. */
export class RateLimiter {
  private active = 0;
  private nextStart = 0;
  private readonly waiting: (() => void)[] = [];
  readonly perSecond: number;
  readonly concurrency: number;
  constructor(perSecond: number, concurrency: number) {
    this.perSecond = perSecond;
    this.concurrency = concurrency;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      const t = Date.now();
      const start = Math.max(t, this.nextStart);
      this.nextStart = start + 1000 / this.perSecond;
      if (start > t) await new Promise((r) => setTimeout(r, start - t));
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export interface FetchRecordCtx {
  db: Db;
  sourceId: number;
  runId: number | null;
}

function firstBytes(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    return b.subarray(0, n).toString('hex');
  } finally {
    closeSync(fd);
  }
}

/** A package from a store is an APK: a ZIP whose first record is a local file header. */
function looksLikeZip(path: string): boolean {
  return firstBytes(path) === '504b0304';
}

const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

function classify(e: unknown): IntakeError {
  if (e instanceof IntakeError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // The guard's refusals (an address, a scheme, credentials) are final; a dropped or silent connection is not.
  return new IntakeError(message, /fetch failed|no answer within|ECONNRESET|socket hang up|aborted|premature close/i.test(message));
}

export class Fetcher {
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly allowAddresses: readonly string[];
  constructor(allowAddresses: readonly string[] = []) {
    this.allowAddresses = allowAddresses;
  }

  limiter(store: string, l: FetchLimits): RateLimiter {
    let r = this.limiters.get(store);
    if (r === undefined || r.perSecond !== l.perSecond || r.concurrency !== l.concurrency) this.limiters.set(store, (r = new RateLimiter(l.perSecond, l.concurrency)));
    return r;
  }

  /** Tries `once` up to l.attempts times while it fails transiently, waiting backoffMs, 2×, 4×… between. */
  async withRetry<T>(l: FetchLimits, once: () => Promise<T>): Promise<{ value: T; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: await once(), attempts: attempt };
      } catch (e) {
        const err = classify(e);
        if (!err.transient || attempt >= l.attempts) throw Object.assign(err, { attempts: attempt });
        await new Promise((r) => setTimeout(r, l.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** One guarded GET whose body goes to `sink`; recorded whatever happens. */
  private async once<T>(rec: FetchRecordCtx, store: string, url: string, l: FetchLimits, sink: (body: Readable, digest: () => { sha256: string; size: number }) => Promise<T>): Promise<T> {
    return this.limiter(store, l).run(async () => {
      const hash = createHash('sha256');
      let bytes = 0;
      let status: number | null = null;
      let finalUrl: string | null = null;
      let timer: NodeJS.Timeout | undefined;
      let body: Readable | null = null;
      try {
        const res = await openGuarded(url, { allowAddresses: this.allowAddresses, timeoutMs: l.timeoutMs, userAgent: 'piscope intake' });
        status = res.status;
        finalUrl = res.url;
        body = res.body;
        if (res.status !== 200) {
          res.body.resume();
          throw new IntakeError(`${url}: HTTP status ${res.status}`, TRANSIENT_STATUS.has(res.status));
        }
        if (res.contentLength !== null && res.contentLength > l.maxBytes) {
          res.body.destroy();
          throw new IntakeError(`${url}: ${res.contentLength} bytes, over the ${l.maxBytes}-byte limit`, false);
        }
        timer = setTimeout(() => res.body.destroy(new IntakeError(`${url}: not done within ${l.timeoutMs} ms`, true)), l.timeoutMs);
        const meter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            if (bytes > l.maxBytes) {
              done(new IntakeError(`${url}: over the ${l.maxBytes}-byte limit`, false));
              return;
            }
            hash.update(chunk);
            done(null, chunk);
          },
        });
        // The body's errors (a dropped connection, the time limit) end the metered stream the sink reads.
        res.body.on('error', (e) => meter.destroy(e));
        res.body.pipe(meter);
        let digest: string | null = null;
        const value = await sink(meter, () => ({ sha256: (digest ??= hash.digest('hex')), size: bytes }));
        digest ??= hash.digest('hex');
        await rec.db.insertInto('intake_fetches').values({ source_id: rec.sourceId, run_id: rec.runId, url, final_url: finalUrl, at: now(), status, bytes, sha256: digest, error: null }).execute();
        return value;
      } catch (e) {
        const err = classify(e);
        await rec.db.insertInto('intake_fetches').values({ source_id: rec.sourceId, run_id: rec.runId, url, final_url: finalUrl, at: now(), status, bytes, sha256: null, error: err.message }).execute();
        throw err;
      } finally {
        clearTimeout(timer);
        if (body !== null && !body.readableEnded) body.destroy();
      }
    });
  }

  /** A small document (an index), whole in memory. */
  async bytes(rec: FetchRecordCtx, store: string, url: string, l: FetchLimits): Promise<{ bytes: Uint8Array; attempts: number }> {
    const r = await this.withRetry(l, () =>
      this.once(rec, store, url, l, async (body) => {
        const chunks: Buffer[] = [];
        for await (const c of body) chunks.push(c as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      }),
    );
    return { bytes: r.value, attempts: r.attempts };
  }

  /**
   * A package, streamed into the store. Kept only when its bytes look like a package (ZIP/APK by their first
   * bytes and central directory, whatever Content-Type says) and match the expected sha256 and size.
   */
  async package(rec: FetchRecordCtx, store: string, url: string, l: FetchLimits, packages: PackageStore, expect: { sha256?: string; size?: number }): Promise<{ stored: Stored; attempts: number }> {
    const r = await this.withRetry(l, () =>
      this.once(rec, store, url, l, async (body, digestOf) => {
        let stored: Stored;
        try {
          stored = await packages.put(body, l.maxBytes, (tmp) => {
            const { sha256: digest, size } = digestOf();
            if (expect.size !== undefined && size !== expect.size) throw new IntakeError(`${url}: ${size} bytes, not the ${expect.size} the signed index gives: refused`, false);
            if (expect.sha256 !== undefined && digest !== expect.sha256) throw new IntakeError(`${url}: sha256 ${digest} is not the ${expect.sha256} the signed index gives: refused, nothing kept`, false);
            if (!looksLikeZip(tmp)) throw new IntakeError(`${url}: the bytes are not a ZIP/APK (they start ${firstBytes(tmp)}), whatever the server calls them: refused`, false);
            checkPackage(tmp);
          });
        } catch (e) {
          if (e instanceof PackageRefused) throw new IntakeError(`${url}: ${e.message} (by its bytes): refused`, false);
          if (e instanceof UploadTooLarge) throw new IntakeError(`${url}: over the ${l.maxBytes}-byte limit`, false);
          throw e;
        }
        return stored;
      }),
    );
    return { stored: r.value, attempts: r.attempts };
  }
}
