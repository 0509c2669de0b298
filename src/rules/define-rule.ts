// The rule contract (ESLint style): one file per rule, `meta` that the docs and tests read, and `check(ctx)`
// that reports findings through the context. Rules are pure functions of the context.
import type { AnalysisFacts } from '../analysis/facts.ts';
import type { PathGuard } from '../analysis/guards.ts';
import type { MiniConfig } from '../analysis/wxapkg/mini-config.ts';
import type { StoreListing } from '../package/store-listing.ts';
import type { Manifest, PackageKind, Signing, ZipOddity } from '../package/types.ts';
import type { PolicyAnalysis } from '../policy/types.ts';
import type { Confidence, Evidence, Finding, LocalizedText, Method, PolicyComparison, Severity } from '../report/types.ts';
import type { RuntimeFacts } from '../runtime/facts.ts';
import type { NetworkFacts } from '../runtime/network/facts.ts';
import type { AppType } from './app-types.ts';

export const SECTORS = ['finance', 'education', 'health', 'transport', 'advertising'] as const;
export type Sector = (typeof SECTORS)[number];

export interface AppTypeContext {
  /** The type (one of the 39), or null when neither given nor inferred. */
  readonly type: AppType | null;
  readonly source: 'given' | 'inferred';
  /** 1 when given; the inference's confidence otherwise. */
  readonly confidence: number | null;
}

export interface RuleMeta {
  readonly id: string;
  readonly title: LocalizedText;
  /** Clause ids of clauses.json (rules-catalog). */
  readonly clauses: readonly string[];
  /** Further clauses some findings cite (an SDK's collection before consent adds SDK-2). */
  readonly mayCite?: readonly string[];
  readonly methods: readonly Method[];
  /** Default severity: the most a finding of this rule is given. */
  readonly severity: Severity;
  /** Set for the rules of a sector pack: they run only when the scan's sector matches. */
  readonly sector?: Sector;
  /** The verdict depends on the app type: never `confirmed` when the type was inferred. */
  readonly usesAppType?: boolean;
  /** Which packages the rule judges: an SDK jar has no privacy-policy duties of an app. */
  readonly appliesTo?: readonly PackageKind[];
  readonly docs: { readonly description: LocalizedText; readonly rationale: string };
}

/** What a rule reports; the engine fills ruleId, title and the default clauses and methods. */
export interface FindingInput {
  severity: Severity;
  confidence: Confidence;
  message: LocalizedText;
  evidence: Evidence[];
  clauses?: string[];
  methods?: Method[];
  dataTypes?: string[];
  sdk?: string;
  runtimeCheck?: LocalizedText;
  /** A shorter title for this finding, when the rule's title is too general. */
  title?: LocalizedText;
  /** The store whose duty the finding names (a store-side finding); absent: the app's. */
  store?: string;
}

export interface RuleContext {
  readonly kind: PackageKind;
  readonly facts: AnalysisFacts;
  /** Null when no policy was found in the package or given. */
  readonly policy: PolicyAnalysis | null;
  /** Where the policy search looked when none was found (for evidence). */
  readonly policySearched: readonly string[];
  /** Texts in the package that name a privacy policy (a consent pop-up) when the policy itself was not found. */
  readonly policyMentions: readonly string[];
  /** Policy links in the app's own string resources (@string/privacy_url), when the policy was not found. */
  readonly policyLinks?: readonly { readonly url: string; readonly source: string }[];
  readonly manifest: Manifest | null;
  /** ZIP anomalies of the package (anti-analysis evidence). */
  readonly zipOddities: readonly ZipOddity[];
  /**
   * Methods on "before consent" paths that read a consent flag (smali method → what it does), for contexts
   * built without guards (rule cases written before guards existed). The engine gives `guards` and leaves this
   * empty: collection-before-consent reads it only when `guards` is absent.
   */
  readonly consentChecks: ReadonlyMap<string, string>;
  /**
   * Guards on before-consent calls, by guardKey (analysis/guards.ts): a branch on configuration or a stored
   * value that can keep the call from running. Absent in contexts built without code (then: no guard known).
   */
  readonly guards?: ReadonlyMap<string, PathGuard>;
  readonly appType: AppTypeContext;
  readonly sector: Sector | null;
  /** What recorded runs of the app showed (--trace); absent without a trace. */
  readonly runtime?: RuntimeFacts;
  /** What network captures of the app showed (--har), with the trace's device values matched; absent without one. */
  readonly network?: NetworkFacts;
  /** A mini-program's declarations and wx call sites (kind `wxapkg`); absent for other packages. */
  readonly mini?: MiniRuleFacts;
  /** The package's signing (certificates); absent in contexts built without a package. */
  readonly signing?: Signing | null;
  /** The package file's sha256; absent in contexts built without a package. */
  readonly packageSha256?: string;
  /** Store listings of this package to hold against it (--listing); absent without one. */
  readonly listings?: readonly ListingFacts[];
  report(finding: FindingInput): void;
}

