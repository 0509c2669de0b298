// An import: one engine's findings on one version of an app, kept under the importing organisation (like an
// upload). Attribution (Dependency-Track's rule): a fingerprint is active while at least one engine still
// reports it, and an engine's report on an app is its newest one there: its newest import for the app in an
// organisation (a newer import from the same engine without a finding ends that engine's report of it), and
// for this platform's own engine the newest finished scan of the app. Fingerprints are the scans' contract
// (domain/fingerprint.ts), so a mapped finding and a scan's finding of the same rule, owner and data types meet.
import { createHash } from 'node:crypto';
import type { BatchScanOptions } from '../../engine/scan-many.ts';
import { SEVERITY_ORDER } from '../../report/labels.ts';
import { severityRank } from '../../report/order.ts';
import type { Severity } from '../../report/types.ts';
import { now, type Db } from '../db/schema.ts';
import { audit } from '../domain/audit.ts';
import { findingOwner, fingerprintOf, sortedDataTypes } from '../domain/fingerprint.ts';
import type { Principal } from '../domain/identity.ts';
import { isOperator, visibleScanIds, visibleShas } from '../domain/scope.ts';
import type { PackageStore } from '../storage/package-store.ts';
import type { ImportFormat } from './engine-rules.ts';
import { ImportRefused, parsePiscopeReport, parseSarif, type ParsedImport } from './parse.ts';
import { parseRuntimeLog } from './runtime-log.ts';

export type Target = { sha256: string } | { packageName: string; versionName?: string; versionCode?: string };

/** HTTP status for each refusal: the input's fault (400/422), a package the caller cannot see (404), or not ready (409). */
export const REFUSAL_STATUS: Record<string, number> = { UNKNOWN_PACKAGE: 404, NO_VERSION: 409, AMBIGUOUS_VERSION: 409, PACKAGE_MISMATCH: 422 };

interface Resolved {
  appId: number;
  versionId: number;
  sha256: string;
  packageName: string;
}

async function resolveTarget(db: Db, p: Principal, target: Target): Promise<Resolved> {
  const shas = visibleShas(db, p);
  if ('sha256' in target) {
    let q = db.selectFrom('packages').select('sha256').where('sha256', '=', target.sha256);
    if (shas !== null) q = q.where('sha256', 'in', shas);
    if ((await q.executeTakeFirst()) === undefined) throw new ImportRefused('UNKNOWN_PACKAGE', `no package ${target.sha256} on this platform that you can see: upload it first (POST /api/v1/packages)`);
    const v = await db.selectFrom('versions as v').innerJoin('apps as a', 'a.id', 'v.app_id').select(['v.id', 'v.app_id', 'v.sha256', 'a.package_name']).where('v.sha256', '=', target.sha256).orderBy('v.id').execute();
    if (v.length === 0) {
      const s = await db.selectFrom('scans').select(['status', 'error']).where('sha256', '=', target.sha256).orderBy('id', 'desc').executeTakeFirst();
      throw new ImportRefused('NO_VERSION', `package ${target.sha256} is not yet an app version: its scan is ${s?.status ?? 'missing'}${s?.error != null ? ` (${s.error})` : ''}; import once it is done`);
    }
    return { appId: v[0]!.app_id, versionId: v[0]!.id, sha256: v[0]!.sha256, packageName: v[0]!.package_name };
  }
  let q = db
    .selectFrom('versions as v')
    .innerJoin('apps as a', 'a.id', 'v.app_id')
    .select(['v.id', 'v.app_id', 'v.sha256', 'a.package_name', 'v.version_name', 'v.version_code'])
    .where('a.package_name', '=', target.packageName);
  if (target.versionName !== undefined) q = q.where('v.version_name', '=', target.versionName);
  if (target.versionCode !== undefined) q = q.where('v.version_code', '=', target.versionCode);
  if (shas !== null) q = q.where('v.sha256', 'in', shas);
  const rows = await q.orderBy('v.id').execute();
  const named = `${target.packageName}${target.versionName === undefined ? '' : ` ${target.versionName}`}${target.versionCode === undefined ? '' : ` (${target.versionCode})`}`;
  if (rows.length === 0) throw new ImportRefused('UNKNOWN_PACKAGE', `no version of ${named} on this platform that you can see: upload its package first`);
  if (rows.length > 1) throw new ImportRefused('AMBIGUOUS_VERSION', `${named} names ${rows.length} packages (${rows.map((r) => r.sha256.slice(0, 12)).join(', ')}…): give the package's sha256`);
  return { appId: rows[0]!.app_id, versionId: rows[0]!.id, sha256: rows[0]!.sha256, packageName: rows[0]!.package_name };
}

