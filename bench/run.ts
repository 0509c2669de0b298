// `npm run bench`: piscope against the established tools, in the same run on the same files (issues 2–5).
// Every tool runs as a child process under GNU time, round-robin run by run; figures are medians over --runs (androguard over
// --androguard-runs, it takes minutes). Prints the tables and writes bench/RESULTS.md. Exits 1 when piscope's
// counts differ from dexdump's (a read that skips code would otherwise look fast) or a tool failed.
//   node bench/run.ts [--runs 5] [--androguard-runs 1] [--only uiautomator2|synthetic] [--no-verify]
//                     [--no-androguard | --fresh-androguard | --androguard-only] [--report-only | --scan-only]
// androguard takes minutes per run (and GBs), so its figures are kept in .cache/bench/androguard-<input>.json
// and reused while the APK and bench/androguard-xref.py are unchanged (the table says when they were taken):
// --fresh-androguard measures again, --no-androguard only uses that cache, --androguard-only only fills it.
// --report-only rewrites RESULTS.md from the last run (.cache/bench/last-run.json) and the androguard cache;
// --scan-only measures the scan overhead and the policy bench again on top of the last run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { NODE_ENV, NODE_FLAGS } from '../bin/runtime.js';
import { ensureSyntheticApk, verifySynthetic } from '../scripts/make-synthetic-apk.ts';
import { catalogueMethods } from './lib/catalogue-methods.ts';
import { addCounts, dexdumpCounts, ZERO_COUNTS, type DexCounts } from './lib/dexdump-counts.ts';
import { largestDex } from './lib/largest-dex.ts';
import { ensureGnuTime, measure, measureRuns, median, type Measurement } from './lib/measure.ts';
import { markdownTable, plain, targetsTable, type Row } from './lib/report.ts';
import { computeTargets, scanTable, TOOL, type InputMeta, type ScanLine } from './lib/targets.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.cache', 'bench');
const STATE = join(WORK, 'last-run.json');
const AG_SCRIPT = join(ROOT, 'bench', 'androguard-xref.py');
const NODE = process.execPath;
const has = (flag: string): boolean => process.argv.includes(flag);
function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}
const RUNS = Number(arg('--runs', '5'));
const AG_RUNS = Number(arg('--androguard-runs', '1'));
const ONLY = arg('--only', '');

type MRow = Row & { stdout?: string; key?: string; at?: string };
interface Input extends InputMeta { expected: DexCounts; dexDir: string }
interface State {
  env: string; runs: number; inputs: InputMeta[]; rows: MRow[]; problems: string[];
  scan: ScanLine[] | null; scanError: string | null; policyOut: string | null; policyOk: boolean | null;
}

function extractDex(apk: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-q', '-o', apk, 'classes*.dex', '-d', dir]);
}

function inputs(): Input[] {
  const list: Input[] = [];
  const add = (name: string, apk: string, expected: DexCounts | null): void => {
    const dexDir = join(WORK, 'dex', name);
    extractDex(apk, dexDir);
    const dexes = readdirSync(dexDir);
    const exp = expected ?? dexes.reduce((t, f) => addCounts(t, dexdumpCounts(join(dexDir, f))), ZERO_COUNTS);
    list.push({ name, apk, size: statSync(apk).size, dexFiles: dexes.length, classes: exp.classes, expected: exp, dexDir });
  };
  if (ONLY === '' || ONLY === 'uiautomator2') {
    const apk = join(ROOT, '.cache', 'corpus', 'appium-uiautomator2-server', 'appium-uiautomator2-server-v10.6.6.apk');
    if (!existsSync(apk)) throw new Error(`${apk} missing: run 'npm run corpus'`);
    add('uiautomator2-server', apk, null);
  }
  if (ONLY === '' || ONLY === 'synthetic') {
    const info = ensureSyntheticApk();
    if (!has('--no-verify') && !has('--androguard-only')) {
      console.log('verifying the synthetic APK against the originals with dexdump…');
      const bad = verifySynthetic(info);
      if (bad.length > 0) throw new Error(`synthetic APK does not match its originals:\n${bad.slice(0, 20).join('\n')}`);
    }
    add('synthetic-60mb', info.apk, info.expected);
  }
  return list;
}

