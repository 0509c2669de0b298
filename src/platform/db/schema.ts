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
  // What the store shows (0007_intake; null on listings entered by hand): package/store-listing.ts.
  app_name?: string | null;
  developer?: string | null;
  version_name?: string | null;
  version_code?: number | null;
  /** JSON array of permission names; null when the store does not list them. */
  permissions?: string | null;
  privacy_policy_url?: string | null;
  /** JSON array of the signer certificates' SHA-256 the store names. */
  signer_sha256?: string | null;
  package_sha256?: string | null;
  fetched_at?: string | null;
  /** The intake source that read it. */
  source_id?: number | null;
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

/** The transactional outbox (migration 0005_outbox): an event, written in the transaction of the change it announces. */
export interface EventTable {
  id: Generated<number>;
  /** The id consumers deduplicate by (a UUID), sent with every delivery. */
  uid: string;
  org_id: number;
  type: string;
  subject: string;
  /** JSON object. */
  data: string;
  created_at: string;
}

/** Where an organisation's events go: a webhook URL (signed) or an e-mail address. */
export interface EventSubscriptionTable {
  id: Generated<number>;
  org_id: number;
  kind: 'webhook' | 'email';
  /** The webhook URL or the e-mail address. */
  target: string;
  /**
   * The webhook's signing secret, AES-256-GCM under the server key (events/secrets.ts). Not hashed: signing
   * an HMAC needs the secret itself, and a hash cannot sign. Null for e-mail.
   */
  secret_enc: string | null;
  /** JSON array of event types; empty = all. */
  event_types: string;
  active: number;
  created_at: string;
}

/** One event for one subscription, delivered at least once. */
export interface EventDeliveryTable {
  id: Generated<number>;
  event_id: number;
  subscription_id: number;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  next_attempt_at: string;
  lease_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** Every delivery attempt, kept. */
export interface DeliveryAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: string;
  ok: number;
  /** The HTTP status, or null (e-mail, or no answer). */
  status_code: number | null;
  error: string | null;
}

export type NoticeKindColumn = 'urge' | 'public' | 'takedown' | 'recheck';

