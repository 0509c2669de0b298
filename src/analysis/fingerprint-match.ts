// SDK identification by fingerprint, for renamed or obfuscated packages. The profiles
// (fingerprints.json, made by `node scripts/obfuscate-sdks.ts profiles` from the real SDK binaries of the
// corpus) are sets of class fingerprints; an SDK is found when enough of its profile occurs in the package,
// wherever the classes now live. Hashes shared by two SDKs were dropped when the profiles were built, so
// common bundled code cannot make one SDK look like another.
// Class fingerprints break when a new version changes a class; string markers do not: the hosts, URLs, log
// tags and preference keys an SDK keeps across versions, which no renaming obfuscator touches. An SDK is
// also found when enough of its markers occur in code that no other SDK and not the app itself owns.
import { readFileSync } from 'node:fs';
import { sdkById } from '../knowledge/index.ts';
import type { ScanResult } from './scan.ts';
import type { Program } from './program.ts';
import { classFingerprints, looseKeys } from './fingerprint.ts';
import { typeToJava } from '../package/code-model.ts';
import { OWN_CLASS, packageOf, type SdkIdentification } from './sdk-detect.ts';

export interface FingerprintProfile {
  sdk: string;
  /** Where the profile came from: corpus id, file and its sha256. */
  sources: string[];
  hashes: string[];
  /** looseKeys of the SDK's classes (fingerprint.ts), for versions whose classes changed in detail. */
  loose?: string[];
}

/** Const-strings of one SDK, found in its corpus binaries and in no other SDK and no background package. */
export interface MarkerProfile {
  sdk: string;
  sources: string[];
  strings: string[];
}

export interface FingerprintFile {
  $comment: string;
  minRatio: number;
  minClasses: number;
  /** Loose keys of one profile needed to identify its SDK, and the least share of its list. */
  minLooseClasses?: number;
  minLooseRatio?: number;
  /** Distinct markers of one SDK needed to identify it, and the least share of its marker list. */
  minMarkers?: number;
  minMarkerRatio?: number;
  markers?: MarkerProfile[];
  /** shapeKey of every profiled class: a cheap filter before hashing. */
  shapes: string[];
  profiles: FingerprintProfile[];
}

let cached: FingerprintFile | undefined;
let shapeSet: ReadonlySet<string> | undefined;
/** Every marker string by id: its text and the index of its profile in `markers`. */
export interface MarkerIndex {
  byString: ReadonlyMap<string, number>;
  strings: readonly string[];
  profile: readonly number[];
}
const markerIndexes = new WeakMap<FingerprintFile, MarkerIndex>();

export function fingerprintProfiles(): FingerprintFile {
  if (cached === undefined) {
    cached = JSON.parse(readFileSync(new URL('./fingerprints.json', import.meta.url), 'utf8')) as FingerprintFile;
    shapeSet = new Set(cached.shapes);
  }
  return cached;
}

/** The markers of all profiles; `byString` is what scan() looks for (ScanOptions.markers). */
export function markerIndex(data: FingerprintFile = fingerprintProfiles()): MarkerIndex {
  let idx = markerIndexes.get(data);
  if (idx === undefined) {
    const byString = new Map<string, number>();
    const strings: string[] = [];
    const profile: number[] = [];
    (data.markers ?? []).forEach((p, i) => {
      for (const s of p.strings) {
        byString.set(s, strings.length);
        strings.push(s);
        profile.push(i);
      }
    });
    idx = { byString, strings, profile };
    markerIndexes.set(data, idx);
  }
  return idx;
}

function inPackage(dotted: string, pkg: string | null): boolean {
  return pkg !== null && pkg.length > 0 && dotted.startsWith(`${pkg}.`);
}

/**
 * Adds SDKs identified by their string markers (scan()'s markerHits, made with markerIndex(data)). A marker
 * counts only in a class that is not the app's own (manifest package) and that no other SDK owns, so a bridge
 * or a mediation SDK naming another SDK's hosts does not make that SDK present.
 */
