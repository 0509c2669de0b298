// SDK fingerprints and the renamed variants that measure them.
//   node scripts/obfuscate-sdks.ts profiles   build src/analysis/fingerprints.json from the corpus SDK binaries
//   node scripts/obfuscate-sdks.ts variants   make jarjar (package rename) and ProGuard (-repackageclasses '',
//                                             -dontshrink -dontoptimize) variants under .cache/obfuscated/
//   node scripts/obfuscate-sdks.ts measure    which SDKs analyze() still finds in each variant, and what it
//                                             finds in the negative controls (JShare jars, our fixtures)
// The profiles hold hashes only (no third-party code); each names the corpus file and sha256 it came from.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CORPUS } from '../test/helpers/corpus-list.ts';
import { readZip } from '../src/formats/zip/index.ts';
import { apiMatcher, sdkForClass, sensitiveApis } from '../src/knowledge/index.ts';
import { openPackage } from '../src/package/open-package.ts';
import { analyze } from '../src/analysis/analyze.ts';
import { ApiCatalogue } from '../src/analysis/catalogue.ts';
import { classFingerprints } from '../src/analysis/fingerprint.ts';
import type { FingerprintFile } from '../src/analysis/fingerprint-match.ts';
import { Program } from '../src/analysis/program.ts';
import { scan } from '../src/analysis/scan.ts';
import { buildFixture, fixtureNames } from './build-fixtures.ts';

const root = resolve(import.meta.dirname, '..');
const corpusDir = join(root, '.cache', 'corpus');
export const outDir = join(root, '.cache', 'obfuscated');
const profileFile = join(root, 'src', 'analysis', 'fingerprints.json');

/** The SDK items of the corpus, one entry per binary. */
export function sdkBinaries(): { id: string; sdks: readonly string[]; file: string }[] {
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

export function profiles(): void {
  const bySdk = new Map<string, { sdk: string; hashes: Set<string>; sources: string[] }>();
  const shapeOf = new Map<string, string>();
  for (const b of sdkBinaries()) {
    if (b.id === 'jshare') continue; // the negative control: never a source of profiles
    const bytes = readFileSync(b.file);
    const pkg = open(b.file);
    const program = new Program(pkg.code);
    const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: null });
    const shapes: string[] = [];
    const prints = classFingerprints(program, g, undefined, shapes);
    let n = 0;
    prints.forEach((h, c) => {
      if (h === null) return;
      const owner = sdkForClass(program.typeNames[c]!)?.sdk.id;
      if (owner === undefined || !b.sdks.includes(owner)) return;
      // One profile per SDK and binary: an SDK shipped as two jars (Getui) is found from either.
      let p = bySdk.get(`${owner}|${b.file}`);
      if (p === undefined) {
        p = { sdk: owner, hashes: new Set(), sources: [] };
        bySdk.set(`${owner}|${b.file}`, p);
      }
      p.hashes.add(h);
      shapeOf.set(h, shapes[c]!);
      n++;
    });
    const sha = createHash('sha256').update(bytes).digest('hex');
    for (const s of b.sdks) bySdk.get(`${s}|${b.file}`)?.sources.push(`observed: ${b.id} ${basename(b.file)} sha256:${sha}`);
    process.stderr.write(`${b.id} ${basename(b.file)}: ${n} informative classes\n`);
  }
  // A hash in two SDKs' profiles is shared code: it identifies neither.
  const owners = new Map<string, Set<string>>();
  for (const p of bySdk.values()) for (const h of p.hashes) owners.set(h, (owners.get(h) ?? new Set<string>()).add(p.sdk));
  const file: FingerprintFile = {
    $comment: 'Class fingerprints of SDK binaries (src/analysis/fingerprint.ts), hashes only, made by `node scripts/obfuscate-sdks.ts profiles` from the corpus files named in each profile\'s sources. Hashes found in more than one SDK were dropped.',
    minRatio: 0.5,
    minClasses: 5,
    shapes: [],
    profiles: [...bySdk.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, p]) => ({ sdk: p.sdk, sources: [...new Set(p.sources)], hashes: [...p.hashes].filter((h) => owners.get(h)!.size === 1).sort() })),
  };
  file.shapes = [...new Set(file.profiles.flatMap((p) => p.hashes.map((h) => shapeOf.get(h)!)))].sort();
  writeFileSync(profileFile, JSON.stringify(file, null, 1) + '\n');
  for (const p of file.profiles) process.stderr.write(`profile ${p.sdk} (${p.sources.join(' ')}): ${p.hashes.length} hashes\n`);
}

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

export function variants(): void {
  rmSync(outDir, { recursive: true, force: true });
  for (const b of sdkBinaries()) {
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

function measure(): void {
  const expected = new Map(sdkBinaries().map((b) => [basename(b.file).replace(/\.(jar|aar)$/u, ''), b]));
  const rows: string[] = [];
  const summary: Record<string, { items: number; found: number; invented: string[] }> = {};
  for (const variant of ['original', 'jarjar', 'proguard']) {
    const s = { items: 0, found: 0, invented: [] as string[] };
    summary[variant] = s;
    for (const [name, b] of expected) {
      if (b.id === 'jshare') continue;
      const file = variant === 'original' ? b.file : join(outDir, variant, b.id, `${name}.jar`);
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

if (import.meta.main) {
  const cmd = process.argv[2];
  if (cmd === 'profiles') profiles();
  else if (cmd === 'variants') variants();
  else if (cmd === 'measure') measure();
  else {
    process.stderr.write('usage: node scripts/obfuscate-sdks.ts profiles|variants|measure\n');
    process.exitCode = 2;
  }
}
