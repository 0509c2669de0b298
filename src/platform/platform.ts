// The platform assembled: database, package storage, job queue, API and in-process workers. `piscope serve`
// and `piscope worker` are thin shells around startServer() and startWorker().
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { VERSION } from '../version.ts';
import { buildApi, type Api } from './api/app.ts';
import { CONSOLE_DIST } from './api/console.ts';
import { isPostgresUrl, openDatabase, type Database } from './db/connect.ts';
import { bootstrap } from './domain/identity.ts';
import { createDispatcher, smtpFromEnv, type Dispatcher, type DispatcherOptions } from './events/dispatcher.ts';
import { serverSecretKey } from './events/secrets.ts';
import { enqueueOrphans } from './domain/packages.ts';
import { runWorkflowCheck } from './domain/rectification.ts';
import { refreshSdkOffences, sdkOffencesStale } from './domain/offenders.ts';
import { OFFICIAL_WORKFLOW, type WorkflowDeps } from './domain/workflow-deps.ts';
import { schedulerUser } from './domain/workflow-states.ts';
import { beijingToday } from './api/routes-workflow.ts';
import { EmbeddedQueue } from './queue/embedded-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { PgBossQueue, type PgBossQueueOptions } from './queue/pg-boss-queue.ts';
import { PackageStore } from './storage/package-store.ts';
import { ScanWorker, type WorkerOptions } from './worker/scan-worker.ts';
import type { TransportOptions } from './exchange/transport.ts';
import { Intake } from './intake/service.ts';

export const DEFAULT_DATA = './piscope-data';
export const DEFAULT_MAX_UPLOAD = 2 * 1024 * 1024 * 1024;

export interface ServerOptions {
  data?: string;
  /** postgres://… ; without it, SQLite in the data folder. */
  db?: string;
  port?: number;
  host?: string;
  /** Scan workers in this process; default: one per core; 0: none (API only). */
  workers?: number;
  bootstrapToken?: string;
  maxUploadBytes?: number;
  worker?: Omit<WorkerOptions, 'concurrency'>;
  pgBoss?: PgBossQueueOptions;
  /** The web console's built files served at `/` (default console/dist); null: API only. */
  consoleDir?: string | null;
  /** Embedded queue lease timings (tests shorten them). */
  embedded?: { leaseMs?: number; heartbeatMs?: number };
  /** Event delivery (webhooks, e-mail); tests allow loopback receivers and shorten the interval. */
  events?: Partial<Omit<DispatcherOptions, 'db' | 'secretKey'>> & { intervalMs?: number };
  /** The workflow's calendar, category mapping and outbox (domain/workflow-deps.ts). */
  workflow?: WorkflowDeps;
  /** How often the deadline check runs (ms); default hourly; 0: never (tests and the demo call POST /workflow/check). */
  workflowCheckMs?: number;
  /** The exchange's HTTP client (push, pull); tests allow loopback addresses. */
  exchange?: TransportOptions;
  /** Intake: how often watched folders are looked at (ms; default 10 s; 0: only when run through the API). */
  intake?: { watchMs?: number; settleMs?: number; /** Test-only: loopback addresses intake may fetch from. Never from user input. */ allowAddresses?: readonly string[] };
}

export interface Running {
  url: string;
  api: Api | null;
  database: Database;
  queue: JobQueue;
  worker: ScanWorker | null;
  /** Delivers the event outbox; serve runs one, workers none. */
  dispatcher: Dispatcher | null;
  close(): Promise<void>;
}

async function openQueue(database: Database, opts: ServerOptions): Promise<JobQueue> {
  if (database.url !== null) return PgBossQueue.start(database.url, opts.pgBoss);
  const q = new EmbeddedQueue(database.db, opts.embedded);
  // Embedded: this process is the queue's only user, so jobs left active were orphaned by a crash.
  await q.recover();
  return q;
}

