// The Report of ../shared/spec/report.schema.json, as TypeScript. Fields beyond the contract are optional
// extensions (allowed by the spec); renaming or removing a contract field is never allowed.

export type Severity = 'high' | 'medium' | 'low' | 'info';
export type Confidence = 'confirmed' | 'likely' | 'possible';
export type Method = 'manifest' | 'static' | 'policy' | 'dynamic' | 'network';
export type InputKind = 'apk' | 'jar' | 'aar' | 'wxapkg';

export interface LocalizedText {
  zh: string;
  en: string;
}

export type Evidence =
  | { kind: 'manifest'; element: string; line?: number | null; attribute?: string; value?: string }
  | {
      kind: 'code';
      caller: string;
      callee?: string;
      /** Methods from an entry point to the caller, entry first (smali form). */
      path?: string[];
      container?: string;
      owner?: Owner;
      note?: string;
    }
  | {
      kind: 'policy';
      /** The sentence (or excerpt) from the policy. */
      excerpt?: string;
      /** Character offsets in the policy text. */
      start?: number;
      end?: number;
      section?: string | null;
      /** When something is missing: which sections were searched and for what. */
      searched?: string[];
      source?: string | null;
    }
  | {
      kind: 'trace';
      /** `ts`: wall clock, ms since the epoch; extensions: where the line is (`file:line`), app state, thread, stack depth. */
      events: { ts: number; api: string; stack?: string[]; at?: string; state?: string; tid?: number | null; stackDepth?: number; caller?: string | null }[];
      /** Extension: the recorder, its session and what it could not see (stack depth, clock resolution, consent markers). */
      source?: string;
      session?: string;
      /** Extension: the owner of the blamed frame, as in code evidence. */
      owner?: { kind: 'app' | 'sdk' | 'unknown'; sdk?: string };
      limits?: string;
      note?: string;
    }
  | {
      kind: 'network';
      url: string;
      method?: string;
      matched?: string;
      /** Extensions (captures, --har): where the request is in the capture (`file entries[3]`), its time (ms since the epoch, the capture's clock), the field that carried the value, the value masked, and who receives it. */
      at?: string;
      ts?: number | null;
      host?: string;
      field?: string;
      value?: string;
      basis?: 'value' | 'pattern';
      recipient?: string;
      /** Where the request falls relative to the consent answer of a recorded session. */
      consent?: string;
      note?: string;
    }
  | {
      kind: 'file';
      path: string;
      detail?: string;
      sha256?: string;
      size?: number;
      /** Extensions for a store listing held against the package (--listing): the store, when it was read, which field. */
      store?: string;
      fetchedAt?: string;
      field?: string;
    };

export type OwnerKind = 'app' | 'sdk' | 'unknown';

/**
 * Extension: who owns code, finer than `kind`. `third-party` (code of no identified SDK, outside the app's
 * packages) and `platform` (AndroidX, Kotlin, Play services…) both have `kind: 'unknown'`. Only `app` is ever
 * worded as the app.
 */
export type Party = 'app' | 'sdk' | 'third-party' | 'platform';

export interface Owner {
  kind: OwnerKind;
  sdk?: string;
  party?: Party;
  /** Dotted package prefix naming third-party or platform code (`com.xxx.loc`, `androidx.appcompat`). */
  prefix?: string;
}

/** Extension of a data type: one party whose code reads it, and whether that code runs. */
export interface DataTypeCollector {
  party: Party;
  sdk?: string;
  prefix?: string;
  /** true: some call is reachable from an entry point; false: every call is dead code; null: unknown (a library). */
  reachable: boolean | null;
}

export interface ReportPermission {
  name: string;
  protectionLevel: string | null;
  dangerous: boolean;
  dataTypes: string[];
}

export interface ReportSdk {
  id: string;
  name: string;
  vendor: string | null;
  matchedBy: 'package' | 'fingerprint' | 'both';
  packages: string[];
  confidence: number | null;
  /** Extension: category (push, analytics, ads, …) and Chinese name. */
  category?: string;
  nameZh?: string;
}

