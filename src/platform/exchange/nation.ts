// The nation's side of the exchange: provinces and their keys, bundles verified and applied in sequence, and
// what each province reported merged by identity: an app by (platform, package name), a version by its
// package sha256 under its app, a finding by its fingerprint. Each province's own report of each is kept
// beside the merged row, so the nation shows who reported what.
//
// A bundle is applied in one transaction or not at all. Decisions:
// - A bundle whose sequence was already applied with the same bytes (a retry after a lost reply, the same
//   bundle sent twice) is acknowledged as `duplicate` and changes nothing. The same sequence with other
//   bytes, or the same bundle id under another sequence, is refused (409).
// - A bundle ahead of the next expected sequence is refused (409, `expected` in the problem), not held: the
//   sender re-sends from `expected`, and the nation never keeps a half-ordered queue.
import { sql } from 'kysely';
import { Problem } from '../api/http.ts';
import { now, type Db } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import type { Principal } from '../domain/identity.ts';
import { addApp, batchCandidates, defaultTitle, insertDraftNotice, refuseOwnConfirmations, visibleBatch } from '../domain/notices.ts';
import { seeApps } from '../domain/visibility.ts';
import { isOperator } from '../domain/scope.ts';
import { workflowRow } from '../domain/workflow-states.ts';
import { checkRecords, parseBundle, parsePublicKey, publicKeyText, sha256Hex, verifyPayload, type AppRecord, type Bundle, type FindingRecord, type NoticeRecord, type SignedBundle, type VersionRecord } from './bundle.ts';

const PROBLEM = {
  unknownProvince: 'https://piscope.dev/problems/exchange-unknown-province',
  badSignature: 'https://piscope.dev/problems/exchange-bad-signature',
  badBundle: 'https://piscope.dev/problems/exchange-bad-bundle',
  outOfOrder: 'https://piscope.dev/problems/exchange-out-of-order',
  replayConflict: 'https://piscope.dev/problems/exchange-replay-conflict',
  wrongSender: 'https://piscope.dev/problems/exchange-wrong-sender',
} as const;

export interface ProvinceRow {
  id: number;
  orgId: number;
  code: string;
  publicKey: string;
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}

const provinceJson = (r: { id: number; org_id: number; code: string; public_key: string; last_seq: number; created_at: string; updated_at: string }): ProvinceRow => ({ id: r.id, orgId: r.org_id, code: r.code, publicKey: r.public_key, lastSeq: r.last_seq, createdAt: r.created_at, updatedAt: r.updated_at });

/** The nation accepts bundles from the provincial organisation `code` signed by `publicKey` (a new key replaces the old one). */
export async function registerProvince(db: Db, p: Principal, input: { code: string; publicKey: string; reason?: string }): Promise<ProvinceRow> {
  let key: string;
  try {
    key = publicKeyText(parsePublicKey(input.publicKey));
  } catch (e) {
    throw new Problem(400, 'Bad Request', `publicKey: ${e instanceof Error ? e.message : String(e)}`);
  }
  const org = await db.selectFrom('orgs').select(['id', 'level']).where('code', '=', input.code).executeTakeFirst();
  if (org === undefined || org.level !== 'provincial') throw new Problem(404, 'Not Found', `no provincial organisation with code ${input.code}: create it first (POST /api/v1/orgs)`);
  const t = now();
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('exchange_provinces').selectAll().where('code', '=', input.code).executeTakeFirst();
    if (before === undefined) await trx.insertInto('exchange_provinces').values({ org_id: org.id, code: input.code, public_key: key, last_seq: 0, created_at: t, updated_at: t }).execute();
    else await trx.updateTable('exchange_provinces').set({ public_key: key, updated_at: t }).where('id', '=', before.id).execute();
    const row = await trx.selectFrom('exchange_provinces').selectAll().where('code', '=', input.code).executeTakeFirstOrThrow();
    await audit(trx, p, before === undefined ? 'exchange.province.add' : 'exchange.province.key', `exchange-province:${row.id}`, input.reason ?? null, { code: input.code, publicKeySha256: sha256Hex(key) });
    return provinceJson(row);
  });
}

