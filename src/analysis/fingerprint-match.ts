// SDK identification by fingerprint, for renamed or obfuscated packages. The profiles
// (fingerprints.json, made by `node scripts/obfuscate-sdks.ts profiles` from the real SDK binaries of the
// corpus) are sets of class fingerprints; an SDK is found when enough of its profile occurs in the package,
// wherever the classes now live. Hashes shared by two SDKs were dropped when the profiles were built, so
// common bundled code cannot make one SDK look like another.
import { readFileSync } from 'node:fs';
import { sdkById } from '../knowledge/index.ts';
import type { ScanResult } from './scan.ts';
import type { Program } from './program.ts';
import { classFingerprints } from './fingerprint.ts';
import { typeToJava } from '../package/code-model.ts';
import { OWN_CLASS, packageOf, type SdkIdentification } from './sdk-detect.ts';

export interface FingerprintProfile {
  sdk: string;
  /** Where the profile came from: corpus id, file and its sha256. */
  sources: string[];
  hashes: string[];
}

export interface FingerprintFile {
  $comment: string;
  minRatio: number;
  minClasses: number;
  /** shapeKey of every profiled class: a cheap filter before hashing. */
  shapes: string[];
  profiles: FingerprintProfile[];
}

let cached: FingerprintFile | undefined;
let shapeSet: ReadonlySet<string> | undefined;

export function fingerprintProfiles(): FingerprintFile {
  if (cached === undefined) {
    cached = JSON.parse(readFileSync(new URL('./fingerprints.json', import.meta.url), 'utf8')) as FingerprintFile;
    shapeSet = new Set(cached.shapes);
  }
  return cached;
}

/** Adds fingerprint matches to `ids` (in place): new SDKs, or `both` on ones found by package. */
export function identifyByFingerprint(program: Program, g: ScanResult, ids: SdkIdentification, data: FingerprintFile = fingerprintProfiles()): void {
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
  for (const p of data.profiles) {
    const matched: number[] = [];
    let hit = 0;
    for (const h of p.hashes) {
      const cs = byHash.get(h);
      if (cs === undefined) continue;
      hit++;
      for (const c of cs) matched.push(c);
    }
    const ratio = p.hashes.length === 0 ? 0 : hit / p.hashes.length;
    if (ratio < data.minRatio || hit < data.minClasses) continue;
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

const DEFAULT_PACKAGE = '(default package)';
const MIN_CLASSES_PER_PACKAGE = 3;
