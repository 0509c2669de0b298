// Builds the synthetic large multi-dex APK for the benchmarks (../shared/corpus/README.md "Large inputs"):
// the real uiautomator2-server APK (manifest, resources, its 16 dex) plus renamed copies of the dex files of
// real APKs. tools/java/RenameDex.java (dexlib2's DexRewriter) prefixes every type a copy defines, so no
// class name collides and the expected counts are exact multiples of the originals (recorded in a JSON).
// Rounds of copies are added until the APK reaches the size asked for (default 60 MB; 60 MB takes 4 rounds).
//   node scripts/make-synthetic-apk.ts                 build .cache/bench/synthetic-60mb.apk if missing (--force: rebuild)
//   node scripts/make-synthetic-apk.ts --size-mb 500   the same at 500 MB: synthetic-500mb.apk (about 40 rounds)
//   node scripts/make-synthetic-apk.ts --verify        build if missing, then check every dex against dexdump
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { addCounts, dexdumpCounts, ZERO_COUNTS, type DexCounts } from '../bench/lib/dexdump-counts.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = join(ROOT, '.cache', 'corpus');
export const BENCH_CACHE = join(ROOT, '.cache', 'bench');
/** The default size, in MiB: the benchmark's large input (bench/run.ts). */
export const DEFAULT_SIZE_MB = 60;
export const syntheticApkPath = (sizeMb = DEFAULT_SIZE_MB): string => join(BENCH_CACHE, `synthetic-${sizeMb}mb.apk`);
const syntheticJsonPath = (sizeMb: number): string => join(BENCH_CACHE, `synthetic-${sizeMb}mb.json`);
export const SYNTHETIC_APK = syntheticApkPath();
const JAVA_SRC = join(ROOT, 'tools', 'java', 'RenameDex.java');
const JAVA_OUT = join(BENCH_CACHE, 'java');
const DEXLIB2 = '/usr/share/java/dexlib2.jar';

/** The APK whose manifest, resources and dex form the base. */
const BASE = { id: 'appium-uiautomator2-server', file: 'appium-uiautomator2-server-v10.6.6.apk' };
/** Real APKs whose dex sets are copied, in this order, once per round. */
const SOURCES: readonly { id: string; file: string }[] = [
  BASE,
  { id: 'android-apidemos', file: 'ApiDemos-debug.apk' },
  { id: 'appium-settings', file: 'settings_apk-debug.apk' },
  { id: 'stf-service', file: 'STFService.apk' },
  { id: 'android-app-bootstrap', file: 'android_app_bootstrap-debug.apk' },
];

export interface SyntheticEntry {
  /** Entry name in the synthetic APK. */
  entry: string;
  /** `<corpus id>:<dex name>` of the original. */
  source: string;
  /** Type prefix of the copy; '' for the base APK's own dex. */
  prefix: string;
  counts: DexCounts;
}

export interface SyntheticInfo {
  apk: string;
  sizeBytes: number;
  /** Rounds of copies of every source. */
  rounds?: number;
  dexFiles: number;
  dexBytes: number;
  entries: SyntheticEntry[];
  /** Sum over entries: what a reader that decodes everything must find. */
  expected: DexCounts;
}

function sourceApk(s: { id: string; file: string }): string {
  const p = join(CORPUS, s.id, s.file);
  if (!existsSync(p)) throw new Error(`corpus file ${p} missing: run 'npm run corpus' (scripts/fetch-corpus.ts)`);
  return p;
}

/** classes.dex, classes2.dex, … in multidex order. */
function dexOrder(names: string[]): string[] {
  const n = (x: string): number => (x === 'classes.dex' ? 1 : Number(/^classes(\d+)\.dex$/.exec(x)?.[1] ?? NaN));
  return names.filter((x) => !Number.isNaN(n(x))).sort((a, b) => n(a) - n(b));
}

function extractDex(apk: string, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-q', '-o', apk, 'classes*.dex', '-d', dir]);
  return dexOrder(readdirSync(dir)).map((f) => join(dir, f));
}

function compileRenamer(): void {
  const cls = join(JAVA_OUT, 'RenameDex.class');
  if (existsSync(cls) && statSync(cls).mtimeMs >= statSync(JAVA_SRC).mtimeMs) return;
  mkdirSync(JAVA_OUT, { recursive: true });
  execFileSync('javac', ['-d', JAVA_OUT, '-cp', DEXLIB2, JAVA_SRC], { stdio: 'inherit' });
}

/** Type prefix of copy n: fixed width, so that patchPrefix can turn one copy into another in place. */
function copyPrefix(n: number): string {
  if (n > 999) throw new Error('more than 999 copies: widen copyPrefix');
  return `c${String(n).padStart(3, '0')}/`;
}

/**
 * A renamed dex with its type prefix `from` replaced by `to` (same length) in every string of string_data,
 * then its SHA-1 signature and Adler-32 checksum recomputed. `L<from>` is only in what the renamer wrote (type
 * descriptors, generic signatures): no source has a class under a `c<digits>/` package. Same length and same
 * place in the sorted string table, as only digits change; the verify step checks every copy with dexdump.
 */
