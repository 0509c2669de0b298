// The shapes of the knowledge files (src/knowledge/*.json). The JSON Schemas in ./schemas/ say the same
// thing for the tests; keep the two in step. Every entry cites its sources.

export interface DataType {
  id: string;
  zh: string;
  en: string;
  group: string;
  sensitive: boolean;
  persistent: boolean;
  synonyms: string[];
}

export interface Permission {
  /** Full name, e.g. `android.permission.READ_PHONE_STATE`. */
  name: string;
  /** AOSP form, base level first: `dangerous`, `signature|privileged|appop`, … */
  protectionLevel: string;
  /** True when the base level is `dangerous` (a runtime permission). */
  dangerous: boolean;
  /** Runtime group, e.g. `android.permission-group.LOCATION`; null when it has none. */
  group: string | null;
  /** Chinese name as regulators and app stores write it. */
  zh: string;
  en: string;
  /** The AOSP label (framework-res, API 29) in English and zh-CN, when AOSP has one. */
  systemLabel?: { zh: string; en: string };
  /** Other Chinese names privacy policies and permission notices use ("相机", "存储", "位置信息"). */
  aliasesZh?: string[];
  dataTypes: string[];
  addedInApi: number;
  deprecatedApi?: number;
  sources: string[];
}

export type ApiKind = 'method' | 'field' | 'content-uri' | 'settings-key' | 'reflection-name' | 'binder-interface';

export type ApiBehavior = 'self-start' | 'chain-start' | 'sensor-listener' | 'dynamic-code-loading' | 'reflection-hidden' | 'root-or-emulator-check';

export interface SensitiveApi {
  id: string;
  kind: ApiKind;
  /**
   * method: `Lpkg/Cls;->name(params)ret`, or `Lpkg/Cls;->name*` for all overloads;
   * field: `Lpkg/Cls;->NAME:type`. Absent for the other kinds.
   */
  signature?: string;
  /** content-uri: the URI prefix, e.g. `content://sms`. */
  uri?: string;
  /** settings-key: the key, e.g. `android_id`, and its table. */
  key?: string;
  namespace?: 'secure' | 'system' | 'global';
  /** reflection-name: the dotted class and member looked up by name (string constants). */
  className?: string;
  member?: string;
  /**
   * binder-interface: the AIDL interface descriptor of another app's or the system's service (a phone maker's
   * OAID service): its proxy writes it with Parcel.writeInterfaceToken before each call.
   */
  descriptor?: string;
  /** Dotted name used in reports: `android.telephony.TelephonyManager.getDeviceId`. */
  api: string;
  /** Data-type id; null only for behaviour entries (dynamic code loading, chain start, …). */
  dataType: string | null;
  behavior?: ApiBehavior;
  permission?: string;
  minApi?: number;
  deprecatedApi?: number;
  /** How a runtime hook would observe it. */
  hook: string;
  /** A plain framework method or field: oracle tests compare these against dexdump/javap. */
  direct?: boolean;
  /** Often benign (own package, generic sink): rules should want more evidence before accusing. */
  weak?: boolean;
  /**
   * When the call alone does not read the data type (absent: it does). `send`: uses the capability and reads
   * nothing (sends an SMS). `probe`: asks about one named package, intent or service; the app list only when
   * the query is broad or many names are probed. `object`: returns an object; the data type is what the code
   * then reads from it (its own catalogue entries), or the whole object when the code turns it into text.
   */
  access?: 'send' | 'probe' | 'object';
  sources: string[];
}

export type SdkCategory =
  | 'push' | 'analytics' | 'crash' | 'hotfix' | 'ads' | 'map' | 'location' | 'login' | 'share' | 'payment'
  | 'risk-control' | 'device-id' | 'im' | 'rtc' | 'media' | 'customer-service' | 'social' | 'attribution'
  | 'library' | 'other';