/** A notice (通报). Once `status` is `published` the row is frozen (the database refuses updates). */
export interface NoticeTable {
  id: Generated<number>;
  org_id: number;
  batch_id: number;
  kind: NoticeKindColumn;
  status: 'draft' | 'published';
  /** A takedown notice: the public notice whose overdue apps it lists. */
  source_notice_id: number | null;
  title: string;
  issuer: string;
  /** JSON array of the body's paragraphs. */
  paragraphs: string;
  /** JSON array: for a takedown notice, the stores. */
  addressees: string;
  issue_date: string | null;
  working_days: number | null;
  deadline: string | null;
  engine_version: string | null;
  rules_version: string | null;
  /** The NoticeDocument as published (JSON), and its sha256. */
  document: string | null;
  document_sha256: string | null;
  drafted_by: number;
  published_by: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An app in a notice: the version and scan the notice rests on. */
export interface NoticeAppTable {
  id: Generated<number>;
  notice_id: number;
  app_id: number;
  version_id: number;
  scan_id: number;
  package_sha256: string;
  /** sha256 of the report's exact JSON bytes, set when the notice is published. */
  report_sha256: string | null;
}

/** A confirmed finding in a notice, with who confirmed it (four eyes). */
export interface NoticeFindingTable {
  id: Generated<number>;
  notice_id: number;
  app_id: number;
  finding_id: number;
  fingerprint: string;
  rule_id: string;
  /** JSON array of the finding's clauses. */
  clauses: string;
  confirmed_by: number;
}

export type WorkflowState = 'tested' | 'urged' | 'notified' | 'rectified' | 'overdue' | 'taken_down' | 'relisted';

/** An app's place in the campaign of one batch: its state and the notices that moved it. */
export interface WorkflowAppTable {
  id: Generated<number>;
  org_id: number;
  batch_id: number;
  app_id: number;
  state: WorkflowState;
  urge_notice_id: number | null;
  public_notice_id: number | null;
  takedown_notice_id: number | null;
  /** YYYY-MM-DD: the public notice's deadline. */
  deadline: string | null;
  /** The re-check (核查复检) scan queued when the deadline passed. */
  recheck_scan_id: number | null;
  updated_at: string;
}

export interface RectificationTable {
  id: Generated<number>;
  org_id: number;
  notice_id: number;
  app_id: number;
  scan_id: number;
  sha256: string;
  status: 'pending' | 'rectified' | 'not_rectified' | 'failed';
  /** JSON: the diff against the notice (fixed, persisting, new). */
  diff: string | null;
  reason: string | null;
  submitted_by: number;
  created_at: string;
  decided_at: string | null;
}

export interface TakedownConfirmationTable {
  id: Generated<number>;
  notice_id: number;
  app_id: number;
  store: string;
  /** YYYY-MM-DD: when the store took the app down. */
  confirmed_on: string;
  reference: string | null;
  recorded_by: number;
  created_at: string;
}

export type CreditKind = 'access_suspended' | 'penalised' | 'credit_listed';

/** An escalation on a company (停止接入, 行政处罚, 纳入不良名单/失信名单): the unit of credit is the company. */
export interface CreditRecordTable {
  id: Generated<number>;
  org_id: number;
  company_id: number;
  kind: CreditKind;
  /** The company's name and 统一社会信用代码 as they were when the decision was taken. */
  company_name: string;
  credit_code: string | null;
  licence_no: string | null;
  decision_date: string;
  reason: string;
  authority: string;
  /** JSON array of notice ids: the grounds. */
  notice_ids: string;
  /** A listing: the penalty it follows. */
  penalty_id: number | null;
  created_by: number;
  created_at: string;
}

/** The ledger: an app reached a step of the campaign in a batch (once per batch, app and step). */
export interface WorkflowStepTable {
  id: Generated<number>;
  org_id: number;
  batch_id: number;
  app_id: number;
  step: string;
  at: string;
  /** YYYY-MM in Beijing time. */
  month: string;
}

/** The SDKs and problem categories of an app's findings in a batch, for the counts by SDK and category. */
export interface WorkflowAppTagTable {
  id: Generated<number>;
  batch_id: number;
  app_id: number;
  kind: 'sdk' | 'category';
  value: string;
}

/** The statistics' summary: app entries that reached a step, per organisation, dimension, key and month. */
export interface WorkflowCountTable {
  id: Generated<number>;
  /** 0: the national totals. */
  org_id: number;
  dim: string;
  key: string;
  month: string;
  step: string;
  n: number;
}

/** Where packages come from (intake/): a watched folder, a list of URLs or a store connector, feeding a batch. */
export interface IntakeSourceTable {
  id: Generated<number>;
  org_id: number;
  /** Whose uploads its packages become (the tenancy of what they yield). */
  user_id: number;
  name: string;
  kind: 'folder' | 'urls' | 'fdroid';
  /** JSON: the kind's settings, rate limits, retries and download limits. */
  config: string;
  batch_id: number;
  /** JSON: what the connector keeps between runs (the index timestamp it last read). */
  state: string;
  created_at: string;
}

export interface IntakeRunTable {
  id: Generated<number>;
  source_id: number;
  status: 'running' | 'done' | 'failed';
  /** JSON counts: candidates, added, known, skipped, failed. */
  counts: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

/** What a source brought in, once per package (sha256): a watched folder or a store run twice adds nothing. */
export interface IntakeItemTable {
  id: Generated<number>;
  source_id: number;
  item_key: string;
  sha256: string;
  scan_id: number;
  created_at: string;
}

/** Items a run could not bring in, with the candidate to try again (POST …/failures/{id}/retry). */
export interface IntakeFailureTable {
  id: Generated<number>;
  source_id: number;
  run_id: number | null;
  item_key: string;
  url: string | null;
  /** JSON of the candidate (connector.ts Candidate). */
  candidate: string;
  error: string;
  attempts: number;
  first_at: string;
  last_at: string;
  resolved_at: string | null;
}

/** Every fetch made on a source's behalf, refused ones included. */
export interface IntakeFetchTable {
  id: Generated<number>;
  source_id: number;
  run_id: number | null;
  url: string;
  final_url: string | null;
  at: string;
  status: number | null;
  bytes: number;
  sha256: string | null;
  error: string | null;
}

// Province → nation exchange (migration 0010_exchange, exchange/). A province's instance keeps its signing
// identity, the hash of each record it last exported and the bundles it made (so a pull re-sends the same
// signed bytes); the nation keeps each province's public key and cursor, the bundles it applied, and what
// each province reported, merged by identity (package sha256, package name, fingerprint).

/** This instance as a province: its code and Ed25519 key pair (the private key sealed under the server key). */
export interface ExchangeIdentityTable {
  id: Generated<number>;
  code: string;
  /** base64 of the SPKI DER public key. */
  public_key: string;
  private_key_enc: string;
  /** The last sequence the nation acknowledged to a push. */
  acked_seq: number;
  created_at: string;
}

/** The province's last exported content of each record (by its key), so a bundle carries only changes. */
export interface ExchangeStateTable {
  key: string;
  hash: string;
  seq: number;
}

/** A bundle this province made: the exact signed payload, re-sent as it is. */
export interface ExchangeBundleOutTable {
  seq: number;
  bundle_id: string;
  payload: string;
  signature: string;
  records: number;
  created_at: string;
}

/** A province the nation accepts bundles from: its organisation here, its public key, its cursor. */
export interface ExchangeProvinceTable {
  id: Generated<number>;
  org_id: number;
  code: string;
  public_key: string;
  last_seq: number;
  created_at: string;
  updated_at: string;
}

/** A bundle the nation applied (once per province and sequence). */
export interface ExchangeBundleInTable {
  id: Generated<number>;
  province_id: number;
  seq: number;
  bundle_id: string;
  payload_sha256: string;
  records: number;
  bytes: number;
  applied_at: string;
}

/** An app as a province reported it. */
export interface ExchangeAppReportTable {
  id: Generated<number>;
  province_id: number;
  app_id: number;
  name: string | null;
  filing_no: string | null;
  company_name: string | null;
  credit_code: string | null;
  seq: number;
}

/** A version (package) a province reported. */
export interface ExchangeVersionReportTable {
  id: Generated<number>;
  province_id: number;
  version_id: number;
  seq: number;
}

/** A finding merged by fingerprint: the fields its fingerprint is a hash of. */
export interface ExchangeFindingTable {
  id: Generated<number>;
  fingerprint: string;
  app_id: number;
  rule_id: string;
  owner: string;
  /** JSON array, sorted. */
  data_types: string;
}

/** A finding as a province reported it: confirmed, or withdrawn (no longer confirmed there). */
export interface ExchangeFindingReportTable {
  id: Generated<number>;
  province_id: number;
  finding_id: number;
  state: 'confirmed' | 'withdrawn';
  severity: string | null;
  confidence: string | null;
  /** JSON array of the package sha256s it was found in. */
  versions: string;
  /** JSON array: sha256 of each evidence item of the finding. */
  evidence_sha256: string;
  /** The finding as the province's report has it (JSON), or null when withdrawn. */
  body: string | null;
  seq: number;
}

/** A published notice of a province, with its apps' workflow states (JSON). */
export interface ExchangeNoticeReportTable {
  id: Generated<number>;
  province_id: number;
  /** The notice's id at the province. */
  ref: number;
  kind: string;
  title: string;
  issuer: string;
  issue_date: string | null;
  deadline: string | null;
  document_sha256: string | null;
  apps: string;
  seq: number;
}

/** A provincially reported app on a national notice (a takedown combining the nation's re-test with provinces'). */
export interface ExchangeNoticeAppTable {
  id: Generated<number>;
  notice_id: number;
  app_id: number;
  version_id: number;
  /** JSON array of province codes. */
  provinces: string;
  /** JSON array of the confirmed fingerprints. */
  fingerprints: string;
}

/** SDK vendors' counts, as of the last refresh (domain/offenders.ts refreshSdkOffences). */
export interface SdkOffenceCountTable {
  id: Generated<number>;
  /** 0: national (every app); otherwise the apps the organisation sees (org_apps). */
  org_id: number;
  owner: string;
  rule_id: string;
  data_types: string;
  companies: number;
  apps: number;
}

/** The one row (id 1) saying when sdk_offence_counts was computed, and up to which finding. */
export interface SdkOffenceRefreshTable {
  id: number;
  computed_at: string | null;
  findings_max_id: number;
}

/** An import of another engine's results on one version of an app (migration 0009_engines). */
export interface EngineImportTable {
  id: Generated<number>;
  org_id: number;
  user_id: number;
  format: 'sarif' | 'piscope' | 'camille' | 'appscan';
  /** The engine's name as it calls itself (SARIF tool.driver.name, "piscope", "camille", "AppScan"). */
  engine: string;
  engine_version: string | null;
  app_id: number;
  version_id: number;
  sha256: string;
  file_name: string;
  /** sha256 of the imported file's bytes. */
  file_sha256: string;
  finding_count: number;
  mapped_count: number;
  /** JSON array of what was skipped in the file and why (lines of a log that are no hooked call). */
  problems: string;
  created_at: string;
}

/** A finding of an import, under our rule id when the mapping table maps it, else the engine's own (namespaced). */
export interface EngineFindingTable {
  id: Generated<number>;
  import_id: number;
  idx: number;
  app_id: number;
  fingerprint: string;
  rule_id: string;
  /** The rule id as the engine gave it. */
  source_rule_id: string;
  mapped: number;
  /** JSON array of our clause ids (empty when unmapped). */
  clauses: string;
  severity: string;
  confidence: string;
  owner: string;
  data_types: string;
  title_zh: string;
  title_en: string;
  /** The finding as imported (JSON): the Report's Finding shape. */
  body: string;
}

export interface DB {
  intake_sources: IntakeSourceTable;
  intake_runs: IntakeRunTable;
  intake_items: IntakeItemTable;
  intake_failures: IntakeFailureTable;
  intake_fetches: IntakeFetchTable;
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
  events: EventTable;
  event_subscriptions: EventSubscriptionTable;
  event_deliveries: EventDeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  notices: NoticeTable;
  notice_apps: NoticeAppTable;
  notice_findings: NoticeFindingTable;
  workflow_apps: WorkflowAppTable;
  rectifications: RectificationTable;
  takedown_confirmations: TakedownConfirmationTable;
  credit_records: CreditRecordTable;
  org_scans: OrgScanTable;
  org_apps: OrgAppTable;
  org_findings: OrgFindingTable;
  workflow_steps: WorkflowStepTable;
  workflow_app_tags: WorkflowAppTagTable;
  workflow_counts: WorkflowCountTable;
  sdk_offence_counts: SdkOffenceCountTable;
  sdk_offence_refresh: SdkOffenceRefreshTable;
  engine_imports: EngineImportTable;
  engine_findings: EngineFindingTable;
  exchange_identity: ExchangeIdentityTable;
  exchange_state: ExchangeStateTable;
  exchange_bundles_out: ExchangeBundleOutTable;
  exchange_provinces: ExchangeProvinceTable;
  exchange_bundles_in: ExchangeBundleInTable;
  exchange_app_reports: ExchangeAppReportTable;
  exchange_version_reports: ExchangeVersionReportTable;
  exchange_findings: ExchangeFindingTable;
  exchange_finding_reports: ExchangeFindingReportTable;
  exchange_notice_reports: ExchangeNoticeReportTable;
  exchange_notice_apps: ExchangeNoticeAppTable;
}

export type Db = Kysely<DB>;
export type Dialect = 'sqlite' | 'postgres';

export const now = (): string => new Date().toISOString();