export async function startServer(opts: ServerOptions = {}): Promise<Running> {
  const data = resolve(opts.data ?? DEFAULT_DATA);
  const database = await openDatabase(opts.db ?? join(data, 'piscope.db'));
  const store = new PackageStore(join(data, 'store'));
  const queue = await openQueue(database, opts);
  await bootstrap(database.db, opts.bootstrapToken);
  await enqueueOrphans(database.db, queue);
  const workflow = opts.workflow ?? OFFICIAL_WORKFLOW;
  const secretKey = serverSecretKey(join(data, 'secret.key'));
  const intake = new Intake({ db: database.db, store, queue, engineVersion: VERSION, ...(opts.intake?.allowAddresses !== undefined ? { allowAddresses: opts.intake.allowAddresses } : {}), ...(opts.intake?.settleMs !== undefined ? { settleMs: opts.intake.settleMs } : {}) });
  const api = await buildApi({ intake, db: database.db, dialect: database.dialect, store, queue, engineVersion: VERSION, maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD, secretKey, workflow, ...(opts.exchange !== undefined ? { exchange: opts.exchange } : {}), console: opts.consoleDir === null ? null : { dir: opts.consoleDir ?? CONSOLE_DIST } });
  const address = await api.listen({ port: opts.port ?? 8300, host: opts.host ?? '127.0.0.1' });
  const workers = opts.workers ?? availableParallelism();
  const worker = workers > 0 ? new ScanWorker(database.db, queue, store, { ...opts.worker, concurrency: workers }) : null;
  worker?.start();
  const { intervalMs, ...events } = opts.events ?? {};
  const dispatcher = createDispatcher({ db: database.db, secretKey, smtp: smtpFromEnv(), ...events });
  dispatcher.start(intervalMs ?? 5_000);
  // The deadline check: apps past their deadline become overdue and are re-checked; takedowns are drafted. Then
  // the SDK vendors' counts are refreshed when findings came in.
  const checkMs = opts.workflowCheckMs ?? 3_600_000;
  let checking = false;
  const timer =
    checkMs > 0
      ? setInterval(() => {
          if (checking) return;
          checking = true;
          void (async () => {
            try {
              await runWorkflowCheck(database.db, queue, workflow, await schedulerUser(database.db), VERSION, { asOf: beijingToday(), orgId: null });
              // The SDK vendors' counts follow the findings at the same pace (they take seconds at national scale).
              if (await sdkOffencesStale(database.db)) await refreshSdkOffences(database.db);
            } catch (e) {
              process.stderr.write(`piscope: workflow check: ${e instanceof Error ? e.message : String(e)}\n`);
            } finally {
              checking = false;
            }
          })();
        }, checkMs)
      : null;
  timer?.unref();
  // Watched folders: looked at every watchMs; a file is brought in once (by sha256), across restarts.
  const watchMs = opts.intake?.watchMs ?? 10_000;
  const watcher =
    watchMs > 0
      ? setInterval(() => {
          void database.db
            .selectFrom('intake_sources')
            .select('id')
            .where('kind', '=', 'folder')
            .execute()
            .then((rows) => Promise.all(rows.map((r) => intake.run(r.id, { quiet: true }).done)))
            .catch((e: unknown) => process.stderr.write(`piscope: watched folders: ${e instanceof Error ? e.message : String(e)}\n`));
        }, watchMs)
      : null;
  watcher?.unref();
  return {
    url: address.replace('://[::1]', '://localhost'),
    api,
    database,
    queue,
    worker,
    dispatcher,
    async close() {
      if (timer !== null) clearInterval(timer);
      if (watcher !== null) clearInterval(watcher);
      await api.close();
      await intake.idle();
      await dispatcher.stop();
      await worker?.stop();
      await queue.close();
      await database.close();
    },
  };
}

export interface WorkerProcessOptions {
  db: string;
  data?: string;
  concurrency?: number;
  worker?: Omit<WorkerOptions, 'concurrency'>;
  pgBoss?: PgBossQueueOptions;
}

export async function startWorker(opts: WorkerProcessOptions): Promise<Running> {
  if (!isPostgresUrl(opts.db)) throw new Error('piscope worker needs --db postgres://… (the embedded queue runs inside piscope serve)');
  const data = resolve(opts.data ?? DEFAULT_DATA);
  const database = await openDatabase(opts.db);
  const store = new PackageStore(join(data, 'store'));
  const queue = await PgBossQueue.start(opts.db, opts.pgBoss);
  const worker = new ScanWorker(database.db, queue, store, { ...opts.worker, concurrency: opts.concurrency ?? availableParallelism() });
  worker.start();
  return {
    url: '',
    api: null,
    database,
    queue,
    worker,
    dispatcher: null,
    async close() {
      await worker.stop();
      await queue.close();
      await database.close();
    },
  };
}
