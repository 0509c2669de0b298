// The engine: a package (its bytes, or its path, read piece by piece) + an optional policy → the Report. No
// other file, no console, no globals; the network only through the caller's `fetchPolicy`. Progress through
// `onProgress`, cancel through `signal`.
import { FileSource, toSource, type ByteSource } from '../binary/byte-source.ts';
import { analyze } from '../analysis/analyze.ts';
import type { AnalysisFacts } from '../analysis/facts.ts';
import { ErrorCode, PiscopeError } from '../errors.ts';
import { isWxapkg } from '../formats/detect.ts';
import { isEncryptedWxapkg } from '../formats/wxapkg/index.ts';
import { openPackage } from '../package/open-package.ts';
import type { OpenedPackage } from '../package/types.ts';
import type { PolicyAnalysis } from '../policy/types.ts';
import type { Finding, InputKind, Report, ReportDataType } from '../report/types.ts';
import { appTypeByCodeOrNumber } from '../rules/app-types.ts';
import { ruleApplies, runRule, SECTORS, type AppTypeContext, type Sector } from '../rules/define-rule.ts';
import { ALL_RULES } from '../rules/index.ts';
import { isDeclared, usablePolicy } from '../rules/lib/policy.ts';
import { collectRuntime, type TraceSource } from '../runtime/collect.ts';
import type { KnownValue, LimitFile } from '../runtime/facts.ts';
import { collectNetwork } from '../runtime/network/collect.ts';
import type { CaptureSource } from '../runtime/network/types.ts';
import { networkDiagnostics, networkSummary, withNetworkDataTypes } from './network-evidence.ts';
import { VERSION } from '../version.ts';
import { findGuards } from '../analysis/guards.ts';
import { inferAppType } from './infer-app-type.ts';
import { linkRuntimeFindings, runtimeDiagnostics, runtimeSummary, withTraceDataTypes } from './runtime-evidence.ts';
import { contractPolicy, loadPolicy } from './load-policy.ts';
import { listingSummaries, prepareListings } from './listings.ts';
import type { StoreListing } from '../package/store-listing.ts';
import { scanMiniProgram } from './scan-mini.ts';
import { applySuppressions, type SuppressionFile } from './suppressions.ts';

export interface ScanProgress {
  phase: 'open' | 'analyze' | 'policy' | 'rules' | 'done';
  /** Sub-phase of the analysis (index, scan, sdk, reach…). */
  detail?: string;
  done: number;
  total: number;
}

export interface ScanOptions {
  /** The privacy policy as a file (html, txt, md, pdf); otherwise it is looked for in the package. */
  policy?: { bytes: Uint8Array; name: string };
  /** One of the 39 app types, by code or number. */
  category?: string;
  sector?: Sector;
  suppressions?: SuppressionFile;
  /** Fetches a policy URL found in the package when none is inside it (the CLI's --fetch-policy). */
  fetchPolicy?: (url: string) => Promise<{ bytes: Uint8Array; name: string } | null>;
  /** Recorded runs of the app (piscope trace format or an imported log), streamed once each. */
  traces?: readonly TraceSource[];
  /** Frequency limits per data type replacing src/runtime/frequency.json (the CLI's --frequency). */
  frequencyLimits?: LimitFile;
  /** Network captures of the app (HAR, pcap, pcapng), read whole each within a size bound. */
  captures?: readonly CaptureSource[];
  /** Device values a lab gives (as digests) to look for in the captures, besides the trace's return values. */
  deviceValues?: readonly KnownValue[];
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  /** A PC-encrypted mini-program's appid (wx + 16 hex); otherwise taken from the package's folder path. */
  appid?: string;
  /** Subpackages of the mini-program being scanned, analysed together with it. */
  wxapkgParts?: { path: string; bytes?: Uint8Array }[];
  /** Store listings of the app to hold against the package (the CLI's --listing); their policy URLs are fetched only through `fetchPolicy`. */
  listings?: readonly StoreListing[];
}

export interface ScanInput {
  path: string;
  /** The package's bytes; without them the file at `path` is read piece by piece, never held whole. */
  bytes?: Uint8Array;
}

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2, info: 3 } as const;
const CONFIDENCE_ORDER = { confirmed: 0, likely: 1, possible: 2 } as const;

function checkAbort(signal: AbortSignal | undefined, step: string): void {
  if (signal?.aborted === true) throw new PiscopeError(ErrorCode.CANCELLED, `scan cancelled before ${step}`);
}