export interface ReportApiCall {
  api: string;
  dataType: string;
  caller: string;
  callerOwner: Owner;
  reachable: boolean | null;
  beforeConsent: boolean | null;
  /** Extension: shortest call path from an entry point, entry first. */
  path?: string[];
  /** Extension: how the call was found: direct, hierarchy, reflection, content-uri, settings-key, field, binder. */
  via?: string;
  container?: string;
  /** Extension: an app-list probe that is collection because its owner probes these named packages (all of them). */
  probes?: string[];
  /** Extension: an app-list query that is collection because its intent is broad (`android.intent.action.MAIN + …`). */
  query?: string;
  /** Extension: the catalogue marks the API weak (often benign, a generic sink): alone it proves no collection. */
  weak?: boolean;
}

export interface ReportDataType {
  id: string;
  /** 'app' and SDK ids whose live code reads the type; never a party that is only third-party or platform code. */
  collectedBy: string[];
  evidence: ('permission' | 'api' | 'trace' | 'network')[];
  declared: boolean | null;
  /** Extension: every party whose code reads the type, dead code included. */
  collectors?: DataTypeCollector[];
  /**
   * Extension: what backs the type. `reachable`: code reachable from an entry point reads it; `code`: code
   * whose reachability is unknown (a library); `unreachable`: only dead code; `permission`: only a requested
   * permission, which is not collection.
   */
  basis?: 'reachable' | 'code' | 'unreachable' | 'permission';
}

export interface ReportPolicy {
  found: boolean;
  source: string | null;
  declaredDataTypes: string[];
  declaredSdks: string[];
  hasContact: boolean | null;
  hasAccountDeletion: boolean | null;
  hasComplaintChannel: boolean | null;
  hasPersonalizationOptOut: boolean | null;
  hasMinorsClause: boolean | null;
  [extension: string]: unknown;
}

export interface Finding {
  ruleId: string;
  clauses: string[];
  severity: Severity;
  confidence: Confidence;
  methods: Method[];
  dataTypes?: string[];
  sdk?: string;
  title: LocalizedText;
  message: LocalizedText;
  evidence: Evidence[];
  /** Extension: accepted by a suppression file, with its justification. */
  suppressed?: { justification: string; file: string };
  /** Extension: what a runtime test should check to settle this finding. */
  runtimeCheck?: LocalizedText;
  /** Extension: the store (distribution platform) whose duty a store-side finding names (164号文 四), by its id. */
  store?: string;
}

/** Extension: a store listing the scan held against the package (--listing), and what could be checked of it. */
export interface ReportListing {
  store: string;
  url: string | null;
  packageName: string;
  fetchedAt: string;
  /** The developer against the signing certificate and the policy's operator: what the names allow to say. */
  developer: { listed: string | null; certificate: string | null; certificateVerdict: string; operator: string | null; operatorVerdict: string };
  /** The listing's privacy-policy URL: not given, not fetched (fetching not allowed), not reached, or fetched and compared. */
  policy: { url: string | null; status: 'none' | 'not-fetched' | 'unreachable' | 'fetched'; error?: string; comparison?: PolicyComparison | null };
}

/** Two policy texts compared after normalisation (NFKC, lower case, letters and digits only). */
export interface PolicyComparison {
  /** The normalised texts are equal. */
  identical: boolean;
  /** Jaccard similarity of the two texts' sets of 5-character shingles (0..1). */
  jaccard: number;
  /** Share of the app policy's shingles found in the listing's policy (0..1): high when a web page wraps the same text. */
  containment: number;
  verdict: 'same' | 'partly-different' | 'different';
  appSource: string | null;
  appLength: number;
  listingLength: number;
}

export interface Report {
  schemaVersion: '1';
  tool: { name: 'piscope'; version: string };
  input: { path: string; sha256: string; size: number; kind: InputKind };
  app: {
    packageName: string | null;
    versionName: string | null;
    versionCode: number | string | null;
    label: string | null;
    minSdk: number | null;
    targetSdk: number | null;
    category: { code: string | null; source: 'given' | 'inferred'; confidence: number | null } | null;
    [extension: string]: unknown;
  };
  permissions: ReportPermission[];
  sdks: ReportSdk[];
  apiCalls: ReportApiCall[];
  dataTypes: ReportDataType[];
  policy: ReportPolicy;
  findings: Finding[];
  stats: { durationMs: number; classes?: number; methods?: number; dexFiles?: number; [extension: string]: unknown };
  /** Extension: problems met while reading (tampering, unreadable nested code, packers). */
  diagnostics?: { severity: 'warning' | 'error'; code: string; message: string; file: string | null }[];
  /** Extension: the store listings held against the package (--listing). */
  listings?: ReportListing[];
  [extension: string]: unknown;
}
