// The province's side of the exchange: its signing identity, and bundles of what changed since the last one.
// A bundle is made by comparing every exportable record (apps, versions, confirmed findings, published
// notices with their apps' states) with the hash of what was last exported (exchange_state), so a change
// anywhere in the platform reaches the nation without a hook in every writer. The sequence is this
// instance's own: 1, 2, 3, … with no gap, assigned in the transaction that stores the bundle and the hashes.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Problem } from '../api/http.ts';
import { now, type Db } from '../db/schema.ts';
import { openSecret, sealSecret } from '../events/secrets.ts';
import { BUNDLE_FORMAT, evidenceHashes, KIND_ORDER, newKeyPair, recordKey, sha256Hex, signPayload, type Bundle, type ExchangeRecord, type FindingRecord, type SignedBundle } from './bundle.ts';

const keyContext = (code: string): string => `piscope-exchange-key:${code}`;

/** Records per bundle: a week offline is then several bundles of bounded size, not one huge body. */
const DEFAULT_BUNDLE_RECORDS = 2_000;

export interface Identity {
  code: string;
  publicKey: string;
  lastSeq: number;
  ackedSeq: number;
}

export async function getIdentity(db: Db): Promise<Identity | null> {
  const row = await db.selectFrom('exchange_identity').select(['code', 'public_key', 'acked_seq']).orderBy('id').executeTakeFirst();
  if (row === undefined) return null;
  const last = await db.selectFrom('exchange_bundles_out').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return { code: row.code, publicKey: row.public_key, lastSeq: last?.m ?? 0, ackedSeq: row.acked_seq };
}

/** Makes this instance a province with `code` and a fresh Ed25519 key pair; the same code again returns the same identity. */
export async function createIdentity(db: Db, key: Uint8Array, code: string): Promise<{ identity: Identity; created: boolean }> {
  const existing = await getIdentity(db);
  if (existing !== null) {
    if (existing.code !== code) throw new Problem(409, 'Conflict', `this instance is already province ${existing.code}; its code cannot change (the nation knows its key by it)`);
    return { identity: existing, created: false };
  }
  const pair = newKeyPair();
  await db.insertInto('exchange_identity').values({ code, public_key: pair.publicKey, private_key_enc: sealSecret(key, pair.privateKey, keyContext(code)), acked_seq: 0, created_at: now() }).execute();
  return { identity: (await getIdentity(db))!, created: true };
}

