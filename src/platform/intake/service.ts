// Intake: sources (a watched folder, a list of URLs, a store connector) feeding a batch. A run lists the source's
// candidates, brings in each package not brought in before (identity: its sha256) through the upload path
// (registerUpload: scans, visibility, batch membership as for an upload), keeps the store's listing on the app,
// and logs each item that fails, with its candidate, for an inspector to re-run. One run per source at a time.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StoreListing } from '../../package/store-listing.ts';
import { now, type Db } from '../db/schema.ts';
import type { Principal, Role } from '../domain/identity.ts';
import { registerUpload } from '../domain/packages.ts';
import { PRIORITY, type JobQueue } from '../queue/job-queue.ts';
import { checkPackage, PackageRefused } from '../storage/package-check.ts';
import { UploadTooLarge, type PackageStore, type Stored } from '../storage/package-store.ts';
import { IntakeError, type Candidate, type Connector, type ConnectorRun } from './connector.ts';
import { FdroidConnector } from './fdroid.ts';
import { Fetcher, type FetchLimits } from './fetcher.ts';

/** Server-side ceilings: a source's settings may lower them, never raise them. */
export const LIMIT_CAPS = { perSecond: 50, concurrency: 16, attempts: 6, backoffMs: 60_000, maxBytes: 2 * 1024 * 1024 * 1024, timeoutMs: 30 * 60_000 };
const DEFAULT_LIMITS: FetchLimits = { perSecond: 5, concurrency: 4, attempts: 3, backoffMs: 500, maxBytes: 512 * 1024 * 1024, timeoutMs: 10 * 60_000 };

export const LimitsIn = z
  .object({
    perSecond: z.number().positive().max(LIMIT_CAPS.perSecond),
    concurrency: z.number().int().min(1).max(LIMIT_CAPS.concurrency),
    attempts: z.number().int().min(1).max(LIMIT_CAPS.attempts),
    backoffMs: z.number().int().min(0).max(LIMIT_CAPS.backoffMs),
    maxBytes: z.number().int().min(1024).max(LIMIT_CAPS.maxBytes),
    timeoutMs: z.number().int().min(100).max(LIMIT_CAPS.timeoutMs),
  })
  .partial();

export const SourceConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().min(1).max(4000), limits: LimitsIn.optional() }),
  z.object({ kind: z.literal('urls'), urls: z.array(z.url().max(4000)).min(1).max(10_000), limits: LimitsIn.optional() }),
  z.object({
    kind: z.literal('fdroid'),
    repo: z.url().max(2000),
    fingerprint: z.string().regex(/^[0-9A-Fa-f:\s]{64,}$/).transform((s) => s.replace(/[^0-9A-Fa-f]/g, '').toLowerCase()).refine((s) => s.length === 64, 'a SHA-256 fingerprint: 64 hex digits'),
    index: z.enum(['v1', 'v2']).optional(),
    versions: z.enum(['latest', 'all']).optional(),
    limits: LimitsIn.optional(),
  }),
]);
export type SourceConfig = z.infer<typeof SourceConfig>;

export interface RunCounts {
  candidates: number;
  added: number;
  known: number;
  skipped: number;
  failed: number;
}

export interface IntakeDeps {
  db: Db;
  store: PackageStore;
  queue: JobQueue;
  engineVersion: string;
  /** Test-only: loopback addresses the fetcher may reach (never from a request). */
  allowAddresses?: readonly string[];
  /** A folder file younger than this may still be being written: left for the next look (ms). */
  settleMs?: number;
}

type SourceRow = { id: number; org_id: number; user_id: number; name: string; kind: string; config: string; batch_id: number; state: string };

async function principalOf(db: Db, userId: number): Promise<Principal> {
  const u = await db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select(['u.id', 'u.org_id', 'u.roles', 'u.company_id', 'o.level']).where('u.id', '=', userId).executeTakeFirstOrThrow();
  return { userId: u.id, orgId: u.org_id, national: u.level === 'national', roles: JSON.parse(u.roles) as Role[], companyId: u.company_id };
}

function limitsOf(cfg: SourceConfig): FetchLimits {
  return { ...DEFAULT_LIMITS, ...cfg.limits };
}

