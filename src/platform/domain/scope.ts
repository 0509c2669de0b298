// Tenancy as query filters. The national organisation sees everything. A provincial organisation sees the
// packages its users uploaded and everything derived from them (scans, findings, versions, apps), its own
// batches, users and audit log. An operator sees only its company's apps and its own uploads. Everything
// else does not exist for the caller: routes answer 404, never 403.
//
// A provincial organisation's scans, apps and findings are read from the visibility tables (org_scans,
// org_apps, org_findings; domain/visibility.ts keeps them), so its lists walk an index on (org_id, …, id);
// an operator's are worked out from its uploads and its company, as few rows as one company has.
import type { Db } from '../db/schema.ts';
import type { Principal } from './identity.ts';

export const REGULATOR_ROLES = ['admin', 'inspector', 'reviewer', 'viewer'] as const;

/** An operator with no regulator role: sees its company's apps only. */
export const isOperator = (p: Principal): boolean => p.roles.includes('operator') && !p.roles.some((r) => (REGULATOR_ROLES as readonly string[]).includes(r));

/** The package hashes the caller may see, as a subquery; null when it sees all. */
export function visibleShas(db: Db, p: Principal) {
  if (p.national) return null;
  if (isOperator(p)) {
    const own = db.selectFrom('uploads').select('uploads.sha256 as sha256').where('uploads.user_id', '=', p.userId);
    if (p.companyId === null) return own;
    return own.union(db.selectFrom('versions').innerJoin('apps', 'apps.id', 'versions.app_id').select('versions.sha256 as sha256').where('apps.company_id', '=', p.companyId));
  }
  return db.selectFrom('uploads').select('uploads.sha256 as sha256').where('uploads.org_id', '=', p.orgId);
}

// `below` (a list page's cursor) is said inside each subquery too: PostgreSQL carries an equality from the
// outer query into the subquery, not a range, and would otherwise walk from the newest row down to it.

/** The scan ids the caller may see, as a subquery; null when it sees all. */
export function visibleScanIds(db: Db, p: Principal, below?: number) {
  if (p.national) return null;
  if (isOperator(p)) {
    let q = db.selectFrom('scans').select('scans.id as id').where('scans.sha256', 'in', visibleShas(db, p)!);
    if (below !== undefined) q = q.where('scans.id', '<', below);
    return q;
  }
  let q = db.selectFrom('org_scans').select('org_scans.scan_id as id').where('org_scans.org_id', '=', p.orgId);
  if (below !== undefined) q = q.where('org_scans.scan_id', '<', below);
  return q;
}

/** The app ids the caller may see, as a subquery; null when it sees all. */
export function visibleAppIds(db: Db, p: Principal, below?: number) {
  if (p.national) return null;
  if (isOperator(p)) {
    let viaVersions = db.selectFrom('versions').select('versions.app_id as id').where('versions.sha256', 'in', visibleShas(db, p)!);
    if (below !== undefined) viaVersions = viaVersions.where('versions.app_id', '<', below);
    if (p.companyId !== null) return viaVersions.union(db.selectFrom('apps').select('apps.id as id').where('apps.company_id', '=', p.companyId));
    return viaVersions;
  }
  let q = db.selectFrom('org_apps').select('org_apps.app_id as id').where('org_apps.org_id', '=', p.orgId);
  if (below !== undefined) q = q.where('org_apps.app_id', '<', below);
  return q;
}

export interface FindingFilter {
  below?: number;
  ruleId?: string;
  severity?: string;
}

/**
 * The finding ids the caller may see, as a subquery; null when it sees all. The list's rule and severity
 * filters go inside (and only there): a province's filtered list is then a walk of one org_findings index.
 */
export function visibleFindingIds(db: Db, p: Principal, f: FindingFilter = {}) {
  if (p.national) return null;
  if (isOperator(p)) {
    let q = db.selectFrom('findings').innerJoin('scans', 'scans.id', 'findings.scan_id').select('findings.id as id').where('scans.sha256', 'in', visibleShas(db, p)!);
    if (f.below !== undefined) q = q.where('findings.id', '<', f.below);
    if (f.ruleId !== undefined) q = q.where('findings.rule_id', '=', f.ruleId);
    if (f.severity !== undefined) q = q.where('findings.severity', '=', f.severity);
    return q;
  }
  let q = db.selectFrom('org_findings').select('org_findings.finding_id as id').where('org_findings.org_id', '=', p.orgId);
  if (f.below !== undefined) q = q.where('org_findings.finding_id', '<', f.below);
  if (f.ruleId !== undefined) q = q.where('org_findings.rule_id', '=', f.ruleId);
  if (f.severity !== undefined) q = q.where('org_findings.severity', '=', f.severity);
  return q;
}

/**
 * The company ids the caller may see, as a subquery; null when it sees all: a province's own companies and
 * those of the apps it sees. With `page`, only the first `page.limit` of them under `page.below`, newest
 * first: each half is then an index walk (companies_org, org_apps_company), not a union of all of them.
 */
export function visibleCompanyIds(db: Db, p: Principal, page?: { below: number | null; limit: number }) {
  if (p.national) return null;
  if (isOperator(p)) return db.selectFrom('companies').select('companies.id as id').where('companies.id', '=', p.companyId ?? -1);
  let own = db.selectFrom('companies').select('companies.id as id').where('companies.org_id', '=', p.orgId);
  let viaApps = db.selectFrom('org_apps').select('org_apps.company_id as id').where('org_apps.org_id', '=', p.orgId).where('org_apps.company_id', 'is not', null);
  if (page === undefined) return own.union(viaApps as never);
  if (page.below !== null) {
    own = own.where('companies.id', '<', page.below);
    viaApps = viaApps.where('org_apps.company_id', '<', page.below);
  }
  const a = own.orderBy('companies.id', 'desc').limit(page.limit);
  const b = viaApps.distinct().orderBy('org_apps.company_id', 'desc').limit(page.limit);
  return db.selectFrom(a.as('a')).select('a.id').union(db.selectFrom(b.as('b')).select('b.id') as never);
}

/** The batches the caller sees: an operator its own, a province its organisation's, the national organisation all. */
export function visibleBatches(db: Db, p: Principal) {
  let q = db.selectFrom('batches').selectAll();
  if (isOperator(p)) q = q.where('created_by', '=', p.userId);
  else if (!p.national) q = q.where('org_id', '=', p.orgId);
  return q;
}