export async function listProvinces(db: Db, p: Principal): Promise<ProvinceRow[]> {
  let q = db.selectFrom('exchange_provinces').selectAll().orderBy('code');
  if (!p.national) q = q.where('org_id', '=', p.orgId);
  return (await q.execute()).map(provinceJson);
}

export interface Applied {
  status: 'applied' | 'duplicate';
  province: string;
  seq: number;
  lastSeq: number;
  records: number;
}

/**
 * Verifies a signed bundle and applies it, or refuses it with a problem and leaves nothing behind. `sender`
 * is who delivered it: a user of the province's organisation (its push) or a national administrator (a pull).
 */
export async function receiveBundle(db: Db, sender: Principal, signed: SignedBundle): Promise<Applied> {
  let bundle: Bundle;
  try {
    bundle = parseBundle(signed.payload);
  } catch (e) {
    throw new Problem(400, 'Bad Request', e instanceof Error ? e.message : String(e), PROBLEM.badBundle);
  }
  const prov = await db.selectFrom('exchange_provinces').selectAll().where('code', '=', bundle.province).executeTakeFirst();
  if (prov === undefined) throw new Problem(422, 'Unprocessable Content', `bundle ${bundle.seq} says it is from province ${bundle.province}, which this nation does not know: an administrator registers its public key first (POST /api/v1/exchange/provinces)`, PROBLEM.unknownProvince);
  if (!sender.national && sender.orgId !== prov.org_id) throw new Problem(422, 'Unprocessable Content', `bundle ${bundle.seq} is from province ${bundle.province}, but the token belongs to another organisation`, PROBLEM.wrongSender);
  if (!verifyPayload(prov.public_key, signed.payload, signed.signature)) {
    throw new Problem(422, 'Unprocessable Content', `bundle ${bundle.seq} of province ${bundle.province}: the Ed25519 signature does not verify with the province's registered key (altered in transit, or signed by another key)`, PROBLEM.badSignature);
  }
  const payloadSha = sha256Hex(signed.payload);
  // The same bundle again is answered before its records are checked: a retry costs a lookup, not a merge.
  const before = await db.selectFrom('exchange_bundles_in').select(['bundle_id', 'payload_sha256']).where('province_id', '=', prov.id).where('seq', '=', bundle.seq).executeTakeFirst();
  if (before !== undefined && before.bundle_id === bundle.bundleId && before.payload_sha256 === payloadSha) return { status: 'duplicate', province: prov.code, seq: bundle.seq, lastSeq: prov.last_seq, records: 0 };
  try {
    checkRecords(bundle);
  } catch (e) {
    throw new Problem(400, 'Bad Request', e instanceof Error ? e.message : String(e), PROBLEM.badBundle);
  }
  return db.transaction().execute(async (trx) => {
    // The province's row is the lock: two deliveries of its bundles apply one after the other.
    await trx.updateTable('exchange_provinces').set({ code: sql`code` }).where('id', '=', prov.id).execute();
    const cur = await trx.selectFrom('exchange_provinces').select('last_seq').where('id', '=', prov.id).executeTakeFirstOrThrow();
    const sameId = await trx.selectFrom('exchange_bundles_in').select(['province_id', 'seq', 'payload_sha256']).where('bundle_id', '=', bundle.bundleId).executeTakeFirst();
    const sameSeq = await trx.selectFrom('exchange_bundles_in').select(['bundle_id', 'payload_sha256']).where('province_id', '=', prov.id).where('seq', '=', bundle.seq).executeTakeFirst();
    if (sameSeq !== undefined || sameId !== undefined) {
      if (sameSeq !== undefined && sameSeq.bundle_id === bundle.bundleId && sameSeq.payload_sha256 === payloadSha) return { status: 'duplicate', province: prov.code, seq: bundle.seq, lastSeq: cur.last_seq, records: 0 };
      throw new Problem(409, 'Conflict', `bundle ${bundle.bundleId} (sequence ${bundle.seq}) of province ${prov.code} conflicts with one applied before (same ${sameSeq !== undefined ? 'sequence' : 'bundle id'}, other content): refused`, PROBLEM.replayConflict, { lastSeq: cur.last_seq });
    }
    if (bundle.seq !== cur.last_seq + 1) {
      throw new Problem(409, 'Conflict', `bundle ${bundle.seq} of province ${prov.code} is out of order: the next one expected is ${cur.last_seq + 1}; send that first`, PROBLEM.outOfOrder, { expected: cur.last_seq + 1, lastSeq: cur.last_seq });
    }
    const counts = await applyRecords(trx, prov.id, prov.org_id, bundle);
    await trx.insertInto('exchange_bundles_in').values({ province_id: prov.id, seq: bundle.seq, bundle_id: bundle.bundleId, payload_sha256: payloadSha, records: bundle.records.length, bytes: Buffer.byteLength(signed.payload), applied_at: now() }).execute();
    await trx.updateTable('exchange_provinces').set({ last_seq: bundle.seq, updated_at: now() }).where('id', '=', prov.id).execute();
    await audit(trx, sender, 'exchange.merge', `exchange-bundle:${prov.code}:${bundle.seq}`, null, { bundleId: bundle.bundleId, payloadSha256: payloadSha, ...counts });
    return { status: 'applied', province: prov.code, seq: bundle.seq, lastSeq: bundle.seq, records: bundle.records.length };
  });
}

