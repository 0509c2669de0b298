// A strict RuleTester (ESLint's, cut to our findings): valid cases must yield nothing; each invalid case
// lists the findings it must yield, in order. The tester refuses invalid cases with no expected findings,
// duplicate cases, and findings that cite unknown clauses or break the verdict rules.
import type { AnalysisFacts } from '../analysis/facts.ts';
import type { PathGuard } from '../analysis/guards.ts';
import type { Manifest, PackageKind, Signing, ZipOddity } from '../package/types.ts';
import type { PolicyAnalysis } from '../policy/types.ts';
import type { Confidence, Finding, Severity } from '../report/types.ts';
import { appTypeByCode } from './app-types.ts';
import { CLAUSE_IDS } from './clauses.ts';
import { ruleApplies, runRule, type ListingFacts, type MiniRuleFacts, type Rule, type RuleContext, type Sector } from './define-rule.ts';
import { makeFacts } from './rule-fixtures.ts';
import { runtimeFromLines } from '../runtime/facts.ts';
import type { TraceLine } from '../runtime/types.ts';
import type { RuntimeFacts } from '../runtime/facts.ts';
import { parseGivenValues } from '../runtime/network/collect.ts';
import { NetworkCollector, type NetworkFacts } from '../runtime/network/facts.ts';
import { parseHar } from '../runtime/network/har.ts';
import { dataTypes } from '../knowledge/index.ts';

/** A case's capture read as the engine reads --har and --device-values. */
export function networkOf(capture: NonNullable<RuleCase['capture']>, facts: AnalysisFacts, packageName: string | null, runtime: RuntimeFacts | undefined): NetworkFacts {
  const given = capture.values === undefined ? [] : parseGivenValues(JSON.stringify(capture.values), 'values.json', new Set(dataTypes().map((d) => d.id)));
  const c = new NetworkCollector(facts, packageName, runtime, given);
  const r = parseHar(JSON.stringify(capture.har), 'capture.har');
  c.capture('capture.har', r.requests, r.problems);
  return c.finish();
}

export interface RuleCase {
  name: string;
  facts?: Partial<AnalysisFacts>;
  /** null: no policy found. Omitted: none either. */
  policy?: PolicyAnalysis | null;
  kind?: PackageKind;
  appType?: { code: string; source: 'given' | 'inferred'; confidence?: number };
  sector?: Sector;
  zipOddities?: ZipOddity[];
  manifest?: Manifest;
  consentChecks?: Record<string, string>;
  /** Guards by guardKey (analysis/guards.ts). */
  guards?: Record<string, PathGuard>;
  policyMentions?: string[];
  policyLinks?: { url: string; source: string }[];
  /** A recorded run (trace lines), read with the case's facts for attribution. */
  trace?: TraceLine[];
  /** A network capture (a HAR document) with the trace's values and any values given, read like --har. */
  capture?: { har: unknown; values?: Record<string, string | string[]> };
  mini?: MiniRuleFacts;
  /** Store listings with their policy checks (--listing), the package's signing and its file digest. */
  listings?: ListingFacts[];
  signing?: Signing | null;
  packageSha256?: string;
}

export interface ExpectedFinding {
  severity?: Severity;
  confidence?: Confidence;
  clauses?: string[];
  dataTypes?: string[];
  sdk?: string;
  /** A substring of message.en. */
  message?: string;
}

