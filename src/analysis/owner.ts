// Who owns a class: the app's own code, an identified SDK, unidentified third-party code (named by its package
// prefix) or a platform library (AndroidX, Kotlin, Play services…). Reports word only the first as "the app":
// code that no catalogue names is not thereby the app's.
import { platformLibraryFor } from '../knowledge/index.ts';
import { javaToType, typeToJava } from '../package/code-model.ts';
import type { Manifest } from '../package/types.ts';
import type { Owner } from '../report/types.ts';
import type { Program } from './program.ts';
import { OWN_CLASS, packageOf, type SdkIdentification } from './sdk-detect.ts';

export interface OwnerModel {
  /** Package prefixes (dotted) taken as the app's own code. */
  readonly appPackages: string[];
  /** Owner of a class of the program, by class id. */
  ofClass(c: number): Owner;
  /** Owner of a class by dotted name, also for a class the code lacks (a manifest component of packed code). */
  ofName(javaName: string): Owner;
}

export interface OwnerInput {
  program: Program;
  manifest: Manifest | null;
  ids: SdkIdentification;
  /** Whether a dotted package lies under a catalogued SDK's prefix, present in the code or not. */
  isSdkPackage: (dotted: string) => boolean;
  /** Packer stub classes and prefixes (dotted): a packer's Application is not the app's. */
  packerClasses: readonly string[];
}

const APP: Owner = { kind: 'app', party: 'app' };
/** Shown for third-party code whose packages share no name (obfuscated short names, the default package). */
const NO_PREFIX = '';
const OBFUSCATED = '\u0000obfuscated';
/** Third-party prefixes are at most this deep: enough to name a product (com.xxx.loc), not its modules. */
const MAX_PREFIX_SEGMENTS = 3;
/** Second-level domains under a country code (cn.com.chinatelecom): the organisation is then three segments. */
const GENERIC_SLD = new Set(['com', 'net', 'org', 'gov', 'edu', 'co', 'ac']);
/** Namespaces that many unrelated authors share: the organisation is then three segments too. */
const SHARED_ORGS = new Set(['com.github', 'io.github', 'com.gitee', 'io.gitee', 'com.gitlab', 'com.example', 'org.example']);

function under(dotted: string, prefix: string): boolean {
  return dotted === prefix || dotted.startsWith(`${prefix}.`);
}

/**
 * The organisation a package belongs to, by the reverse-domain convention: `com.vendor` (two segments), or
 * three for `cn.com.vendor` and shared namespaces (`com.github.user`).
 */
export function organisationOf(pkg: string): string {
  const s = pkg.split('.');
  const two = s.slice(0, 2).join('.');
  const three = s.length >= 3 && ((s[0]!.length === 2 && GENERIC_SLD.has(s[1]!)) || SHARED_ORGS.has(two));
  return three ? s.slice(0, 3).join('.') : two;
}

/** ProGuard/R8 names: every segment one or two characters (`a.b`, `b6`), or the default package. */
function obfuscatedPackage(pkg: string): boolean {
  return pkg === '' || pkg.split('.').every((x) => x.length <= 2);
}

/** A platform library's prefix and the next segment (`androidx.appcompat`), which names the component. */
function platformPrefix(pkg: string, libPrefix: string): string {
  const rest = pkg.slice(libPrefix.length + 1);
  const next = rest.length === 0 ? '' : rest.split('.')[0]!;
  return next === '' ? libPrefix : `${libPrefix}.${next}`;
}

/**
 * The app's own packages: the manifest package, the Application class's and the launcher activity's, and the
 * packages of components in the same organisation as one of those. A component under an SDK, platform or
 * packer prefix is the library's, and so is one of another organisation (an SDK missing from the catalogue,
 * e.g. a provider that starts an attribution SDK): declaring it in the manifest does not make it the app's.
 */
export function ownPackages(manifest: Manifest | null, excluded: (pkg: string) => boolean): string[] {
  if (manifest === null) return [];
  const roots = new Set<string>();
  if (manifest.packageName !== null && manifest.packageName.length > 0) roots.add(manifest.packageName);
  for (const cls of [manifest.applicationClass, manifest.launchableActivity]) {
    const p = cls === null ? '' : packageOf(cls);
    if (p.length > 0 && !excluded(p)) roots.add(p);
  }
  const orgs = new Set([...roots].map(organisationOf));
  const out = new Set(roots);
  for (const comp of manifest.components) {
    const p = packageOf(comp.name);
    if (p.length > 0 && !excluded(p) && orgs.has(organisationOf(p))) out.add(p);
  }
  const all = [...out];
  return all.filter((p) => !all.some((q) => q !== p && p.startsWith(`${q}.`))).sort();
}

/** The app's own packages of a package whose SDKs are identified (ownPackages, minus SDK, platform, packer code). */
export function appPackagesOf(input: Omit<OwnerInput, 'program'>): string[] {
  const sdkPrefixes = input.ids.hits.flatMap((h) => h.prefixes);
  // A packer entry is a stub class or a package prefix: its package, or anything under it, is the packer's.
  const packer = (p: string): boolean => input.packerClasses.some((c) => under(p, c) || packageOf(c) === p);
  const excluded = (p: string): boolean =>
    platformLibraryFor(p) !== undefined || input.isSdkPackage(p) || sdkPrefixes.some((s) => under(p, s)) || packer(p);
  return ownPackages(input.manifest, excluded);
}