function connectorOf(cfg: SourceConfig): Connector | null {
  if (cfg.kind === 'fdroid') return new FdroidConnector({ repo: cfg.repo, fingerprint: cfg.fingerprint, ...(cfg.index !== undefined ? { index: cfg.index } : {}), ...(cfg.versions !== undefined ? { versions: cfg.versions } : {}) });
  return null;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

export class Intake {
  readonly deps: IntakeDeps;
  readonly fetcher: Fetcher;
  private readonly running = new Map<number, { done: Promise<number>; quiet: boolean }>();
  /** path → size:mtime:sha256, so that a folder's known files are not hashed again at each look. */
  private readonly seen = new Map<string, string>();
  constructor(deps: IntakeDeps) {
    this.deps = deps;
    this.fetcher = new Fetcher(deps.allowAddresses ?? []);
  }

  private stateDir(sourceId: number): string {
    return join(this.deps.store.root, 'intake', String(sourceId));
  }

  /** Starts a run, or joins the one under way. Resolves with the run's id once it has ended. */
  run(sourceId: number, opts: { quiet?: boolean } = {}): { runId: Promise<number>; done: Promise<number> } {
    const quiet = opts.quiet === true;
    const existing = this.running.get(sourceId);
    if (existing !== undefined) {
      if (!existing.quiet || quiet) return { runId: existing.done, done: existing.done };
      // A person's run during the watcher's look (whose row may vanish): a run of its own once that one ends.
      const after = existing.done.catch(() => 0).then(() => this.run(sourceId, opts).done);
      return { runId: after, done: after };
    }
    let started!: (id: number) => void;
    const runId = new Promise<number>((r) => (started = r));
    const done = this.execute(sourceId, started, quiet).finally(() => this.running.delete(sourceId));
    this.running.set(sourceId, { done, quiet });
    return { runId: Promise.race([runId, done]), done };
  }

  /** Waits for every run under way (shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** quiet (the folder watcher's look every few seconds): a run that found nothing new leaves no row. */
  private async execute(sourceId: number, started: (id: number) => void, quiet: boolean): Promise<number> {
    const { db } = this.deps;
    const src = (await db.selectFrom('intake_sources').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow()) as SourceRow;
    const counts: RunCounts = { candidates: 0, added: 0, known: 0, skipped: 0, failed: 0 };
    const run = await db.insertInto('intake_runs').values({ source_id: sourceId, status: 'running', counts: JSON.stringify(counts), error: null, started_at: now(), finished_at: null }).returning('id').executeTakeFirstOrThrow();
    started(run.id);
    const cfg = SourceConfig.parse(JSON.parse(src.config));
    const limits = limitsOf(cfg);
    const rec = { db, sourceId, runId: run.id };
    const storeId = connectorOf(cfg)?.store ?? `${cfg.kind}:${sourceId}`;
    try {
      const state = JSON.parse(src.state) as Record<string, unknown>;
      const cRun: ConnectorRun = {
        fetchBytes: async (url, maxBytes) => (await this.fetcher.bytes(rec, storeId, url, { ...limits, maxBytes: Math.min(limits.maxBytes, maxBytes ?? limits.maxBytes) })).bytes,
        state,
        loadBlob: (name) => (existsSync(join(this.stateDir(sourceId), name)) ? new Uint8Array(readFileSync(join(this.stateDir(sourceId), name))) : null),
        saveBlob: (name, bytes) => {
          mkdirSync(this.stateDir(sourceId), { recursive: true });
          writeFileSync(join(this.stateDir(sourceId), name), bytes);
        },
      };
      const listed = await this.candidates(cfg, cRun);
      counts.candidates = listed.candidates.length;
      counts.skipped = listed.skipped.length;
      const who = await principalOf(db, src.user_id);
      // Items in parallel up to the store's concurrency (the rate limiter paces the fetches themselves).
      let next = 0;
      const worker = async (): Promise<void> => {
        for (;;) {
          const c = listed.candidates[next++];
          if (c === undefined) return;
          counts[await this.acquire(src, run.id, who, c, limits, storeId)]++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(limits.concurrency, Math.max(1, listed.candidates.length)) }, worker));
      await db.updateTable('intake_sources').set({ state: JSON.stringify(state) }).where('id', '=', sourceId).execute();
      if (quiet && counts.added === 0 && counts.failed === 0) await db.deleteFrom('intake_runs').where('id', '=', run.id).execute();
      else await db.updateTable('intake_runs').set({ status: 'done', counts: JSON.stringify(counts), finished_at: now() }).where('id', '=', run.id).execute();
    } catch (e) {
      // The source itself failed (its index refused, unreachable): the run says why; nothing was registered from it.
      await db.updateTable('intake_runs').set({ status: 'failed', counts: JSON.stringify(counts), error: e instanceof Error ? e.message : String(e), finished_at: now() }).where('id', '=', run.id).execute();
    }
    return run.id;
  }

  private async candidates(cfg: SourceConfig, run: ConnectorRun): Promise<{ candidates: Candidate[]; skipped: { key: string; why: string }[] }> {
    if (cfg.kind === 'urls') return { candidates: cfg.urls.map((url) => ({ key: url, url, fileName: decodeURIComponent(new URL(url).pathname.split('/').pop() || 'package') })), skipped: [] };
    if (cfg.kind === 'folder') {
      if (!existsSync(cfg.path) || !statSync(cfg.path).isDirectory()) throw new IntakeError(`the watched folder ${cfg.path} does not exist or is not a folder`, false);
      const out: Candidate[] = [];
      const settle = this.deps.settleMs ?? 2000;
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
          if (e.name.startsWith('.')) continue;
          const p = join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) {
            const st = statSync(p);
            if (Date.now() - st.mtimeMs >= settle) out.push({ key: p.slice(cfg.path.length).replace(/^\/+/, ''), path: p, fileName: e.name, version: `${st.size}:${st.mtimeMs}` });
          }
        }
      };
      walk(cfg.path);
      return { candidates: out, skipped: [] };
    }
    return connectorOf(cfg)!.candidates(run);
  }

  /** Brings one candidate in; on failure logs it (or updates its open failure) and says 'failed'. */
  async acquire(src: SourceRow, runId: number | null, who: Principal, c: Candidate, limits: FetchLimits, storeId: string, force = false): Promise<'added' | 'known' | 'failed' | 'skipped'> {
    const { db, store, queue } = this.deps;
    let attempts = 1;
    if (!force && c.version !== undefined) {
      // A watched folder's file that failed and has not changed since: left for an inspector's retry.
      const open = await db.selectFrom('intake_failures').select('candidate').where('source_id', '=', src.id).where('item_key', '=', c.key).where('resolved_at', 'is', null).executeTakeFirst();
      if (open !== undefined && (JSON.parse(open.candidate) as Candidate).version === c.version) return 'skipped';
    }
    try {
      let expected = c.sha256;
      if (c.path !== undefined) {
        const st = statSync(c.path);
        const mark = `${st.size}:${st.mtimeMs}`;
        const cached = this.seen.get(c.path);
        expected = cached?.startsWith(`${mark}:`) === true ? cached.slice(mark.length + 1) : await hashFile(c.path);
        this.seen.set(c.path, `${mark}:${expected}`);
      }
      const known = expected === undefined ? undefined : await db.selectFrom('intake_items').select('id').where('source_id', '=', src.id).where('sha256', '=', expected).executeTakeFirst();
      if (known !== undefined) {
        if (c.listing !== undefined) await this.keepListing(src.id, c.listing);
        await this.resolveFailure(src.id, c.key);
        return 'known';
      }
      let stored: Stored;
      if (c.path !== undefined) {
        try {
          stored = await store.put(createReadStream(c.path), limits.maxBytes, (tmp) => checkPackage(tmp));
        } catch (e) {
          if (e instanceof PackageRefused) throw new IntakeError(`${c.path}: ${e.message}`, false);
          if (e instanceof UploadTooLarge) throw new IntakeError(`${c.path}: over the ${limits.maxBytes}-byte limit`, false);
          throw e;
        }
      } else {
        const r = await this.fetcher.package({ db, sourceId: src.id, runId }, storeId, c.url!, limits, store, { ...(c.sha256 !== undefined ? { sha256: c.sha256 } : {}), ...(c.size !== undefined ? { size: c.size } : {}) });
        stored = r.stored;
        attempts = r.attempts;
      }
      // The listing goes into the scan's options, so the listing rules hold it against the package.
      const reg = await registerUpload(db, queue, who, { sha256: stored.sha256, size: stored.size, fileName: c.fileName }, { engineVersion: this.deps.engineVersion, options: c.listing === undefined ? {} : { listings: [c.listing] }, batchId: src.batch_id, priority: PRIORITY.batch });
      await db.insertInto('intake_items').values({ source_id: src.id, item_key: c.key, sha256: stored.sha256, scan_id: reg.scanId, created_at: now() }).onConflict((oc) => oc.columns(['source_id', 'sha256']).doNothing()).execute();
      if (c.listing !== undefined) await this.keepListing(src.id, c.listing);
      await this.resolveFailure(src.id, c.key);
      return 'added';
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      attempts = (e as { attempts?: number }).attempts ?? attempts;
      const t = now();
      const open = await db.selectFrom('intake_failures').select(['id', 'attempts']).where('source_id', '=', src.id).where('item_key', '=', c.key).where('resolved_at', 'is', null).executeTakeFirst();
      if (open === undefined) await db.insertInto('intake_failures').values({ source_id: src.id, run_id: runId, item_key: c.key, url: c.url ?? c.path ?? null, candidate: JSON.stringify(c), error: message, attempts, first_at: t, last_at: t, resolved_at: null }).execute();
      else await db.updateTable('intake_failures').set({ run_id: runId ?? undefined, candidate: JSON.stringify(c), error: message, attempts: open.attempts + attempts, last_at: t }).where('id', '=', open.id).execute();
      return 'failed';
    }
  }

  private async resolveFailure(sourceId: number, key: string): Promise<void> {
    await this.deps.db.updateTable('intake_failures').set({ resolved_at: now() }).where('source_id', '=', sourceId).where('item_key', '=', key).where('resolved_at', 'is', null).execute();
  }

  /** Re-runs a logged failure's candidate; the failure is resolved when it succeeds. */
  async retry(sourceId: number, failureId: number): Promise<'added' | 'known' | 'failed' | 'skipped'> {
    const { db } = this.deps;
    const src = (await db.selectFrom('intake_sources').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow()) as SourceRow;
    const f = await db.selectFrom('intake_failures').selectAll().where('id', '=', failureId).where('source_id', '=', sourceId).executeTakeFirstOrThrow();
    const cfg = SourceConfig.parse(JSON.parse(src.config));
    return this.acquire(src, null, await principalOf(db, src.user_id), JSON.parse(f.candidate) as Candidate, limitsOf(cfg), connectorOf(cfg)?.store ?? `${cfg.kind}:${sourceId}`, true);
  }

  /** The store's listing on the app (made when new, as a scan would): one row per store and package, refreshed. */
  async keepListing(sourceId: number, l: StoreListing): Promise<void> {
    const { db } = this.deps;
    const t = now();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('apps').values({ platform: 'android', package_name: l.packageName, name: l.appName ?? null, company_id: null, filing_no: null, created_at: t }).onConflict((oc) => oc.columns(['platform', 'package_name']).doNothing()).execute();
      const app = await trx.selectFrom('apps').select('id').where('platform', '=', 'android').where('package_name', '=', l.packageName).executeTakeFirstOrThrow();
      const values = {
        url: l.url ?? '',
        app_name: l.appName ?? null,
        developer: l.developer ?? null,
        version_name: l.versionName ?? null,
        version_code: l.versionCode ?? null,
        permissions: l.permissions === undefined ? null : JSON.stringify(l.permissions),
        privacy_policy_url: l.privacyPolicyUrl ?? null,
        signer_sha256: l.signerSha256 === undefined ? null : JSON.stringify(l.signerSha256),
        package_sha256: l.packageSha256 ?? null,
        fetched_at: l.fetchedAt,
        source_id: sourceId,
      };
      let q = trx.selectFrom('store_listings').select('id').where('app_id', '=', app.id).where('store', '=', l.store);
      q = l.packageSha256 === undefined ? q.where('package_sha256', 'is', null) : q.where('package_sha256', '=', l.packageSha256);
      const existing = await q.executeTakeFirst();
      if (existing === undefined) await trx.insertInto('store_listings').values({ app_id: app.id, store: l.store, created_at: t, ...values }).execute();
      else await trx.updateTable('store_listings').set(values).where('id', '=', existing.id).execute();
    });
  }
}

