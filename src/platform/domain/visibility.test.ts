// The visibility tables, on both databases, always hold exactly what uploads imply (an organisation sees
// every scan of a package it uploaded, their findings, and the apps those packages are versions of, with
// the app's company): after uploads before and after a scan's results, a second scan of the same package,
// an app moved to a company, and an upload written at the same time as the results of the same package.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk } from '../../../test/helpers/paths.ts';
import { scan } from '../../engine/scan.ts';
import { jsonReporter } from '../../report/json-reporter.ts';
import { openDatabase, type Database } from '../db/connect.ts';
import { now, type Db } from '../db/schema.ts';
import { EmbeddedQueue } from '../queue/embedded-queue.ts';
import { createTestDatabase, type TestDatabase } from '../testing/pg.ts';
import type { Principal } from './identity.ts';
import { registerUpload } from './packages.ts';
import { claimScan, commitScan } from './results.ts';
import { lockPackage, moveApp, seeNewScan } from './visibility.ts';

type Rows = Record<string, unknown>[];
const sorted = (rows: Rows): string[] => rows.map((r) => JSON.stringify(Object.values(r).map((v) => (v === null ? null : String(v as string | number))))).sort();

/** The tables' rows and the rows derived from uploads by their definition, to compare. */
async function visibility(db: Db): Promise<{ actual: Record<string, string[]>; derived: Record<string, string[]> }> {
  const q = async (text: string): Promise<Rows> => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
  const scans = `SELECT DISTINCT u.org_id, s.id FROM uploads u JOIN scans s ON s.sha256 = u.sha256`;
  return {
    actual: {
      scans: sorted(await q('SELECT org_id, scan_id FROM org_scans')),
      apps: sorted(await q('SELECT org_id, app_id, company_id FROM org_apps')),
      findings: sorted(await q('SELECT org_id, finding_id, rule_id, severity FROM org_findings')),
    },
    derived: {
      scans: sorted(await q(scans)),
      apps: sorted(await q('SELECT DISTINCT u.org_id, v.app_id, a.company_id FROM uploads u JOIN versions v ON v.sha256 = u.sha256 JOIN apps a ON a.id = v.app_id')),
      findings: sorted(await q(`SELECT o.org_id, f.id, f.rule_id, f.severity FROM (${scans}) o JOIN findings f ON f.scan_id = o.id`)),
    },
  };
}