/** Runs one tool; a tool that fails becomes a row with the reason, never a silent gap. */
// piscope runs as installed: bin/piscope.js turns on Node's compile cache, so every run after the first loads
// compiled sources instead of stripping TypeScript again. The children start the same way (bench/lib/launch.js)
// with their own cache folder and one warm-up run, and with the Node flags and environment that the first line of
// bin/piscope.js gives (bin/runtime.js). The other tools run interleaved with them (runInterleaved).
const PISCOPE_RUN = { env: { ...process.env, ...NODE_ENV, NODE_COMPILE_CACHE: join(WORK, 'node-compile-cache') }, warmup: 1 };
const LAUNCH = 'bench/lib/launch.js';

function run(rows: MRow[], input: InputMeta, tool: string, n: number, cmd: string, args: string[]): MRow | undefined {
  process.stdout.write(`  ${input.name}: ${tool} ×${n}… `);
  try {
    const m = measureRuns(n, cmd, args);
    const row: MRow = { input: input.name, tool, runs: n, wallMs: m.wallMs, cpuMs: m.cpuMs, rssKb: m.rssKb, note: '', stdout: m.stdout };
    console.log(`${(m.wallMs / 1000).toFixed(2)} s wall, ${(m.cpuMs / 1000).toFixed(2)} s CPU, ${(m.rssKb / 1024).toFixed(0)} MB`);
    rows.push(row);
    return row;
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => /Error|error/.test(l)) ?? String(e);
    console.log(`failed: ${why}`);
    rows.push({ input: input.name, tool, runs: 0, wallMs: null, cpuMs: null, rssKb: null, note: `failed: ${why.slice(0, 160)}` });
    return undefined;
  }
}