/** A stored listing row as the StoreListing the listing rules read. */
export function listingOf(row: { store: string; url: string; app_name?: string | null; developer?: string | null; version_name?: string | null; version_code?: number | null; permissions?: string | null; privacy_policy_url?: string | null; signer_sha256?: string | null; package_sha256?: string | null; fetched_at?: string | null; created_at: string }, packageName: string): StoreListing {
  return {
    store: row.store,
    ...(row.url !== '' ? { url: row.url } : {}),
    packageName,
    ...(row.app_name != null ? { appName: row.app_name } : {}),
    ...(row.developer != null ? { developer: row.developer } : {}),
    ...(row.version_name != null ? { versionName: row.version_name } : {}),
    ...(row.version_code != null ? { versionCode: row.version_code } : {}),
    ...(row.permissions != null ? { permissions: JSON.parse(row.permissions) as string[] } : {}),
    ...(row.privacy_policy_url != null ? { privacyPolicyUrl: row.privacy_policy_url } : {}),
    ...(row.signer_sha256 != null ? { signerSha256: JSON.parse(row.signer_sha256) as string[] } : {}),
    ...(row.package_sha256 != null ? { packageSha256: row.package_sha256 } : {}),
    fetchedAt: row.fetched_at ?? row.created_at,
  };
}
