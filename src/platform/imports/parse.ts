// Other engines' result files → findings in the Report's Finding shape, each under the rule the mapping table
// (engine-rules.json) gives it or under its own namespaced id. Pure: bytes in, findings out; a file that is
// not what its format says is refused whole (ImportRefused) with what is wrong and where.
import { z } from 'zod';
import { SEVERITY_ORDER } from '../../report/labels.ts';
import type { Evidence, Finding, Report, Severity } from '../../report/types.ts';
import { mapRule } from './engine-rules.ts';

export class ImportRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ParsedImport {
  engine: string;
  engineVersion: string | null;
  /** The package the file says it is about (sha256), when it says so. */
  sha256: string | null;
  findings: ImportedFinding[];
  /** What was skipped and why (never silently). */
  problems: string[];
}

export interface ImportedFinding {
  finding: Finding;
  /** The rule id as the engine gave it. */
  sourceRuleId: string;
  mapped: boolean;
}

const CONFIDENCES = ['confirmed', 'likely', 'possible'] as const;
const LEVEL_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

function zodIssues(e: z.ZodError, max = 5): string {
  const out = e.issues.slice(0, max).map((i) => `${i.path.length === 0 ? '(top)' : i.path.join('.')}: ${i.message}`);
  if (e.issues.length > max) out.push(`and ${e.issues.length - max} more`);
  return out.join('; ');
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/u, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ImportRefused('NOT_JSON', `not ${what}: the file is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

// SARIF 2.1.0 (OASIS), the parts we read, as the standard requires them: §3.13 sarifLog (version "2.1.0",
// runs), §3.14 run (tool), §3.18/3.19 tool.driver with a name, §3.27 result (message required, ruleId or
// rule.id or ruleIndex into driver.rules, level, locations, baselineState, suppressions, properties).
const message = z.object({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() }).refine((m) => m.text !== undefined || m.id !== undefined, 'a message needs text or id (§3.11.7)');
const multiformat = z.object({ text: z.string() }).loose();
const reportingDescriptor = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    shortDescription: multiformat.optional(),
    fullDescription: multiformat.optional(),
    defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']).optional() }).loose().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
const artifactLocation = z.object({ uri: z.string().optional(), index: z.number().int().optional() }).loose();
const location = z
  .object({
    physicalLocation: z.object({ artifactLocation: artifactLocation.optional(), region: z.object({ startLine: z.number().int().optional() }).loose().optional() }).loose().optional(),
    logicalLocations: z.array(z.object({ fullyQualifiedName: z.string().optional(), name: z.string().optional() }).loose()).optional(),
  })
  .loose();
const result = z
  .object({
    ruleId: z.string().optional(),
    ruleIndex: z.number().int().min(-1).optional(),
    rule: z.object({ id: z.string().optional(), index: z.number().int().optional() }).loose().optional(),
    level: z.enum(['none', 'note', 'warning', 'error']).optional(),
    kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).optional(),
    message,
    locations: z.array(location).optional(),
    baselineState: z.enum(['new', 'unchanged', 'updated', 'absent']).optional(),
    suppressions: z.array(z.object({ kind: z.string(), status: z.string().optional(), justification: z.string().optional() }).loose()).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
const run = z
  .object({
    tool: z.object({ driver: z.object({ name: z.string().min(1), version: z.string().optional(), semanticVersion: z.string().optional(), rules: z.array(reportingDescriptor).optional() }).loose() }).loose(),
    artifacts: z.array(z.object({ hashes: z.record(z.string(), z.string()).optional(), roles: z.array(z.string()).optional() }).loose()).optional(),
    results: z.array(result).nullable().optional(),
  })
  .loose();
const sarifLog = z.object({ version: z.string(), runs: z.array(run) }).loose();

type SarifResult = z.infer<typeof result>;
type SarifRun = z.infer<typeof run>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const stringList = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v) : undefined);

/** Evidence a person can check: piscope's own (when the engine is piscope and sends it), else where the tool points. */
function sarifEvidence(r: SarifResult, piscope: boolean): Evidence[] {
  const own = r.properties?.evidence;
  if (piscope && Array.isArray(own) && own.length > 0 && own.every((e) => typeof e === 'object' && e !== null && typeof (e as { kind?: unknown }).kind === 'string')) return own as Evidence[];
  const out: Evidence[] = [];
  for (const l of r.locations ?? []) {
    const uri = l.physicalLocation?.artifactLocation?.uri;
    const line = l.physicalLocation?.region?.startLine;
    const logical = l.logicalLocations?.map((x) => x.fullyQualifiedName ?? x.name).filter((x): x is string => x !== undefined) ?? [];
    if (uri !== undefined || logical.length > 0) out.push({ kind: 'file', path: `${uri ?? '(no file)'}${line === undefined ? '' : `:${line}`}`, ...(logical.length > 0 ? { detail: logical.join(', ') } : {}) });
  }
  if (out.length === 0) out.push({ kind: 'file', path: '(the tool gave no location)', detail: r.message.text ?? r.message.id ?? '' });
  return out;
}

function sarifRuleOf(r: SarifResult, rules: NonNullable<SarifRun['tool']['driver']['rules']>): { id: string | null; descriptor: (typeof rules)[number] | undefined } {
  const index = r.ruleIndex ?? r.rule?.index;
  const byIndex = index !== undefined && index >= 0 ? rules[index] : undefined;
  const id = r.ruleId ?? r.rule?.id ?? byIndex?.id ?? null;
  return { id, descriptor: byIndex ?? (id === null ? undefined : rules.find((d) => d.id === id)) };
}

export function parseSarif(bytes: Uint8Array): ParsedImport {
  const raw = parseJson(bytes, 'a SARIF log');
  const head = z.object({ version: z.unknown() }).loose().safeParse(raw);
  if (!head.success) throw new ImportRefused('SARIF_INVALID', 'not a SARIF log: the top level is not an object');
  if (head.data.version !== '2.1.0') throw new ImportRefused('SARIF_VERSION', `SARIF version ${JSON.stringify(head.data.version) ?? 'missing'}: only SARIF 2.1.0 is read (§3.13.2 version)`);
  const parsed = sarifLog.safeParse(raw);
  if (!parsed.success) throw new ImportRefused('SARIF_INVALID', `not a valid SARIF 2.1.0 log: ${zodIssues(parsed.error)}`);
  const runs = parsed.data.runs;
  const names = [...new Set(runs.map((r) => r.tool.driver.name))];
  if (names.length === 0) throw new ImportRefused('SARIF_EMPTY', 'the SARIF log has no run: no engine to attribute results to');
  if (names.length > 1) throw new ImportRefused('SARIF_ENGINES', `one engine per import: the runs name ${names.map((n) => JSON.stringify(n)).join(', ')}; import each tool's log separately`);
  const engine = names[0]!;
  const driver = runs[0]!.tool.driver;
  const piscope = engine === 'piscope';
  const problems: string[] = [];
  const findings: ImportedFinding[] = [];
  let sha256: string | null = null;
  for (const [ri, rn] of runs.entries()) {
    for (const a of rn.artifacts ?? []) {
      const h = a.hashes?.['sha-256']?.toLowerCase();
      if (h !== undefined && /^[0-9a-f]{64}$/u.test(h) && (a.roles ?? []).includes('analysisTarget')) sha256 ??= h;
    }
    if (rn.results === null || rn.results === undefined) {
      problems.push(`run ${ri}: no results array (the tool did not run to completion, §3.14.23)`);
      continue;
    }
    for (const [i, r] of rn.results.entries()) {
      const where = `runs[${ri}].results[${i}]`;
      if (r.baselineState === 'absent') {
        problems.push(`${where}: baselineState "absent" (the tool says it no longer occurs): not a finding`);
        continue;
      }
      if (r.kind !== undefined && r.kind !== 'fail' && r.kind !== 'open' && r.kind !== 'review') {
        problems.push(`${where}: kind "${r.kind}" is not a failure: not a finding`);
        continue;
      }
      const { id, descriptor } = sarifRuleOf(r, rn.tool.driver.rules ?? []);
      const sourceRuleId = id ?? '(no rule)';
      const m = mapRule('sarif', engine, sourceRuleId);
      const props = r.properties ?? {};
      const level = r.level ?? descriptor?.defaultConfiguration?.level ?? 'warning';
      const ownSeverity = piscope ? text(props.severity) : undefined;
      const ownConfidence = piscope ? text(props.confidence) : undefined;
      const dataTypes = piscope ? stringList(props.dataTypes) : undefined;
      const sdk = piscope ? text(props.sdk) : undefined;
      const msg = r.message.text ?? r.message.id ?? '';
      const title = descriptor?.shortDescription?.text ?? descriptor?.name ?? sourceRuleId;
      const finding: Finding = {
        ruleId: m.ruleId,
        clauses: m.clauses,
        severity: ownSeverity !== undefined && (SEVERITY_ORDER as readonly string[]).includes(ownSeverity) ? (ownSeverity as Severity) : LEVEL_SEVERITY[level]!,
        // Another tool's verdict is its claim, not our finding: possible, unless it is our own engine's.
        confidence: ownConfidence !== undefined && (CONFIDENCES as readonly string[]).includes(ownConfidence) ? (ownConfidence as Finding['confidence']) : 'possible',
        methods: piscope && stringList(props.methods) !== undefined && stringList(props.methods)!.length > 0 ? (stringList(props.methods) as Finding['methods']) : ['static'],
        ...(dataTypes !== undefined && dataTypes.length > 0 ? { dataTypes } : {}),
        ...(sdk !== undefined ? { sdk } : {}),
        title: { zh: title, en: title },
        message: { zh: msg, en: msg },
        evidence: sarifEvidence(r, piscope),
      };
      if (r.suppressions !== undefined && r.suppressions.some((s) => s.status === undefined || s.status === 'accepted')) {
        finding.suppressed = { justification: r.suppressions[0]?.justification ?? `suppressed in ${engine}`, file: '(SARIF suppression)' };
      }
      findings.push({ finding, sourceRuleId, mapped: m.mapped });
    }
  }
  return { engine, engineVersion: driver.semanticVersion ?? driver.version ?? null, sha256, findings, problems };
}

// piscope's Report (spec/report.schema.json, schemaVersion 1): what an import reads of it.
const reportFinding = z
  .object({
    ruleId: z.string().min(1),
    clauses: z.array(z.string()).min(1),
    severity: z.enum(SEVERITY_ORDER),
    confidence: z.enum(CONFIDENCES),
    methods: z.array(z.enum(['manifest', 'static', 'policy', 'dynamic', 'network'])).min(1),
    dataTypes: z.array(z.string()).optional(),
    sdk: z.string().optional(),
    title: z.object({ zh: z.string(), en: z.string() }),
    message: z.object({ zh: z.string(), en: z.string() }),
    evidence: z.array(z.object({ kind: z.enum(['manifest', 'code', 'policy', 'trace', 'network', 'file']) }).loose()).min(1),
  })
  .loose();
const report = z
  .object({
    schemaVersion: z.string(),
    tool: z.object({ name: z.literal('piscope'), version: z.string() }),
    input: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/u) }).loose(),
    app: z.object({ packageName: z.string().nullable() }).loose(),
    findings: z.array(reportFinding),
  })
  .loose();

export function parsePiscopeReport(bytes: Uint8Array): ParsedImport {
  const raw = parseJson(bytes, 'a piscope report');
  const v = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (v !== '1') throw new ImportRefused('REPORT_VERSION', `report schemaVersion ${JSON.stringify(v) ?? 'missing'}: only schemaVersion "1" (spec/report.schema.json) is read`);
  const parsed = report.safeParse(raw);
  if (!parsed.success) throw new ImportRefused('REPORT_INVALID', `not a piscope report (spec/report.schema.json): ${zodIssues(parsed.error)}`);
  const r = parsed.data as unknown as Report;
  const findings = r.findings.map((f) => {
    const m = mapRule('piscope', 'piscope', f.ruleId);
    // A rule we have takes our clauses; one we do not keeps the other instance's words but cites none of ours.
    return { finding: { ...f, ruleId: m.ruleId, clauses: m.mapped ? m.clauses : [] }, sourceRuleId: f.ruleId, mapped: m.mapped };
  });
  return { engine: 'piscope', engineVersion: r.tool.version, sha256: r.input.sha256, findings, problems: [] };
}
