// Repeat offenders (issue 13): 屡教不改 (a notified finding fixed in a later version and back in a later one
// still), 举一反三 (a company's other apps show a finding it was notified for in one app: same rule, owner and
// data types, the fingerprint without the package name) and SDK vendors (one SDK-owned finding across many
// companies' apps). Scoped as notices are: an organisation sees what rests on its own notices and apps.
import { sql } from 'kysely';
import type { Db } from '../db/schema.ts';
import { compareVersions, diffVersions, type VersionFingerprints } from './diff.ts';
import type { visibleAppIds } from './scope.ts';

export interface Recidivism {
  appId: number;
  packageName: string;
  companyId: number | null;
  noticeId: number;
  fingerprint: string;
  ruleId: string;
  noticeVersionId: number;
  /** The first version after the notice's without the finding. */
  fixedInVersionId: number;
  /** The later version where it is back (`reactivated` in the per-version diff). */
  reappearedInVersionId: number;
}

/** Published notices' findings, with the version each notice rests on; `orgId` null for all organisations. */
function noticedFindings(db: Db, orgId: number | null) {
  let q = db
    .selectFrom('notice_findings as nf')
    .innerJoin('notices as n', 'n.id', 'nf.notice_id')
    .innerJoin('notice_apps as na', (j) => j.onRef('na.notice_id', '=', 'nf.notice_id').onRef('na.app_id', '=', 'nf.app_id'))
    .where('n.status', '=', 'published');
  if (orgId !== null) q = q.where('n.org_id', '=', orgId);
  return q;
}

/** 屡教不改 among the given apps (ascending ids). */
export async function recidivismOf(db: Db, orgId: number | null, appIds: readonly number[]): Promise<Recidivism[]> {
  if (appIds.length === 0) return [];
  const noticed = await noticedFindings(db, orgId)
    .select(['nf.app_id', 'nf.notice_id', 'nf.fingerprint', 'nf.rule_id', 'na.version_id'])
    .where('nf.app_id', 'in', appIds)
    .orderBy('nf.notice_id')
    .orderBy('nf.id')
    .execute();
  if (noticed.length === 0) return [];
  const versions = await db.selectFrom('versions').select(['id', 'app_id', 'version_code']).where('app_id', 'in', appIds).execute();
  const fps = await db
    .selectFrom('findings as f')
    .innerJoin('scans as s', 's.id', 'f.scan_id')
    .select(['s.version_id', 'f.fingerprint'])
    .distinct()
    .where('f.app_id', 'in', appIds)
    .where('s.status', '=', 'done')
    .execute();
  const byVersion = new Map<number, Set<string>>();
  for (const r of fps) if (r.version_id !== null) (byVersion.get(r.version_id) ?? byVersion.set(r.version_id, new Set()).get(r.version_id)!).add(r.fingerprint);
  const apps = new Map((await db.selectFrom('apps').select(['id', 'package_name', 'company_id']).where('id', 'in', appIds).execute()).map((a) => [a.id, a]));
  const out: Recidivism[] = [];
  for (const appId of appIds) {
    // Only scanned versions count: a version with no finished scan says nothing about a fingerprint.
    const history: VersionFingerprints[] = versions
      .filter((v) => v.app_id === appId && byVersion.has(v.id))
      .sort(compareVersions)
      .map((v) => ({ versionId: v.id, fingerprints: byVersion.get(v.id)! }));
    const diffs = history.map((_, i) => diffVersions(history, i));
    for (const n of noticed.filter((r) => r.app_id === appId)) {
      const at = history.findIndex((h) => h.versionId === n.version_id);
      if (at < 0) continue;
      for (let i = at + 2; i < history.length; i++) {
        if (!diffs[i]!.reactivated.includes(n.fingerprint)) continue;
        const fixed = history.slice(at + 1, i).find((h) => !h.fingerprints.has(n.fingerprint));
        if (fixed === undefined) continue;
        const a = apps.get(appId)!;
        out.push({ appId, packageName: a.package_name, companyId: a.company_id, noticeId: n.notice_id, fingerprint: n.fingerprint, ruleId: n.rule_id, noticeVersionId: n.version_id, fixedInVersionId: fixed.versionId, reappearedInVersionId: history[i]!.versionId });
        break;
      }
    }
  }
  return out;
}

/** 屡教不改, a page of apps at a time (apps with notice findings, ascending id after `after`). */
export async function recidivismPage(db: Db, orgId: number | null, after: number | null, limit: number): Promise<{ items: Recidivism[]; nextCursor: number | null }> {
  const items: Recidivism[] = [];
  let cursor = after ?? 0;
  for (;;) {
    const ids = (await noticedFindings(db, orgId).select('nf.app_id').distinct().where('nf.app_id', '>', cursor).orderBy('nf.app_id').limit(200).execute()).map((r) => r.app_id);
    if (ids.length === 0) return { items, nextCursor: null };
    for (const id of ids) {
      items.push(...(await recidivismOf(db, orgId, [id])));
      cursor = id;
      if (items.length >= limit) return { items, nextCursor: cursor };
    }
  }
}

export interface Spread {
  companyId: number;
  noticeId: number;
  /** The app the notice named. */
  noticedAppId: number;
  ruleId: string;
  owner: string;
  dataTypes: string[];
  /** Another app of the company with the same finding. */
  appId: number;
  packageName: string;
  findingId: number;
  versionId: number | null;
  fingerprint: string;
}