const appKey = (platform: string, packageName: string): string => `${platform}\u0000${packageName}`;

/** The merged apps' ids by (platform, package name), made when new (with the first reporter's label). */
async function ensureApps(trx: Db, apps: { platform: string; packageName: string; name: string | null }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const uniq = [...new Map(apps.map((a) => [appKey(a.platform, a.packageName), a])).values()];
  const t = now();
  for (let i = 0; i < uniq.length; i += 500) {
    const part = uniq.slice(i, i + 500);
    await trx
      .insertInto('apps')
      .values(part.map((a) => ({ platform: a.platform, package_name: a.packageName, name: a.name, company_id: null, filing_no: null, created_at: t })))
      .onConflict((oc) => oc.columns(['platform', 'package_name']).doNothing())
      .execute();
    const rows = await trx.selectFrom('apps').select(['id', 'platform', 'package_name']).where('package_name', 'in', part.map((a) => a.packageName)).execute();
    for (const r of rows) out.set(appKey(r.platform, r.package_name), r.id);
  }
  return out;
}

async function applyRecords(trx: Db, provinceId: number, orgId: number, b: Bundle): Promise<Record<string, number>> {
  const apps = b.records.filter((r): r is AppRecord => r.kind === 'app');
  const versions = b.records.filter((r): r is VersionRecord => r.kind === 'version');
  const findings = b.records.filter((r): r is FindingRecord => r.kind === 'finding');
  const notices = b.records.filter((r): r is NoticeRecord => r.kind === 'notice');
  const confirmed = findings.filter((f): f is Extract<FindingRecord, { state: 'confirmed' }> => f.state === 'confirmed');
  const appIds = await ensureApps(trx, [
    ...apps.map((a) => ({ platform: a.platform, packageName: a.packageName, name: a.name })),
    ...versions.map((v) => ({ platform: v.platform, packageName: v.packageName, name: null })),
    ...confirmed.map((f) => ({ platform: f.platform, packageName: f.packageName, name: null })),
  ]);
  const idOf = (platform: string, pkg: string): number => appIds.get(appKey(platform, pkg))!;

  for (let i = 0; i < apps.length; i += 500) {
    const part = apps.slice(i, i + 500);
    await trx
      .insertInto('exchange_app_reports')
      .values(part.map((a) => ({ province_id: provinceId, app_id: idOf(a.platform, a.packageName), name: a.name, filing_no: a.filingNo, company_name: a.company?.name ?? null, credit_code: a.company?.creditCode ?? null, seq: b.seq })))
      .onConflict((oc) => oc.columns(['province_id', 'app_id']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), filing_no: eb.ref('excluded.filing_no'), company_name: eb.ref('excluded.company_name'), credit_code: eb.ref('excluded.credit_code'), seq: eb.ref('excluded.seq') })))
      .execute();
    // The province's users at the nation see the apps it reported (org_apps), no other province does; the
    // row carries the app's company like every org_apps row (visibility.ts), not null.
    await seeApps(trx, orgId, [...new Set(part.map((a) => idOf(a.platform, a.packageName)))]);
  }

  const t = now();
  for (let i = 0; i < versions.length; i += 500) {
    const part = versions.slice(i, i + 500);
    await trx
      .insertInto('versions')
      .values(part.map((v) => ({ app_id: idOf(v.platform, v.packageName), sha256: v.sha256, version_code: v.versionCode, version_name: v.versionName, signer_sha256: v.signerSha256, created_at: t })))
      .onConflict((oc) => oc.columns(['app_id', 'sha256']).doNothing())
      .execute();
    const rows = await trx.selectFrom('versions').select(['id', 'app_id', 'sha256']).where('sha256', 'in', part.map((v) => v.sha256)).execute();
    const vid = new Map(rows.map((r) => [`${r.app_id}:${r.sha256}`, r.id]));
    await trx
      .insertInto('exchange_version_reports')
      .values(part.map((v) => ({ province_id: provinceId, version_id: vid.get(`${idOf(v.platform, v.packageName)}:${v.sha256}`)!, seq: b.seq })))
      .onConflict((oc) => oc.columns(['province_id', 'version_id']).doNothing())
      .execute();
  }

  for (let i = 0; i < confirmed.length; i += 500) {
    const part = confirmed.slice(i, i + 500);
    await trx
      .insertInto('exchange_findings')
      .values(part.map((f) => ({ fingerprint: f.fingerprint, app_id: idOf(f.platform, f.packageName), rule_id: f.ruleId, owner: f.owner, data_types: JSON.stringify([...f.dataTypes].sort()) })))
      .onConflict((oc) => oc.column('fingerprint').doNothing())
      .execute();
    const ids = new Map((await trx.selectFrom('exchange_findings').select(['id', 'fingerprint']).where('fingerprint', 'in', part.map((f) => f.fingerprint)).execute()).map((r) => [r.fingerprint, r.id]));
    await trx
      .insertInto('exchange_finding_reports')
      .values(part.map((f) => ({ province_id: provinceId, finding_id: ids.get(f.fingerprint)!, state: 'confirmed' as const, severity: f.severity, confidence: f.confidence, versions: JSON.stringify(f.versions), evidence_sha256: JSON.stringify(f.evidenceSha256), body: JSON.stringify(f.body), seq: b.seq })))
      .onConflict((oc) =>
        oc.columns(['province_id', 'finding_id']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), severity: eb.ref('excluded.severity'), confidence: eb.ref('excluded.confidence'), versions: eb.ref('excluded.versions'), evidence_sha256: eb.ref('excluded.evidence_sha256'), body: eb.ref('excluded.body'), seq: eb.ref('excluded.seq') })),
      )
      .execute();
  }
  const withdrawn = findings.filter((f) => f.state === 'withdrawn').map((f) => f.fingerprint);
  for (let i = 0; i < withdrawn.length; i += 500) {
    await trx
      .updateTable('exchange_finding_reports')
      .set({ state: 'withdrawn', body: null, seq: b.seq })
      .where('province_id', '=', provinceId)
      .where('finding_id', 'in', trx.selectFrom('exchange_findings').select('id').where('fingerprint', 'in', withdrawn.slice(i, i + 500)))
      .execute();
  }

  for (const n of notices) {
    const row = { province_id: provinceId, ref: n.ref, kind: n.noticeKind, title: n.title, issuer: n.issuer, issue_date: n.issueDate, deadline: n.deadline, document_sha256: n.documentSha256, apps: JSON.stringify(n.apps), seq: b.seq };
    await trx
      .insertInto('exchange_notice_reports')
      .values(row)
      .onConflict((oc) => oc.columns(['province_id', 'ref']).doUpdateSet({ kind: row.kind, title: row.title, issuer: row.issuer, issue_date: row.issue_date, deadline: row.deadline, document_sha256: row.document_sha256, apps: row.apps, seq: row.seq }))
      .execute();
  }
  return { apps: apps.length, versions: versions.length, findings: confirmed.length, withdrawn: withdrawn.length, notices: notices.length };
}

