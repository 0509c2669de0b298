// The fence on both databases: a scan claimed again (its first worker's lease lapsed) can be committed only
// by its latest holder, and only once: one report and one set of findings however often it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk } from '../../../test/helpers/paths.ts';
import { scan } from '../../engine/scan.ts';
import { jsonReporter } from '../../report/json-reporter.ts';
import { openDatabase, type Database } from '../db/connect.ts';
import { now } from '../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../testing/pg.ts';
import { claimScan, commitScan, MAX_SCAN_ATTEMPTS, readReport, ScanFenced } from './results.ts';

describe.each(['sqlite', 'postgres'] as const)('results on %s', (backend) => {
  let database: Database;
  let pg: TestDatabase | null = null;
  let json: string;
  beforeAll(async () => {
    pg = backend === 'postgres' ? await createTestDatabase() : null;
    database = await openDatabase(pg?.url ?? ':memory:');
    json = jsonReporter(await scan({ path: fixtureApk('platform-v1') }));
  });
  afterAll(async () => {
    await database.close();
    await pg?.drop();
  });

  async function newScan(sha256: string): Promise<number> {
    const { db } = database;
    await db.insertInto('packages').values({ sha256, size: 1, name: 'x.apk', created_at: now() }).execute();
    const row = await db
      .insertInto('scans')
      .values({ sha256, engine_version: 't', options: '{}', status: 'queued', priority: 0, job_id: null, lease_token: null, attempts: 0, error: null, app_id: null, version_id: null, finding_count: null, created_at: now(), started_at: null, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('only the latest holder commits, once; one report and one set of findings', async () => {
    const { db } = database;
    const id = await newScan('a'.repeat(64));
    const first = await claimScan(db, id);
    const second = await claimScan(db, id);
    if (first.kind !== 'run' || second.kind !== 'run') throw new Error('not claimed');
    await expect(commitScan(db, id, first.token, json, null)).rejects.toBeInstanceOf(ScanFenced);
    expect(await db.selectFrom('findings').select('id').where('scan_id', '=', id).execute()).toHaveLength(0);
    await commitScan(db, id, second.token, json, null);
    await expect(commitScan(db, id, second.token, json, null)).rejects.toBeInstanceOf(ScanFenced);
    expect((await claimScan(db, id)).kind).toBe('skip');
    const findings = await db.selectFrom('findings').select(['idx', 'fingerprint']).where('scan_id', '=', id).orderBy('idx').execute();
    expect(findings.map((f) => f.idx)).toEqual([0, 1, 2]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
    expect((await readReport(db, id))!.toString('utf8')).toBe(json);
    const s = await db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(s).toMatchObject({ status: 'done', finding_count: 3, lease_token: null });
    expect(s.version_id).not.toBeNull();
  });

  it('a scan whose worker keeps dying is failed after its attempts, not run forever', async () => {
    const { db } = database;
    const id = await newScan('b'.repeat(64));
    for (let i = 0; i < MAX_SCAN_ATTEMPTS; i++) expect((await claimScan(db, id)).kind).toBe('run');
    expect((await claimScan(db, id)).kind).toBe('skip');
    const s = await db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/^WORKER_DIED/);
  });
});
