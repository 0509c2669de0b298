// The platform assembled: database, package storage, job queue, API and in-process workers. `piscope serve`
// and `piscope worker` are thin shells around startServer() and startWorker().
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { VERSION } from '../version.ts';
import { buildApi, type Api } from './api/app.ts';
import { CONSOLE_DIST } from './api/console.ts';
import { isPostgresUrl, openDatabase, type Database } from './db/connect.ts';
import { bootstrap } from './domain/identity.ts';
import { enqueueOrphans } from './domain/packages.ts';
import { EmbeddedQueue } from './queue/embedded-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { PgBossQueue, type PgBossQueueOptions } from './queue/pg-boss-queue.ts';
import { PackageStore } from './storage/package-store.ts';
import { ScanWorker, type WorkerOptions } from './worker/scan-worker.ts';

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
}

export interface Running {
  url: string;
  api: Api | null;
  database: Database;
  queue: JobQueue;
  worker: ScanWorker | null;
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
  const api = await buildApi({ db: database.db, dialect: database.dialect, store, queue, engineVersion: VERSION, maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD, console: opts.consoleDir === null ? null : { dir: opts.consoleDir ?? CONSOLE_DIST } });
  const address = await api.listen({ port: opts.port ?? 8300, host: opts.host ?? '127.0.0.1' });
  const workers = opts.workers ?? availableParallelism();
  const worker = workers > 0 ? new ScanWorker(database.db, queue, store, { ...opts.worker, concurrency: workers }) : null;
  worker?.start();
  return {
    url: address.replace('://[::1]', '://localhost'),
    api,
    database,
    queue,
    worker,
    async close() {
      await api.close();
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
    async close() {
      await worker.stop();
      await queue.close();
      await database.close();
    },
  };
}