/**
 * The nation's merged exchange state as canonical JSON: natural keys only (codes, package names, hashes,
 * fingerprints), no surrogate ids or times, sorted. Two nations that applied the same bundles dump the same.
 */
export async function canonicalDump(db: Db): Promise<string> {
  const provinceRows = await db.selectFrom('exchange_provinces').select(['id', 'code', 'public_key', 'last_seq']).execute();
  const code = new Map(provinceRows.map((r) => [r.id, r.code]));
  const provinces = provinceRows.map((r) => [r.code, r.public_key, r.last_seq]);
  const apps = new Map((await db.selectFrom('apps').select(['id', 'platform', 'package_name']).execute()).map((r) => [r.id, `${r.platform}:${r.package_name}`]));
  const versions = new Map((await db.selectFrom('versions').select(['id', 'app_id', 'sha256', 'signer_sha256', 'version_code', 'version_name']).execute()).map((r) => [r.id, [apps.get(r.app_id), r.sha256, r.signer_sha256, r.version_code, r.version_name]]));
  const findings = new Map((await db.selectFrom('exchange_findings').selectAll().execute()).map((r) => [r.id, [r.fingerprint, apps.get(r.app_id), r.rule_id, r.owner, r.data_types]]));
  const orgCode = new Map((await db.selectFrom('orgs').select(['id', 'code']).execute()).map((r) => [r.id, r.code]));
  const sorted = (rows: unknown[][]): unknown[][] => rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as unknown[]);
  const dump = {
    provinces: sorted(provinces),
    bundles: sorted((await db.selectFrom('exchange_bundles_in').select(['province_id', 'seq', 'bundle_id', 'payload_sha256', 'records', 'bytes']).execute()).map((r) => [code.get(r.province_id), r.seq, r.bundle_id, r.payload_sha256, r.records, r.bytes])),
    appReports: sorted((await db.selectFrom('exchange_app_reports').selectAll().execute()).map((r) => [code.get(r.province_id), apps.get(r.app_id), r.name, r.filing_no, r.company_name, r.credit_code, r.seq])),
    versionReports: sorted((await db.selectFrom('exchange_version_reports').selectAll().execute()).map((r) => [code.get(r.province_id), versions.get(r.version_id), r.seq])),
    findings: sorted([...findings.values()]),
    findingReports: sorted((await db.selectFrom('exchange_finding_reports').selectAll().execute()).map((r) => [code.get(r.province_id), findings.get(r.finding_id)?.[0], r.state, r.severity, r.confidence, r.versions, r.evidence_sha256, r.body === null ? null : sha256Hex(r.body), r.seq])),
    noticeReports: sorted((await db.selectFrom('exchange_notice_reports').selectAll().execute()).map((r) => [code.get(r.province_id), r.ref, r.kind, r.title, r.issuer, r.issue_date, r.deadline, r.document_sha256, r.apps, r.seq])),
    apps: sorted([...apps.values()].map((a) => [a])),
    versions: sorted([...versions.values()]),
    orgApps: sorted((await db.selectFrom('org_apps').select(['org_id', 'app_id']).execute()).map((r) => [orgCode.get(r.org_id), apps.get(r.app_id)])),
  };
  return JSON.stringify(dump);
}