function inputKind(pkg: OpenedPackage): InputKind {
  // A bare DEX is code without a package: reported like a jar (an SDK's code), with the format in `input.format`.
  return pkg.kind === 'dex' ? 'jar' : pkg.kind;
}

function dataTypesWithDeclared(facts: AnalysisFacts, policy: PolicyAnalysis | null): ReportDataType[] {
  const usable = usablePolicy(policy);
  return facts.dataTypes.map((d) => ({ ...d, declared: usable ? isDeclared(policy, d.id) : null }));
}

function appTypeContext(pkg: OpenedPackage, facts: AnalysisFacts, policy: PolicyAnalysis | null, category: string | undefined): AppTypeContext & { reasons: string[] } {
  if (category !== undefined) return { type: appTypeByCodeOrNumber(category), source: 'given', confidence: 1, reasons: ['given'] };
  if (pkg.kind !== 'apk') return { type: null, source: 'inferred', confidence: null, reasons: ['not an app'] };
  const m = pkg.manifest;
  const inferred = inferAppType({ packageName: m?.packageName ?? null, labels: [m?.label ?? null, m?.labelZh ?? null], sdks: facts.sdks, policyText: usablePolicy(policy) ? policy.text : null });
  return { type: inferred.type, source: 'inferred', confidence: inferred.confidence, reasons: inferred.reasons };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence] || a.ruleId.localeCompare(b.ruleId));
}

export async function scan(input: ScanInput, options: ScanOptions = {}): Promise<Report> {
  const t0 = performance.now();
  const { signal } = options;
  const progress = options.onProgress ?? ((): void => undefined);
  if (options.sector !== undefined && !SECTORS.includes(options.sector)) {
    throw new PiscopeError(ErrorCode.USAGE, `unknown sector '${options.sector as string}': use one of ${SECTORS.join(', ')}`);
  }
  // Validate the category before the expensive part, so a typo fails at once.
  if (options.category !== undefined) appTypeByCodeOrNumber(options.category);
  checkAbort(signal, 'opening');
  progress({ phase: 'open', done: 0, total: 1 });
  const file = input.bytes === undefined ? new FileSource(input.path) : null;
  try {
    return await scanOpened(file ?? input.bytes!, input.path, options, t0);
  } finally {
    file?.close();
  }
}