/**
 * 举一反三: for each published notice finding of a company's app, the company's other apps whose findings have
 * the same rule, owner and data types (the latest such finding per app). `companyId` or `appId` narrows it.
 */
export async function spread(db: Db, orgId: number | null, opts: { companyId?: number; appId?: number; after?: number | null; limit: number }): Promise<{ items: Spread[]; nextCursor: number | null }> {
  let q = noticedFindings(db, orgId)
    .innerJoin('findings as nff', 'nff.id', 'nf.finding_id')
    .innerJoin('apps as na_app', 'na_app.id', 'nf.app_id')
    .innerJoin('apps as other', (j) => j.onRef('other.company_id', '=', 'na_app.company_id').onRef('other.id', '<>', 'na_app.id'))
    .innerJoin('findings as f', (j) => j.onRef('f.app_id', '=', 'other.id').onRef('f.rule_id', '=', 'nff.rule_id').onRef('f.owner', '=', 'nff.owner').onRef('f.data_types', '=', 'nff.data_types'))
    .innerJoin('scans as s', 's.id', 'f.scan_id')
    .select(['nf.id as nf_id', 'na_app.company_id', 'nf.notice_id', 'nf.app_id as noticed_app_id', 'nff.rule_id', 'nff.owner', 'nff.data_types', 'other.id as app_id', 'other.package_name', 's.version_id', 'f.fingerprint', (eb) => eb.fn.max<number | string>('f.id').as('finding_id')])
    .groupBy(['nf.id', 'na_app.company_id', 'nf.notice_id', 'nf.app_id', 'nff.rule_id', 'nff.owner', 'nff.data_types', 'other.id', 'other.package_name', 's.version_id', 'f.fingerprint'])
    .orderBy('nf.id')
    .orderBy('other.id');
  if (opts.companyId !== undefined) q = q.where('na_app.company_id', '=', opts.companyId);
  if (opts.appId !== undefined) q = q.where((eb) => eb.or([eb('nf.app_id', '=', opts.appId!), eb('other.id', '=', opts.appId!)]));
  if (opts.after !== null && opts.after !== undefined) q = q.where('nf.id', '>', opts.after);
  const rows = await q.execute();
  // One row per notice finding and other app: the latest version's finding.
  const seen = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const k = `${r.company_id}:${r.rule_id}:${r.owner}:${r.data_types}:${r.app_id}`;
    const prev = seen.get(k);
    if (prev === undefined || Number(r.finding_id) > Number(prev.finding_id)) seen.set(k, r);
  }
  const all = [...seen.values()].sort((a, b) => a.nf_id - b.nf_id || a.app_id - b.app_id);
  // A page ends at a notice finding's boundary, so the cursor (the last notice finding's id) loses nothing.
  const items: typeof all = [];
  let next: number | null = null;
  for (const r of all) {
    if (items.length >= opts.limit && r.nf_id !== items[items.length - 1]!.nf_id) {
      next = items[items.length - 1]!.nf_id;
      break;
    }
    items.push(r);
  }
  return {
    items: items.map((r) => ({ companyId: r.company_id!, noticeId: r.notice_id, noticedAppId: r.noticed_app_id, ruleId: r.rule_id, owner: r.owner, dataTypes: JSON.parse(r.data_types) as string[], appId: r.app_id, packageName: r.package_name, findingId: Number(r.finding_id), versionId: r.version_id, fingerprint: r.fingerprint })),
    nextCursor: next,
  };
}

export interface SdkOffence {
  sdk: string;
  ruleId: string;
  dataTypes: string[];
  companies: number;
  apps: number;
}

/**
 * SDK vendors: each SDK-owned finding (owner `sdk:<id>`, rule, data types) with the number of companies and
 * of apps that show it, most companies first. `appIds` null for all apps (national); else the caller's.
 */
export async function sdkOffences(db: Db, opts: { appIds: ReturnType<typeof visibleAppIds>; sdk?: string; minCompanies: number; offset: number; limit: number }): Promise<{ items: SdkOffence[]; nextOffset: number | null }> {
  let q = db
    .selectFrom('findings as f')
    .leftJoin('apps as a', 'a.id', 'f.app_id')
    .select(['f.owner', 'f.rule_id', 'f.data_types', (eb) => eb.fn.count<number | string>(sql`distinct a.company_id`).as('companies'), (eb) => eb.fn.count<number | string>(sql`distinct f.app_id`).as('apps')])
    .where('f.owner', 'like', 'sdk:%')
    .groupBy(['f.owner', 'f.rule_id', 'f.data_types'])
    .having((eb) => eb.fn.count(sql`distinct a.company_id`), '>=', opts.minCompanies)
    .orderBy('companies', 'desc')
    .orderBy('apps', 'desc')
    .orderBy('f.owner')
    .orderBy('f.rule_id')
    .orderBy('f.data_types')
    .offset(opts.offset)
    .limit(opts.limit + 1);
  if (opts.sdk !== undefined) q = q.where('f.owner', '=', `sdk:${opts.sdk}`);
  if (opts.appIds !== null) q = q.where('f.app_id', 'in', opts.appIds);
  const rows = await q.execute();
  const more = rows.length > opts.limit;
  return {
    items: rows.slice(0, opts.limit).map((r) => ({ sdk: r.owner.slice(4), ruleId: r.rule_id, dataTypes: JSON.parse(r.data_types) as string[], companies: Number(r.companies), apps: Number(r.apps) })),
    nextOffset: more ? opts.offset + opts.limit : null,
  };
}
