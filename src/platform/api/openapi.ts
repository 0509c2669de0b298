// The OpenAPI document of the API, made in-process without a server or a data folder: the API is built over
// an in-memory SQLite database and asked for its document. The console's types are generated from it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../../version.ts';
import { openDatabase } from '../db/connect.ts';
import { EmbeddedQueue } from '../queue/embedded-queue.ts';
import { PackageStore } from '../storage/package-store.ts';
import { buildApi } from './app.ts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const database = await openDatabase(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'piscope-openapi-'));
  try {
    const api = await buildApi({ db: database.db, dialect: database.dialect, store: new PackageStore(dir), queue: new EmbeddedQueue(database.db), engineVersion: VERSION, maxUploadBytes: 1, secretKey: new Uint8Array(32), console: null });
    const doc = api.swagger() as unknown as Record<string, unknown>;
    await api.close();
    return doc;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The document as committed (console/src/api/openapi.json): stable JSON, one trailing newline. */
export const documentText = (doc: unknown): string => `${JSON.stringify(doc, null, 1)}\n`;