/** The provinces whose reports the caller sees: all (national), its own (a province's users), none (operators). */
async function visibleProvinceIds(db: Db, p: Principal): Promise<number[] | null> {
  if (p.national) return null;
  if (isOperator(p)) return [];
  return (await db.selectFrom('exchange_provinces').select('id').where('org_id', '=', p.orgId).execute()).map((r) => r.id);
}

export interface MergedQuery {
  limit: number;
  below: number | null;
  packageName?: string;
  fingerprint?: string;
}

/** Merged apps, newest first, each with its reports (which provinces reported it, as they named it) and its reported versions. */
export async function mergedApps(db: Db, p: Principal, q: MergedQuery) {
  const provs = await visibleProvinceIds(db, p);
  if (provs !== null && provs.length === 0) return [];
  let apps = db.selectFrom('apps').select(['id', 'platform', 'package_name', 'name']).where('id', 'in', (eb) => {
    let s = eb.selectFrom('exchange_app_reports').select('app_id');
    if (provs !== null) s = s.where('province_id', 'in', provs);
    return s;
  });
  if (q.below !== null) apps = apps.where('id', '<', q.below);
  if (q.packageName !== undefined) apps = apps.where('package_name', '=', q.packageName);
  const rows = await apps.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const ids = [...rows.map((r) => r.id), -1];
  let reports = db.selectFrom('exchange_app_reports as r').innerJoin('exchange_provinces as pr', 'pr.id', 'r.province_id').select(['r.app_id', 'pr.code', 'r.name', 'r.filing_no', 'r.company_name', 'r.credit_code']).where('r.app_id', 'in', ids).orderBy('pr.code');
  if (provs !== null) reports = reports.where('r.province_id', 'in', provs);
  const rep = await reports.execute();
  let vq = db
    .selectFrom('exchange_version_reports as r')
    .innerJoin('exchange_provinces as pr', 'pr.id', 'r.province_id')
    .innerJoin('versions as v', 'v.id', 'r.version_id')
    .select(['v.app_id', 'v.sha256', 'v.signer_sha256', 'v.version_code', 'v.version_name', 'pr.code'])
    .where('v.app_id', 'in', ids)
    .orderBy('v.sha256')
    .orderBy('pr.code');
  if (provs !== null) vq = vq.where('r.province_id', 'in', provs);
  const vers = await vq.execute();
  return rows.map((a) => {
    const versions = new Map<string, { sha256: string; signerSha256: string | null; versionCode: string | null; versionName: string | null; provinces: string[] }>();
    for (const v of vers.filter((x) => x.app_id === a.id)) {
      const e = versions.get(v.sha256) ?? { sha256: v.sha256, signerSha256: v.signer_sha256, versionCode: v.version_code, versionName: v.version_name, provinces: [] };
      e.provinces.push(v.code);
      versions.set(v.sha256, e);
    }
    return {
      appId: a.id,
      platform: a.platform,
      packageName: a.package_name,
      name: a.name,
      provinces: rep.filter((r) => r.app_id === a.id).map((r) => r.code),
      reports: rep.filter((r) => r.app_id === a.id).map((r) => ({ province: r.code, name: r.name, filingNo: r.filing_no, company: r.company_name, creditCode: r.credit_code })),
      versions: [...versions.values()],
    };
  });
}

