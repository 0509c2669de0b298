// SDK fingerprints and the renamed variants that measure them.
//   node scripts/obfuscate-sdks.ts profiles   build src/analysis/fingerprints.json from the corpus SDK binaries
//   node scripts/obfuscate-sdks.ts variants   make jarjar (package rename) and ProGuard (-repackageclasses '',
//                                             -dontshrink -dontoptimize) variants under .cache/obfuscated/
//   node scripts/obfuscate-sdks.ts measure    which SDKs analyze() still finds in each variant, and what it
//                                             finds in the negative controls (JShare jars, our fixtures)
//   node scripts/obfuscate-sdks.ts heldout    the same on the held-out versions (test/helpers/heldout-list.ts,
//                                             fetched and made into variants under .cache/obfuscated-heldout/)
// The profiles hold class hashes, loose keys and short const-strings (hosts, keys, log tags), no code; each
// names the corpus file and sha256 it came from.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CORPUS } from '../test/helpers/corpus-list.ts';
import { HELD_OUT, HELD_OUT_REAL_APPS } from '../test/helpers/heldout-list.ts';
import { fetchHeldOut, heldOutDir } from './fetch-heldout.ts';
import { readZip } from '../src/formats/zip/index.ts';
import { apiMatcher, sdkForClass, sensitiveApis } from '../src/knowledge/index.ts';
import { openPackage } from '../src/package/open-package.ts';
import { analyze } from '../src/analysis/analyze.ts';
import { ApiCatalogue } from '../src/analysis/catalogue.ts';
import { classFingerprints, looseKeys } from '../src/analysis/fingerprint.ts';
import type { FingerprintFile } from '../src/analysis/fingerprint-match.ts';
import { Program } from '../src/analysis/program.ts';
import { scan } from '../src/analysis/scan.ts';
import { buildFixture, fixtureNames } from './build-fixtures.ts';

const root = resolve(import.meta.dirname, '..');
const corpusDir = join(root, '.cache', 'corpus');
export const outDir = join(root, '.cache', 'obfuscated');
export const heldOutOutDir = join(root, '.cache', 'obfuscated-heldout');
const profileFile = join(root, 'src', 'analysis', 'fingerprints.json');

export interface SdkBinary {
  id: string;
  sdks: readonly string[];
  file: string;
}

/** The held-out SDK versions, one entry per binary; [] when they were not fetched. */
export function heldOutBinaries(fetch = false): SdkBinary[] {
  if (fetch) fetchHeldOut();
  const out: SdkBinary[] = [];
  for (const item of HELD_OUT) {
    const dir = join(heldOutDir, item.id);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) out.push({ id: item.id, sdks: item.sdks, file: join(dir, f) });
  }
  return out;
}

export const realAppsDir = resolve(root, '..', 'shared', 'corpus', 'real-apps', 'files');

/** The held-out real apps that are present, each with its repackaged variant (made here when missing). */
export function heldOutRealApps(): (SdkBinary & { repackaged: string })[] {
  const out: (SdkBinary & { repackaged: string })[] = [];
  for (const a of HELD_OUT_REAL_APPS) {
    const file = join(realAppsDir, a.file);
    if (!existsSync(file)) continue;
    const repackaged = join(heldOutOutDir, 'repackaged', a.file);
    if (!existsSync(repackaged)) repackageApk(file, repackaged);
    out.push({ id: a.file, sdks: a.sdks, file, repackaged });
  }
  return out;
}