const lastJson = (stdout: string | undefined): Record<string, unknown> => JSON.parse(stdout?.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

/** androguard's row: from the cache when it is still valid, measured otherwise (unless `measure` is false). */
function androguard(rows: MRow[], input: InputMeta, apisJson: string, measure: boolean): void {
  // Not keyed on the catalogue: it grows often and AnalyzeAPK dominates androguard's time; the note says how
  // many catalogue methods were queried.
  const key = `${input.size}:${statSync(input.apk).mtimeMs}:${statSync(AG_SCRIPT).mtimeMs}`;
  const cacheFile = join(WORK, `androguard-${input.name}.json`);
  if (!has('--fresh-androguard') && existsSync(cacheFile)) {
    const c = JSON.parse(readFileSync(cacheFile, 'utf8')) as MRow;
    if (c.key === key || c.key?.startsWith(`${key}:`) === true) {
      console.log(`  ${input.name}: androguard figures measured ${c.at ?? '?'} (cached)`);
      rows.push({ ...c, note: `${c.note}; measured ${c.at ?? '?'}` });
      return;
    }
  }
  if (!measure) return;
  const ag = run(rows, input, TOOL.androguard, AG_RUNS, '/usr/bin/python3', [AG_SCRIPT, input.apk, apisJson]);
  if (ag === undefined) return;
  const got = lastJson(ag.stdout);
  ag.note = `AnalyzeAPK alone ${Number(got.analyzeSec).toFixed(1)} s (in-process, from start); ${String(got.callSites)} call sites of ${String(got.apis)} catalogue methods`;
  ag.at = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  writeFileSync(cacheFile, JSON.stringify({ ...ag, key }));
  ag.note += `; measured ${ag.at}`;
}

interface Spec { tool: string; cmd: string; args: string[]; opts?: Parameters<typeof measure>[2]; warmup?: number }

/**
 * Runs the tools round-robin, run by run (floor, dexdump, …, floor, dexdump, …), so that a machine that
 * speeds up or slows down during the bench shifts every tool alike and the ratios stay fair.
 */
function runInterleaved(rows: MRow[], input: InputMeta, specs: readonly Spec[], n: number): Map<string, MRow> {
  const got = new Map<string, Measurement[]>();
  const failed = new Map<string, string>();
  for (const s of specs) for (let i = 0; i < (s.warmup ?? 0); i++) {
    try {
      measure(s.cmd, s.args, s.opts);
    } catch (e) {
      failed.set(s.tool, e instanceof Error ? e.message : String(e));
    }
  }
  for (let i = 0; i < n; i++) {
    process.stdout.write(`  ${input.name}: run ${i + 1}/${n}…\r`);
    for (const s of specs) {
      if (failed.has(s.tool)) continue;
      try {
        const list = got.get(s.tool) ?? [];
        list.push(measure(s.cmd, s.args, s.opts));
        got.set(s.tool, list);
      } catch (e) {
        failed.set(s.tool, e instanceof Error ? e.message : String(e));
      }
    }
  }
  const out = new Map<string, MRow>();
  for (const s of specs) {
    const why = failed.get(s.tool);
    const ms = got.get(s.tool) ?? [];
    if (why !== undefined || ms.length === 0) {
      const line = (why ?? 'no runs').split('\n').find((l) => /Error|error/.test(l)) ?? why ?? 'no runs';
      console.log(`  ${input.name}: ${s.tool}: failed: ${line}`);
      rows.push({ input: input.name, tool: s.tool, runs: 0, wallMs: null, cpuMs: null, rssKb: null, note: `failed: ${line.slice(0, 160)}` });
      continue;
    }
    const row: MRow = {
      input: input.name, tool: s.tool, runs: ms.length, wallMs: median(ms.map((m) => m.wallMs)), cpuMs: median(ms.map((m) => m.cpuMs)),
      rssKb: median(ms.map((m) => m.rssKb)), note: '', stdout: ms.at(-1)!.stdout,
    };
    console.log(`  ${input.name}: ${s.tool} ×${ms.length}: ${(row.wallMs! / 1000).toFixed(2)} s wall, ${(row.cpuMs! / 1000).toFixed(2)} s CPU, ${(row.rssKb! / 1024).toFixed(0)} MB`);
    rows.push(row);
    out.set(s.tool, row);
  }
  return out;
}

function benchInput(rows: MRow[], problems: string[], input: Input, apisJson: string): void {
  const dex = largestDex(input.apk);
  const piscope = (mode: string): Spec => ({ tool: mode === 'read' ? TOOL.read : TOOL.analyze, cmd: NODE, args: [...NODE_FLAGS, LAUNCH, 'bench/piscope-read.ts', mode, input.apk], opts: { env: PISCOPE_RUN.env }, warmup: PISCOPE_RUN.warmup });
  const got = runInterleaved(rows, input, [
    { tool: TOOL.floor, cmd: 'sh', args: ['-c', 'unzip -p "$1" > /dev/null', 'sh', input.apk] },
    { tool: TOOL.dexdump, cmd: 'sh', args: ['-c', 'for f in "$1"/*.dex; do dexdump -d "$f"; done > /dev/null', 'sh', input.dexDir] },
    // What an idle Node process (started as piscope is) takes, so the memory figure can say how much is the runtime's.
    { tool: TOOL.idle, cmd: NODE, args: [...NODE_FLAGS, '-e', ''], opts: { env: PISCOPE_RUN.env } },
    // The memory floor of any Node reader: the runtime plus the largest dex, compressed and inflated, and nothing else.
    { tool: TOOL.inflateOnly, cmd: NODE, args: [...NODE_FLAGS, 'bench/lib/inflate-floor.js', ...dex], opts: { env: PISCOPE_RUN.env } },
    piscope('read'),
    piscope('analyze'),
  ], RUNS);
  const idle = got.get(TOOL.idle);
  if (idle !== undefined) idle.note = 'runtime baseline for the memory figures';
  const inflateOnly = got.get(TOOL.inflateOnly);
  if (inflateOnly !== undefined) {
    const [, , csize, size] = dex;
    inflateOnly.note = `memory floor of a Node reader: reads ${csize} compressed bytes and inflates them to ${size} (bench/lib/inflate-floor.js)`;
  }
  const read = got.get(TOOL.read);
  if (read !== undefined) {
    const counts = lastJson(read.stdout);
    for (const k of ['classes', 'methodsWithCode', 'invokes'] as const) {
      if (counts[k] !== input.expected[k]) problems.push(`${input.name}: piscope read ${k} = ${String(counts[k])}, dexdump ${input.expected[k]}`);
    }
    read.note = `${String(counts.classes)} classes, ${String(counts.methodsWithCode)} methods with code, ${String(counts.invokes)} invokes ` +
      `(dexdump: ${input.expected.classes} / ${input.expected.methodsWithCode} / ${input.expected.invokes})`;
  }
  const analyze = got.get(TOOL.analyze);
  if (analyze !== undefined) {
    const counts = lastJson(analyze.stdout);
    analyze.note = `${String(counts.apiCalls)} sensitive call sites, ${String(counts.reachableMethods)} reachable methods`;
  }
  androguard(rows, input, apisJson, !has('--no-androguard'));
}

function scanOverhead(state: State): void {
  const apks = ['android-apidemos', 'appium-settings', 'appium-uiautomator2-server', 'appium-unlock', 'stf-service', 'android-app-bootstrap']
    .flatMap((id) => readdirSync(join(ROOT, '.cache', 'corpus', id)).filter((f) => f.endsWith('.apk')).map((f) => join(ROOT, '.cache', 'corpus', id, f)));
  console.log(`scan overhead over ${apks.length} corpus APKs (${RUNS} pairs each after one warm-up pair, in one process)…`);
  const r = spawnSync(NODE, ['bench/scan-overhead.ts', String(RUNS), ...apks], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) { state.scanError = r.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`; return; }
  state.scan = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
}

function policy(state: State): void {
  const p = join(ROOT, 'bench', 'policy-bench.ts');
  if (!existsSync(p)) return;
  console.log('policy: node bench/policy-bench.ts…');
  const r = spawnSync(NODE, [p], { encoding: 'utf8', maxBuffer: 1 << 26 });
  state.policyOut = (r.stdout + (r.status === 0 ? '' : `\n(exit ${r.status}) ${r.stderr.slice(-2000)}`)).trim();
  state.policyOk = r.status === 0;
}

function environment(loadBefore: number): string {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: ROOT }).stdout.trim();
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, Node ${process.version}, ` +
    `${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; 1-min load average ${loadBefore.toFixed(1)} at start, ` +
    `${loadavg()[0]!.toFixed(1)} at end (other jobs shared the cores: CPU time is the steadier figure).`;
}

function writeReport(state: State): void {
  const readRow = (name: string): Row | undefined => state.rows.find((r) => r.input === name && r.tool === TOOL.read && r.wallMs !== null);
  const figures = markdownTable(state.rows, readRow);
  const targetMd = targetsTable(computeTargets(state.inputs, state.rows, state.scan, state.policyOk));
  const noAg = state.inputs.filter((i) => !state.rows.some((r) => r.input === i.name && r.tool === TOOL.androguard));
  const agMd = noAg.length === 0 ? '' : `\n\nNo androguard figures yet for ${noAg.map((i) => i.name).join(', ')}: \`node bench/run.ts --androguard-only\` ` +
    'measures them (on the synthetic APK: about 12 GB of memory and, on a loaded 2-core machine, over 30 minutes), then `--report-only`.';
  const scanMd = state.scan !== null ? scanTable(state.scan) : `not measured: ${state.scanError ?? '?'}`;
  const policyMd = state.policyOut === null ? "not measured: bench/policy-bench.ts (the policy helper's) is not there yet" : '```\n' + state.policyOut + '\n```';
  console.log('\n' + plain(figures) + '\n\n' + plain(targetMd) + '\n\n' + scanMd + '\n\n' + policyMd);
  const md = `# Benchmarks\n\nMade by \`npm run bench\` (bench/run.ts): ${state.env}\n\n` +
    `Medians over ${state.runs} runs (androguard: ${AG_RUNS} run, it takes minutes; its figures are cached between bench runs and dated). ` +
    'Each tool is a child process under GNU time, and the tools take turns run by run (round-robin), so a change in machine speed ' +
    'during the bench shifts them alike; wall time includes process start (Node, Python). piscope starts as installed: from a .js ' +
    'entry with Node\'s compile cache on (bench/lib/launch.js, as bin/piscope.js), after one untimed warm-up run, with the Node flags ' +
    `and environment of bin/piscope.js's first line (bin/runtime.js: ${[...Object.entries(NODE_ENV).map(([k, v]) => `${k}=${v}`), ...NODE_FLAGS].join(' ')}); ` +
    'the idle-runtime row starts the same way. piscope reads the APK from its file, piece by piece, as the CLI does. ' +
    'CPU time counts every thread (V8 compiles and collects garbage on its own threads). dexdump reads dex files ' +
    'extracted beforehand (extraction not timed). "piscope read" = openPackage + manifest + resources + every method decoded to its ' +
    'instruction facts (bench/piscope-read.ts); "piscope analyze" = openPackage + analyze(); androguard = AnalyzeAPK, then ' +
    'find_methods + get_xref_from for each method of the sensitive-API catalogue (bench/androguard-xref.py); its AnalyzeAPK-alone ' +
    'time is taken inside the same process.\n\n' +
    `Inputs: ${state.inputs.map((i) => `${i.name} (${(i.size / 1048576).toFixed(1)} MB, ${i.dexFiles} dex, ${i.classes} classes)`).join('; ')}. ` +
    'The synthetic APK is built by scripts/make-synthetic-apk.ts from dexlib2-renamed copies of real dex files and checked against ' +
    'dexdump (`node scripts/make-synthetic-apk.ts --verify`).\n\n' +
    `## Read and analysis (issues 2, 3)\n\n${figures}${agMd}\n\n## Targets\n\n${targetMd}\n\n## Scan overhead (issue 5)\n\n${scanMd}\n\n` +
    `## Policy analyzer (issue 4)\n\n${policyMd}\n` +
    (state.problems.length > 0 ? `\n## COUNT MISMATCHES\n\n${state.problems.map((p) => `- ${p}`).join('\n')}\n` : '');
  writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), md);
  console.log('\nwrote bench/RESULTS.md');
}

