// One view of an app or SDK package (DESIGN.md `package/`): what the analysis needs, read once and lazily.
import type { CertificateInfo } from '../formats/signing/signing.ts';
import type { CodeIndex } from './code-model.ts';

export type PackageKind = 'apk' | 'jar' | 'aar' | 'dex' | 'wxapkg';

/** A resolved binary-XML element (AndroidManifest.xml and layouts). */
export interface XmlElement {
  readonly tag: string;
  /** Namespace-resolved attribute names: `android:name`, `package`; values resolved (refs, booleans, ints). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Line number recorded by aapt in the binary chunk, for evidence. */
  readonly line: number | null;
  /** Attributes whose value was a resource reference: name → resource id (the value above is resolved). */
  readonly refs?: Readonly<Record<string, number>>;
}

export type ComponentType = 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';

export interface Component {
  readonly type: ComponentType;
  /** Fully qualified Java name (relative names resolved against the package). */
  readonly name: string;
  readonly exported: boolean | null;
  readonly enabled: boolean;
  readonly permission: string | null;
  readonly intentFilters: readonly { readonly actions: readonly string[]; readonly categories: readonly string[]; readonly dataSchemes: readonly string[] }[];
  /** For providers. */
  readonly authorities: readonly string[];
  readonly line: number | null;
}

export interface Manifest {
  readonly packageName: string | null;
  readonly versionCode: number | null;
  readonly versionName: string | null;
  readonly minSdk: number | null;
  readonly targetSdk: number | null;
  /** android:label resolved through resources.arsc (default locale). */
  readonly label: string | null;
  /** The label in zh / zh-CN locales when the package has one. */
  readonly labelZh: string | null;
  readonly applicationClass: string | null;
  readonly appComponentFactory: string | null;
  readonly permissions: readonly { readonly name: string; readonly maxSdk: number | null; readonly line: number | null }[];
  /** <permission> elements the app itself defines, with their protection level. */
  readonly definedPermissions: readonly { readonly name: string; readonly protectionLevel: string | null }[];
  readonly components: readonly Component[];
  /** The launchable activity, as `aapt dump badging` reports it. */
  readonly launchableActivity: string | null;
  readonly usesFeatures: readonly string[];
  readonly metaData: readonly { readonly name: string; readonly value: string | null }[];
  readonly queries: readonly string[];
  readonly root: XmlElement;
}

export interface ZipOddity {
  /**
   * One of (src/formats/zip): `fake-encryption-flag`, `local-header-mismatch`, `duplicate-name`, `unknown-method`,
   * `stored-size-mismatch`, `overlapping-entries`, `data-before-first-entry` (also AGP's unlisted padding entry),
   * `data-before-central-directory` (bytes no entry or signing block accounts for), and, once entries are read,
   * `crc-mismatch` and `short-entry`.
   */
  readonly kind: string;
  readonly entry: string | null;
  readonly detail: string;
}

export interface EntryInfo {
  readonly name: string;
  readonly compressedSize: number;
  readonly size: number;
  readonly method: number;
}

export interface NativeLib {
  readonly path: string;
  readonly abi: string;
  readonly name: string;
  readonly size: number;
}

/** A signer certificate as the signing reader describes it (one definition, in formats/signing). */
export type Certificate = CertificateInfo;

export interface Signing {
  readonly v1: readonly { readonly signatureFile: string; readonly certificates: readonly Certificate[] }[];
  readonly v2: boolean;
  readonly v3: boolean;
  readonly v31: boolean;
  /** Signer certificates from the APK Signing Block (v3.1, else v3, else v2): the only ones a v2-only APK has. */
  readonly blockCertificates?: readonly Certificate[];
}

/** A problem found while reading that did not stop the read. */
export interface Diagnostic {
  readonly severity: 'warning' | 'error';
  readonly code: string;
  readonly message: string;
  readonly file: string | null;
}

export interface OpenedPackage {
  readonly kind: PackageKind;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** Null for packages with no AndroidManifest (jar, dex); an AAR has one. */
  readonly manifest: Manifest | null;
  readonly entries: readonly EntryInfo[];
  /** Inflate one entry by name (bounded); undefined when absent. */
  readEntry(name: string): Uint8Array | undefined;
  /** Resolve a string resource by id or by `@string/name` in a locale ('' default, 'zh', 'zh-rCN', …). */
  resolveString(ref: number | string, locale?: string): string | null;
  readonly code: CodeIndex;
  readonly nativeLibs: readonly NativeLib[];
  readonly signing: Signing | null;
  readonly zipOddities: readonly ZipOddity[];
  readonly diagnostics: readonly Diagnostic[];
}
