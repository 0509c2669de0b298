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
  return (await recidivismByApp(db, orgId, appIds)).flatMap(([, items]) => items);
}

/** 屡教不改 per app, in the order of `appIds`: four queries for the whole set, whatever its size. */
async function recidivismByApp(db: Db, orgId: number | null, appIds: readonly number[]): Promise<[number, Recidivism[]][]> {
  if (appIds.length === 0) return [];
  const noticed = await noticedFindings(db, orgId)
    .select(['nf.app_id', 'nf.notice_id', 'nf.fingerprint', 'nf.rule_id', 'na.version_id'])
    .where('nf.app_id', 'in', appIds)
    .orderBy('nf.notice_id')
    .orderBy('nf.id')
    .execute();
  if (noticed.length === 0) return appIds.map((id) => [id, []]);
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
  const group = <T extends { app_id: number }>(rows: readonly T[]): Map<number, T[]> => {
    const m = new Map<number, T[]>();
    for (const r of rows) (m.get(r.app_id) ?? m.set(r.app_id, []).get(r.app_id)!).push(r);
    return m;
  };
  const noticedOf = group(noticed);
  const versionsOf = group(versions);
  return appIds.map((appId) => {
    const out: Recidivism[] = [];
    const mine = noticedOf.get(appId) ?? [];
    if (mine.length === 0) return [appId, out];
    // Only scanned versions count: a version with no finished scan says nothing about a fingerprint.
    const history: VersionFingerprints[] = (versionsOf.get(appId) ?? [])
      .filter((v) => byVersion.has(v.id))
      .sort(compareVersions)
      .map((v) => ({ versionId: v.id, fingerprints: byVersion.get(v.id)! }));
    const diffs = history.map((_, i) => diffVersions(history, i));
    for (const n of mine) {
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
    return [appId, out];
  });
}

/** Apps examined per round of a page: enough for a page of 屡教不改 in one or two rounds, few enough to hold. */
const RECIDIVISM_CHUNK = 100;

/** 屡教不改, a page of apps at a time (apps with notice findings, ascending id after `after`). */
export async function recidivismPage(db: Db, orgId: number | null, after: number | null, limit: number): Promise<{ items: Recidivism[]; nextCursor: number | null }> {
  const items: Recidivism[] = [];
  let cursor = after ?? 0;
  for (;;) {
    const ids = (await noticedFindings(db, orgId).select('nf.app_id').distinct().where('nf.app_id', '>', cursor).orderBy('nf.app_id').limit(RECIDIVISM_CHUNK).execute()).map((r) => r.app_id);
    if (ids.length === 0) return { items, nextCursor: null };
    for (const [id, found] of await recidivismByApp(db, orgId, ids)) {
      items.push(...found);
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

/** Notice findings examined per round of a page of 举一反三. */
const SPREAD_CHUNK = 500;

/**
 * 举一反三: for each published notice finding of a company's app, the company's other apps whose findings have
 * the same rule, owner and data types (the latest such finding per app). `companyId` or `appId` narrows it.
 * A page is a run of notice findings (ascending id after `after`), read a chunk at a time so that its cost
 * follows the page, not the national history (bench/OFFENDERS-SCALE.md).
 */
export async function spread(db: Db, orgId: number | null, opts: { companyId?: number; appId?: number; after?: number | null; limit: number }): Promise<{ items: Spread[]; nextCursor: number | null }> {
  let company = opts.companyId;
  if (opts.appId !== undefined) {
    const c = (await db.selectFrom('apps').select('company_id').where('id', '=', opts.appId).executeTakeFirst())?.company_id ?? null;
    if (c === null || (company !== undefined && company !== c)) return { items: [], nextCursor: null };
    company = c;
  }
  const items: Spread[] = [];
  let after = opts.after ?? 0;
  let lastNf = 0;
  for (;;) {
    let chunkQ = noticedFindings(db, orgId).innerJoin('apps as na_app', 'na_app.id', 'nf.app_id').select('nf.id').where('nf.id', '>', after).orderBy('nf.id').limit(SPREAD_CHUNK);
    chunkQ = company !== undefined ? chunkQ.where('na_app.company_id', '=', company) : chunkQ.where('na_app.company_id', 'is not', null);
    const chunk = (await chunkQ.execute()).map((r) => r.id);
    if (chunk.length === 0) return { items, nextCursor: null };
    let q = db
      .selectFrom('notice_findings as nf')
      .innerJoin('findings as nff', 'nff.id', 'nf.finding_id')
      .innerJoin('apps as na_app', 'na_app.id', 'nf.app_id')
      .innerJoin('apps as other', (j) => j.onRef('other.company_id', '=', 'na_app.company_id').onRef('other.id', '<>', 'na_app.id'))
      // `|| ''` keeps the planner on findings(app_id): the other apps are few, while the (owner, rule) index it
      // otherwise picks walks every app with that SDK's finding nationwide (6.3 s against 0.6 s, bench/OFFENDERS-SCALE.md).
      .innerJoin('findings as f', (j) => j.onRef('f.app_id', '=', 'other.id').on(sql`f.rule_id || ''`, '=', sql.ref('nff.rule_id')).on(sql`f.owner || ''`, '=', sql.ref('nff.owner')).onRef('f.data_types', '=', 'nff.data_types'))
      .innerJoin('scans as s', 's.id', 'f.scan_id')
      .select(['nf.id as nf_id', 'na_app.company_id', 'nf.notice_id', 'nf.app_id as noticed_app_id', 'nff.rule_id', 'nff.owner', 'nff.data_types', 'other.id as app_id', 'other.package_name', 's.version_id', 'f.fingerprint', 'f.id as finding_id'])
      .where('nf.id', 'in', chunk);
    if (opts.appId !== undefined) q = q.where((eb) => eb.or([eb('nf.app_id', '=', opts.appId!), eb('other.id', '=', opts.appId!)]));
    const found = await q.execute();
    // A problem notified several times (督促, then 通报, then 下架) is one 举一反三 per other app, under the first
    // notice finding that names it; earlier ones may lie in earlier chunks or pages.
    const companies = [...new Set(found.map((r) => r.company_id!))];
    const firstOf = new Map<string, { nf: number; app: number }[]>();
    if (companies.length > 0) {
      const earlier = await noticedFindings(db, orgId)
        .innerJoin('findings as nff', 'nff.id', 'nf.finding_id')
        .innerJoin('apps as na_app', 'na_app.id', 'nf.app_id')
        .select(['nf.id', 'nf.app_id', 'na_app.company_id', 'nff.rule_id', 'nff.owner', 'nff.data_types'])
        .where('na_app.company_id', 'in', companies)
        .where('nf.id', '<=', chunk[chunk.length - 1]!)
        .orderBy('nf.id')
        .execute();
      for (const e of earlier) {
        const k = `${e.company_id}:${e.rule_id}:${e.owner}:${e.data_types}`;
        (firstOf.get(k) ?? firstOf.set(k, []).get(k)!).push({ nf: e.id, app: e.app_id });
      }
    }
    // One row per notice finding and other app: the latest finding (of the latest version scanned).
    const latest = new Map<string, (typeof found)[number]>();
    for (const r of found) {
      const first = firstOf.get(`${r.company_id}:${r.rule_id}:${r.owner}:${r.data_types}`)?.find((e) => e.app !== r.app_id);
      if (first !== undefined && first.nf !== r.nf_id) continue;
      const k = `${r.nf_id}:${r.app_id}`;
      const prev = latest.get(k);
      if (prev === undefined || r.finding_id > prev.finding_id) latest.set(k, r);
    }
    const rows = [...latest.values()].sort((a, b) => a.nf_id - b.nf_id || a.app_id - b.app_id);
    for (const r of rows) {
      // A page ends at a notice finding's boundary, so the cursor (the last notice finding's id) loses nothing.
      if (items.length >= opts.limit && r.nf_id !== lastNf) return { items, nextCursor: lastNf };
      items.push({ companyId: r.company_id!, noticeId: r.notice_id, noticedAppId: r.noticed_app_id, ruleId: r.rule_id, owner: r.owner, dataTypes: JSON.parse(r.data_types) as string[], appId: r.app_id, packageName: r.package_name, findingId: r.finding_id, versionId: r.version_id, fingerprint: r.fingerprint });
      lastNf = r.nf_id;
    }
    after = chunk[chunk.length - 1]!;
    if (chunk.length < SPREAD_CHUNK) return { items, nextCursor: null };
  }
}

export interface SdkOffence {
  sdk: string;
  ruleId: string;
  dataTypes: string[];
  companies: number;
  apps: number;
}

/**
 * SDK vendors, live: each SDK-owned finding (owner `sdk:<id>`, rule, data types) with the number of companies
 * and of apps that show it, most companies first. `appIds` null for all apps (national); else the caller's.
 * Fast for one SDK (the owner index) or a few apps (an operator's); for all of a province's or the nation's
 * apps it reads every SDK-owned finding, so those read the counts of the last refresh (sdkOffenceCounts).
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
  return sdkPage(await q.execute(), opts);
}

function sdkPage(rows: { owner: string; rule_id: string; data_types: string; companies: number | string; apps: number | string }[], opts: { offset: number; limit: number }): { items: SdkOffence[]; nextOffset: number | null } {
  const more = rows.length > opts.limit;
  return {
    items: rows.slice(0, opts.limit).map((r) => ({ sdk: r.owner.slice(4), ruleId: r.rule_id, dataTypes: JSON.parse(r.data_types) as string[], companies: Number(r.companies), apps: Number(r.apps) })),
    nextOffset: more ? opts.offset + opts.limit : null,
  };
}

/**
 * SDK vendors from the counts of the last refresh: `orgId` 0 national, else the organisation's apps. The
 * counts are computed once when there are none yet; `asOf` says when.
 */
export async function sdkOffenceCounts(db: Db, opts: { orgId: number; minCompanies: number; offset: number; limit: number }): Promise<{ items: SdkOffence[]; nextOffset: number | null; asOf: string }> {
  let state = await db.selectFrom('sdk_offence_refresh').select(['computed_at']).where('id', '=', 1).executeTakeFirstOrThrow();
  if (state.computed_at === null) state = { computed_at: await refreshSdkOffences(db) };
  const rows = await db
    .selectFrom('sdk_offence_counts')
    .select(['owner', 'rule_id', 'data_types', 'companies', 'apps'])
    .where('org_id', '=', opts.orgId)
    .where('companies', '>=', opts.minCompanies)
    .orderBy('companies', 'desc')
    .orderBy('apps', 'desc')
    .orderBy('owner')
    .orderBy('rule_id')
    .orderBy('data_types')
    .offset(opts.offset)
    .limit(opts.limit + 1)
    .execute();
  return { ...sdkPage(rows, opts), asOf: state.computed_at! };
}

/**
 * Recomputes the SDK vendors' counts, national (org 0) and per organisation, in one transaction; the refresh
 * row is locked first, so that two platforms' schedulers refreshing at once take turns. Returns the time.
 */
export async function refreshSdkOffences(db: Db): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('sdk_offence_refresh').set({ computed_at: null }).where('id', '=', 1).execute();
    const at = new Date().toISOString();
    const maxId = Number((await trx.selectFrom('findings').select((eb) => eb.fn.max<number | string | null>('id').as('m')).executeTakeFirst())?.m ?? 0);
    await trx.deleteFrom('sdk_offence_counts').execute();
    const counted = (org: 'national' | 'orgs') => {
      let q = trx.selectFrom('findings as f').leftJoin('apps as a', 'a.id', 'f.app_id');
      if (org === 'orgs') q = q.innerJoin('org_apps as oa', 'oa.app_id', 'f.app_id');
      return q
        .select([
          org === 'orgs' ? sql<number>`oa.org_id`.as('org_id') : sql<number>`0`.as('org_id'),
          'f.owner',
          'f.rule_id',
          'f.data_types',
          (eb) => eb.fn.count<number>(sql`distinct a.company_id`).as('companies'),
          (eb) => eb.fn.count<number>(sql`distinct f.app_id`).as('apps'),
        ])
        .where('f.owner', 'like', 'sdk:%')
        .where('f.id', '<=', maxId)
        .groupBy(org === 'orgs' ? [sql`oa.org_id`, 'f.owner', 'f.rule_id', 'f.data_types'] : ['f.owner', 'f.rule_id', 'f.data_types']);
    };
    for (const org of ['national', 'orgs'] as const) await trx.insertInto('sdk_offence_counts').columns(['org_id', 'owner', 'rule_id', 'data_types', 'companies', 'apps']).expression(counted(org)).execute();
    await trx.updateTable('sdk_offence_refresh').set({ computed_at: at, findings_max_id: maxId }).where('id', '=', 1).execute();
    return at;
  });
}

/** Whether findings were written since the last refresh, or the counts are a day old (company moves). */
export async function sdkOffencesStale(db: Db, maxAgeMs = 86_400_000): Promise<boolean> {
  const state = await db.selectFrom('sdk_offence_refresh').select(['computed_at', 'findings_max_id']).where('id', '=', 1).executeTakeFirstOrThrow();
  if (state.computed_at === null || Date.now() - Date.parse(state.computed_at) > maxAgeMs) return true;
  const maxId = Number((await db.selectFrom('findings').select((eb) => eb.fn.max<number | string | null>('id').as('m')).executeTakeFirst())?.m ?? 0);
  return maxId !== state.findings_max_id;
}