/** Every record this instance would export now, sorted by kind then key. */
async function currentRecords(db: Db, previous: ReadonlySet<string>): Promise<ExchangeRecord[]> {
  const out: ExchangeRecord[] = [];
  const apps = await db
    .selectFrom('apps as a')
    .leftJoin('companies as c', 'c.id', 'a.company_id')
    .select(['a.platform', 'a.package_name', 'a.name', 'a.filing_no', 'c.name as company', 'c.credit_code'])
    .where('a.id', 'in', db.selectFrom('versions').select('app_id'))
    .execute();
  for (const a of apps) out.push({ kind: 'app', platform: a.platform, packageName: a.package_name, name: a.name, filingNo: a.filing_no, company: a.company === null ? null : { name: a.company, creditCode: a.credit_code } });
  const versions = await db.selectFrom('versions as v').innerJoin('apps as a', 'a.id', 'v.app_id').select(['a.platform', 'a.package_name', 'v.sha256', 'v.signer_sha256', 'v.version_code', 'v.version_name']).execute();
  for (const v of versions) out.push({ kind: 'version', platform: v.platform, packageName: v.package_name, sha256: v.sha256, signerSha256: v.signer_sha256, versionCode: v.version_code, versionName: v.version_name });

  // Confirmed in any organisation of this instance; a fingerprint exported before and confirmed no more is withdrawn.
  const confirmed = new Set((await db.selectFrom('reviews').select('fingerprint').distinct().where('state', '=', 'confirmed').execute()).map((r) => r.fingerprint));
  const fps = [...confirmed].sort();
  for (let i = 0; i < fps.length; i += 500) {
    const rows = await db
      .selectFrom('findings as f')
      .innerJoin('scans as s', 's.id', 'f.scan_id')
      .innerJoin('apps as a', 'a.id', 'f.app_id')
      .select(['f.id', 'f.fingerprint', 'a.platform', 'a.package_name', 'f.rule_id', 'f.owner', 'f.data_types', 'f.severity', 'f.confidence', 's.sha256'])
      .where('f.fingerprint', 'in', fps.slice(i, i + 500))
      .orderBy('f.id')
      .execute();
    const byFp = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byFp.get(r.fingerprint);
      if (list === undefined) byFp.set(r.fingerprint, [r]);
      else list.push(r);
    }
    // Only the latest finding's body is exported: read those, not every finding's.
    const lastIds = [...byFp.values()].map((list) => list[list.length - 1]!.id);
    const bodies = new Map(lastIds.length === 0 ? [] : (await db.selectFrom('findings').select(['id', 'body']).where('id', 'in', lastIds).execute()).map((r) => [r.id, r.body]));
    for (const [fp, list] of byFp) {
      // The latest finding speaks for the fingerprint; the versions are every package it was found in.
      const last = list[list.length - 1]!;
      const body = JSON.parse(bodies.get(last.id)!) as { evidence?: unknown[] };
      out.push({
        kind: 'finding',
        state: 'confirmed',
        fingerprint: fp,
        platform: last.platform,
        packageName: last.package_name,
        ruleId: last.rule_id,
        owner: last.owner,
        dataTypes: JSON.parse(last.data_types) as string[],
        severity: last.severity,
        confidence: last.confidence,
        versions: [...new Set(list.map((r) => r.sha256))].sort(),
        evidenceSha256: evidenceHashes(body),
        body,
      });
    }
  }
  for (const key of previous) {
    if (!key.startsWith('finding:')) continue;
    const fp = key.slice('finding:'.length);
    if (!confirmed.has(fp)) out.push({ kind: 'finding', state: 'withdrawn', fingerprint: fp } satisfies FindingRecord);
  }

  const notices = await db.selectFrom('notices').select(['id', 'org_id', 'batch_id', 'kind', 'title', 'issuer', 'issue_date', 'deadline', 'document_sha256']).where('status', '=', 'published').orderBy('id').execute();
  // The apps and findings of all published notices in two queries, grouped by notice.
  const published = db.selectFrom('notices').select('id').where('status', '=', 'published');
  const noticeApps = await db
    .selectFrom('notice_apps as na')
    .innerJoin('notices as n', 'n.id', 'na.notice_id')
    .innerJoin('apps as a', 'a.id', 'na.app_id')
    .leftJoin('workflow_apps as w', (j) => j.onRef('w.app_id', '=', 'na.app_id').onRef('w.batch_id', '=', 'n.batch_id').onRef('w.org_id', '=', 'n.org_id'))
    .select(['na.notice_id', 'na.app_id', 'a.platform', 'a.package_name', 'na.package_sha256', 'w.state'])
    .where('na.notice_id', 'in', published)
    .orderBy('na.id')
    .execute();
  const noticeFindings = await db.selectFrom('notice_findings').select(['notice_id', 'app_id', 'fingerprint']).where('notice_id', 'in', published).orderBy('id').execute();
  const groupBy = <T extends { notice_id: number }>(rows: T[]): Map<number, T[]> => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.notice_id);
      if (list === undefined) m.set(r.notice_id, [r]);
      else list.push(r);
    }
    return m;
  };
  const appsOf = groupBy(noticeApps);
  const findingsOf = groupBy(noticeFindings);
  for (const n of notices) {
    const apps = appsOf.get(n.id) ?? [];
    const nf = findingsOf.get(n.id) ?? [];
    out.push({
      kind: 'notice',
      ref: n.id,
      noticeKind: n.kind,
      title: n.title,
      issuer: n.issuer,
      issueDate: n.issue_date,
      deadline: n.deadline,
      documentSha256: n.document_sha256,
      apps: apps.map((a) => ({ platform: a.platform, packageName: a.package_name, sha256: a.package_sha256, state: a.state ?? 'tested', fingerprints: [...new Set(nf.filter((f) => f.app_id === a.app_id).map((f) => f.fingerprint))] })),
    });
  }
  const keyed = out.map((r) => [KIND_ORDER[r.kind], recordKey(r), r] as const);
  keyed.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return keyed.map((k) => k[2]);
}