function main(): number {
  ensureGnuTime();
  mkdirSync(WORK, { recursive: true });
  const apisJson = join(WORK, 'catalogue-methods.json');
  writeFileSync(apisJson, JSON.stringify(catalogueMethods()));
  if (has('--report-only') || has('--scan-only')) {
    const state = JSON.parse(readFileSync(STATE, 'utf8')) as State;
    if (has('--scan-only')) {
      state.scan = null;
      scanOverhead(state);
      policy(state);
      writeFileSync(STATE, JSON.stringify(state));
    }
    state.rows = state.rows.filter((r) => r.tool !== TOOL.androguard);
    for (const i of state.inputs) androguard(state.rows, i, apisJson, false);
    writeReport(state);
    return state.problems.length > 0 ? 1 : 0;
  }
  const loadBefore = loadavg()[0]!;
  const list = inputs();
  if (has('--androguard-only')) {
    for (const i of list) androguard([], i, apisJson, true);
    return 0;
  }
  const state: State = { env: '', runs: RUNS, inputs: list.map(({ name, apk, size, dexFiles, classes }) => ({ name, apk, size, dexFiles, classes })),
    rows: [], problems: [], scan: null, scanError: null, policyOut: null, policyOk: null };
  for (const input of list) benchInput(state.rows, state.problems, input, apisJson);
  scanOverhead(state);
  policy(state);
  state.env = environment(loadBefore);
  writeFileSync(STATE, JSON.stringify(state));
  writeReport(state);
  if (state.problems.length > 0) console.error(`\nCOUNT MISMATCH: piscope did not decode what dexdump finds:\n${state.problems.join('\n')}`);
  const failed = state.rows.some((r) => r.wallMs === null) || state.scan === null;
  return state.problems.length > 0 || failed ? 1 : 0;
}

process.exitCode = main();
