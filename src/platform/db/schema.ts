// The platform's tables, as Kysely types. One schema for SQLite and PostgreSQL: ids are integers, times are
// ISO-8601 text (sortable, identical on both), lists and objects are JSON text, flags are 0/1.
import type { Generated, Kysely } from 'kysely';

export interface OrgTable {
  id: Generated<number>;
  name: string;
  level: 'national' | 'provincial';
  code: string;
  parent_id: number | null;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  email: string | null;
  /** scrypt$N$salt$hash (node:crypto); null when the user signs in with tokens only. */
  password_hash: string | null;
  /** JSON array of roles. */
  roles: string;
  /** An operator's company. */
  company_id: number | null;
  created_at: string;
}

export interface TokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** sha256 of the token: the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface CompanyTable {
  id: Generated<number>;
  name: string;
  credit_code: string | null;
  /** The organisation that registered it (a company is visible to it and to whoever sees one of its apps). */
  org_id: number;
  created_at: string;
}

export interface AppTable {
  id: Generated<number>;
  platform: string;
  package_name: string;
  name: string | null;
  company_id: number | null;
  filing_no: string | null;
  created_at: string;
}

export interface StoreListingTable {
  id: Generated<number>;
  app_id: number;
  store: string;
  url: string;
  created_at: string;
}

export interface VersionTable {
  id: Generated<number>;
  app_id: number;
  sha256: string;
  version_code: string | null;
  version_name: string | null;
  signer_sha256: string | null;
  created_at: string;
}

export interface PackageTable {
  sha256: string;
  size: number;
  /** The name it was first uploaded under (the scans' reports name it so). */
  name: string;
  created_at: string;
}

/** Who uploaded which package: the tenancy of everything derived from a package. */
export interface UploadTable {
  id: Generated<number>;
  sha256: string;
  org_id: number;
  user_id: number;
  batch_id: number | null;
  file_name: string;
  scan_id: number;
  created_at: string;
}

export interface BatchTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  year: number;
  seq: number;
  total_seq: number;
  created_by: number;
  created_at: string;
}

export interface ScanTable {
  id: Generated<number>;
  sha256: string;
  engine_version: string;
  /** Canonical JSON of the scan options ({} for none). */
  options: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  priority: number;
  job_id: string | null;
  /** The fence: set when a worker claims the scan; only its holder may commit. */
  lease_token: string | null;
  attempts: number;
  error: string | null;
  app_id: number | null;
  version_id: number | null;
  finding_count: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ReportTable {
  scan_id: number;
  /** The report exactly as `piscope scan --format json` prints it, brotli-compressed. */
  body: Buffer;
  size: number;
}

export interface FindingTable {
  id: Generated<number>;
  scan_id: number;
  /** Position in the report's findings array. */
  idx: number;
  app_id: number | null;
  fingerprint: string;
  rule_id: string;
  severity: string;
  confidence: string;
  owner: string;
  data_types: string;
  title_zh: string;
  title_en: string;
  /** The finding as the report has it (JSON). */
  body: string;
}

/** A human decision on a fingerprint, per organisation; later scans never change it. */
export interface ReviewTable {
  id: Generated<number>;
  org_id: number;
  fingerprint: string;
  state: 'open' | 'confirmed' | 'false_positive' | 'accepted';
  expires_at: string | null;
  updated_by: number;
  updated_at: string;
}

export interface ReviewHistoryTable {
  id: Generated<number>;
  org_id: number;
  fingerprint: string;
  state: string;
  expires_at: string | null;
  reason: string;
  user_id: number;
  at: string;
}

/** Append-only: rows are inserted, never updated or deleted. */
export interface AuditTable {
  id: Generated<number>;
  org_id: number;
  user_id: number;
  action: string;
  target: string;
  reason: string | null;
  detail: string;
  at: string;
}

// Visibility: which organisation sees which scan, app and finding, kept where uploads and results are
// written (domain/packages.ts, domain/results.ts) so a provincial list is an index walk on (org_id, …, id)
// instead of a search through uploads by package hash (bench/PLATFORM-SCALE.md). An organisation sees what
// derives from a package one of its users uploaded; the national organisation sees everything without rows.

/** A scan of a package the organisation uploaded. */
export interface OrgScanTable {
  org_id: number;
  scan_id: number;
}

/** An app with a version whose package the organisation uploaded; company_id follows apps.company_id. */
export interface OrgAppTable {
  org_id: number;
  app_id: number;
  company_id: number | null;
}

/** A finding of a scan the organisation sees; rule_id and severity copied (never change) for the filters' indexes. */
export interface OrgFindingTable {
  org_id: number;
  finding_id: number;
  rule_id: string;
  severity: string;
}

/** The embedded queue (SQLite); with PostgreSQL the jobs live in pg-boss's own tables. */
export interface JobTable {
  id: Generated<number>;
  queue: string;
  payload: string;
  priority: number;
  status: 'queued' | 'active' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  max_attempts: number;
  lease_token: string | null;
  lease_until: string | null;
  error: string | null;
  created_at: string;
}

export interface DB {
  orgs: OrgTable;
  users: UserTable;
  api_tokens: TokenTable;
  companies: CompanyTable;
  apps: AppTable;
  store_listings: StoreListingTable;
  versions: VersionTable;
  packages: PackageTable;
  uploads: UploadTable;
  batches: BatchTable;
  scans: ScanTable;
  reports: ReportTable;
  findings: FindingTable;
  reviews: ReviewTable;
  review_history: ReviewHistoryTable;
  audit_log: AuditTable;
  jobs: JobTable;
  org_scans: OrgScanTable;
  org_apps: OrgAppTable;
  org_findings: OrgFindingTable;
}

export type Db = Kysely<DB>;
export type Dialect = 'sqlite' | 'postgres';

export const now = (): string => new Date().toISOString();