/** Merged findings by fingerprint, newest first, with each province's report (state, evidence hashes, the finding itself). */
export async function mergedFindings(db: Db, p: Principal, q: MergedQuery & { state?: 'confirmed' | 'withdrawn' }) {
  const provs = await visibleProvinceIds(db, p);
  if (provs !== null && provs.length === 0) return [];
  let fq = db
    .selectFrom('exchange_findings as f')
    .innerJoin('apps as a', 'a.id', 'f.app_id')
    .select(['f.id', 'f.fingerprint', 'f.app_id', 'a.platform', 'a.package_name', 'f.rule_id', 'f.owner', 'f.data_types'])
    .where('f.id', 'in', (eb) => {
      let s = eb.selectFrom('exchange_finding_reports').select('finding_id');
      if (provs !== null) s = s.where('province_id', 'in', provs);
      if (q.state !== undefined) s = s.where('state', '=', q.state);
      return s;
    });
  if (q.below !== null) fq = fq.where('f.id', '<', q.below);
  if (q.packageName !== undefined) fq = fq.where('a.package_name', '=', q.packageName);
  if (q.fingerprint !== undefined) fq = fq.where('f.fingerprint', '=', q.fingerprint);
  const rows = await fq.orderBy('f.id', 'desc').limit(q.limit + 1).execute();
  let rq = db
    .selectFrom('exchange_finding_reports as r')
    .innerJoin('exchange_provinces as pr', 'pr.id', 'r.province_id')
    .select(['r.finding_id', 'pr.code', 'r.state', 'r.severity', 'r.confidence', 'r.versions', 'r.evidence_sha256', 'r.body'])
    .where('r.finding_id', 'in', [...rows.map((r) => r.id), -1])
    .orderBy('pr.code');
  if (provs !== null) rq = rq.where('r.province_id', 'in', provs);
  const reps = await rq.execute();
  return rows.map((f) => {
    const mine = reps.filter((r) => r.finding_id === f.id);
    return {
      id: f.id,
      fingerprint: f.fingerprint,
      appId: f.app_id,
      platform: f.platform,
      packageName: f.package_name,
      ruleId: f.rule_id,
      owner: f.owner,
      dataTypes: JSON.parse(f.data_types) as string[],
      provinces: mine.filter((r) => r.state === 'confirmed').map((r) => r.code),
      reports: mine.map((r) => ({
        province: r.code,
        state: r.state,
        severity: r.severity,
        confidence: r.confidence,
        versions: JSON.parse(r.versions) as string[],
        evidenceSha256: JSON.parse(r.evidence_sha256) as string[],
        finding: r.body === null ? null : (JSON.parse(r.body) as unknown),
      })),
    };
  });
}