export interface MadeBundle {
  seq: number;
  bundleId: string;
  records: number;
  bytes: number;
}

/**
 * Makes the bundles of everything changed since the last export (none when nothing changed), signs and
 * stores them with the new hashes, in one transaction: a failure leaves the sequence and the hashes as they were.
 */
export async function exportBundles(db: Db, key: Uint8Array, opts: { maxRecords?: number } = {}): Promise<MadeBundle[]> {
  const id = await db.selectFrom('exchange_identity').selectAll().orderBy('id').executeTakeFirst();
  if (id === undefined) throw new Problem(409, 'Conflict', 'this instance has no exchange identity: POST /api/v1/exchange/identity first');
  const privateKey = openSecret(key, id.private_key_enc, keyContext(id.code));
  const max = opts.maxRecords ?? DEFAULT_BUNDLE_RECORDS;
  return db.transaction().execute(async (trx) => {
    // One exporter at a time: the identity row is the lock (an update that changes nothing).
    await trx.updateTable('exchange_identity').set({ code: sql`code` }).where('id', '=', id.id).execute();
    const previous = new Map((await trx.selectFrom('exchange_state').select(['key', 'hash']).execute()).map((r) => [r.key, r.hash]));
    const changed: { key: string; hash: string; record: ExchangeRecord }[] = [];
    for (const record of await currentRecords(trx, new Set(previous.keys()))) {
      const key = recordKey(record);
      const hash = sha256Hex(JSON.stringify(record));
      if (previous.get(key) !== hash) changed.push({ key, hash, record });
    }
    const last = await trx.selectFrom('exchange_bundles_out').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    let seq = last?.m ?? 0;
    const made: MadeBundle[] = [];
    for (let i = 0; i < changed.length; i += max) {
      const part = changed.slice(i, i + max);
      seq++;
      const bundle: Bundle = { format: BUNDLE_FORMAT, bundleId: randomUUID(), province: id.code, seq, createdAt: now(), records: part.map((c) => c.record) };
      const payload = JSON.stringify(bundle);
      await trx.insertInto('exchange_bundles_out').values({ seq, bundle_id: bundle.bundleId, payload, signature: signPayload(privateKey, payload), records: part.length, created_at: bundle.createdAt }).execute();
      for (let j = 0; j < part.length; j += 500) {
        await trx
          .insertInto('exchange_state')
          .values(part.slice(j, j + 500).map((c) => ({ key: c.key, hash: c.hash, seq })))
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ hash: eb.ref('excluded.hash'), seq: eb.ref('excluded.seq') })))
          .execute();
      }
      made.push({ seq, bundleId: bundle.bundleId, records: part.length, bytes: Buffer.byteLength(payload) });
    }
    return made;
  });
}

/** The stored bundles after `since`, oldest first: the pull. */
export async function bundlesSince(db: Db, since: number, limit: number): Promise<(SignedBundle & { seq: number; bundleId: string })[]> {
  const rows = await db.selectFrom('exchange_bundles_out').select(['seq', 'bundle_id', 'payload', 'signature']).where('seq', '>', since).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: r.seq, bundleId: r.bundle_id, payload: r.payload, signature: r.signature }));
}

/** The nation acknowledged everything up to `seq`. */
export async function acknowledge(db: Db, seq: number): Promise<void> {
  await db.updateTable('exchange_identity').set({ acked_seq: seq }).where('acked_seq', '<', seq).execute();
}
