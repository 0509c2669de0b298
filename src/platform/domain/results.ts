// A scan's life in the database. claimScan() fences it: the claimer gets a fresh lease token. commitScan()
// writes the report, the findings, the app and the version in one transaction that first checks the token,
// so a worker that lost its lease (its job was given to another worker, or the scan was cancelled) cannot
// commit, and a scan run twice still has one report and one set of findings.
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zc } from 'node:zlib';
import { sql } from 'kysely';
import type { Report } from '../../report/types.ts';
import { now, type Db } from '../db/schema.ts';
import { fingerprintOf, findingOwner, sortedDataTypes } from './fingerprint.ts';
import { forgetFindings, lockApps, lockPackage, seeResults } from './visibility.ts';

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

/** A scan whose worker died this many times is failed rather than run again. */
export const MAX_SCAN_ATTEMPTS = 3;

export class ScanFenced extends Error {
  constructor(scanId: number) {
    super(`scan ${scanId}: this worker no longer holds it (cancelled, or taken over after a lost lease)`);
  }
}

export type Claim = { kind: 'run'; token: string; sha256: string; name: string; options: string } | { kind: 'skip'; why: string };

export async function claimScan(db: Db, scanId: number): Promise<Claim> {
  const token = randomBytes(16).toString('hex');
  const row = await db
    .updateTable('scans')
    .set({ status: 'running', lease_token: token, attempts: sql`attempts + 1`, started_at: now() })
    .where('id', '=', scanId)
    .where('status', 'in', ['queued', 'running'])
    .returning(['sha256', 'options', 'attempts'])
    .executeTakeFirst();
  if (row === undefined) return { kind: 'skip', why: 'the scan is already finished or cancelled' };
  if (row.attempts > MAX_SCAN_ATTEMPTS) {
    await finishScan(db, scanId, token, { status: 'failed', error: `WORKER_DIED: the scan's worker stopped ${MAX_SCAN_ATTEMPTS} times before finishing` });
    return { kind: 'skip', why: 'too many attempts' };
  }
  const pkg = await db.selectFrom('packages').select('name').where('sha256', '=', row.sha256).executeTakeFirstOrThrow();
  return { kind: 'run', token, sha256: row.sha256, name: pkg.name, options: row.options };
}

/** True while `token` still holds the scan (the heartbeat's check). */
export async function stillHeld(db: Db, scanId: number, token: string): Promise<boolean> {
  const row = await db.selectFrom('scans').select('id').where('id', '=', scanId).where('lease_token', '=', token).where('status', '=', 'running').executeTakeFirst();
  return row !== undefined;
}

export async function finishScan(db: Db, scanId: number, token: string, set: { status: 'failed' | 'cancelled'; error: string }): Promise<void> {
  const r = await db
    .updateTable('scans')
    .set({ status: set.status, error: set.error, lease_token: null, finished_at: now() })
    .where('id', '=', scanId)
    .where('lease_token', '=', token)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new ScanFenced(scanId);
}

/** Writes a finished scan: the report as the exact JSON text, its findings, and the app and version it shows. */
export async function commitScan(db: Db, scanId: number, token: string, json: string, signer: string | null): Promise<void> {
  const report = JSON.parse(json) as Report;
  const body = await compress(Buffer.from(json, 'utf8'), { params: { [zc.BROTLI_PARAM_QUALITY]: 5, [zc.BROTLI_PARAM_SIZE_HINT]: json.length } });
  const t = now();
  await db.transaction().execute(async (trx) => {
    // The package's row lock before the scan's (uploads take them in this order too): the visibility of
    // these results and of an upload of the same package written at once (domain/visibility.ts).
    const scan = await trx.selectFrom('scans').select('sha256').where('id', '=', scanId).executeTakeFirst();
    if (scan === undefined) throw new ScanFenced(scanId);
    await lockPackage(trx, scan.sha256);
    // The fence next: a stale worker's transaction ends here, before it writes anything.
    const held = await trx
      .updateTable('scans')
      .set({ status: 'done', lease_token: null, finished_at: t, error: null, finding_count: report.findings.length })
      .where('id', '=', scanId)
      .where('lease_token', '=', token)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(held.numUpdatedRows) === 0) throw new ScanFenced(scanId);

    let appId: number | null = null;
    let versionId: number | null = null;
    const pkgName = report.app.packageName;
    if (pkgName !== null && pkgName !== '') {
      const platform = report.input.kind === 'wxapkg' ? 'wechat' : 'android';
      await trx.insertInto('apps').values({ platform, package_name: pkgName, name: report.app.label, company_id: null, filing_no: null, created_at: t }).onConflict((oc) => oc.columns(['platform', 'package_name']).doNothing()).execute();
      appId = (await trx.selectFrom('apps').select('id').where('platform', '=', platform).where('package_name', '=', pkgName).executeTakeFirstOrThrow()).id;
      await lockApps(trx, [appId]);
      const vc = report.app.versionCode;
      await trx
        .insertInto('versions')
        .values({ app_id: appId, sha256: report.input.sha256, version_code: vc === null ? null : String(vc), version_name: report.app.versionName, signer_sha256: signer, created_at: t })
        .onConflict((oc) => oc.columns(['app_id', 'sha256']).doNothing())
        .execute();
      versionId = (await trx.selectFrom('versions').select('id').where('app_id', '=', appId).where('sha256', '=', report.input.sha256).executeTakeFirstOrThrow()).id;
      await trx.updateTable('scans').set({ app_id: appId, version_id: versionId }).where('id', '=', scanId).execute();
    }

    await trx.deleteFrom('reports').where('scan_id', '=', scanId).execute();
    await trx.insertInto('reports').values({ scan_id: scanId, body, size: Buffer.byteLength(json) }).execute();
    await forgetFindings(trx, scanId, scan.sha256);
    await trx.deleteFrom('findings').where('scan_id', '=', scanId).execute();
    const appKey = pkgName ?? `sha256:${report.input.sha256}`;
    const rows = report.findings.map((f, idx) => {
      const owner = findingOwner(f);
      const types = sortedDataTypes(f);
      return {
        scan_id: scanId,
        idx,
        app_id: appId,
        fingerprint: fingerprintOf(appKey, f.ruleId, owner, types),
        rule_id: f.ruleId,
        severity: f.severity,
        confidence: f.confidence,
        owner,
        data_types: JSON.stringify(types),
        title_zh: f.title.zh,
        title_en: f.title.en,
        body: JSON.stringify(f),
      };
    });
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('findings').values(rows.slice(i, i + 200)).execute();
    await seeResults(trx, scanId, scan.sha256, appId);
  });
}

/** The report's exact JSON text, or null when the scan has none. */
export async function readReport(db: Db, scanId: number): Promise<Buffer | null> {
  const row = await db.selectFrom('reports').select('body').where('scan_id', '=', scanId).executeTakeFirst();
  return row === undefined ? null : decompress(row.body);
}
