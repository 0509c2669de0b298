// A platform for a test: in-process API and workers on a free port, over a fresh SQLite folder or a fresh
// PostgreSQL database, bootstrapped with a known admin token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type Running, type ServerOptions } from '../platform.ts';
import { Client } from './client.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestPlatform {
  running: Running;
  admin: Client;
  data: string;
  pg: TestDatabase | null;
  close(): Promise<void>;
}

export async function startTestPlatform(backend: Backend, opts: ServerOptions = {}): Promise<TestPlatform> {
  const data = mkdtempSync(join(tmpdir(), 'piscope-platform-'));
  const pg = backend === 'postgres' ? await createTestDatabase() : null;
  const running = await startServer({ data, port: 0, workers: 1, bootstrapToken: ADMIN_TOKEN, ...(pg !== null ? { db: pg.url } : {}), ...opts });
  const tp: TestPlatform = {
    running,
    admin: new Client(running.url, ADMIN_TOKEN),
    data,
    pg,
    // The server running now: a test may restart it on the same data (tp.running replaced).
    async close() {
      await tp.running.close();
      await pg?.drop();
      rmSync(data, { recursive: true, force: true });
    },
  };
  return tp;
}
