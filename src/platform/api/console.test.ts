// The console's files at `/`: a file when it exists, index.html for the console's own paths, never for /api,
// nothing outside the folder, and a page that says how to build the console when it is missing.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../version.ts';
import { openDatabase, type Database } from '../db/connect.ts';
import { EmbeddedQueue } from '../queue/embedded-queue.ts';
import { PackageStore } from '../storage/package-store.ts';
import { buildApi, type Api } from './app.ts';

describe('serving the web console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-console-'));
  const dist = join(dir, 'dist');
  let database: Database;
  let withConsole: Api;
  let missing: Api;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside the folder');
    database = await openDatabase(':memory:');
    const ctx = { db: database.db, dialect: database.dialect, store: new PackageStore(join(dir, 'store')), queue: new EmbeddedQueue(database.db), engineVersion: VERSION, maxUploadBytes: 1 << 20, secretKey: randomBytes(32) };
    withConsole = await buildApi({ ...ctx, console: { dir: dist } });
    missing = await buildApi({ ...ctx, console: { dir: join(dir, 'nowhere') } });
  });
  afterAll(async () => {
    await withConsole.close();
    await missing.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for the console paths, and assets with long caching', async () => {
    for (const url of ['/', '/batches/12', '/findings?severity=high', '/apps/3/']) {
      const r = await withConsole.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).toContain('<title>console</title>');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['cache-control']).toBe('no-cache');
    }
    const js = await withConsole.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await withConsole.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
  });

  it('never shadows the API, never answers a missing asset with the page, never leaves its folder', async () => {
    const api = await withConsole.inject({ url: '/api/v1/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await withConsole.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await withConsole.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
    const asset = await withConsole.inject({ url: '/assets/gone-999.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.headers['content-type']).toContain('problem+json');
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await withConsole.inject({ url });
      expect(r.body, url).not.toContain('outside the folder');
    }
    expect((await withConsole.inject({ url: '/%E0%A4%A' })).statusCode).toBe(400);
  });

  it('says how to build the console when it is not built, and the API still works', async () => {
    const r = await missing.inject({ url: '/batches' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run console:build');
    expect(r.body).toContain('控制台尚未构建');
    expect((await missing.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
