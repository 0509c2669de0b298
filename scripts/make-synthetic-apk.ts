// Builds the synthetic large multi-dex APK for the benchmarks (../shared/corpus/README.md "Large inputs"):
// the real uiautomator2-server APK (manifest, resources, its 16 dex) plus renamed copies of the dex files of
// real APKs. tools/java/RenameDex.java (dexlib2's DexRewriter) prefixes every type a copy defines, so no
// class name collides and the expected counts are exact multiples of the originals (recorded in a JSON).
// Rounds of copies are added until the APK reaches the size asked for (default 60 MB; 60 MB takes 4 rounds).
//   node scripts/make-synthetic-apk.ts                 build .cache/bench/synthetic-60mb.apk if missing (--force: rebuild)
//   node scripts/make-synthetic-apk.ts --size-mb 500   the same at 500 MB: synthetic-500mb.apk (about 40 rounds)
//   node scripts/make-synthetic-apk.ts --verify        build if missing, then check every dex against dexdump
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  compileRenamer();
  // Rounds are added in steps until the APK reaches the size: the first step's count is estimated from the
  // sources' compressed dex, later ones from what a round really added. Each step's dex leave the disk once zipped.
  let perRound = SOURCES.reduce((n, s) => n + compressedDexBytes(sourceApk(s)), 0);
  let copy = 0;
  let rounds = 0;
  while (statSync(apkPath).size < target) {
    const before = statSync(apkPath).size;
    const step = Math.max(1, Math.ceil((target - before) / perRound));
    const jobs: string[] = [];
    const plan: { prefix: string; id: string; outDir: string; files: string[] }[] = [];
    for (let r = 0; r < step; r++) {
      for (const s of SOURCES) {
        copy++;
        const prefix = `c${copy}/`;
        const outDir = join(work, 'copies', `c${copy}`);
        const files = originals.get(s.id)!;
        plan.push({ prefix, id: s.id, outDir, files });
        jobs.push([prefix, outDir, ...files].join('\t'));
      }
    }
    console.log(`renaming ${jobs.length} copies (rounds ${rounds + 1}–${rounds + step}) with dexlib2 (tools/java/RenameDex.java)…`);
    const r = spawnSync('java', ['-Xmx3g', '-cp', `${JAVA_OUT}:${DEXLIB2}`, 'RenameDex'], { input: jobs.join('\n') + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`RenameDex failed (exit ${r.status})`);
    const added: string[] = [];
    for (const p of plan) {
      for (const f of p.files) {
        const entry = `classes${entries.length + 1}.dex`;
        renameSync(join(p.outDir, basename(f)), join(apkDir, entry));
        const source = `${p.id}:${basename(f)}`;
        entries.push({ entry, source, prefix: p.prefix, counts: counts.get(source)! });
        dexBytes += statSync(join(apkDir, entry)).size;
        added.push(entry);
      }
    }
    execFileSync('zip', ['-q', '-X', '-D', apkPath, ...added], { cwd: apkDir });
    for (const e of added) rmSync(join(apkDir, e));
    rmSync(join(work, 'copies'), { recursive: true, force: true });
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