/** `target` null: the file must name its package (SARIF, a piscope report); a runtime log never does. */
async function parseFile(db: Db, store: PackageStore, format: ImportFormat, bytes: Uint8Array, fileName: string, target: Resolved | null): Promise<ParsedImport> {
  if (format === 'sarif') return parseSarif(bytes);
  if (format === 'piscope') return parsePiscopeReport(bytes);
  if (target === null) throw new ImportRefused('NO_TARGET', `a ${format} log does not name its package: give the package's sha256, or its package name and version`);
  if (!store.has(target.sha256)) throw new ImportRefused('UNKNOWN_PACKAGE', `package ${target.sha256} is not in this platform's storage`);
  // The log is read against the package as its scans were (the same app type and sector).
  const last = await db.selectFrom('scans').select('options').where('sha256', '=', target.sha256).where('status', '=', 'done').orderBy('id', 'desc').executeTakeFirst();
  const opts = last === undefined ? {} : (JSON.parse(last.options) as BatchScanOptions);
  const pkg = await db.selectFrom('packages').select('name').where('sha256', '=', target.sha256).executeTakeFirstOrThrow();
  return parseRuntimeLog(format, bytes, fileName, { path: store.path(target.sha256), name: pkg.name, workDir: () => store.workDir() }, opts);
}

export interface ImportInput {
  format: ImportFormat;
  bytes: Uint8Array;
  fileName: string;
  /** Absent: the package the file names (a piscope report's input.sha256, a SARIF analysis target's hash). */
  target: Target | null;
  reason: string | null;
}