export interface TakedownDraft {
  noticeId: number;
  /** Apps of the nation's own re-test in the batch, with confirmed findings. */
  own: number[];
  /** Apps with findings confirmed by provinces, each with who reported it. */
  provincial: { appId: number; packageName: string; sha256: string; provinces: string[]; fingerprints: string[] }[];
}

const versionOrder = (a: { version_code: string | null; sha256: string }, b: { version_code: string | null; sha256: string }): number =>
  Number(b.version_code ?? -1) - Number(a.version_code ?? -1) || (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0);

/**
 * A draft national takedown notice (下架通报) in one of the nation's batches: its own re-test (the batch's
 * apps with findings its reviewers confirmed) and the apps whose findings provinces confirmed, each listed
 * once, with the provinces that reported it. The provincial apps are kept beside the notice's own apps
 * (exchange_notice_apps): the nation holds no scan of their packages, only the provinces' reports.
 */
export async function draftNationalTakedown(db: Db, p: Principal, input: { batchId: number; provinces?: string[]; title?: string }): Promise<TakedownDraft> {
  if (!p.national) throw new Problem(404, 'Not Found', 'no such batch');
  const b = await visibleBatch(db, p, input.batchId);
  const own = [...(await batchCandidates(db, b.org_id, b.id)).values()].filter((c) => c.findings.length > 0);
  refuseOwnConfirmations(p, own);
  let rq = db
    .selectFrom('exchange_finding_reports as r')
    .innerJoin('exchange_findings as f', 'f.id', 'r.finding_id')
    .innerJoin('exchange_provinces as pr', 'pr.id', 'r.province_id')
    .innerJoin('apps as a', 'a.id', 'f.app_id')
    .select(['f.app_id', 'a.package_name', 'f.fingerprint', 'pr.code', 'r.versions'])
    .where('r.state', '=', 'confirmed')
    .orderBy('f.app_id');
  if (input.provinces !== undefined) {
    const known = new Set((await db.selectFrom('exchange_provinces').select('code').execute()).map((r) => r.code));
    const unknown = input.provinces.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new Problem(422, 'Unprocessable Content', `provinces ${unknown.join(', ')}: not registered for exchange`);
    rq = rq.where('pr.code', 'in', input.provinces);
  }
  const reps = await rq.execute();
  const byApp = new Map<number, { packageName: string; provinces: Set<string>; fingerprints: Set<string>; shas: Set<string> }>();
  for (const r of reps) {
    const e = byApp.get(r.app_id) ?? { packageName: r.package_name, provinces: new Set(), fingerprints: new Set(), shas: new Set() };
    e.provinces.add(r.code);
    e.fingerprints.add(r.fingerprint);
    for (const s of JSON.parse(r.versions) as string[]) e.shas.add(s);
    byApp.set(r.app_id, e);
  }
  if (own.length === 0 && byApp.size === 0) throw new Problem(422, 'Unprocessable Content', `batch ${b.id} has no app with confirmed findings and no province reported one: nothing to take down`);
  const org = await db.selectFrom('orgs').select('name').where('id', '=', b.org_id).executeTakeFirstOrThrow();
  const t = now();
  return db.transaction().execute(async (trx) => {
    const noticeId = await insertDraftNotice(trx, { orgId: b.org_id, batchId: b.id, kind: 'takedown', sourceNoticeId: null, title: input.title ?? defaultTitle('takedown', b), issuer: org.name, paragraphs: [], addressees: [], draftedBy: p.userId, at: t });
    for (const c of own) {
      await workflowRow(trx, b.org_id, b.id, c.appId);
      await addApp(trx, noticeId, c);
    }
    // The reported versions of all the apps in one query; each app takes its newest one.
    const vs = byApp.size === 0 ? [] : await trx.selectFrom('versions').select(['id', 'app_id', 'sha256', 'version_code']).where('app_id', 'in', [...byApp.keys()]).where('sha256', 'in', [...new Set([...byApp.values()].flatMap((e) => [...e.shas])), '']).execute();
    const provincial: TakedownDraft['provincial'] = [];
    const rows: { notice_id: number; app_id: number; version_id: number; provinces: string; fingerprints: string }[] = [];
    for (const [appId, e] of byApp) {
      const v = vs.filter((x) => x.app_id === appId && e.shas.has(x.sha256)).sort(versionOrder)[0];
      if (v === undefined) continue;
      const item = { appId, packageName: e.packageName, sha256: v.sha256, provinces: [...e.provinces].sort(), fingerprints: [...e.fingerprints].sort() };
      rows.push({ notice_id: noticeId, app_id: appId, version_id: v.id, provinces: JSON.stringify(item.provinces), fingerprints: JSON.stringify(item.fingerprints) });
      provincial.push(item);
    }
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('exchange_notice_apps').values(rows.slice(i, i + 500)).execute();
    const draft: TakedownDraft = { noticeId, own: own.map((c) => c.appId), provincial };
    await audit(trx, p, 'notice.draft', `notice:${noticeId}`, 'national takedown: own re-test combined with provincial reports', { kind: 'takedown', batchId: b.id, own: draft.own, provincial: provincial.map((x) => ({ appId: x.appId, provinces: x.provinces })) });
    return draft;
  });
}