/** An APK's dex set through tools/java/RepackageDex.java, zipped with its manifest into `out`. */
function repackageApk(apk: string, out: string): void {
  const javaOut = join(heldOutOutDir, 'java');
  if (!existsSync(join(javaOut, 'RepackageDex.class'))) {
    mkdirSync(javaOut, { recursive: true });
    execFileSync('javac', ['-d', javaOut, '-cp', DEXLIB2, join(root, 'tools', 'java', 'RepackageDex.java')], { stdio: 'inherit' });
  }
  const work = join(heldOutOutDir, 'work', basename(apk));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'in'), { recursive: true });
  mkdirSync(join(work, 'apk'), { recursive: true });
  execFileSync('unzip', ['-q', '-o', apk, 'classes*.dex', 'AndroidManifest.xml', '-d', join(work, 'in')]);
  const dexes = readdirSync(join(work, 'in')).filter((f) => f.endsWith('.dex')).map((f) => join(work, 'in', f));
  execFileSync('java', ['-Xmx1g', '-cp', `${javaOut}:${DEXLIB2}`, 'RepackageDex'], { input: `-\t${join(work, 'apk')}\t${dexes.join('\t')}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  writeFileSync(join(work, 'apk', 'AndroidManifest.xml'), readFileSync(join(work, 'in', 'AndroidManifest.xml')));
  mkdirSync(join(heldOutOutDir, 'repackaged'), { recursive: true });
  rmSync(out, { force: true });
  execFileSync('zip', ['-q', '-j', out, ...readdirSync(join(work, 'apk')).map((f) => join(work, 'apk', f))]);
}

const DEXLIB2 = '/usr/share/java/dexlib2.jar';

/** The SDK items of the corpus, one entry per binary. */
export function sdkBinaries(): SdkBinary[] {
  const out: { id: string; sdks: readonly string[]; file: string }[] = [];
  for (const item of CORPUS) {
    if (item.sdks === undefined || (item.kind !== 'jar' && item.kind !== 'aar')) continue;
    const dir = join(corpusDir, item.id);
    if (!existsSync(dir)) throw new Error(`corpus item ${item.id} missing: run npm run corpus`);
    for (const f of readdirSync(dir).sort()) out.push({ id: item.id, sdks: item.sdks, file: join(dir, f) });
  }
  return out;
}

function open(file: string): ReturnType<typeof openPackage> {
  return openPackage(new Uint8Array(readFileSync(file)), { path: file });
}

/**
 * A const-string that can mark an SDK across versions: a host or URL, or a structured key, tag or name
 * (no spaces: log messages are reworded between versions and short ones are generic). Not a class name: bridges, mediation SDKs and apps name other SDKs' classes and intent
 * actions, and jarjar rewrites such strings.
 */
export function isMarkerCandidate(s: string): boolean {
  if (s.length < 8 || s.length > 120 || /\s/u.test(s) || !/[A-Za-z]{3}/u.test(s)) return false;
  if (/^L?(com|cn|org|net|io|me|android|androidx|java|javax|dalvik|kotlin)[./][\w$./]+;?$/u.test(s)) return false;
  // System properties, files and reflected framework methods: every device-info reader has them.
  if (/^(ro|persist|sys|gsm|dalvik)\./u.test(s) || /^(get|set|is|has|on|create|enable|disable|add|remove)[A-Z]/u.test(s) || /^build\.prop$/u.test(s)) return false;
  // A host or URL, or a key, tag or name with structure: snake_case, camelCase, dotted or dashed words.
  return /[a-z0-9-]\.(com|cn|net|org|io|me)\b/iu.test(s) || /^[A-Za-z][\w.:-]*[_.:-][\w.:-]*[A-Za-z0-9]$/u.test(s) || /^[a-z]+[A-Z][A-Za-z0-9]+$/u.test(s);
}

function methodStrings(program: Program, classes: Iterable<number>, into: Set<string>): void {
  for (const c of classes) {
    for (let m = program.methodStart[c]!; m < program.methodStart[c + 1]!; m++) {
      const code = program.method(m).code();
      if (code !== null) for (const s of code.strings) into.add(s);
    }
  }
}

function allClasses(program: Program): number[] {
  const out: number[] = [];
  for (let c = 0; c < program.classCount; c++) if (program.isApp(c)) out.push(c);
  return out;
}

/**
 * The SDK a class of a corpus binary profiles: the catalogue's owner by package, unless it is a plain
 * library. An SDK bundled in another's binary (MiPush in the Aliyun AAR) profiles its own SDK, never the
 * background.
 */
function profiledOwner(type: string): string | undefined {
  const m = sdkForClass(type);
  return m === undefined || m.sdk.category === 'library' ? undefined : m.sdk.id;
}

/** Strings and loose keys of packages that hold none of the corpus SDKs: the corpus APKs and DEX, and the JShare jars. */
function background(): { strings: Set<string>; loose: Set<string> } {
  const out = { strings: new Set<string>(), loose: new Set<string>() };
  for (const item of CORPUS) {
    if (item.kind !== 'apk' && item.kind !== 'dex' && item.id !== 'jshare') continue;
    const dir = join(corpusDir, item.id);
    for (const f of readdirSync(dir)) {
      const program = new Program(open(join(dir, f)).code);
      methodStrings(program, allClasses(program), out.strings);
      const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: null });
      for (const k of looseKeys(program, g)) if (k !== null) out.loose.add(k);
    }
  }
  return out;
}

export function profiles(): void {
  const bySdk = new Map<string, { sdk: string; hashes: Set<string>; loose: Set<string>; sources: string[] }>();
  const shapeOf = new Map<string, string>();
  const markerSets = new Map<string, { strings: Set<string>; sources: Set<string> }>();
  const bg = background();
  for (const b of sdkBinaries()) {
    if (b.id === 'jshare') continue; // the negative control: never a source of profiles
    const bytes = readFileSync(b.file);
    const pkg = open(b.file);
    const program = new Program(pkg.code);
    const sha0 = createHash('sha256').update(bytes).digest('hex');
    const bundled: number[] = [];
    for (let c = 0; c < program.classCount; c++) {
      if (!program.isApp(c)) continue;
      const owner = profiledOwner(program.typeNames[c]!);
      if (owner === undefined) {
        bundled.push(c);
        continue;
      }
      let ms = markerSets.get(owner);
      if (ms === undefined) {
        ms = { strings: new Set(), sources: new Set() };
        markerSets.set(owner, ms);
      }
      ms.sources.add(`observed: ${b.id} ${basename(b.file)} sha256:${sha0}`);
      const strs = new Set<string>();
      methodStrings(program, [c], strs);
      for (const x of strs) if (isMarkerCandidate(x)) ms.strings.add(x);
    }
    // Code bundled with the SDK that is not the SDK's (libraries, other vendors') marks nothing.
    methodStrings(program, bundled, bg.strings);
    const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: null });
    const shapes: string[] = [];
    const prints = classFingerprints(program, g, undefined, shapes);
    const loose = looseKeys(program, g);
    for (const c of bundled) if (loose[c] !== null) bg.loose.add(loose[c]!);
    // One profile per SDK and binary: an SDK shipped as two jars (Getui) is found from either.
    const profileOf = (owner: string): { sdk: string; hashes: Set<string>; loose: Set<string>; sources: string[] } => {
      let p = bySdk.get(`${owner}|${b.file}`);
      if (p === undefined) {
        p = { sdk: owner, hashes: new Set(), loose: new Set(), sources: [] };
        bySdk.set(`${owner}|${b.file}`, p);
      }
      return p;
    };
    let n = 0;
    prints.forEach((h, c) => {
      if (h === null) return;
      const owner = profiledOwner(program.typeNames[c]!);
      if (owner === undefined) return;
      const p = profileOf(owner);
      p.hashes.add(h);
      shapeOf.set(h, shapes[c]!);
      n++;
    });
    loose.forEach((k, c) => {
      if (k === null) return;
      const owner = profiledOwner(program.typeNames[c]!);
      if (owner !== undefined) profileOf(owner).loose.add(k);
    });
    const sha = createHash('sha256').update(bytes).digest('hex');
    for (const p of bySdk.values()) if (p.sources.length === 0) p.sources.push(`observed: ${b.id} ${basename(b.file)} sha256:${sha}`);
    process.stderr.write(`${b.id} ${basename(b.file)}: ${n} informative classes\n`);
  }
  // A hash in two SDKs' profiles is shared code: it identifies neither.
  const owners = new Map<string, Set<string>>();
  for (const p of bySdk.values()) for (const h of p.hashes) owners.set(h, (owners.get(h) ?? new Set<string>()).add(p.sdk));
  const looseOwners = new Map<string, Set<string>>();
  for (const p of bySdk.values()) for (const k of p.loose) looseOwners.set(k, (looseOwners.get(k) ?? new Set<string>()).add(p.sdk));
  const file: FingerprintFile = {
    $comment: 'Class fingerprints of SDK binaries (src/analysis/fingerprint.ts), loose keys and string markers, made by `node scripts/obfuscate-sdks.ts profiles` from the corpus files named in each profile\'s sources. Hashes found in more than one SDK were dropped.',
    minRatio: 0.5,
    minClasses: 5,
    shapes: [],
    profiles: [...bySdk.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, p]) => ({
        sdk: p.sdk,
        sources: [...new Set(p.sources)],
        hashes: [...p.hashes].filter((h) => owners.get(h)!.size === 1).sort(),
        loose: [...p.loose].filter((k) => looseOwners.get(k)!.size === 1 && !bg.loose.has(k)).sort(),
      })),
  };
  file.shapes = [...new Set(file.profiles.flatMap((p) => p.hashes.map((h) => shapeOf.get(h)!)))].sort();
  // A string in two SDKs' code, or in the background, marks neither.
  const markerOwners = new Map<string, number>();
  for (const ms of markerSets.values()) for (const x of ms.strings) markerOwners.set(x, (markerOwners.get(x) ?? 0) + 1);
  file.minLooseClasses = MIN_LOOSE_CLASSES;
  file.minLooseRatio = MIN_LOOSE_RATIO;
  file.minMarkers = MIN_MARKERS;
  file.minMarkerRatio = MIN_MARKER_RATIO;
  file.markers = [...markerSets.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([sdk, ms]) => ({
    sdk,
    sources: [...ms.sources].sort(),
    strings: [...ms.strings].filter((x) => markerOwners.get(x) === 1 && !bg.strings.has(x)).sort(),
  }));
  file.$comment += ` Loose keys (fingerprint.ts looseKeys): kept when in one SDK only and in none of the background packages; tried when the exact prints fail, from ${MIN_LOOSE_CLASSES} classes and ${MIN_LOOSE_RATIO * 100}% of the list.`;
  file.$comment += ` Markers: const-strings of each SDK's classes there that pass isMarkerCandidate and occur in no other SDK and in none of the corpus APKs, the DEX and the JShare jars; an SDK is found from ${MIN_MARKERS} distinct markers and ${MIN_MARKER_RATIO * 100}% of its list, in code no other SDK and not the app owns.`;
  writeFileSync(profileFile, JSON.stringify(file, null, 1) + '\n');
  for (const p of file.profiles) process.stderr.write(`profile ${p.sdk} (${p.sources.join(' ')}): ${p.hashes.length} hashes, ${p.loose?.length ?? 0} loose\n`);
  for (const p of file.markers) process.stderr.write(`markers ${p.sdk}: ${p.strings.length}\n`);
}

const MIN_LOOSE_CLASSES = 8;
const MIN_LOOSE_RATIO = 0.2;
const MIN_MARKERS = 5;
const MIN_MARKER_RATIO = 0.05;

/** The jar(s) of a binary: itself, or classes.jar and libs/*.jar of an aar. */
function jarsOf(file: string, work: string): string[] {
  if (!file.endsWith('.aar')) return [file];
  const zip = readZip(new Uint8Array(readFileSync(file)));
  const out: string[] = [];
  for (const e of zip.entries) {
    if (!e.name.endsWith('.jar')) continue;
    const p = join(work, e.name.replaceAll('/', '_'));
    writeFileSync(p, zip.read(e));
    out.push(p);
  }
  return out;
}

function topPackages(jar: string): string[] {
  const names = execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter((n) => n.endsWith('.class') && n.includes('/'));
  return [...new Set(names.map((n) => n.split('/').slice(0, 2).join('.')).filter((p) => !p.endsWith('.class') && !p.startsWith('META-INF')))];
}

export function variants(binaries: SdkBinary[] = sdkBinaries(), outDir0 = outDir): void {
  const outDir = outDir0;
  rmSync(outDir, { recursive: true, force: true });
  for (const b of binaries) {
    const name = basename(b.file).replace(/\.(jar|aar)$/u, '');
    const work = join(outDir, 'work', b.id, name);
    mkdirSync(work, { recursive: true });
    const jars = jarsOf(b.file, work);
    // jarjar: every top-level package moved, as a plain rename would.
    const jj = join(outDir, 'jarjar', b.id);
    mkdirSync(jj, { recursive: true });
    const merged = join(work, 'merged.jar');
    if (jars.length === 1) writeFileSync(merged, readFileSync(jars[0]!));
    else {
      const unz = join(work, 'unz');
      mkdirSync(unz, { recursive: true });
      for (const j of jars) execFileSync('unzip', ['-o', '-q', j, '-x', 'META-INF/*', '-d', unz]);
      execFileSync('jar', ['cf', merged, '-C', unz, '.']);
    }
    const rules = topPackages(merged).map((p, i) => `rule ${p}.** x${i + 1}.@1`).join('\n');
    writeFileSync(join(work, 'rules.txt'), rules + '\n');
    execFileSync('java', ['-jar', '/usr/share/java/jarjar.jar', 'process', join(work, 'rules.txt'), merged, join(jj, `${name}.jar`)], { stdio: 'ignore' });
    // With optimisation ProGuard 6.2.2 needs the library classes to merge types, which it cannot read here.
    for (const opt of [false]) {
      const dir = join(outDir, opt ? 'proguard-opt' : 'proguard', b.id);
      mkdirSync(dir, { recursive: true });
      const cfg = [
        // ProGuard 6.2.2 cannot read Java 17's jmods (class version 61), so it runs without library jars:
        // -dontwarn/-ignorewarnings, and a -keep that matches nothing so that every class is renamed.
        `-injars ${merged}`, `-outjars ${join(dir, `${name}.jar`)}`, '-keep class piscope.KeepNothing',
        '-dontshrink', opt ? '' : '-dontoptimize', "-repackageclasses ''", '-dontwarn', '-ignorewarnings', '-dontnote', '-dontpreverify',
      ].filter((l) => l.length > 0).join('\n');
      writeFileSync(join(work, `proguard-${opt}.pro`), cfg + '\n');
      try {
        execFileSync('proguard', [`@${join(work, `proguard-${opt}.pro`)}`], { stdio: 'ignore' });
      } catch {
        process.stderr.write(`proguard failed on ${b.file} (optimise ${opt})\n`);
      }
    }
    process.stderr.write(`variants of ${b.id} ${name}\n`);
  }
}

/** The file of one variant of a binary ('original' is the binary itself). */
export function variantFile(b: SdkBinary, variant: string, root = outDir): string {
  return variant === 'original' ? b.file : join(root, variant, b.id, `${basename(b.file).replace(/\.(jar|aar)$/u, '')}.jar`);
}

function measure(binaries: SdkBinary[] = sdkBinaries(), root = outDir): void {
  const expected = new Map(binaries.map((b) => [basename(b.file).replace(/\.(jar|aar)$/u, ''), b]));
  const rows: string[] = [];
  const summary: Record<string, { items: number; found: number; invented: string[] }> = {};
  for (const variant of ['original', 'jarjar', 'proguard']) {
    const s = { items: 0, found: 0, invented: [] as string[] };
    summary[variant] = s;
    for (const [name, b] of expected) {
      if (b.id === 'jshare') continue;
      const file = variantFile(b, variant, root);
      if (!existsSync(file)) {
        rows.push(`${variant} ${b.id}/${name}: no variant`);
        continue;
      }
      const facts = analyze(open(file));
      for (const sdk of b.sdks) {
        s.items++;
        const hit = facts.sdks.find((h) => h.id === sdk);
        if (hit !== undefined) s.found++;
        rows.push(`${variant} ${b.id}/${name} ${sdk}: ${hit === undefined ? 'MISSED' : `${hit.matchedBy} ${hit.confidence}`}`);
      }
    }
  }
  // Negative controls: fingerprints must add nothing to what package names already say.
  const negatives = [
    ...readdirSync(join(corpusDir, 'jshare')).map((f) => join(corpusDir, 'jshare', f)),
    ...fixtureNames().filter((n) => n.startsWith('an-') || n === 'hello').map((n) => buildFixture(n)),
  ];
  for (const f of negatives) {
    const facts = analyze(open(f));
    const invented = facts.sdks.filter((h) => h.matchedBy === 'fingerprint').map((h) => `${basename(f)}:${h.id}`);
    summary['negative'] = summary['negative'] ?? { items: 0, found: 0, invented: [] };
    summary['negative'].items++;
    summary['negative'].invented.push(...invented);
    rows.push(`negative ${basename(f)}: ${facts.sdks.map((h) => `${h.id}(${h.matchedBy})`).join(' ') || 'none'}`);
  }
  process.stdout.write(rows.join('\n') + '\n' + JSON.stringify(summary, null, 1) + '\n');
}

/** Held-out real apps, as they are and repackaged: which expected SDKs are found, and what else markers or
 *  fingerprints claim that the plain app's package names do not show. */
function measureRealApps(): void {
  const apps = heldOutRealApps();
  if (apps.length === 0) {
    process.stdout.write(`real apps: ${realAppsDir} absent, not measured\n`);
    return;
  }
  const summary: Record<string, { items: number; found: number; unconfirmed: string[] }> = {};
  for (const a of apps) {
    const plain = analyze(open(a.file)).sdks;
    for (const [variant, file] of [['plain', a.file], ['repackaged', a.repackaged]] as const) {
      const s = (summary[variant] ??= { items: 0, found: 0, unconfirmed: [] });
      const hits = variant === 'plain' ? plain : analyze(open(file)).sdks;
      for (const id of a.sdks) {
        s.items++;
        const h = hits.find((x) => x.id === id && (variant === 'plain' || x.matchedBy !== 'package'));
        if (h !== undefined) s.found++;
        process.stdout.write(`real ${variant} ${a.id} ${id}: ${h === undefined ? 'MISSED' : `${h.matchedBy} ${h.confidence}`}\n`);
      }
      // Not shown by package names in the plain app: to be checked by hand (dexdump) before it counts.
      for (const h of hits) if (h.matchedBy === 'fingerprint' && !plain.some((p) => p.id === h.id && p.matchedBy !== 'fingerprint')) s.unconfirmed.push(`${a.id}:${h.id}[${(h.markers ?? []).slice(0, 3).join(' | ')}]`);
    }
  }
  // Every real app as it is: an SDK that only markers or fingerprints claim, with no package to show it, is
  // listed to be checked by hand.
  const fingerprintOnly: string[] = [];
  for (const f of readdirSync(realAppsDir).sort()) {
    for (const h of analyze(open(join(realAppsDir, f))).sdks) if (h.matchedBy === 'fingerprint') fingerprintOnly.push(`${f}:${h.id}[${(h.markers ?? []).slice(0, 3).join(' | ')}]`);
  }
  process.stdout.write(JSON.stringify({ ...summary, realAppsFingerprintOnly: fingerprintOnly }, null, 1) + '\n');
}

if (import.meta.main) {
  const cmd = process.argv[2];
  if (cmd === 'profiles') profiles();
  else if (cmd === 'variants') variants();
  else if (cmd === 'measure') measure();
  else if (cmd === 'heldout') {
    const bins = heldOutBinaries(true);
    if (!existsSync(join(heldOutOutDir, 'proguard'))) variants(bins, heldOutOutDir);
    measure(bins, heldOutOutDir);
    measureRealApps();
  }
  else {
    process.stderr.write('usage: node scripts/obfuscate-sdks.ts profiles|variants|measure|heldout\n');
    process.exitCode = 2;
  }
}
