// Keeps the visibility tables (org_scans, org_apps, org_findings; db/schema.ts) equal to what uploads imply:
// an organisation sees every scan of a package one of its users uploaded, the findings of those scans and
// the apps those packages are versions of. Written in the transaction that writes what changes them: an
// upload (registerUpload), a scan's results (commitScan) and an app's company (PATCH /apps/:id).
//
// An upload and a scan's results of the same package can be written at the same time, each not seeing the
// other's rows; both lock the package's row first (lockPackage), so the later one sees the earlier one.
// Every INSERT … SELECT has a WHERE: SQLite otherwise may read ON CONFLICT as a join's ON.
import { sql } from 'kysely';
import type { Db } from '../db/schema.ts';

/**
 * Locks a package's row until the transaction ends (PostgreSQL; SQLite has one writer at a time). An update
 * that changes nothing: the portable row lock, where SELECT … FOR UPDATE is PostgreSQL's only.
 */
export async function lockPackage(trx: Db, sha256: string): Promise<void> {
  await trx.updateTable('packages').set({ name: sql`name` }).where('sha256', '=', sha256).execute();
}

/** Locks apps' rows (their company_id is copied into org_apps; PATCH /apps/:id changes it under the same lock). */
export async function lockApps(trx: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await trx.updateTable('apps').set({ company_id: sql`company_id` }).where('id', 'in', ids).execute();
}

/** `orgId` uploaded `sha256` (its package row locked): it sees the package's scans, their findings and its apps; every uploader sees a new scan. */
export async function seeUpload(trx: Db, orgId: number, sha256: string): Promise<void> {
  await trx
    .insertInto('org_scans')
    .columns(['org_id', 'scan_id'])
    .expression(trx.selectFrom('uploads as u').innerJoin('scans as s', 's.sha256', 'u.sha256').select(['u.org_id', 's.id']).distinct().where('u.sha256', '=', sha256))
    .onConflict((oc) => oc.columns(['org_id', 'scan_id']).doNothing())
    .execute();
  const apps = await trx.selectFrom('versions').select('app_id').where('sha256', '=', sha256).execute();
  await lockApps(
    trx,
    apps.map((a) => a.app_id),
  );
  await trx
    .insertInto('org_apps')
    .columns(['org_id', 'app_id', 'company_id'])
    .expression(trx.selectFrom('versions as v').innerJoin('apps as a', 'a.id', 'v.app_id').select([sql.lit(orgId).as('org_id'), 'v.app_id', 'a.company_id']).distinct().where('v.sha256', '=', sha256))
    .onConflict((oc) => oc.columns(['org_id', 'app_id']).doNothing())
    .execute();
  await trx
    .insertInto('org_findings')
    .columns(['org_id', 'finding_id', 'rule_id', 'severity'])
    .expression(trx.selectFrom('scans as s').innerJoin('findings as f', 'f.scan_id', 's.id').select([sql.lit(orgId).as('org_id'), 'f.id', 'f.rule_id', 'f.severity']).where('s.sha256', '=', sha256))
    .onConflict((oc) => oc.columns(['org_id', 'finding_id']).doNothing())
    .execute();
}

/** A scan made without an upload (the workflow's re-check of a package): every uploader of the package sees it. */
export async function seeNewScan(trx: Db, scanId: number, sha256: string): Promise<void> {
  await trx
    .insertInto('org_scans')
    .columns(['org_id', 'scan_id'])
    .expression(trx.selectFrom('uploads').select(['org_id', sql.lit(scanId).as('scan_id')]).distinct().where('sha256', '=', sha256))
    .onConflict((oc) => oc.columns(['org_id', 'scan_id']).doNothing())
    .execute();
}

/** Scan `scanId` of `sha256` (its package row locked) is about to lose its findings: so are they from org_findings. */
export async function forgetFindings(trx: Db, scanId: number, sha256: string): Promise<void> {
  await trx
    .deleteFrom('org_findings')
    .where('org_id', 'in', trx.selectFrom('uploads').select('org_id').where('sha256', '=', sha256))
    .where('finding_id', 'in', trx.selectFrom('findings').select('id').where('scan_id', '=', scanId))
    .execute();
}

/** Scan `scanId` of `sha256` (its package row and app row locked) wrote its findings and app: every uploader of the package sees them. */
export async function seeResults(trx: Db, scanId: number, sha256: string, appId: number | null): Promise<void> {
  const orgs = trx.selectFrom('uploads').select('org_id').distinct().where('sha256', '=', sha256).as('o');
  if (appId !== null) {
    await trx
      .insertInto('org_apps')
      .columns(['org_id', 'app_id', 'company_id'])
      .expression(trx.selectFrom([orgs, 'apps as a']).select(['o.org_id', 'a.id', 'a.company_id']).where('a.id', '=', appId))
      .onConflict((oc) => oc.columns(['org_id', 'app_id']).doNothing())
      .execute();
  }
  await trx
    .insertInto('org_findings')
    .columns(['org_id', 'finding_id', 'rule_id', 'severity'])
    .expression(trx.selectFrom([orgs, 'findings as f']).select(['o.org_id', 'f.id', 'f.rule_id', 'f.severity']).where('f.scan_id', '=', scanId))
    .onConflict((oc) => oc.columns(['org_id', 'finding_id']).doNothing())
    .execute();
}

/** `orgId` sees apps `appIds` (a province's reported apps at the nation), under the app's company as it is now. */
export async function seeApps(trx: Db, orgId: number, appIds: number[]): Promise<void> {
  if (appIds.length === 0) return;
  await lockApps(trx, appIds);
  await trx
    .insertInto('org_apps')
    .columns(['org_id', 'app_id', 'company_id'])
    .expression(trx.selectFrom('apps').select([sql.lit(orgId).as('org_id'), 'id', 'company_id']).where('id', 'in', appIds))
    .onConflict((oc) => oc.columns(['org_id', 'app_id']).doNothing())
    .execute();
}

/** App `appId` (its row locked by the update) now belongs to `companyId`: so do its visibility rows. */
export async function moveApp(trx: Db, appId: number, companyId: number | null): Promise<void> {
  await trx.updateTable('org_apps').set({ company_id: companyId }).where('app_id', '=', appId).execute();
}