export interface InvalidCase extends RuleCase {
  findings: ExpectedFinding[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

export function contextOf(c: RuleCase): Omit<RuleContext, 'report'> {
  const type = c.appType === undefined ? null : (appTypeByCode(c.appType.code) ?? null);
  if (c.appType !== undefined && type === null) throw new Error(`case "${c.name}": unknown app type ${c.appType.code}`);
  const facts = makeFacts(c.facts);
  const runtime = c.trace === undefined ? undefined : runtimeFromLines(facts, c.trace);
  return {
    kind: c.kind ?? 'apk',
    facts,
    policy: c.policy ?? null,
    policySearched: ['assets/', 'res/raw/'],
    policyMentions: c.policyMentions ?? [],
    policyLinks: c.policyLinks ?? [],
    manifest: c.manifest ?? null,
    zipOddities: c.zipOddities ?? [],
    consentChecks: new Map(Object.entries(c.consentChecks ?? {})),
    ...(c.guards !== undefined ? { guards: new Map(Object.entries(c.guards)) } : {}),
    appType: { type, source: c.appType?.source ?? 'inferred', confidence: c.appType === undefined ? null : (c.appType.confidence ?? (c.appType.source === 'given' ? 1 : 0.6)) },
    sector: c.sector ?? null,
    ...(runtime === undefined ? {} : { runtime }),
    ...(c.capture === undefined ? {} : { network: networkOf(c.capture, facts, c.manifest?.packageName ?? 'com.example.app', runtime) }),
    ...(c.mini === undefined ? {} : { mini: c.mini }),
    ...(c.listings === undefined ? {} : { listings: c.listings }),
    ...(c.signing === undefined ? {} : { signing: c.signing }),
    ...(c.packageSha256 === undefined ? {} : { packageSha256: c.packageSha256 }),
  };
}

/** Problems with a finding whatever the case: contract and verdict rules every rule must keep. */
export function findingProblems(rule: Rule, f: Finding, c: RuleCase): string[] {
  const out: string[] = [];
  if (f.clauses.length === 0) out.push('no clause');
  for (const id of f.clauses) if (!CLAUSE_IDS.has(id)) out.push(`unknown clause ${id}`);
  const declared = new Set([...rule.meta.clauses, ...(rule.meta.mayCite ?? [])]);
  for (const id of f.clauses) if (!declared.has(id)) out.push(`clause ${id} not in meta.clauses or meta.mayCite`);
  if (f.evidence.length === 0) out.push('no evidence');
  if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[rule.meta.severity]) out.push(`severity ${f.severity} above the rule's ${rule.meta.severity}`);
  if (f.methods.length === 0) out.push('no method');
  if (f.methods.every((m) => m === 'dynamic' || m === 'network') && f.severity === 'high') out.push('high with dynamic evidence only');
  if (f.confidence === 'confirmed' && c.appType?.source === 'inferred' && rule.meta.usesAppType === true) out.push('confirmed from an inferred type');
  if (f.title.zh === '' || f.title.en === '' || f.message.zh === '' || f.message.en === '') out.push('empty title or message');
  return out;
}

/** Checks the case table itself; throws on a table the tester must refuse. */
export function checkCases(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  const seen = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    const key = JSON.stringify({ ...c, name: undefined, findings: undefined });
    if (seen.has(c.name)) throw new Error(`${rule.meta.id}: duplicate case name "${c.name}"`);
    if (seen.has(key)) throw new Error(`${rule.meta.id}: duplicate case "${c.name}"`);
    seen.add(c.name);
    seen.add(key);
  }
  for (const c of cases.invalid) {
    if (c.findings.length === 0) throw new Error(`${rule.meta.id}: invalid case "${c.name}" expects no finding`);
    for (const e of c.findings) for (const id of e.clauses ?? []) if (!CLAUSE_IDS.has(id)) throw new Error(`${rule.meta.id}: case "${c.name}" expects unknown clause ${id}`);
  }
  if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`${rule.meta.id}: needs valid and invalid cases`);
}

/** Runs one case and returns the differences from what it expects ([] when it passes). */
export function runCase(rule: Rule, c: RuleCase | InvalidCase): string[] {
  const ctx = contextOf(c);
  const findings = ruleApplies(rule, ctx.kind, ctx.sector) ? runRule(rule, ctx) : [];
  const problems = findings.flatMap((f) => findingProblems(rule, f, c).map((p) => `${c.name}: ${p}`));
  const expected = 'findings' in c ? c.findings : [];
  if (findings.length !== expected.length) {
    problems.push(`${c.name}: expected ${expected.length} findings, got ${findings.length}: ${findings.map((f) => f.message.en).join(' | ')}`);
    return problems;
  }
  expected.forEach((e, i) => {
    const f = findings[i]!;
    if (e.severity !== undefined && f.severity !== e.severity) problems.push(`${c.name}[${i}]: severity ${f.severity}, expected ${e.severity}`);
    if (e.confidence !== undefined && f.confidence !== e.confidence) problems.push(`${c.name}[${i}]: confidence ${f.confidence}, expected ${e.confidence}`);
    if (e.sdk !== undefined && f.sdk !== e.sdk) problems.push(`${c.name}[${i}]: sdk ${f.sdk}, expected ${e.sdk}`);
    if (e.clauses !== undefined && JSON.stringify(f.clauses) !== JSON.stringify(e.clauses)) problems.push(`${c.name}[${i}]: clauses ${f.clauses.join(',')}, expected ${e.clauses.join(',')}`);
    if (e.dataTypes !== undefined && JSON.stringify(f.dataTypes ?? []) !== JSON.stringify(e.dataTypes)) problems.push(`${c.name}[${i}]: dataTypes ${(f.dataTypes ?? []).join(',')}, expected ${e.dataTypes.join(',')}`);
    if (e.message !== undefined && !f.message.en.includes(e.message)) problems.push(`${c.name}[${i}]: message "${f.message.en}" lacks "${e.message}"`);
  });
  return problems;
}
