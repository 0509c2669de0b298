// `npm run bench`: piscope against the established tools, in the same run on the same files (issues 2–5).
// Every tool runs as a child process under GNU time; figures are medians over --runs (androguard over
// --androguard-runs, it takes minutes). Prints the tables and writes bench/RESULTS.md. Exits 1 when piscope's
// counts differ from dexdump's (a read that skips code would otherwise look fast).
//   node bench/run.ts [--runs 5] [--androguard-runs 1] [--only uiautomator2|synthetic] [--no-androguard] [--no-verify]
//                     [--fresh-androguard] [--androguard-only]
// androguard takes minutes per run (and GBs), so its figures are kept in .cache/bench/androguard-<input>.json
// and reused while the APK and bench/androguard-xref.py are unchanged (the table says so); --fresh-androguard
// measures again, --androguard-only just fills that cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureSyntheticApk, verifySynthetic } from '../scripts/make-synthetic-apk.ts';
import { addCounts, dexdumpCounts, ZERO_COUNTS, type DexCounts } from './lib/dexdump-counts.ts';
import { ensureGnuTime, measureRuns } from './lib/measure.ts';
import { markdownTable, plain, ratio, targetsTable, times, type Row, type Target } from './lib/report.ts';
import { catalogueMethods } from './lib/catalogue-methods.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.cache', 'bench');
const NODE = process.execPath;

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}
const RUNS = Number(arg('--runs', '5'));
const AG_RUNS = Number(arg('--androguard-runs', '1'));
const ONLY = arg('--only', '');
const ANDROGUARD = !process.argv.includes('--no-androguard');
const FRESH_AG = process.argv.includes('--fresh-androguard');
const AG_ONLY = process.argv.includes('--androguard-only');

interface Input { name: string; apk: string; expected: DexCounts; dexDir: string }

const rows: Row[] = [];
const targets: Target[] = [];
const problems: string[] = [];
const loadBefore = loadavg()[0]!;

function extractDex(apk: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-q', '-o', apk, 'classes*.dex', '-d', dir]);
}

function inputs(): Input[] {
  const list: Input[] = [];
  if (ONLY === '' || ONLY === 'uiautomator2') {
    const apk = join(ROOT, '.cache', 'corpus', 'appium-uiautomator2-server', 'appium-uiautomator2-server-v10.6.6.apk');
    if (!existsSync(apk)) throw new Error(`${apk} missing: run 'npm run corpus'`);
    const dexDir = join(WORK, 'dex', 'uiautomator2');
    extractDex(apk, dexDir);
    const expected = readdirSync(dexDir).reduce((t, f) => addCounts(t, dexdumpCounts(join(dexDir, f))), ZERO_COUNTS);
    list.push({ name: 'uiautomator2-server', apk, expected, dexDir });
  }
  if (ONLY === '' || ONLY === 'synthetic') {
    const info = ensureSyntheticApk();
    if (!process.argv.includes('--no-verify')) {
      console.log('verifying the synthetic APK against the originals with dexdump…');
      const bad = verifySynthetic(info);
      if (bad.length > 0) throw new Error(`synthetic APK does not match its originals:\n${bad.slice(0, 20).join('\n')}`);
    }
    const dexDir = join(WORK, 'dex', 'synthetic');
    extractDex(info.apk, dexDir);
    list.push({ name: 'synthetic-60mb', apk: info.apk, expected: info.expected, dexDir });
  }
  return list;
}

/** Runs one tool; a tool that fails becomes a row with the reason, never a silent gap. */
function run(input: Input, tool: string, n: number, cmd: string, args: string[], note = ''): (Row & { stdout: string }) | undefined {
  process.stdout.write(`  ${input.name}: ${tool} ×${n}… `);
  try {
    const m = measureRuns(n, cmd, args);
    const row = { input: input.name, tool, runs: n, wallMs: m.wallMs, cpuMs: m.cpuMs, rssKb: m.rssKb, note, stdout: m.stdout };
    console.log(`${(m.wallMs / 1000).toFixed(2)} s, ${(m.rssKb / 1024).toFixed(0)} MB`);
    rows.push(row);
    return row;
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => /Error|error/.test(l)) ?? String(e);
    console.log(`failed: ${why}`);
    rows.push({ input: input.name, tool, runs: 0, wallMs: null, cpuMs: null, rssKb: null, note: `failed: ${why.slice(0, 160)}` });
    return undefined;
  }
}

function lastJson(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(line) as Record<string, unknown>;
}

function target(issue: string, what: string, value: number | null, ok: (v: number) => boolean, figure: (v: number) => string): void {
  targets.push({ issue, what, pass: value === null ? null : ok(value), figure: value === null ? '—' : figure(value) });
}