export interface Sdk {
  /** Stable kebab-case id (`jpush`, `umeng-analytics`, …). */
  id: string;
  name: string;
  nameZh: string;
  vendor: string;
  vendorZh?: string;
  category: SdkCategory;
  /** Dotted Java package prefixes; the longest matching prefix wins. */
  packages: string[];
  domains: string[];
  /** Data-type ids the vendor says the SDK collects; [] for libraries that collect nothing. */
  collects: string[];
  policyUrl?: string;
  /** Names as Chinese privacy policies write them. */
  aliases: string[];
  /** What the SDK makes an app declare in its manifest: a signal that survives renamed packages. */
  manifest?: SdkManifestHints;
  sources: string[];
}

export interface SdkManifestHints {
  /** `<meta-data android:name>` keys (app keys, channels). */
  metaData?: string[];
  /** Intent-filter actions of the SDK's receivers and services. */
  actions?: string[];
  /** Permissions the SDK defines under the app's package, by suffix (`.permission.MIPUSH_RECEIVE`). */
  permissionSuffixes?: string[];
}

export interface Packer {
  id: string;
  name: string;
  nameZh: string;
  vendor: string;
  /** Stub class names or package prefixes (dotted). */
  classes: string[];
  /** File-name patterns of native libraries; `*` matches any run of characters. */
  nativeLibs: string[];
  /** Asset file names (paths under assets/), `*` as above. */
  assets: string[];
  sources: string[];
}

/** A platform library (AndroidX, Kotlin, Play services…): code in the app that is neither the app's nor an SDK's. */
export interface PlatformLibrary {
  /** Dotted package prefix, matched at a segment boundary. */
  prefix: string;
  name: string;
  nameZh: string;
  sources: string[];
}

/** A manifest meta-data switch that turns an SDK's automatic start on or off (manifest-switches.json). */
export interface ManifestSwitch {
  sdk: string;
  metaData: string;
  /** Whether the automatic start runs when the manifest does not set the switch. */
  default: boolean;
  /** Values of the meta-data that turn it on. */
  enablesWhen: string[];
  effect: string;
  sources: string[];
}

/** A broadcast action or push-channel service action that starts an app's code (launch-triggers.json). */
/** A permission Android grants without a <uses-permission> (implied-permissions.json). */
export interface ImpliedPermission {
  permission: string;
  /** Implied when this permission is requested (and targetSdkBelow holds, when given). */
  whenRequested?: string;
  /** Implied when the app's targetSdkVersion is below this (and whenRequested holds, when given). */
  targetSdkBelow?: number;
  reason: string;
  sources: string[];
}

export interface LaunchTrigger {
  action: string;
  /** From this targetSdkVersion on, manifest receivers no longer get the broadcast (Android 7/8+). */
  minTargetSdkExcluded?: number;
  sources: string[];
}

/** A State Council holiday notice (holidays-cn.json). */
export interface HolidayNotice {
  /** e.g. 国办发明电〔2025〕7号 */
  docNo: string;
  title: string;
  /** The date the notice is signed (YYYY-MM-DD). */
  date: string;
  /** Its page on gov.cn. */
  url: string;
  /** False when the address was taken from a dataset citing it, not fetched. */
  urlVerified: boolean;
  /** Where its text was checked. */
  checkedAgainst: string;
}

/** One holiday of a notice: the days off and the make-up working days (调休上班). */
export interface HolidayArrangement {
  /** docNo of the notice. */
  notice: string;
  holiday: string;
  /** The notice's sentence. */
  text: string;
  /** First and last day off, as the notice states them (YYYY-MM-DD). */
  off: [string, string];
  /** Make-up working days on a weekend (YYYY-MM-DD). */
  work: string[];
  /** A later notice lengthening a holiday (2020's Spring Festival). */
  extension?: boolean;
  note?: string;
}

export interface HolidayYear {
  year: number;
  arrangements: HolidayArrangement[];
}

export interface HolidayCalendarData {
  verification: string;
  notices: HolidayNotice[];
  years: HolidayYear[];
}

/** A problem category (所涉问题) of the 164号文, or of the 2019 campaign (problem-categories.json). */
export interface ProblemCategory {
  id: string;
  name: string;
  area: string;
  source: string;
  sources: string[];
}

/** The categories a clause of the rules catalogue falls under, and why. */
export interface ClauseCategories {
  clause: string;
  categories: string[];
  basis: 'direct' | 'judged';
  why: string;
}