/** A store listing of the scanned package, with what the engine learnt of its privacy-policy URL. */
export interface ListingFacts {
  readonly listing: StoreListing;
  /** `not-fetched`: fetching was not allowed; `unreachable`: the fetch failed (error); `fetched`: compared with the app's policy (null: the app has none to compare). */
  readonly policy: { readonly status: 'none' | 'not-fetched' } | { readonly status: 'unreachable'; readonly error: string } | { readonly status: 'fetched'; readonly comparison: PolicyComparison | null };
}

export interface MiniRuleFacts {
  /** null when no scanned part holds app-config.json / app.json (a subpackage scanned alone). */
  readonly config: MiniConfig | null;
  readonly calls: readonly { readonly api: string; readonly file: string; readonly line: number; readonly column: number; readonly via: string; readonly context?: readonly string[]; readonly owners?: readonly (number | null)[] }[];
  /** `this.method()` calls inside methods of an object literal (context and owners as for calls). */
  readonly thisCalls?: readonly { readonly file: string; readonly context: readonly string[]; readonly owners: readonly (number | null)[]; readonly method: string }[];
  /** `<button open-type>` found in the compiled WXML or a framework's JSX (`wxml`: the template, when known). */
  readonly buttons: readonly { readonly openType: string; readonly element?: 'button' | 'input'; readonly wxml: string | null; readonly file: string; readonly line: number; readonly column: number; readonly dynamic: boolean; readonly handlers: readonly { readonly attr: string; readonly handler: string | null }[] }[];
  /** Subpackage roots the config lists that were not given to the scan. */
  readonly missingSubpackages: readonly string[];
}

export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Runs one rule on a context and returns complete findings. */
export function runRule(rule: Rule, base: Omit<RuleContext, 'report'>): Finding[] {
  const out: Finding[] = [];
  const { meta } = rule;
  rule.check({
    ...base,
    report(f) {
      const finding: Finding = {
        ruleId: meta.id,
        clauses: f.clauses ?? [...meta.clauses],
        severity: f.severity,
        // An inferred type is a guess; a finding resting on it cannot be proven.
        confidence: meta.usesAppType === true && base.appType.source === 'inferred' && f.confidence === 'confirmed' ? 'likely' : f.confidence,
        methods: f.methods ?? [...meta.methods],
        title: f.title ?? meta.title,
        message: f.message,
        evidence: f.evidence,
      };
      if (f.dataTypes !== undefined) finding.dataTypes = f.dataTypes;
      if (f.sdk !== undefined) finding.sdk = f.sdk;
      if (f.runtimeCheck !== undefined) finding.runtimeCheck = f.runtimeCheck;
      if (f.store !== undefined) finding.store = f.store;
      out.push(finding);
    },
  });
  return out;
}

/** Whether a rule runs for this package and sector. */
export function ruleApplies(rule: Rule, kind: PackageKind, sector: Sector | null): boolean {
  if (rule.meta.sector !== undefined && rule.meta.sector !== sector) return false;
  return rule.meta.appliesTo === undefined || rule.meta.appliesTo.includes(kind);
}