describe.each(['sqlite', 'postgres'] as const)('visibility on %s', (backend) => {
  let database: Database;
  let pg: TestDatabase | null = null;
  let queue: EmbeddedQueue;
  const reports: { json: string; sha256: string }[] = [];
  const who: Principal[] = [];

  beforeAll(async () => {
    pg = backend === 'postgres' ? await createTestDatabase() : null;
    database = await openDatabase(pg?.url ?? ':memory:');
    const { db } = database;
    queue = new EmbeddedQueue(db);
    for (const name of ['platform-v1', 'platform-v2', 'platform-v3']) {
      const r = await scan({ path: fixtureApk(name) });
      reports.push({ json: jsonReporter(r), sha256: r.input.sha256 });
    }
    const t = now();
    for (const [code, level] of [['CN', 'national'], ['GD', 'provincial'], ['BJ', 'provincial'], ['SH', 'provincial']] as const) {
      const org = await db.insertInto('orgs').values({ name: code, level, code, parent_id: null, created_at: t }).returning('id').executeTakeFirstOrThrow();
      const user = await db.insertInto('users').values({ org_id: org.id, name: code, email: null, password_hash: null, roles: '["admin"]', company_id: null, created_at: t }).returning('id').executeTakeFirstOrThrow();
      who.push({ userId: user.id, orgId: org.id, national: level === 'national', roles: ['admin'], companyId: null });
    }
  });
  afterAll(async () => {
    await database.close();
    await pg?.drop();
  });

  const upload = (p: Principal, i: number, options: { category?: string } = {}) =>
    registerUpload(database.db, queue, p, { sha256: reports[i]!.sha256, size: 1, fileName: `v${i}.apk` }, { engineVersion: 't', options, batchId: null, priority: 0 });
  const run = async (scanId: number, i: number): Promise<void> => {
    const claim = await claimScan(database.db, scanId);
    if (claim.kind !== 'run') throw new Error(`scan ${scanId} not claimed: ${claim.why}`);
    await commitScan(database.db, scanId, claim.token, reports[i]!.json, null);
  };
  const expectExact = async (): Promise<void> => {
    const v = await visibility(database.db);
    expect(v.actual).toEqual(v.derived);
  };
  const [, gd, bj, sh] = [0, 1, 2, 3].map((i) => () => who[i]!);

  it('an upload before the results and one after both see them; a new scan of the package is every uploader’s', async () => {
    const first = await upload(gd!(), 0);
    expect(first.started).toBe(true);
    expect((await upload(sh!(), 0)).started).toBe(false);
    await expectExact();
    await run(first.scanId, 0);
    await expectExact();
    const seen = await database.db.selectFrom('org_findings').select('org_id').distinct().execute();
    expect(seen.map((r) => r.org_id).sort()).toEqual([gd!().orgId, sh!().orgId].sort());
    // After the results: an upload of the same bytes by another organisation sees them.
    await upload(bj!(), 0);
    await expectExact();
    // The same package scanned with other options: a new scan, seen by all three uploaders.
    const second = await upload(gd!(), 0, { category: '8' });
    expect(second.started).toBe(true);
    await run(second.scanId, 0);
    await expectExact();
    const orgsOfSecond = await database.db.selectFrom('org_scans').select('org_id').where('scan_id', '=', second.scanId).execute();
    expect(orgsOfSecond).toHaveLength(3);
  });

  it('a scan made without an upload (the workflow\'s re-check) is every uploader\'s, as seeNewScan records it', async () => {
    const { db } = database;
    const made = await db.transaction().execute(async (trx) => {
      await lockPackage(trx, reports[0]!.sha256);
      const row = await trx
        .insertInto('scans')
        .values({ sha256: reports[0]!.sha256, engine_version: 't', options: '{"recheck":"2026-10-10"}', status: 'queued', priority: 0, job_id: null, lease_token: null, attempts: 0, error: null, app_id: null, version_id: null, finding_count: null, created_at: now(), started_at: null, finished_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await seeNewScan(trx, row.id, reports[0]!.sha256);
      return row.id;
    });
    await expectExact();
    expect(await db.selectFrom('org_scans').select('org_id').where('scan_id', '=', made).execute()).toHaveLength(3);
    await run(made, 0);
    await expectExact();
  });

  it('an app moved to a company carries its visibility rows with it', async () => {
    const { db } = database;
    const company = await db.insertInto('companies').values({ name: '示例科技有限公司', credit_code: null, org_id: gd!().orgId, created_at: now() }).returning('id').executeTakeFirstOrThrow();
    const app = await db.selectFrom('org_apps').select('app_id').where('org_id', '=', bj!().orgId).executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('apps').set({ company_id: company.id }).where('id', '=', app.app_id).execute();
      await moveApp(trx, app.app_id, company.id);
    });
    await expectExact();
    expect(await db.selectFrom('org_apps').select('org_id').where('company_id', '=', company.id).execute()).toHaveLength(3);
  });

  it('uploads written while the results of the same packages are: neither misses the other', async () => {
    // Packages of their own (the report's hash replaced), each scan committed while another organisation
    // uploads the same package, all at once.
    const { json, sha256 } = reports[1]!;
    const pairs = await Promise.all(
      Array.from({ length: 24 }, async (_, k) => {
        const sha = createHash('sha256').update(`race ${k}`).digest('hex');
        const up = await registerUpload(database.db, queue, gd!(), { sha256: sha, size: 1, fileName: `race${k}.apk` }, { engineVersion: 't', options: {}, batchId: null, priority: 0 });
        const claim = await claimScan(database.db, up.scanId);
        if (claim.kind !== 'run') throw new Error('not claimed');
        return { sha, scanId: up.scanId, token: claim.token, json: json.replaceAll(sha256, sha) };
      }),
    );
    await Promise.all(
      pairs.flatMap((r, k) => [
        commitScan(database.db, r.scanId, r.token, r.json, null),
        registerUpload(database.db, queue, k % 2 === 0 ? bj!() : sh!(), { sha256: r.sha, size: 1, fileName: 'race.apk' }, { engineVersion: 't', options: {}, batchId: null, priority: 0 }),
      ]),
    );
    await expectExact();
    const findings = await database.db.selectFrom('org_findings').select('org_id').distinct().execute();
    expect(findings).toHaveLength(3);
  });
});