function androguard(input: Input, apisJson: string): { ag: Row | undefined; agAnalyzeMs: number | null } {
  if (!ANDROGUARD) return { ag: undefined, agAnalyzeMs: null };
  const script = join(ROOT, 'bench', 'androguard-xref.py');
  const key = `${statSync(input.apk).size}:${statSync(input.apk).mtimeMs}:${statSync(script).mtimeMs}:${readFileSync(apisJson, 'utf8').length}`;
  const cacheFile = join(WORK, `androguard-${input.name}.json`);
  let ag: (Row & { stdout: string; key?: string; at?: string }) | undefined;
  if (!FRESH_AG && existsSync(cacheFile)) {
    const c = JSON.parse(readFileSync(cacheFile, 'utf8')) as Row & { stdout: string; key: string; at: string };
    if (c.key === key) { ag = c; rows.push(c); console.log(`  ${input.name}: androguard figures from ${c.at} (cached)`); }
  }
  if (ag === undefined) {
    ag = run(input, 'androguard AnalyzeAPK + xrefs', AG_RUNS, '/usr/bin/python3', [script, input.apk, apisJson]);
    if (ag === undefined) return { ag: undefined, agAnalyzeMs: null };
    const got = lastJson(ag.stdout);
    ag.note = `AnalyzeAPK alone ${Number(got.analyzeSec).toFixed(1)} s (in-process, from start); ${String(got.callSites)} call sites of ${String(got.apis)} catalogue methods`;
    ag.at = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    writeFileSync(cacheFile, JSON.stringify({ ...ag, key }));
  } else if (!ag.note.includes('measured')) {
    ag.note += `; measured ${ag.at ?? '?'} (cached)`;
  }
  return { ag, agAnalyzeMs: Number(lastJson(ag.stdout).analyzeSec) * 1000 };
}

function benchInput(input: Input, apisJson: string): void {
  const size = statSync(input.apk).size;
  if (AG_ONLY) { androguard(input, apisJson); return; }
  const floor = run(input, 'unzip -p (inflate floor)', RUNS, 'sh', ['-c', 'unzip -p "$1" > /dev/null', 'sh', input.apk]);
  const dexdump = run(input, 'dexdump -d (dex pre-extracted)', RUNS, 'sh', ['-c', 'for f in "$1"/*.dex; do dexdump -d "$f"; done > /dev/null', 'sh', input.dexDir]);
  const read = run(input, 'piscope read', RUNS, NODE, ['bench/piscope-read.ts', 'read', input.apk]);
  if (read !== undefined) {
    const got = lastJson(read.stdout);
    for (const k of ['classes', 'methodsWithCode', 'invokes'] as const) {
      if (got[k] !== input.expected[k]) problems.push(`${input.name}: piscope read ${k} = ${String(got[k])}, dexdump ${input.expected[k]}`);
    }
    read.note = `${String(got.classes)} classes, ${String(got.methodsWithCode)} methods with code, ${String(got.invokes)} invokes (dexdump: ${input.expected.classes} / ${input.expected.methodsWithCode} / ${input.expected.invokes})`;
  }
  const analyze = run(input, 'piscope analyze', RUNS, NODE, ['bench/piscope-read.ts', 'analyze', input.apk]);
  if (analyze !== undefined) {
    const got = lastJson(analyze.stdout);
    analyze.note = `${String(got.apiCalls)} sensitive call sites, ${String(got.reachableMethods)} reachable methods`;
  }
  const { ag, agAnalyzeMs } = androguard(input, apisJson);
  const r = read?.wallMs ?? null;
  const a = analyze?.wallMs ?? null;
  const cpu = (x: Row | undefined, y: Row | undefined): string => `; CPU ${times(ratio(x?.cpuMs, y?.cpuMs))}`;
  target('2 read', `${input.name}: ≥ 20× faster than androguard AnalyzeAPK`, ratio(agAnalyzeMs, r), (v) => v >= 20, (v) => `wall ${times(v)} (AnalyzeAPK alone)`);
  target('2 read', `${input.name}: faster than dexdump -d`, ratio(dexdump?.wallMs, r), (v) => v > 1, (v) => `dexdump takes ${times(v)} piscope's wall time${cpu(dexdump, read)}`);
  target('2 read', `${input.name}: within 3× of the inflate floor`, ratio(r, floor?.wallMs), (v) => v <= 3, (v) => `wall ${times(v)} the floor${cpu(read, floor)}`);
  target('2 read', `${input.name}: peak RSS < 4× APK size`, ratio(read === undefined ? null : read.rssKb * 1024, size), (v) => v < 4, (v) => `${times(v)} (${(size / 1048576).toFixed(1)} MB APK)`);
  target('3 analysis', `${input.name}: ≥ 20× faster than androguard AnalyzeAPK + xrefs`, ratio(ag?.wallMs, a), (v) => v >= 20, (v) => `wall ${times(v)}${cpu(ag, analyze)}`);
  target('3 analysis', `${input.name}: analyze ≤ 2× read`, ratio(a, r), (v) => v <= 2, (v) => `wall ${times(v)} read${cpu(analyze, read)}`);
}