export function patchPrefix(dex: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error(`prefixes ${from} and ${to} differ in length`);
  const out = Buffer.from(dex);
  const pat = Buffer.from(`L${from}`, 'latin1');
  const rep = Buffer.from(`L${to}`, 'latin1');
  const n = out.readUInt32LE(0x38);
  const idsOff = out.readUInt32LE(0x3c);
  for (let i = 0; i < n; i++) {
    let p = out.readUInt32LE(idsOff + i * 4);
    while ((out[p]! & 0x80) !== 0) p++; // utf16_size, uleb128
    p++;
    const str = out.subarray(p, out.indexOf(0, p));
    for (let at = str.indexOf(pat); at >= 0; at = str.indexOf(pat, at + pat.length)) rep.copy(str, at);
  }
  createHash('sha1').update(out.subarray(32)).digest().copy(out, 12);
  out.writeUInt32LE(adler32(out.subarray(12)), 8);
  return out;
}

function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; ) {
    // zlib's block: the sums stay small between the modulos.
    for (const end = Math.min(b.length, i + 5552); i < end; i++) {
      a += b[i]!;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/** Compressed bytes of an APK's classes*.dex entries (from unzip's listing): what one round adds, roughly. */
function compressedDexBytes(apk: string): number {
  const out = execFileSync('unzip', ['-Zl', apk, 'classes*.dex'], { encoding: 'utf8' });
  // -rw-r--r--  0.0 unx 10837604 b-  4575169 defN 81-Jan-01 01:01 classes.dex: the sixth field is compressed.
  return out.split('\n').reduce((n, line) => n + Number(/^\S+\s+\S+\s+\S+\s+\d+\s+\S+\s+(\d+)\s/.exec(line)?.[1] ?? 0), 0);
}

function build(sizeMb: number): SyntheticInfo {
  const apkPath = syntheticApkPath(sizeMb);
  const target = sizeMb * 1024 * 1024;
  const work = join(BENCH_CACHE, `synthetic-${sizeMb}mb-work`);
  rmSync(work, { recursive: true, force: true });
  const apkDir = join(work, 'apk');
  mkdirSync(apkDir, { recursive: true });
  execFileSync('unzip', ['-q', '-o', sourceApk(BASE), '-d', apkDir]);

  const originals = new Map<string, string[]>();
  for (const s of SOURCES) originals.set(s.id, extractDex(sourceApk(s), join(work, 'src', s.id)));
  const counts = new Map<string, DexCounts>();
  for (const [id, files] of originals) for (const f of files) counts.set(`${id}:${basename(f)}`, dexdumpCounts(f));

  const entries: SyntheticEntry[] = dexOrder(readdirSync(apkDir)).map((entry) => {
    const source = `${BASE.id}:${entry}`;
    return { entry, source, prefix: '', counts: counts.get(source)! };
  });
  let dexBytes = entries.reduce((n, e) => n + statSync(join(apkDir, e.entry)).size, 0);
  rmSync(apkPath, { force: true });
  // -D: no directory entries, -X: no extra attributes: the layout of a build tool's APK.
  execFileSync('zip', ['-q', '-r', '-X', '-D', apkPath, '.'], { cwd: apkDir });
  // Round 1: dexlib2 renames each source's dex set under its own prefix (c001/ … c005/). Later rounds copy
  // round 1 and rewrite the prefix in place (patchPrefix): same length, same string order, so the copy is
  // round 1's dex with other class names (dexlib2 takes about 10 s per copy; 500 MB needs about 200 copies).
  compileRenamer();
  const templates = new Map<string, { prefix: string; dir: string }>();
  const tplJobs = SOURCES.map((s, i) => {
    const prefix = copyPrefix(i + 1);
    const dir = join(work, 'round1', s.id);
    templates.set(s.id, { prefix, dir });
    return [prefix, dir, ...originals.get(s.id)!].join('\t');
  });
  console.log(`renaming ${tplJobs.length} copies with dexlib2 (tools/java/RenameDex.java)…`);
  const r = spawnSync('java', ['-Xmx3g', '-cp', `${JAVA_OUT}:${DEXLIB2}`, 'RenameDex'], { input: tplJobs.join('\n') + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`RenameDex failed (exit ${r.status})`);
  // Rounds are added in steps until the APK reaches the size: the first step's count is estimated from the
  // sources' compressed dex, later ones from what a round really added. Each step's dex leave the disk once zipped.
  let perRound = SOURCES.reduce((n, src) => n + compressedDexBytes(sourceApk(src)), 0);
  let copy = 0;
  let rounds = 0;
  while (statSync(apkPath).size < target) {
    const before = statSync(apkPath).size;
    const step = Math.max(1, Math.ceil((target - before) / perRound));
    const added: string[] = [];
    for (let k = 0; k < step; k++) {
      for (const src of SOURCES) {
        copy++;
        const prefix = copyPrefix(copy);
        const tpl = templates.get(src.id)!;
        for (const f of originals.get(src.id)!) {
          const entry = `classes${entries.length + 1}.dex`;
          const dex = readFileSync(join(tpl.dir, basename(f)));
          writeFileSync(join(apkDir, entry), prefix === tpl.prefix ? dex : patchPrefix(dex, tpl.prefix, prefix));
          const source = `${src.id}:${basename(f)}`;
          entries.push({ entry, source, prefix, counts: counts.get(source)! });
          dexBytes += dex.length;
          added.push(entry);
        }
      }
    }
    console.log(`adding rounds ${rounds + 1}–${rounds + step} (${added.length} dex)…`);
    execFileSync('zip', ['-q', '-X', '-D', apkPath, ...added], { cwd: apkDir });
    for (const e of added) rmSync(join(apkDir, e));
    rounds += step;
    perRound = (statSync(apkPath).size - before) / step;
  }
  rmSync(work, { recursive: true, force: true });
  const info: SyntheticInfo = {
    apk: apkPath,
    sizeBytes: statSync(apkPath).size,
    rounds,
    dexFiles: entries.length,
    dexBytes,
    entries,
    expected: entries.reduce((t, e) => addCounts(t, e.counts), ZERO_COUNTS),
  };
  writeFileSync(syntheticJsonPath(sizeMb), JSON.stringify(info, null, 2) + '\n');
  return info;
}

/** The synthetic APK of about `sizeMb` MiB and its expected counts, built on first use. */
export function ensureSyntheticApk(force = false, sizeMb = DEFAULT_SIZE_MB): SyntheticInfo {
  if (!Number.isInteger(sizeMb) || sizeMb < 20) throw new Error(`synthetic APK size ${sizeMb} MB: give a whole number of MB, 20 or more (the base APK alone is 17 MB)`);
  const apk = syntheticApkPath(sizeMb);
  const json = syntheticJsonPath(sizeMb);
  if (!force && existsSync(apk) && existsSync(json)) {
    const info = JSON.parse(readFileSync(json, 'utf8')) as SyntheticInfo;
    if (info.sizeBytes === statSync(apk).size) return info;
  }
  return build(sizeMb);
}

/** Recounts every dex of the synthetic APK and of the originals with dexdump; returns the mismatches. */
export function verifySynthetic(info: SyntheticInfo): string[] {
  const problems: string[] = [];
  const tmp = join(BENCH_CACHE, `verify-work-${basename(info.apk, '.apk')}`);
  rmSync(tmp, { recursive: true, force: true });
  const dexes = extractDex(info.apk, join(tmp, 'apk'));
  if (dexes.length !== info.entries.length) problems.push(`APK has ${dexes.length} dex, JSON lists ${info.entries.length}`);
  const originals = new Map<string, DexCounts>();
  for (const s of SOURCES) {
    for (const f of extractDex(sourceApk(s), join(tmp, 'src', s.id))) originals.set(`${s.id}:${basename(f)}`, dexdumpCounts(f));
  }
  const seen = new Set<string>();
  let total = ZERO_COUNTS;
  for (const e of info.entries) {
    const got = dexdumpCounts(join(tmp, 'apk', e.entry), true);
    const want = originals.get(e.source);
    total = addCounts(total, got);
    if (want === undefined) { problems.push(`${e.entry}: unknown source ${e.source}`); continue; }
    for (const k of ['classes', 'methodsWithCode', 'invokes'] as const) {
      if (got[k] !== want[k]) problems.push(`${e.entry} (${e.prefix || 'base'} ${e.source}): ${k} ${got[k]}, original ${want[k]}`);
      if (e.counts[k] !== want[k]) problems.push(`${e.entry}: JSON ${k} ${e.counts[k]}, original ${want[k]}`);
    }
    for (const n of got.names) {
      if (seen.has(n)) problems.push(`${e.entry}: class ${n} defined twice`);
      seen.add(n);
      if (e.prefix !== '' && !n.startsWith(`L${e.prefix}`)) problems.push(`${e.entry}: class ${n} not renamed to ${e.prefix}`);
    }
  }
  for (const k of ['classes', 'methodsWithCode', 'invokes'] as const) {
    if (total[k] !== info.expected[k]) problems.push(`total ${k}: dexdump ${total[k]}, JSON ${info.expected[k]}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  return problems;
}

function main(argv: string[]): number {
  const i = argv.indexOf('--size-mb');
  const sizeMb = i < 0 ? DEFAULT_SIZE_MB : Number(argv[i + 1]);
  const info = ensureSyntheticApk(argv.includes('--force'), sizeMb);
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  console.log(`${info.apk}: ${mb(info.sizeBytes)} MB, ${info.dexFiles} dex (${mb(info.dexBytes)} MB of dex); expected ` +
    `${info.expected.classes} classes, ${info.expected.methodsWithCode} methods with code, ${info.expected.invokes} invokes`);
  if (!argv.includes('--verify')) return 0;
  const problems = verifySynthetic(info);
  for (const p of problems.slice(0, 50)) console.error(`MISMATCH ${p}`);
  console.log(problems.length === 0 ? 'verify: every dex matches its original (classes, methods with code, invokes; names unique)' : `verify: ${problems.length} mismatches`);
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
