// Migrations as code, the same on SQLite and PostgreSQL; only the id and blob column types differ.
// Append a new migration; never edit one that has shipped.
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Dialect } from './schema.ts';

type AnyDb = Kysely<unknown>;

function migrations(dialect: Dialect): Record<string, Migration> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  const blobType = dialect === 'postgres' ? 'bytea' : 'blob';
  const table = (db: AnyDb, name: string) =>
    db.schema.createTable(name).addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()));
  return {
    '0001_core': {
      async up(db: AnyDb) {
        await table(db, 'orgs')
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('parent_id', 'integer', (c) => c.references('orgs.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'companies')
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('credit_code', 'text', (c) => c.unique())
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'users')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.unique())
          .addColumn('password_hash', 'text')
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('company_id', 'integer', (c) => c.references('companies.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'api_tokens')
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        await table(db, 'apps')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('package_name', 'text', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('company_id', 'integer', (c) => c.references('companies.id'))
          .addColumn('filing_no', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('apps_platform_package', ['platform', 'package_name'])
          .execute();
        await db.schema.createIndex('apps_company').on('apps').column('company_id').execute();
        await table(db, 'store_listings')
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('store', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'versions')
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('version_code', 'text')
          .addColumn('version_name', 'text')
          .addColumn('signer_sha256', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('versions_app_sha256', ['app_id', 'sha256'])
          .execute();
        await db.schema.createIndex('versions_sha256').on('versions').column('sha256').execute();
        await db.schema
          .createTable('packages')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'batches')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('total_seq', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('batches_org_name', ['org_id', 'name'])
          .addUniqueConstraint('batches_org_total_seq', ['org_id', 'total_seq'])
          .execute();
        await table(db, 'scans')
          .addColumn('sha256', 'text', (c) => c.notNull().references('packages.sha256'))
          .addColumn('engine_version', 'text', (c) => c.notNull())
          .addColumn('options', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('priority', 'integer', (c) => c.notNull())
          .addColumn('job_id', 'text')
          .addColumn('lease_token', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('error', 'text')
          .addColumn('app_id', 'integer', (c) => c.references('apps.id'))
          .addColumn('version_id', 'integer', (c) => c.references('versions.id'))
          .addColumn('finding_count', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('finished_at', 'text')
          .addUniqueConstraint('scans_identity', ['sha256', 'engine_version', 'options'])
          .execute();
        await db.schema.createIndex('scans_status').on('scans').columns(['status', 'id']).execute();
        await db.schema.createIndex('scans_version').on('scans').column('version_id').execute();
        await table(db, 'uploads')
          .addColumn('sha256', 'text', (c) => c.notNull().references('packages.sha256'))
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('batch_id', 'integer', (c) => c.references('batches.id'))
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('uploads_org_sha').on('uploads').columns(['org_id', 'sha256']).execute();
        await db.schema.createIndex('uploads_user_sha').on('uploads').columns(['user_id', 'sha256']).execute();
        await db.schema.createIndex('uploads_sha').on('uploads').column('sha256').execute();
        await db.schema.createIndex('uploads_batch').on('uploads').columns(['batch_id', 'id']).execute();
        await db.schema
          .createTable('reports')
          .addColumn('scan_id', 'integer', (c) => c.primaryKey().references('scans.id'))
          .addColumn('body', blobType, (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .execute();
        await table(db, 'findings')
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id'))
          .addColumn('idx', 'integer', (c) => c.notNull())
          .addColumn('app_id', 'integer', (c) => c.references('apps.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('confidence', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('data_types', 'text', (c) => c.notNull())
          .addColumn('title_zh', 'text', (c) => c.notNull())
          .addColumn('title_en', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addUniqueConstraint('findings_scan_idx', ['scan_id', 'idx'])
          .execute();
        await db.schema.createIndex('findings_fingerprint').on('findings').column('fingerprint').execute();
        await db.schema.createIndex('findings_app').on('findings').columns(['app_id', 'id']).execute();
        await table(db, 'reviews')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('reviews_org_fingerprint', ['org_id', 'fingerprint'])
          .execute();
        await table(db, 'review_history')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('review_history_fp').on('review_history').columns(['org_id', 'fingerprint']).execute();
        await table(db, 'audit_log')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'jobs')
          .addColumn('queue', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('priority', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('max_attempts', 'integer', (c) => c.notNull())
          .addColumn('lease_token', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('jobs_take').on('jobs').columns(['queue', 'status', 'priority', 'id']).execute();
        // The audit log is append-only in the database too, not just by convention.
        if (dialect === 'sqlite') {
          await sql`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        } else {
          await sql`CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_append_only()`.execute(db);
        }
      },
    },
    // Indexes the list filters need at national scale (bench/platform-scale.ts, bench/PLATFORM-SCALE.md): each
    // filter of a list walks its own index newest first instead of a scan of the table.
    '0002_list_indexes': {
      async up(db: AnyDb) {
        await db.schema.createIndex('findings_rule').on('findings').columns(['rule_id', 'id']).execute();
        await db.schema.createIndex('findings_severity').on('findings').columns(['severity', 'id']).execute();
        await db.schema.createIndex('scans_app').on('scans').columns(['app_id', 'id']).execute();
        await db.schema.createIndex('apps_package_name').on('apps').column('package_name').execute();
        await db.schema.createIndex('audit_org').on('audit_log').columns(['org_id', 'id']).execute();
      },
    },
    // Which organisation sees which scan, app and finding (schema.ts), so that a provincial list walks an
    // index on (org_id, …, id) newest first instead of probing uploads by package hash for every row
    // (bench/PLATFORM-SCALE.md: 1.6 s for the smallest province's findings, 3.8 s for the largest one's
    // companies). Filled here from uploads, then kept by domain/packages.ts and domain/results.ts. The tables
    // are loaded before their indexes are built (faster at 25 M findings). No foreign keys: the rows are
    // derived, written only by domain/visibility.ts in the transaction that writes what they derive from,
    // and a key's check is a trigger per row (26 M in this backfill, and one per finding at each commit).
    '0003_visibility': {
      async up(db: AnyDb) {
        if (dialect === 'postgres') await sql`SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL work_mem = '256MB'`.execute(db);
        await db.schema
          .createTable('org_scans')
          .addColumn('org_id', 'integer', (c) => c.notNull())
          .addColumn('scan_id', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('org_apps')
          .addColumn('org_id', 'integer', (c) => c.notNull())
          .addColumn('app_id', 'integer', (c) => c.notNull())
          .addColumn('company_id', 'integer')
          .execute();
        await db.schema
          .createTable('org_findings')
          .addColumn('org_id', 'integer', (c) => c.notNull())
          .addColumn('finding_id', 'integer', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .execute();
        // In index order, so an organisation's rows sit together on disk.
        await sql`INSERT INTO org_scans (org_id, scan_id)
                  SELECT DISTINCT u.org_id, s.id FROM uploads u JOIN scans s ON s.sha256 = u.sha256 ORDER BY u.org_id, s.id`.execute(db);
        await sql`INSERT INTO org_apps (org_id, app_id, company_id)
                  SELECT DISTINCT u.org_id, v.app_id, a.company_id FROM uploads u JOIN versions v ON v.sha256 = u.sha256 JOIN apps a ON a.id = v.app_id ORDER BY u.org_id, v.app_id`.execute(db);
        await sql`INSERT INTO org_findings (org_id, finding_id, rule_id, severity)
                  SELECT o.org_id, f.id, f.rule_id, f.severity FROM org_scans o JOIN findings f ON f.scan_id = o.scan_id ORDER BY o.org_id, f.id`.execute(db);
        await db.schema.createIndex('org_scans_key').unique().on('org_scans').columns(['org_id', 'scan_id']).execute();
        await db.schema.createIndex('org_apps_key').unique().on('org_apps').columns(['org_id', 'app_id']).execute();
        await db.schema.createIndex('org_apps_company').on('org_apps').columns(['org_id', 'company_id']).execute();
        // An app's company changes (PATCH /apps/:id): its rows are found by app.
        await db.schema.createIndex('org_apps_app').on('org_apps').column('app_id').execute();
        await db.schema.createIndex('org_findings_key').unique().on('org_findings').columns(['org_id', 'finding_id']).execute();
        await db.schema.createIndex('org_findings_rule').on('org_findings').columns(['org_id', 'rule_id', 'finding_id']).execute();
        await db.schema.createIndex('org_findings_rule_severity').on('org_findings').columns(['org_id', 'rule_id', 'severity', 'finding_id']).execute();
        // The national lists: both filters at once (a pair that matches few rows walked all of the rule's).
        await db.schema.createIndex('findings_rule_severity').on('findings').columns(['rule_id', 'severity', 'id']).execute();
        // A province's own companies newest first (GET /companies).
        await db.schema.createIndex('companies_org').on('companies').columns(['org_id', 'id']).execute();
        // Statistics now, not at autovacuum's next turn: without them the lists' first plans are guesses.
        if (dialect === 'postgres') await sql`ANALYZE org_scans, org_apps, org_findings`.execute(db);
      },
    },
    // The regulator's workflow (issue 13): notices and the apps and findings in them, each app's workflow
    // state per batch, rectifications, store confirmations of takedowns and companies' credit records.
    '0004_workflow': {
      async up(db: AnyDb) {
        await table(db, 'notices')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('source_notice_id', 'integer', (c) => c.references('notices.id'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('issuer', 'text', (c) => c.notNull())
          .addColumn('paragraphs', 'text', (c) => c.notNull())
          .addColumn('addressees', 'text', (c) => c.notNull())
          .addColumn('issue_date', 'text')
          .addColumn('working_days', 'integer')
          .addColumn('deadline', 'text')
          .addColumn('engine_version', 'text')
          .addColumn('rules_version', 'text')
          .addColumn('document', 'text')
          .addColumn('document_sha256', 'text')
          .addColumn('drafted_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('published_by', 'integer', (c) => c.references('users.id'))
          .addColumn('published_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('notices_org').on('notices').columns(['org_id', 'id']).execute();
        await db.schema.createIndex('notices_source').on('notices').column('source_notice_id').execute();
        await table(db, 'notice_apps')
          .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id'))
          .addColumn('package_sha256', 'text', (c) => c.notNull())
          .addColumn('report_sha256', 'text')
          .addUniqueConstraint('notice_apps_notice_app', ['notice_id', 'app_id'])
          .execute();
        await db.schema.createIndex('notice_apps_app').on('notice_apps').column('app_id').execute();
        await table(db, 'notice_findings')
          .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('clauses', 'text', (c) => c.notNull())
          .addColumn('confirmed_by', 'integer', (c) => c.notNull().references('users.id'))
          .addUniqueConstraint('notice_findings_notice_finding', ['notice_id', 'finding_id'])
          .execute();
        await db.schema.createIndex('notice_findings_fp').on('notice_findings').column('fingerprint').execute();
        await table(db, 'workflow_apps')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('urge_notice_id', 'integer', (c) => c.references('notices.id'))
          .addColumn('public_notice_id', 'integer', (c) => c.references('notices.id'))
          .addColumn('takedown_notice_id', 'integer', (c) => c.references('notices.id'))
          .addColumn('deadline', 'text')
          .addColumn('recheck_scan_id', 'integer', (c) => c.references('scans.id'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('workflow_apps_org_batch_app', ['org_id', 'batch_id', 'app_id'])
          .execute();
        await db.schema.createIndex('workflow_apps_state').on('workflow_apps').columns(['state', 'deadline']).execute();
        await db.schema.createIndex('workflow_apps_app').on('workflow_apps').column('app_id').execute();
        await table(db, 'rectifications')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id'))
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('diff', 'text')
          .addColumn('reason', 'text')
          .addColumn('submitted_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('decided_at', 'text')
          .execute();
        await db.schema.createIndex('rectifications_org').on('rectifications').columns(['org_id', 'id']).execute();
        await db.schema.createIndex('rectifications_status').on('rectifications').column('status').execute();
        await table(db, 'takedown_confirmations')
          .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('store', 'text', (c) => c.notNull())
          .addColumn('confirmed_on', 'text', (c) => c.notNull())
          .addColumn('reference', 'text')
          .addColumn('recorded_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('takedown_confirmations_notice_app_store', ['notice_id', 'app_id', 'store'])
          .execute();
        await table(db, 'credit_records')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('company_id', 'integer', (c) => c.notNull().references('companies.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('company_name', 'text', (c) => c.notNull())
          .addColumn('credit_code', 'text')
          .addColumn('licence_no', 'text')
          .addColumn('decision_date', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('authority', 'text', (c) => c.notNull())
          .addColumn('notice_ids', 'text', (c) => c.notNull())
          .addColumn('penalty_id', 'integer', (c) => c.references('credit_records.id'))
          .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('credit_records_company').on('credit_records').columns(['company_id', 'id']).execute();
        // A published notice is frozen in the database too: its row cannot change and its apps and findings
        // cannot be added or removed.
        if (dialect === 'sqlite') {
          await sql`CREATE TRIGGER notices_frozen BEFORE UPDATE ON notices WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, 'a published notice is immutable'); END`.execute(db);
          await sql`CREATE TRIGGER notices_frozen_delete BEFORE DELETE ON notices WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, 'a published notice is immutable'); END`.execute(db);
          for (const t of ['notice_apps', 'notice_findings']) {
            await sql.raw(`CREATE TRIGGER ${t}_frozen_insert BEFORE INSERT ON ${t} WHEN (SELECT status FROM notices WHERE id = NEW.notice_id) = 'published' BEGIN SELECT RAISE(ABORT, 'a published notice is immutable'); END`).execute(db);
            await sql.raw(`CREATE TRIGGER ${t}_frozen_update BEFORE UPDATE ON ${t} WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published' BEGIN SELECT RAISE(ABORT, 'a published notice is immutable'); END`).execute(db);
            await sql.raw(`CREATE TRIGGER ${t}_frozen_delete BEFORE DELETE ON ${t} WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published' BEGIN SELECT RAISE(ABORT, 'a published notice is immutable'); END`).execute(db);
          }
        } else {
          await sql`CREATE FUNCTION notices_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.status = 'published' THEN RAISE EXCEPTION 'a published notice is immutable'; END IF; RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END $$`.execute(db);
          await sql`CREATE TRIGGER notices_frozen BEFORE UPDATE OR DELETE ON notices FOR EACH ROW EXECUTE FUNCTION notices_frozen()`.execute(db);
          await sql`CREATE FUNCTION notice_parts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (SELECT status FROM notices WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.notice_id ELSE OLD.notice_id END) = 'published' THEN RAISE EXCEPTION 'a published notice is immutable'; END IF; RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END $$`.execute(db);
          for (const t of ['notice_apps', 'notice_findings']) await sql.raw(`CREATE TRIGGER ${t}_frozen BEFORE INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION notice_parts_frozen()`).execute(db);
        }
      },
    },
    // The transactional outbox (events/outbox.ts): events written in the caller's transaction, the organisation's
    // webhook and e-mail subscriptions, one delivery per event and subscription, and every attempt.
    '0005_outbox': {
      async up(db: AnyDb) {
        await table(db, 'events')
          .addColumn('uid', 'text', (c) => c.notNull().unique())
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_org').on('events').columns(['org_id', 'id']).execute();
        // secret_enc: the webhook secret encrypted under the server key; it cannot be hashed, it must sign.
        await table(db, 'event_subscriptions')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('secret_enc', 'text')
          .addColumn('event_types', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('event_subscriptions_org').on('event_subscriptions').columns(['org_id', 'active']).execute();
        await table(db, 'event_deliveries')
          .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
          .addColumn('subscription_id', 'integer', (c) => c.notNull().references('event_subscriptions.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('lease_token', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('last_error', 'text')
          .addColumn('delivered_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('event_deliveries_once', ['event_id', 'subscription_id'])
          .execute();
        await db.schema.createIndex('event_deliveries_due').on('event_deliveries').columns(['status', 'next_attempt_at']).execute();
        await table(db, 'delivery_attempts')
          .addColumn('delivery_id', 'integer', (c) => c.notNull().references('event_deliveries.id'))
          .addColumn('attempt', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('ok', 'integer', (c) => c.notNull())
          .addColumn('status_code', 'integer')
          .addColumn('error', 'text')
          .execute();
        await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').columns(['delivery_id', 'attempt']).execute();
      },
    },
    // The campaign's ledger and the statistics' summary (domain/ledger.ts), and the indexes of the repeat-offender
    // queries (domain/offenders.ts): findings by owner and rule (SDK vendors, 举一反三).
    '0006_ledger': {
      async up(db: AnyDb) {
        await table(db, 'workflow_steps')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('month', 'text', (c) => c.notNull())
          .addUniqueConstraint('workflow_steps_once', ['batch_id', 'app_id', 'step'])
          .execute();
        await db.schema.createIndex('workflow_steps_app').on('workflow_steps').columns(['app_id', 'id']).execute();
        await table(db, 'workflow_app_tags')
          .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addUniqueConstraint('workflow_app_tags_once', ['batch_id', 'app_id', 'kind', 'value'])
          .execute();
        // org_id 0 holds the national totals (no organisation has id 0), so that the national figures read 31
        // times fewer rows than a sum over the provinces.
        await table(db, 'workflow_counts')
          .addColumn('org_id', 'integer', (c) => c.notNull())
          .addColumn('dim', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('month', 'text', (c) => c.notNull())
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('n', 'integer', (c) => c.notNull())
          .addUniqueConstraint('workflow_counts_key', ['org_id', 'dim', 'key', 'month', 'step'])
          .execute();
        // Covering: every statistics query is an index-only range scan of one dimension and organisation.
        await db.schema.createIndex('workflow_counts_read').on('workflow_counts').columns(['dim', 'org_id', 'month', 'key', 'step', 'n']).execute();
        await db.schema.createIndex('findings_owner_rule').on('findings').columns(['owner', 'rule_id', 'data_types', 'app_id']).execute();
      },
    },
    // Intake (intake/): sources feeding batches, their runs, what each brought in (once per sha256), the failures
    // an inspector re-runs, every fetch; and what a store shows about an app on its listings.
    '0007_intake': {
      async up(db: AnyDb) {
        for (const [col, type] of [['app_name', 'text'], ['developer', 'text'], ['version_name', 'text'], ['version_code', 'bigint'], ['permissions', 'text'], ['privacy_policy_url', 'text'], ['signer_sha256', 'text'], ['package_sha256', 'text'], ['fetched_at', 'text'], ['source_id', 'integer']] as const) {
          await db.schema.alterTable('store_listings').addColumn(col, type).execute();
        }
        await db.schema.createIndex('store_listings_app').on('store_listings').columns(['app_id', 'id']).execute();
        await table(db, 'intake_sources')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('config', 'text', (c) => c.notNull())
          .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('intake_sources_name', ['org_id', 'name'])
          .execute();
        await table(db, 'intake_runs')
          .addColumn('source_id', 'integer', (c) => c.notNull().references('intake_sources.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('counts', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema.createIndex('intake_runs_source').on('intake_runs').columns(['source_id', 'id']).execute();
        await table(db, 'intake_items')
          .addColumn('source_id', 'integer', (c) => c.notNull().references('intake_sources.id'))
          .addColumn('item_key', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('intake_items_once', ['source_id', 'sha256'])
          .execute();
        await table(db, 'intake_failures')
          .addColumn('source_id', 'integer', (c) => c.notNull().references('intake_sources.id'))
          .addColumn('run_id', 'integer', (c) => c.references('intake_runs.id'))
          .addColumn('item_key', 'text', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('candidate', 'text', (c) => c.notNull())
          .addColumn('error', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('first_at', 'text', (c) => c.notNull())
          .addColumn('last_at', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text')
          .execute();
        await db.schema.createIndex('intake_failures_source').on('intake_failures').columns(['source_id', 'item_key']).execute();
        await table(db, 'intake_fetches')
          .addColumn('source_id', 'integer', (c) => c.notNull().references('intake_sources.id'))
          .addColumn('run_id', 'integer', (c) => c.references('intake_runs.id'))
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('final_url', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('status', 'integer')
          .addColumn('bytes', 'bigint', (c) => c.notNull())
          .addColumn('sha256', 'text')
          .addColumn('error', 'text')
          .execute();
        await db.schema.createIndex('intake_fetches_source').on('intake_fetches').columns(['source_id', 'id']).execute();
      },
    },
    // Other engines' results (platform/imports/): an import of one engine's report on one version of an app, and
    // its findings. An import belongs to the organisation that made it, as an upload does.
    '0009_engines': {
      async up(db: AnyDb) {
        await table(db, 'engine_imports')
          .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('engine', 'text', (c) => c.notNull())
          .addColumn('engine_version', 'text')
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('file_sha256', 'text', (c) => c.notNull())
          .addColumn('finding_count', 'integer', (c) => c.notNull())
          .addColumn('mapped_count', 'integer', (c) => c.notNull())
          .addColumn('problems', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // The newest import of each engine for an app in an organisation: the engine's current report.
        await db.schema.createIndex('engine_imports_current').on('engine_imports').columns(['app_id', 'org_id', 'engine', 'id']).execute();
        await db.schema.createIndex('engine_imports_org').on('engine_imports').columns(['org_id', 'id']).execute();
        await table(db, 'engine_findings')
          .addColumn('import_id', 'integer', (c) => c.notNull().references('engine_imports.id'))
          .addColumn('idx', 'integer', (c) => c.notNull())
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('source_rule_id', 'text', (c) => c.notNull())
          .addColumn('mapped', 'integer', (c) => c.notNull())
          .addColumn('clauses', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('confidence', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('data_types', 'text', (c) => c.notNull())
          .addColumn('title_zh', 'text', (c) => c.notNull())
          .addColumn('title_en', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('engine_findings_import').on('engine_findings').columns(['import_id', 'id']).execute();
      },
    },
    // Province → nation exchange (exchange/): the province's identity, export state and bundles; the nation's
    // provinces, applied bundles and what each province reported, merged by identity.
    '0010_exchange': {
      async up(db: AnyDb) {
        await table(db, 'exchange_identity')
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('private_key_enc', 'text', (c) => c.notNull())
          .addColumn('acked_seq', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('exchange_state')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('exchange_bundles_out')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('bundle_id', 'text', (c) => c.notNull().unique())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('signature', 'text', (c) => c.notNull())
          .addColumn('records', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'exchange_provinces')
          .addColumn('org_id', 'integer', (c) => c.notNull().unique().references('orgs.id'))
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'exchange_bundles_in')
          .addColumn('province_id', 'integer', (c) => c.notNull().references('exchange_provinces.id'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('bundle_id', 'text', (c) => c.notNull().unique())
          .addColumn('payload_sha256', 'text', (c) => c.notNull())
          .addColumn('records', 'integer', (c) => c.notNull())
          .addColumn('bytes', 'integer', (c) => c.notNull())
          .addColumn('applied_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('exchange_bundles_in_seq', ['province_id', 'seq'])
          .execute();
        await table(db, 'exchange_app_reports')
          .addColumn('province_id', 'integer', (c) => c.notNull().references('exchange_provinces.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('name', 'text')
          .addColumn('filing_no', 'text')
          .addColumn('company_name', 'text')
          .addColumn('credit_code', 'text')
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addUniqueConstraint('exchange_app_reports_once', ['province_id', 'app_id'])
          .execute();
        await db.schema.createIndex('exchange_app_reports_app').on('exchange_app_reports').columns(['app_id', 'province_id']).execute();
        await table(db, 'exchange_version_reports')
          .addColumn('province_id', 'integer', (c) => c.notNull().references('exchange_provinces.id'))
          .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addUniqueConstraint('exchange_version_reports_once', ['province_id', 'version_id'])
          .execute();
        await table(db, 'exchange_findings')
          .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('data_types', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_findings_app').on('exchange_findings').columns(['app_id', 'id']).execute();
        await table(db, 'exchange_finding_reports')
          .addColumn('province_id', 'integer', (c) => c.notNull().references('exchange_provinces.id'))
          .addColumn('finding_id', 'integer', (c) => c.notNull().references('exchange_findings.id'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('severity', 'text')
          .addColumn('confidence', 'text')
          .addColumn('versions', 'text', (c) => c.notNull())
          .addColumn('evidence_sha256', 'text', (c) => c.notNull())
          .addColumn('body', 'text')
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addUniqueConstraint('exchange_finding_reports_once', ['province_id', 'finding_id'])
          .execute();
        await db.schema.createIndex('exchange_finding_reports_finding').on('exchange_finding_reports').columns(['finding_id', 'province_id']).execute();
        await table(db, 'exchange_notice_reports')
          .addColumn('province_id', 'integer', (c) => c.notNull().references('exchange_provinces.id'))
          .addColumn('ref', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('issuer', 'text', (c) => c.notNull())
          .addColumn('issue_date', 'text')
          .addColumn('deadline', 'text')
          .addColumn('document_sha256', 'text')
          .addColumn('apps', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addUniqueConstraint('exchange_notice_reports_once', ['province_id', 'ref'])
          .execute();
        await table(db, 'exchange_notice_apps')
          .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
          .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id'))
          .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
          .addColumn('provinces', 'text', (c) => c.notNull())
          .addColumn('fingerprints', 'text', (c) => c.notNull())
          .addUniqueConstraint('exchange_notice_apps_once', ['notice_id', 'app_id'])
          .execute();
      },
    },
    // SDK vendors' counts as of a refresh (domain/offenders.ts): counting distinct companies and apps over every
    // SDK-owned finding takes seconds at national scale (bench/OFFENDERS-SCALE.md), too slow for a page.
    '0011_sdk_offences': {
      async up(db: AnyDb) {
        await table(db, 'sdk_offence_counts')
          .addColumn('org_id', 'integer', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('data_types', 'text', (c) => c.notNull())
          .addColumn('companies', 'integer', (c) => c.notNull())
          .addColumn('apps', 'integer', (c) => c.notNull())
          .addUniqueConstraint('sdk_offence_counts_key', ['org_id', 'owner', 'rule_id', 'data_types'])
          .execute();
        await db.schema
          .createTable('sdk_offence_refresh')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('computed_at', 'text')
          .addColumn('findings_max_id', 'integer', (c) => c.notNull())
          .execute();
        await sql`INSERT INTO sdk_offence_refresh (id, computed_at, findings_max_id) VALUES (1, NULL, 0)`.execute(db);
      },
    },
  };
}

export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations(dialect)) };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error('the migration failed', { cause: error });
}