function scanOverhead(): string {
  const apks = ['android-apidemos', 'appium-settings', 'appium-uiautomator2-server', 'appium-unlock', 'stf-service', 'android-app-bootstrap']
    .flatMap((id) => readdirSync(join(ROOT, '.cache', 'corpus', id)).filter((f) => f.endsWith('.apk')).map((f) => join(ROOT, '.cache', 'corpus', id, f)));
  console.log(`scan overhead over ${apks.length} corpus APKs (${RUNS} pairs each, in one process)…`);
  const r = spawnSync(NODE, ['bench/scan-overhead.ts', String(RUNS), ...apks], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    const why = r.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`;
    target('5 scan', 'scan() adds < 100 ms over analyze()', null, () => false, String);
    return `not measured: ${why}`;
  }
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; size: number; analyzeMs: number; scanMs: number; overheadMs: number; maxOverheadMs: number });
  const worst = Math.max(...lines.map((l) => l.overheadMs));
  target('5 scan', 'scan() adds < 100 ms over analyze() (worst median over corpus APKs)', worst, (v) => v < 100, (v) => `${v.toFixed(0)} ms`);
  return ['| APK | size | open+analyze (median) | scan (median) | scan − analyze (median of pairs) | worst pair |', '|---|---:|---:|---:|---:|---:|',
    ...lines.map((l) => `| ${l.file} | ${(l.size / 1048576).toFixed(1)} MB | ${l.analyzeMs.toFixed(0)} ms | ${l.scanMs.toFixed(0)} ms | ${l.overheadMs.toFixed(0)} ms | ${l.maxOverheadMs.toFixed(0)} ms |`)].join('\n');
}

function policy(): string {
  const p = join(ROOT, 'bench', 'policy-bench.ts');
  if (!existsSync(p)) {
    target('4 policy', 'policy analyzer figure (bench/policy-bench.ts)', null, () => false, String);
    return 'not measured: bench/policy-bench.ts (the policy helper\'s) is not there yet';
  }
  console.log('policy: node bench/policy-bench.ts…');
  const r = spawnSync(NODE, [p], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const out = (r.stdout + (r.status === 0 ? '' : `\n(exit ${r.status}) ${r.stderr.slice(-2000)}`)).trim();
  targets.push({ issue: '4 policy', what: 'bench/policy-bench.ts ran', pass: r.status === 0, figure: 'see the policy section' });
  return '```\n' + out + '\n```';
}

function environment(): string {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: ROOT }).stdout.trim();
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, Node ${process.version}, ` +
    `${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; 1-min load average ${loadBefore.toFixed(1)} at start, ` +
    `${loadavg()[0]!.toFixed(1)} at end (other jobs share the cores: CPU time is the steadier figure).`;
}

ensureGnuTime();
mkdirSync(WORK, { recursive: true });
const apisJson = join(WORK, 'catalogue-methods.json');
writeFileSync(apisJson, JSON.stringify(catalogueMethods()));
const list = inputs();
for (const input of list) benchInput(input, apisJson);
if (AG_ONLY) process.exit(0);
const scanMd = scanOverhead();
const policyMd = policy();

const readRow = (name: string): Row | undefined => rows.find((r) => r.input === name && r.tool === 'piscope read' && r.wallMs !== null);
const figures = markdownTable(rows, readRow);
const targetMd = targetsTable(targets);
console.log('\n' + plain(figures) + '\n\n' + plain(targetMd) + '\n\n' + scanMd + '\n\n' + policyMd);
const md = `# Benchmarks\n\nMade by \`npm run bench\` (bench/run.ts): ${environment()}\n\n` +
  `Medians over ${RUNS} runs (androguard: ${AG_RUNS} run${AG_RUNS === 1 ? '' : 's'}, it takes minutes). Each tool is a child process under GNU time; ` +
  `wall time includes process start (Node, Python, JVM-free dexdump). dexdump reads dex files extracted beforehand (extraction not timed). ` +
  `"piscope read" = openPackage + manifest + resources + every method decoded to its instruction facts (bench/piscope-read.ts); ` +
  `"piscope analyze" = openPackage + analyze(); androguard = AnalyzeAPK, then find_methods + get_xref_from for each method of the ` +
  `sensitive-API catalogue (bench/androguard-xref.py); its AnalyzeAPK-alone time is measured inside the same process.\n\n` +
  `Inputs: ${list.map((i) => `${i.name} (${(statSync(i.apk).size / 1048576).toFixed(1)} MB, ${readdirSync(i.dexDir).length} dex, ${i.expected.classes} classes)`).join('; ')}. ` +
  `The synthetic APK is built by scripts/make-synthetic-apk.ts from renamed copies of real dex files.\n\n` +
  `## Read and analysis (issues 2, 3)\n\n${figures}\n\n## Targets\n\n${targetMd}\n\n## Scan overhead (issue 5)\n\n${scanMd}\n\n## Policy analyzer (issue 4)\n\n${policyMd}\n` +
  (problems.length > 0 ? `\n## COUNT MISMATCHES\n\n${problems.map((p) => `- ${p}`).join('\n')}\n` : '');
writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), md);
console.log('\nwrote bench/RESULTS.md');
if (problems.length > 0) {
  console.error(`\nCOUNT MISMATCH: piscope did not decode what dexdump finds:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
if (readFileSync(join(ROOT, 'bench', 'RESULTS.md'), 'utf8').includes('failed:')) process.exitCode = 1;