/** Reads, checks and stores an import; a refusal (ImportRefused) writes nothing. Returns the import's id. */
export async function importResults(db: Db, store: PackageStore, p: Principal, input: ImportInput): Promise<number> {
  const given = input.target === null ? null : await resolveTarget(db, p, input.target);
  const parsed = await parseFile(db, store, input.format, input.bytes, input.fileName, given);
  let target: Resolved;
  if (given !== null) target = given;
  else {
    if (parsed.sha256 === null) throw new ImportRefused('NO_TARGET', "the SARIF log names no analysis target with a sha-256 hash: give the package's sha256, or its package name and version");
    target = await resolveTarget(db, p, { sha256: parsed.sha256 });
  }
  if (parsed.sha256 !== null && parsed.sha256 !== target.sha256) {
    throw new ImportRefused('PACKAGE_MISMATCH', `the ${input.format} file is about package ${parsed.sha256}, not ${target.sha256}: import it against its own package`);
  }
  const rows = parsed.findings.map(({ finding: f, sourceRuleId, mapped }, idx) => {
    const owner = findingOwner(f);
    const types = sortedDataTypes(f);
    return {
      idx,
      app_id: target.appId,
      fingerprint: fingerprintOf(target.packageName, f.ruleId, owner, types),
      rule_id: f.ruleId,
      source_rule_id: sourceRuleId,
      mapped: mapped ? 1 : 0,
      clauses: JSON.stringify(f.clauses),
      severity: f.severity,
      confidence: f.confidence,
      owner,
      data_types: JSON.stringify(types),
      title_zh: f.title.zh,
      title_en: f.title.en,
      body: JSON.stringify(f),
    };
  });
  const t = now();
  return db.transaction().execute(async (trx) => {
    const imp = await trx
      .insertInto('engine_imports')
      .values({
        org_id: p.orgId,
        user_id: p.userId,
        format: input.format,
        engine: parsed.engine,
        engine_version: parsed.engineVersion,
        app_id: target.appId,
        version_id: target.versionId,
        sha256: target.sha256,
        file_name: input.fileName,
        file_sha256: createHash('sha256').update(input.bytes).digest('hex'),
        finding_count: rows.length,
        mapped_count: rows.filter((r) => r.mapped === 1).length,
        problems: JSON.stringify(parsed.problems.slice(0, 200)),
        created_at: t,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('engine_findings').values(rows.slice(i, i + 500).map((r) => ({ ...r, import_id: imp.id }))).execute();
    await audit(trx, p, 'import.create', `import:${imp.id}`, input.reason, { format: input.format, engine: parsed.engine, engineVersion: parsed.engineVersion, sha256: target.sha256, appId: target.appId, findings: rows.length, mapped: rows.filter((r) => r.mapped === 1).length, file: input.fileName });
    return imp.id;
  });
}

/** The imports the caller sees, as a filter on engine_imports: its organisation's (all for the national one; none for an operator). */
export function visibleImports(db: Db, p: Principal) {
  let q = db.selectFrom('engine_imports').selectAll();
  if (isOperator(p)) q = q.where('id', '=', -1);
  else if (!p.national) q = q.where('org_id', '=', p.orgId);
  return q;
}

export interface EngineReport {
  /** Stable within an app: `piscope` (this platform's scans) or `import:<format>:<engine>:<org id>`. */
  id: string;
  engine: string;
  engineVersion: string | null;
  format: ImportFormat | 'scan';
  orgId: number | null;
  scanId: number | null;
  importId: number | null;
  versionId: number | null;
  at: string;
  findingCount: number;
}

export interface EngineVerdict {
  fingerprint: string;
  ruleId: string;
  title: { zh: string; en: string };
  severity: string;
  reportedBy: string[];
  notReportedBy: string[];
  /** Engines whose previous report had it and whose current one does not. */
  droppedBy: string[];
  active: boolean;
}

type Row = { fingerprint: string; rule_id: string; title_zh: string; title_en: string; severity: string };
/** severityRank, with a severity we do not know last. */
const rank = (s: string): number => {
  const r = severityRank(s as Severity);
  return r < 0 ? SEVERITY_ORDER.length : r;
};

/** Each engine's current (and previous) report on an app the caller sees, and per fingerprint who reports it. */
export async function engineView(db: Db, p: Principal, appId: number): Promise<{ engines: EngineReport[]; findings: EngineVerdict[] }> {
  const reports: { report: EngineReport; current: Row[]; previous: Row[] }[] = [];
  const cols = ['fingerprint', 'rule_id', 'title_zh', 'title_en', 'severity'] as const;

  let scans = db.selectFrom('scans').select(['id', 'engine_version', 'version_id', 'finished_at', 'finding_count']).where('app_id', '=', appId).where('status', '=', 'done').orderBy('id', 'desc').limit(2);
  const sids = visibleScanIds(db, p);
  if (sids !== null) scans = scans.where('id', 'in', sids);
  const [cur, prev] = await scans.execute();
  if (cur !== undefined) {
    const rows = async (id: number | undefined) => (id === undefined ? [] : db.selectFrom('findings').select(cols).where('scan_id', '=', id).execute());
    reports.push({
      report: { id: 'piscope', engine: 'piscope', engineVersion: cur.engine_version, format: 'scan', orgId: null, scanId: cur.id, importId: null, versionId: cur.version_id, at: cur.finished_at ?? '', findingCount: cur.finding_count ?? 0 },
      current: await rows(cur.id),
      previous: await rows(prev?.id),
    });
  }

  const imports = await visibleImports(db, p)
    .clearSelect()
    .select(['id', 'format', 'engine', 'engine_version', 'org_id', 'version_id', 'created_at', 'finding_count'])
    .where('app_id', '=', appId)
    .orderBy('id', 'desc')
    .execute();
  const seen = new Map<string, (typeof imports)[number][]>();
  for (const i of imports) {
    const key = `import:${i.format}:${i.engine}:${i.org_id}`;
    const list = seen.get(key) ?? [];
    if (list.length < 2) list.push(i);
    seen.set(key, list);
  }
  // The findings of every current and previous import in one query.
  const needed = [...seen.values()].flat().map((i) => i.id);
  const byImport = new Map<number, Row[]>();
  const found = needed.length === 0 ? [] : await db.selectFrom('engine_findings').select(['import_id', ...cols]).where('import_id', 'in', needed).orderBy('id').execute();
  for (const f of found) {
    const list = byImport.get(f.import_id);
    if (list === undefined) byImport.set(f.import_id, [f]);
    else list.push(f);
  }
  const rowsOf = (id: number | undefined): Row[] => (id === undefined ? [] : (byImport.get(id) ?? []));
  for (const [key, [c, pv]] of seen) {
    reports.push({
      report: { id: key, engine: c!.engine, engineVersion: c!.engine_version, format: c!.format, orgId: c!.org_id, scanId: null, importId: c!.id, versionId: c!.version_id, at: c!.created_at, findingCount: c!.finding_count },
      current: rowsOf(c!.id),
      previous: rowsOf(pv?.id),
    });
  }

  const verdicts = new Map<string, EngineVerdict>();
  const verdict = (r: Row): EngineVerdict => {
    let v = verdicts.get(r.fingerprint);
    if (v === undefined) {
      v = { fingerprint: r.fingerprint, ruleId: r.rule_id, title: { zh: r.title_zh, en: r.title_en }, severity: r.severity, reportedBy: [], notReportedBy: [], droppedBy: [], active: false };
      verdicts.set(r.fingerprint, v);
    } else if (rank(r.severity) < rank(v.severity)) v.severity = r.severity;
    return v;
  };
  for (const r of reports) for (const row of r.current) verdict(row);
  for (const r of reports) for (const row of r.previous) verdict(row);
  for (const r of reports) {
    const now = new Set(r.current.map((x) => x.fingerprint));
    const before = new Set(r.previous.map((x) => x.fingerprint));
    for (const v of verdicts.values()) {
      if (now.has(v.fingerprint)) v.reportedBy.push(r.report.id);
      else {
        v.notReportedBy.push(r.report.id);
        if (before.has(v.fingerprint)) v.droppedBy.push(r.report.id);
      }
    }
  }
  const findings = [...verdicts.values()].map((v) => ({ ...v, active: v.reportedBy.length > 0 }));
  findings.sort((a, b) => Number(b.active) - Number(a.active) || rank(a.severity) - rank(b.severity) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return { engines: reports.map((r) => r.report), findings };
}

type ImportKey = { id: number; app_id: number; org_id: number; engine: string; format: ImportFormat };
const reportKey = (i: Omit<ImportKey, 'id'>): string => JSON.stringify([i.app_id, i.org_id, i.engine, i.format]);

/** For each import, the newest import of the same engine, format and organisation on its app when newer than it
 * (it is then not that engine's current report), else null; one query for a page of imports. */
export async function supersededByAll(db: Db, imps: readonly ImportKey[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (imps.length === 0) return out;
  const newest = await db
    .selectFrom('engine_imports')
    .select((eb) => ['app_id', 'org_id', 'engine', 'format', eb.fn.max('id').as('id')])
    .where('app_id', 'in', [...new Set(imps.map((i) => i.app_id))])
    .groupBy(['app_id', 'org_id', 'engine', 'format'])
    .execute();
  const byKey = new Map(newest.map((n) => [reportKey(n), n.id]));
  for (const i of imps) {
    const n = byKey.get(reportKey(i));
    out.set(i.id, n !== undefined && n > i.id ? n : null);
  }
  return out;
}

/** Whether one import is its engine's current report on its app (the newest from that engine and organisation). */
export async function supersededBy(db: Db, imp: ImportKey): Promise<number | null> {
  return (await supersededByAll(db, [imp])).get(imp.id) ?? null;
}