/**
 * Marks the classes of the app's own packages OWN_CLASS where no SDK prefix claimed them, so that the
 * fingerprint matcher identifies no SDK from the app's own code.
 */
export function markOwnClasses(program: Program, ids: SdkIdentification, appPackages: readonly string[]): void {
  if (appPackages.length === 0) return;
  const descs = appPackages.map((p) => `L${p.replaceAll('.', '/')}/`);
  for (let c = 0; c < program.classCount; c++) {
    if (ids.ownerOf[c] !== -1) continue;
    const t = program.typeNames[c]!;
    if (descs.some((d) => t.startsWith(d))) ids.ownerOf[c] = OWN_CLASS;
  }
}

export function buildOwners(input: OwnerInput & { appPackages?: string[] }): OwnerModel {
  const { program, ids } = input;
  const appPackages = input.appPackages ?? appPackagesOf(input);
  // Unattributed code of the app's own organisation (amap.com.recorduitl beside amap.com.android_path_record)
  // is the app's: the same author's code under a sibling package.
  const appOrgs = new Set(appPackages.map(organisationOf));
  const sdkOwners: Owner[] = ids.hits.map((h) => ({ kind: 'sdk', sdk: h.id, party: 'sdk' }));

  // Everything outside the app, the SDKs and the platform, grouped by organisation (obfuscated names in one
  // group): one vendor's code is one party, named by the longest package its classes share (at most three
  // segments), so that an SDK missing from the catalogue reads as one "com.xxx.loc", not as its modules.
  const groupOf = (pkg: string): string => (obfuscatedPackage(pkg) ? OBFUSCATED : organisationOf(pkg));
  const classify = (pkg: string): Owner | string => {
    if (appPackages.some((p) => under(pkg, p)) || appOrgs.has(organisationOf(pkg))) return APP;
    const lib = platformLibraryFor(pkg);
    if (lib !== undefined) return { kind: 'unknown', party: 'platform', prefix: platformPrefix(pkg, lib.prefix) };
    return groupOf(pkg);
  };
  const byPackage = new Map<string, Owner | string>();
  const groups = new Map<string, string[][]>();
  for (let c = 0; c < program.classCount; c++) {
    if (ids.ownerOf[c]! !== -1) continue;
    const pkg = packageOf(typeToJava(program.typeNames[c]!));
    if (byPackage.has(pkg)) continue;
    const o = classify(pkg);
    byPackage.set(pkg, o);
    if (typeof o === 'string') {
      const g = groups.get(o);
      if (g === undefined) groups.set(o, [pkg.split('.')]);
      else g.push(pkg.split('.'));
    }
  }
  const thirdParty = new Map<string, Owner>();
  // Obfuscated names share nothing a person could look up: that code is named by no prefix.
  for (const [key, pkgs] of groups) thirdParty.set(key, thirdPartyOwner(key === OBFUSCATED ? NO_PREFIX : commonPrefix(pkgs)));

  const ownerOfPackage = (pkg: string): Owner => {
    let o = byPackage.get(pkg);
    if (o === undefined) {
      o = classify(pkg);
      byPackage.set(pkg, o);
    }
    if (typeof o !== 'string') return o;
    return thirdParty.get(o) ?? thirdPartyOwner(obfuscatedPackage(pkg) ? NO_PREFIX : pkg.split('.').slice(0, MAX_PREFIX_SEGMENTS).join('.'));
  };
  const cache: (Owner | undefined)[] = [];
  return {
    appPackages,
    ofClass(c: number): Owner {
      const h = ids.ownerOf[c]!;
      if (h >= 0) return sdkOwners[h]!;
      if (h === OWN_CLASS) return APP;
      return (cache[c] ??= ownerOfPackage(packageOf(typeToJava(program.typeNames[c]!))));
    },
    ofName(javaName: string): Owner {
      const t = program.findType(javaToType(javaName));
      if (program.isApp(t)) return this.ofClass(t);
      // A class the code lacks: the longer of the app's and an SDK's prefixes wins, the app's on a tie.
      const pkg = packageOf(javaName);
      const app = Math.max(-1, ...appPackages.filter((p) => under(pkg, p)).map((p) => p.length));
      let best = -1;
      let hit = -1;
      ids.hits.forEach((h, i) => {
        for (const p of h.prefixes) if (under(pkg, p) && p.length > best) [best, hit] = [p.length, i];
      });
      if (hit >= 0 && best > app) return sdkOwners[hit]!;
      if (app >= 0) return APP;
      return ownerOfPackage(pkg);
    },
  };
}

function thirdPartyOwner(prefix: string): Owner {
  return prefix === NO_PREFIX ? { kind: 'unknown', party: 'third-party' } : { kind: 'unknown', party: 'third-party', prefix };
}

/** The longest package all share, at most MAX_PREFIX_SEGMENTS deep ('' when they share nothing). */
function commonPrefix(pkgs: string[][]): string {
  const first = pkgs[0]!;
  let n = Math.min(first.length, MAX_PREFIX_SEGMENTS);
  for (const p of pkgs) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join('.');
}
