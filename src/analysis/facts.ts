// What the static analysis found in a package: the input of rules/. A pure function of an OpenedPackage
// (analysis/analyze.ts). Owned by analysis/; rules/ and report/ only read it. Add fields; never rename.
import type { ReportApiCall, ReportDataType, ReportPermission, ReportSdk } from '../report/types.ts';

export interface SdkHit extends ReportSdk {
  category: string;
  nameZh: string;
  /** Some classes that matched (up to 10), as evidence. */
  evidenceClasses: string[];
  /** Package prefixes (dotted) that the SDK covers in this app, for call-site attribution. */
  prefixes: string[];
  /** For a match by string markers: some of the SDK's const-strings found (hosts, log tags, keys), to grep for. */
  markers?: string[];
  // `packages` (from ReportSdk): the matched prefixes; for a fingerprint match, the (renamed) packages of
  // the matched classes, `(default package)` for classes moved to the root by ProGuard.
  // `confidence`: 0.6–0.95 by package (more classes, more sure); the matched share of the profile by fingerprint.
}

/** How a sensitive call was found: the call itself, through an app subtype, by reflection, a content URI, a field or a settings key. */
export type Via = 'direct' | 'hierarchy' | 'reflection' | 'content-uri' | 'field' | 'settings-key' | 'binder';

export interface SensitiveCall extends ReportApiCall {
  /** Callee as found in the code (may be a subclass or reflection target), smali form. */
  callee: string;
  via: Via;
  /** Id of the sensitive-API catalogue entry that matched. */
  apiId?: string;
  /** Instruction offset in the caller. */
  pc: number;
  /** Shortest path from an entry point, entry first, when reachable. */
  path?: string[];
}

/** Behaviours that are not a data type but that rules judge (M23-5, M23-6, anti-testing). */
export interface Behavior {
  kind: 'self-start' | 'chain-start' | 'sensor-listener' | 'dynamic-code-loading' | 'reflection-hidden' | 'root-or-emulator-check';
  caller: string | null;
  detail: string;
  callerOwner: ReportApiCall['callerOwner'];
  reachable: boolean | null;
  beforeConsent: boolean | null;
  /** Manifest line, when the evidence is a manifest element. */
  line?: number | null;
  element?: string;
  /** Call path from an entry point (counter-testing checks in reachable code). */
  path?: string[];
}

export interface PackerHit {
  id: string;
  name: string;
  nameZh: string;
  vendor: string;
  /** Classes, native libraries or assets that matched. */
  evidence: string[];
}

export interface AnalysisFacts {
  permissions: (ReportPermission & { line: number | null })[];
  sdks: SdkHit[];
  apiCalls: SensitiveCall[];
  /**
   * Catalogued calls that collect nothing on what the code does around them (catalogue `access`): presence
   * probes of a few named packages or one intent, object getters whose fields are read elsewhere or not at
   * all, sending. Found like apiCalls (the reading oracles count them), never a data type.
   */
  nonCollecting?: SensitiveCall[];
  /** Derived from permissions and API calls; `declared` is left null here (the policy decides it). */
  dataTypes: ReportDataType[];
  behaviors: Behavior[];
  packers: PackerHit[];
  /** Package prefixes (dotted) taken as the app's own code: the manifest package and its components'. */
  appPackages: string[];
  /** http(s) URLs found as string constants, with the class that holds them. */
  urls: { url: string; caller: string; owner: ReportApiCall['callerOwner'] }[];
  /** Entry points used for reachability (smali method form), with what made them one. */
  entryPoints: { method: string; reason: string; beforeConsent: boolean; trigger?: 'launch' | 'event'; oldDevicesOnly?: boolean }[];
  stats: { classes: number; methods: number; dexFiles: number; reachableMethods: number; durationMs: number };
}