export function identifyByMarkers(program: Program, g: ScanResult, ids: SdkIdentification, data: FingerprintFile, ownPackage: string | null): void {
  const profiles = data.markers ?? [];
  const hits = g.markerHits ?? [];
  if (profiles.length === 0 || hits.length === 0) return;
  const index = markerIndex(data);
  const found = profiles.map(() => new Map<string, number[]>());
  const ownCache = new Map<number, boolean>();
  for (let i = 0; i < hits.length; i += 2) {
    const id = hits[i]!;
    const k = index.profile[id]!;
    const c = program.methodClass[hits[i + 1]!]!;
    const p = profiles[k]!;
    const h = ids.ownerOf[c]!;
    if (h === OWN_CLASS || (h >= 0 && ids.hits[h]!.id !== p.sdk)) continue;
    let own = ownCache.get(c);
    if (own === undefined) {
      own = inPackage(typeToJava(program.typeNames[c]!), ownPackage);
      ownCache.set(c, own);
    }
    if (own) continue;
    const s = index.strings[id]!;
    const l = found[k]!.get(s);
    if (l === undefined) found[k]!.set(s, [c]);
    else if (!l.includes(c)) l.push(c);
  }
  const minMarkers = data.minMarkers ?? 5;
  const minRatio = data.minMarkerRatio ?? 0;
  profiles.forEach((p, k) => {
    const f = found[k]!;
    const ratio = p.strings.length === 0 ? 0 : f.size / p.strings.length;
    if (f.size < minMarkers || ratio < minRatio) return;
    const sdk = sdkById(p.sdk);
    if (sdk === undefined) return;
    let idx = ids.hits.findIndex((h) => h.id === p.sdk);
    const confidence = Math.round(Math.min(0.95, 0.5 + f.size / 100) * 100) / 100;
    if (idx < 0) {
      idx = ids.hits.length;
      ids.hits.push({
        id: sdk.id, name: sdk.name, vendor: sdk.vendor, matchedBy: 'fingerprint', packages: [], confidence,
        category: sdk.category, nameZh: sdk.nameZh, evidenceClasses: [], prefixes: [],
      });
    } else {
      const h = ids.hits[idx]!;
      if (h.matchedBy === 'package') h.matchedBy = 'both';
      h.confidence = Math.max(h.confidence ?? 0, confidence);
    }
    const hit = ids.hits[idx]!;
    hit.markers = [...f.keys()].sort().slice(0, MAX_MARKERS_SHOWN);
    // Only the classes that hold a marker are given to the SDK: a marker says nothing about its neighbours.
    for (const cs of f.values()) {
      for (const c of cs) {
        if (ids.ownerOf[c]! >= 0) continue;
        ids.ownerOf[c] = idx;
        const pkg = packageOf(typeToJava(program.typeNames[c]!));
        const shown = pkg.length === 0 ? DEFAULT_PACKAGE : pkg;
        if (!hit.packages.includes(shown)) hit.packages.push(shown);
        if (hit.evidenceClasses.length < 10) hit.evidenceClasses.push(typeToJava(program.typeNames[c]!));
      }
    }
  });
}

const MAX_MARKERS_SHOWN = 10;


/** Adds fingerprint matches to `ids` (in place): new SDKs, or `both` on ones found by package. */
export function identifyByFingerprint(
  program: Program, g: ScanResult, ids: SdkIdentification, data: FingerprintFile = fingerprintProfiles(), ownPackage: string | null = null,
): void {
  identifyByClassPrints(program, g, ids, data, ownPackage);
  identifyByMarkers(program, g, ids, data, ownPackage);
}