async function scanOpened(source: Uint8Array | ByteSource, path: string, options: ScanOptions, t0: number): Promise<Report> {
  const head = toSource(source).read(0, Math.min(16, toSource(source).size));
  if (isWxapkg(head) || isEncryptedWxapkg(head)) {
    // A capture is judged against an app's SDKs and trace; silently ignoring one would pass a gate that expects it to count.
    if ((options.captures?.length ?? 0) > 0) throw new PiscopeError(ErrorCode.USAGE, 'network captures are read for Android apps, not mini-programs', { file: path });
    if ((options.listings?.length ?? 0) > 0) throw new PiscopeError(ErrorCode.USAGE, 'store listings are compared with Android apps, not mini-programs', { file: path });
    return scanMiniProgram(source, path, options, t0);
  }
  const { signal } = options;
  const progress = options.onProgress ?? ((): void => undefined);
  let pkg: OpenedPackage;
  try {
    pkg = openPackage(source, { path, signal });
  } catch (e) {
    // Typed errors are bad input and get the file's name; anything else is a bug and goes up as it is.
    if (e instanceof PiscopeError) e.file ??= path;
    throw e;
  }
  progress({ phase: 'open', done: 1, total: 1 });

  checkAbort(signal, 'analysis');
  let facts: AnalysisFacts;
  try {
    facts = analyze(pkg, { signal, onProgress: (p) => progress({ phase: 'analyze', detail: p.phase, done: p.done, total: p.total }) });
  } catch (e) {
    if (e instanceof PiscopeError) e.file ??= path;
    throw e;
  }

  checkAbort(signal, 'policy analysis');
  progress({ phase: 'policy', done: 0, total: 1 });
  const { policy, searched, mentions, links, problems } = await loadPolicy(pkg, facts, options);
  progress({ phase: 'policy', done: 1, total: 1 });

  checkAbort(signal, 'rules');
  const appType = appTypeContext(pkg, facts, policy, options.category);
  const sector = options.sector ?? null;
  const diagnostics: NonNullable<Report['diagnostics']> = pkg.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, file: d.file }));
  for (const p of problems) diagnostics.push({ severity: 'warning', code: 'POLICY_UNREADABLE', message: p, file: path });
  const guards = findGuards(facts, pkg.code, pkg.manifest);
  const runtime = options.traces !== undefined && options.traces.length > 0 ? await collectRuntime(options.traces, facts, { signal, ...(options.frequencyLimits !== undefined ? { limits: options.frequencyLimits } : {}) }) : undefined;
  if (runtime !== undefined) diagnostics.push(...runtimeDiagnostics(runtime));
  checkAbort(signal, 'network captures');
  const network = options.captures !== undefined && options.captures.length > 0 ? await collectNetwork(options.captures, facts, pkg.manifest?.packageName ?? null, runtime, options.deviceValues ?? []) : undefined;
  if (network !== undefined) diagnostics.push(...networkDiagnostics(network));
  const listings = options.listings !== undefined && options.listings.length > 0 ? await prepareListings(options.listings, pkg.manifest, policy, options.fetchPolicy, diagnostics, path) : undefined;
  checkAbort(signal, 'rules');
  const base = { kind: pkg.kind, facts, policy, policySearched: searched, policyMentions: mentions, policyLinks: links, manifest: pkg.manifest, zipOddities: pkg.zipOddities, consentChecks: new Map<string, string>(), guards, appType, sector, ...(runtime !== undefined ? { runtime } : {}), ...(network !== undefined ? { network } : {}), signing: pkg.signing, packageSha256: pkg.sha256, ...(listings !== undefined ? { listings } : {}) };
  const rules = ALL_RULES.filter((r) => ruleApplies(r, pkg.kind, sector));
  let findings: Finding[] = [];
  rules.forEach((rule, i) => {
    try {
      findings.push(...runRule(rule, base));
    } catch (e) {
      // A rule bug must not cost the user the other findings; it is reported, not swallowed.
      diagnostics.push({ severity: 'error', code: 'RULE_FAILED', message: `rule ${rule.meta.id}: ${e instanceof Error ? e.message : String(e)}`, file: null });
    }
    progress({ phase: 'rules', done: i + 1, total: rules.length });
  });
  if (runtime !== undefined) findings = linkRuntimeFindings(findings);
  if (options.suppressions !== undefined) applySuppressions(findings, options.suppressions);

  const m = pkg.manifest;
  const report: Report = {
    schemaVersion: '1',
    tool: { name: 'piscope', version: VERSION },
    input: { path, sha256: pkg.sha256, size: pkg.size, kind: inputKind(pkg), ...(pkg.kind === 'dex' ? { format: 'dex' } : {}) },
    app: {
      packageName: m?.packageName ?? null,
      versionName: m?.versionName ?? null,
      versionCode: m?.versionCode ?? null,
      label: m?.label ?? null,
      labelZh: m?.labelZh ?? null,
      minSdk: m?.minSdk ?? null,
      targetSdk: m?.targetSdk ?? null,
      category: pkg.kind === 'apk' || appType.source === 'given' ? { code: appType.type?.code ?? null, source: appType.source, confidence: appType.confidence } : null,
      categoryReasons: appType.reasons,
      sector,
    },
    permissions: facts.permissions.map(({ line: _line, ...p }) => p),
    sdks: facts.sdks.map((s) => ({ id: s.id, name: s.name, vendor: s.vendor, matchedBy: s.matchedBy, packages: s.packages, confidence: s.confidence, category: s.category, nameZh: s.nameZh })),
    apiCalls: facts.apiCalls.map(({ callee: _c, pc: _pc, ...c }) => c),
    dataTypes: withNetworkDataTypes(runtime === undefined ? dataTypesWithDeclared(facts, policy) : withTraceDataTypes(dataTypesWithDeclared(facts, policy), runtime), network),
    policy: contractPolicy(policy),
    findings: sortFindings(findings),
    stats: { ...facts.stats, durationMs: Math.round(performance.now() - t0), rules: rules.length },
    diagnostics,
    behaviors: facts.behaviors,
    packers: facts.packers,
    ...(runtime !== undefined ? { runtime: runtimeSummary(runtime) } : {}),
    ...(network !== undefined ? { network: networkSummary(network) } : {}),
    ...(listings !== undefined ? { listings: listingSummaries(listings, pkg.signing, policy) } : {}),
  };
  progress({ phase: 'done', done: 1, total: 1 });
  return report;
}
