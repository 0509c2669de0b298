// Tenancy as query filters. The national organisation sees everything. A provincial organisation sees the
// packages its users uploaded and everything derived from them (scans, findings, versions, apps), its own
// batches, users and audit log. An operator sees only its company's apps and its own uploads. Everything
// else does not exist for the caller: routes answer 404, never 403.
import type { Db } from '../db/schema.ts';
import type { Principal } from './identity.ts';

const REGULATOR_ROLES = ['admin', 'inspector', 'reviewer', 'viewer'] as const;

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

/**
 * The app ids the caller may see, as a subquery; null when it sees all. `below`: only ids under it (a list
 * page's cursor), said inside the subquery too, else PostgreSQL merges from the newest app down to the cursor.
 */
export function visibleAppIds(db: Db, p: Principal, below?: number) {
  const shas = visibleShas(db, p);
  if (shas === null) return null;
  let viaVersions = db.selectFrom('versions').select('versions.app_id as id').where('versions.sha256', 'in', shas);
  if (below !== undefined) viaVersions = viaVersions.where('versions.app_id', '<', below);
  if (isOperator(p) && p.companyId !== null) return viaVersions.union(db.selectFrom('apps').select('apps.id as id').where('apps.company_id', '=', p.companyId));
  return viaVersions;
}

/** The company ids the caller may see; null when it sees all. */
export function visibleCompanyIds(db: Db, p: Principal) {
  if (p.national) return null;
  if (isOperator(p)) return db.selectFrom('companies').select('companies.id as id').where('companies.id', '=', p.companyId ?? -1);
  const apps = visibleAppIds(db, p)!;
  return db
    .selectFrom('companies')
    .select('companies.id as id')
    .where('companies.org_id', '=', p.orgId)
    .union(db.selectFrom('apps').select('apps.company_id as id').where('apps.id', 'in', apps).where('apps.company_id', 'is not', null) as never);
}