function identifyByClassPrints(program: Program, g: ScanResult, ids: SdkIdentification, data: FingerprintFile, ownPackage: string | null): void {
  if (data.profiles.length === 0) return;
  const shapes = data === cached && shapeSet !== undefined ? shapeSet : new Set(data.shapes);
  // Classes that a package match already gives to an SDK without a profile cannot change any answer.
  const profiled = new Set(data.profiles.map((p) => p.sdk));
  const skipHit = ids.hits.map((h) => !profiled.has(h.id));
  const prints = classFingerprints(program, g, shapes, undefined, (c) => {
    const h = ids.ownerOf[c]!;
    return h === OWN_CLASS || (h >= 0 && skipHit[h] === true); // no SDK is identified from the app's own classes
  });
  const byHash = new Map<string, number[]>();
  prints.forEach((h, c) => {
    if (h === null) return;
    const l = byHash.get(h);
    if (l === undefined) byHash.set(h, [c]);
    else l.push(c);
  });
  // A class's dotted package, computed once and only for the classes some matched profile asks about.
  const classPkg: (string | undefined)[] = [];
  const pkgOfClass = (c: number): string => (classPkg[c] ??= packageOf(typeToJava(program.typeNames[c]!)));
  let byLoose: Map<string, number[]> | undefined;
  for (const p of data.profiles) {
    const matched: number[] = [];
    let hit = 0;
    for (const h of p.hashes) {
      const cs = byHash.get(h);
      if (cs === undefined) continue;
      hit++;
      for (const c of cs) matched.push(c);
    }
    let ratio = p.hashes.length === 0 ? 0 : hit / p.hashes.length;
    if (ratio < data.minRatio || hit < data.minClasses) {
      // Another version: exact class prints fail, the looser framework-call keys may hold.
      byLoose ??= looseIndex(program, g, ids, skipHit, ownPackage);
      const loose = matchLoose(p, byLoose, data, ids);
      if (loose === null) continue;
      ratio = loose.ratio;
      matched.length = 0;
      matched.push(...loose.classes);
    }
    const sdk = sdkById(p.sdk);
    if (sdk === undefined) continue;
    let idx = ids.hits.findIndex((h) => h.id === p.sdk);
    if (idx < 0) {
      idx = ids.hits.length;
      ids.hits.push({
        id: sdk.id, name: sdk.name, vendor: sdk.vendor, matchedBy: 'fingerprint', packages: [], confidence: Math.round(ratio * 100) / 100,
        category: sdk.category, nameZh: sdk.nameZh, evidenceClasses: [], prefixes: [],
      });
    } else {
      const h = ids.hits[idx]!;
      if (h.matchedBy === 'package') h.matchedBy = 'both';
      h.confidence = Math.max(h.confidence ?? 0, Math.round(ratio * 100) / 100);
    }
    const hitRec = ids.hits[idx]!;
    const perPackage = new Map<string, number>();
    for (const c of matched) {
      if (ids.ownerOf[c]! !== -1) continue; // a package match, or the app's own class, stays
      ids.ownerOf[c] = idx;
      const pkg = pkgOfClass(c);
      perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + 1);
      const shown = pkg.length === 0 ? DEFAULT_PACKAGE : pkg;
      if (!hitRec.packages.includes(shown)) hitRec.packages.push(shown);
      if (hitRec.evidenceClasses.length < 10) hitRec.evidenceClasses.push(typeToJava(program.typeNames[c]!));
    }
    // A renamed package that holds several matched classes is the SDK's: its other classes (the ones too
    // small to fingerprint) belong to the SDK too. The default package (ProGuard's -repackageclasses '')
    // mixes everything, so there only the matched classes are attributed.
    const renamed = [...perPackage].filter(([pkg, n]) => pkg.length > 0 && n >= MIN_CLASSES_PER_PACKAGE).map(([pkg]) => pkg);
    if (renamed.length === 0) continue;
    for (const pkg of renamed) if (!hitRec.prefixes.includes(pkg)) hitRec.prefixes.push(pkg);
    for (let c = 0; c < program.classCount; c++) {
      if (ids.ownerOf[c]! !== -1) continue;
      const pkg = pkgOfClass(c);
      if (renamed.some((r) => pkg === r || pkg.startsWith(`${r}.`))) ids.ownerOf[c] = idx;
    }
  }
}

/** Classes by loose key, leaving out those a package match gave to an SDK without a profile. */
function looseIndex(program: Program, g: ScanResult, ids: SdkIdentification, skipHit: boolean[], ownPackage: string | null): Map<string, number[]> {
  const out = new Map<string, number[]>();
  looseKeys(program, g).forEach((k, c) => {
    if (k === null) return;
    const h = ids.ownerOf[c]!;
    if (h === OWN_CLASS || (h >= 0 && skipHit[h] === true)) return;
    // The app's own classes never identify an SDK.
    if (h < 0 && inPackage(typeToJava(program.typeNames[c]!), ownPackage)) return;
    const l = out.get(k);
    if (l === undefined) out.set(k, [c]);
    else l.push(c);
  });
  return out;
}

function matchLoose(p: FingerprintProfile, byLoose: Map<string, number[]>, data: FingerprintFile, ids: SdkIdentification): { ratio: number; classes: number[] } | null {
  const keys = p.loose ?? [];
  if (keys.length === 0) return null;
  const classes: number[] = [];
  let hit = 0;
  for (const k of keys) {
    // Classes another SDK owns by package are that SDK's, whatever their shape.
    const cs = byLoose.get(k)?.filter((c) => ids.ownerOf[c]! < 0 || ids.hits[ids.ownerOf[c]!]!.id === p.sdk);
    if (cs === undefined || cs.length === 0) continue;
    hit++;
    classes.push(...cs);
  }
  const ratio = hit / keys.length;
  if (hit < (data.minLooseClasses ?? 8) || ratio < (data.minLooseRatio ?? 0.2)) return null;
  return { ratio, classes };
}

const DEFAULT_PACKAGE = '(default package)';
const MIN_CLASSES_PER_PACKAGE = 3;
