// `npm run fuzz -- --minutes 5`: mutates real packages (corpus APKs, JARs, AARs, a raw DEX) and runs
// openPackage + every method decoded + analyze() on each (with --wxapkg: mini-program packages, each through the
// whole scan: reader, decryption, call and WXML finders, guide search, rules), in a worker process with a heap cap and a per-case
// timeout. Success and PiscopeError are fine; anything else (TypeError, RangeError, a hang, running out of
// memory, the worker dying) is a finding, saved under .cache/fuzz/crashes/ with its stack. Not run in CI.
//   node scripts/fuzz.ts [--minutes 5] [--seed N] [--timeout-ms 20000] [--heap-mb 1024] [--big] [--inputs DIR]
//   node scripts/fuzz.ts --wxapkg [DIR]    .wxapkg seeds from DIR, recursively (default ../shared/corpus/wxapkg)
//   node scripts/fuzz.ts --replay FILE     run one saved input in this process and print what happens
//   node scripts/fuzz.ts --help
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { entryBytes, readZip, withContent, writeZip, type RawEntry } from '../bench/lib/mini-zip.ts';
import { makeRng, mutateContent, mutateOuter, mutateWxapkg, mutateWxapkgFile, randInt, randPick, type Rng } from '../bench/lib/fuzz-mutators.ts';
import { appidFromPath, decryptWxapkg, isEncryptedWxapkg, readWxapkg } from '../src/formats/wxapkg/index.ts';
import { encryptWxapkg, makeWxapkg } from '../src/formats/wxapkg/make-wxapkg.test-helper.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.cache', 'fuzz');
const CRASHES = join(OUT, 'crashes');

type Outcome = { kind: 'ok'; diagnostics: string[] } | { kind: 'typed'; code: string } | { kind: 'crash'; name: string; message: string; stack: string };

// ---- worker: runs the code under test ----
/** A mini-program: the whole scan, as `piscope scan x.wxapkg --appid …` runs it. */
async function runWxapkgCase(path: string, appid: string | null): Promise<Outcome> {
  const { scan } = await import('../src/engine/scan.ts');
  const { isPiscopeError } = await import('../src/errors.ts');
  try {
    const r = await scan({ path, bytes: new Uint8Array(readFileSync(path)) }, appid === null ? {} : { appid });
    // A rule that threw is recorded, not raised: still a bug.
    const hidden = (r.diagnostics ?? []).find((d) => d.code === 'RULE_FAILED' || d.code === 'INTERNAL');
    if (hidden !== undefined) return { kind: 'crash', name: 'HiddenDiagnostic', message: hidden.message, stack: hidden.message };
    return { kind: 'ok', diagnostics: [...new Set((r.diagnostics ?? []).map((d) => d.code))] };
  } catch (e) {
    if (isPiscopeError(e) && !(e.cause instanceof TypeError || e.cause instanceof RangeError)) return { kind: 'typed', code: e.code };
    const err = e instanceof Error ? e : new Error(String(e));
    return { kind: 'crash', name: err.name, message: err.message, stack: err.stack ?? String(e) };
  }
}

async function runCase(path: string, appid: string | null = null): Promise<Outcome> {
  if (path.endsWith('.wxapkg')) return runWxapkgCase(path, appid);
  const { requireOpenPackage, loadAnalyze } = await import('../bench/lib/piscope-api.ts');
  const { decodeAll } = await import('../src/package/code-index.ts');
  const { isPiscopeError } = await import('../src/errors.ts');
  try {
    const buf = readFileSync(path);
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    const pkg = await (await requireOpenPackage())(bytes, { path });
    pkg.resolveString('@string/app_name');
    for (const e of pkg.entries.slice(0, 50)) pkg.readEntry(e.name);
    decodeAll(pkg.code);
    const analyze = await loadAnalyze();
    if (analyze !== undefined) await analyze(pkg);
    // An internal error turned into a diagnostic is still a bug (open-package records it as INTERNAL,
    // code-index wraps it as "unexpected failure").
    const hidden = pkg.diagnostics.find((d) => d.code === 'INTERNAL' || d.message.includes('unexpected failure'));
    if (hidden !== undefined) return { kind: 'crash', name: 'InternalDiagnostic', message: hidden.message, stack: `${hidden.message}\n    at ${hidden.file ?? '?'}` };
    // Problems that did not stop the read show that the mutation reached a parser.
    return { kind: 'ok', diagnostics: [...new Set(pkg.diagnostics.map((d) => d.code))] };
  } catch (e) {
    // A PiscopeError that wraps a Node error (zlib's, with a `code`) is deliberate; one that wraps a
    // programming error (a TypeError/RangeError of ours, or code-index's "unexpected failure") is not.
    const cause: unknown = isPiscopeError(e) ? e.cause : undefined;
    const ours = (cause instanceof TypeError || cause instanceof RangeError || cause instanceof ReferenceError) && !('code' in cause);
    const wrapsBug = isPiscopeError(e) && (e.message.includes('unexpected failure') || ours);
    if (isPiscopeError(e) && !wrapsBug) return { kind: 'typed', code: e.code };
    if (isPiscopeError(e) && e.cause instanceof Error) {
      const c = e.cause;
      return { kind: 'crash', name: c.name, message: c.message, stack: `${e.message}\ncaused by ${c.stack ?? c.message}` };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    return { kind: 'crash', name: err.name, message: err.message, stack: err.stack ?? String(e) };
  }
}

if (process.argv.includes('--worker')) {
  // Load the code under test before saying ready, so a case's timeout never pays for module loading.
  await runCase(join(ROOT, 'package.json'));
  await import('../src/engine/scan.ts');
  process.on('message', (m: { path: string; appid: string | null }) => {
    void runCase(m.path, m.appid).then((o) => process.send?.(o));
  });
  process.send?.({ kind: 'ready' });
} else if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`npm run fuzz -- [options]: mutates real packages and runs the reader and the analysis on each case in a
worker with a heap cap and a time limit. PiscopeError is fine; any other exception, a hang, running out of memory
or the worker dying is a finding, saved under .cache/fuzz/crashes/. Exit 1 when there is a finding.
  --minutes N      how long to run (default 5)
  --seed N         base seed, to replay a run (default: from the clock)
  --timeout-ms N   time limit of one case (default 20000)
  --heap-mb N      heap cap of the worker (default 1024)
  --big            also use corpus packages of 8 MB and more
  --inputs DIR     seed packages from DIR (.apk .jar .aar .dex, not recursive) instead of .cache/corpus and
                   the fixtures, e.g. --inputs ../shared/corpus/real-apps/files
  --wxapkg [DIR]   mini-program packages (.wxapkg, recursively) from DIR instead (default ../shared/corpus/wxapkg);
                   an encrypted one is decrypted with the appid of its path, mutated, and encrypted again
  --replay FILE    run one saved case in this process and print what happens (--appid wx… for a V1MMWX case)`);
} else if (process.argv.includes('--replay')) {
  const file = process.argv[process.argv.indexOf('--replay') + 1] ?? '';
  const a = process.argv.indexOf('--appid');
  const o = await runCase(file, a >= 0 ? (process.argv[a + 1] ?? null) : null);
  console.log(o.kind === 'crash' ? o.stack : JSON.stringify(o));
} else {
  await drive();
}

// ---- driver ----
function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

interface Seed { path: string; bytes: Uint8Array; entries: RawEntry[] | null; targets: number[]; wx?: { appid: string | null; plain: Uint8Array | null } }

function loadWxapkgSeeds(dir: string): Seed[] {
  const root = resolve(dir);
  if (!existsSync(root)) throw new Error(`--wxapkg ${dir}: no such folder`);
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.wxapkg') ? [join(d, e.name)] : []));
  return walk(root).sort().map((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const appid = appidFromPath(path) ?? (path.includes('PartyHistoryofLearning') ? 'wx6e24c691f9a50e44' : null);
    let plain: Uint8Array | null = null;
    try {
      plain = isEncryptedWxapkg(bytes) ? decryptWxapkg(bytes, appid) : bytes;
      readWxapkg(plain);
    } catch {
      plain = null; // the mangled header, subpackages whose appid is unknown: mutated as they are
    }
    return { path, bytes, entries: null, targets: [], wx: { appid, plain } };
  });
}

function makeWxapkgCase(seed: Seed, r: Rng): { bytes: Uint8Array; desc: string } {
  const { appid, plain } = seed.wx!;
  const encrypted = isEncryptedWxapkg(seed.bytes);
  if (plain === null || r() < 0.15) {
    const m = mutateWxapkg(seed.bytes, r);
    return { bytes: m.bytes, desc: `raw: ${m.desc}` };
  }
  let out: Uint8Array;
  let desc: string;
  if (r() < 0.6) {
    // Inside a file, mostly the code and compiled WXML the finders read; the package rebuilt around it.
    const pkg = readWxapkg(plain);
    const code = pkg.entries.filter((e) => /\.(?:js|html|json)$/.test(e.name));
    const target = randPick(r, code.length > 0 && r() < 0.9 ? code : pkg.entries);
    const files: Record<string, Uint8Array> = {};
    let m = { bytes: pkg.read(target), desc: '' };
    const descs: string[] = [];
    for (let k = 1 + randInt(r, 3); k > 0; k--) { m = mutateWxapkgFile(target.name, m.bytes, r); descs.push(m.desc); }
    for (const e of pkg.entries) files[`/${e.name}`] = e === target ? m.bytes : pkg.read(e);
    out = makeWxapkg(files);
    desc = `${target.name}: ${descs.join(' + ')}`;
  } else {
    const m = mutateWxapkg(plain, r);
    out = m.bytes;
    desc = `package: ${m.desc}`;
  }
  if (encrypted && appid !== null) return { bytes: encryptWxapkg(out, appid), desc: `${desc} (encrypted again)` };
  return { bytes: out, desc };
}

function loadSeeds(big: boolean, inputs: string | undefined): Seed[] {
  const isPackage = (f: string): boolean => ['.apk', '.jar', '.aar', '.dex'].includes(extname(f)) && (big || statSync(f).size < 8 * 1048576);
  let files: string[];
  if (inputs !== undefined) {
    // Someone else's packages (e.g. the real-app corpus), named on the command line.
    const dir = resolve(inputs);
    if (!existsSync(dir)) throw new Error(`--inputs ${inputs}: no such folder`);
    files = readdirSync(dir).map((f) => join(dir, f)).filter(isPackage);
    if (files.length === 0) throw new Error(`--inputs ${inputs}: no .apk, .jar, .aar or .dex under 8 MB (--big for larger)`);
  } else {
    const dir = join(ROOT, '.cache', 'corpus');
    if (!existsSync(dir)) throw new Error("corpus missing: run 'npm run corpus' (scripts/fetch-corpus.ts)");
    files = readdirSync(dir).flatMap((id) => readdirSync(join(dir, id)).map((f) => join(dir, id, f))).filter(isPackage);
    const fixtures = join(ROOT, '.cache', 'fixtures');
    if (existsSync(fixtures)) files.push(...readdirSync(fixtures).filter((f) => f.endsWith('.apk')).map((f) => join(fixtures, f)));
  }
  return files.sort().map((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    if (path.endsWith('.dex')) return { path, bytes, entries: null, targets: [] };
    const entries = readZip(bytes);
    const targets = entries.flatMap((e, i) => (/(^classes\d*\.dex|^AndroidManifest\.xml|^resources\.arsc|\.class|^res\/.*\.xml|\.jar)$/.test(e.name) ? [i] : []));
    return { path, bytes, entries, targets };
  });
}

function makeCase(seed: Seed, r: Rng): { bytes: Uint8Array; desc: string } {
  if (seed.wx !== undefined) return makeWxapkgCase(seed, r);
  const steps = 1 + randInt(r, 3);
  if (seed.entries === null) {
    let b = seed.bytes;
    const descs: string[] = [];
    for (let i = 0; i < steps; i++) { const m = mutateContent('classes.dex', b, r); b = m.bytes; descs.push(m.desc); }
    return { bytes: b, desc: descs.join(' + ') };
  }
  // Mostly inside an entry (dex, binary XML, arsc, class), sometimes the ZIP structure itself.
  if (seed.targets.length > 0 && r() < 0.7) {
    const i = randPick(r, seed.targets);
    const e = seed.entries[i]!;
    const entries = seed.entries.slice();
    if (e.name.endsWith('.jar')) {
      // An AAR's classes.jar or libs/*.jar: mutate one class file inside it.
      const inner = readZip(entryBytes(e));
      const classes = inner.flatMap((x, k) => (x.name.endsWith('.class') ? [k] : []));
      if (classes.length === 0) return { bytes: seed.bytes, desc: `${e.name}: no class files, unchanged` };
      const k = randPick(r, classes);
      const m = mutateContent(inner[k]!.name, entryBytes(inner[k]!), r);
      inner[k] = withContent(inner[k]!, m.bytes);
      entries[i] = withContent(e, writeZip(inner));
      return { bytes: writeZip(entries), desc: `${e.name}!${inner[k].name}: ${m.desc}` };
    }
    let b = entryBytes(e);
    const descs: string[] = [];
    for (let k = 0; k < steps; k++) { const m = mutateContent(e.name, b, r); b = m.bytes; descs.push(m.desc); }
    entries[i] = withContent(e, b);
    return { bytes: writeZip(entries), desc: `${e.name}: ${descs.join(' + ')}` };
  }
  let b = seed.bytes;
  const descs: string[] = [];
  for (let k = 0; k < steps; k++) { const m = mutateOuter(b, r); b = m.bytes; descs.push(m.desc); }
  return { bytes: b, desc: `zip: ${descs.join(' + ')}` };
}

/** Crashes with the same error and top frames are one finding. */
function signature(o: { name: string; message: string; stack: string }): string {
  const frames = o.stack.split('\n').filter((l) => l.trim().startsWith('at ')).slice(0, 2).map((l) => l.trim().replace(/:\d+\)?$/, ''));
  return `${o.name}: ${o.message.replace(/\d+/g, 'N').slice(0, 80)} | ${frames.join(' | ')}`;
}

async function drive(): Promise<void> {
  const minutes = arg('--minutes', 5);
  const baseSeed = arg('--seed', Date.now() % 1_000_000);
  const timeoutMs = arg('--timeout-ms', 20_000);
  const heapMb = arg('--heap-mb', 1024);
  mkdirSync(CRASHES, { recursive: true });
  const inputsAt = process.argv.indexOf('--inputs');
  const wxAt = process.argv.indexOf('--wxapkg');
  const wxDir = wxAt >= 0 && process.argv[wxAt + 1] !== undefined && !process.argv[wxAt + 1]!.startsWith('--') ? process.argv[wxAt + 1]! : join(ROOT, '..', 'shared', 'corpus', 'wxapkg');
  const seeds = wxAt >= 0 ? loadWxapkgSeeds(wxDir) : loadSeeds(process.argv.includes('--big'), inputsAt >= 0 ? process.argv[inputsAt + 1] : undefined);
  console.log(`fuzz: ${seeds.length} seed packages, ${minutes} min, seed ${baseSeed}, timeout ${timeoutMs} ms, heap ${heapMb} MB`);
  const casePath = join(OUT, `case-${process.pid}${wxAt >= 0 ? '.wxapkg' : '.bin'}`);
  const typed = new Map<string, number>();
  const diagnostics = new Map<string, number>();
  const findings = new Map<string, { count: number; file: string }>();
  let ok = 0;
  let cases = 0;
  let worker: ChildProcess | undefined;
  let stderr = '';
  let slowRetried = 0;
  const spawnWorker = async (): Promise<ChildProcess> => {
    stderr = '';
    const w = fork(import.meta.filename, ['--worker'], { execArgv: [`--max-old-space-size=${heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    w.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-8000); });
    await new Promise<void>((res, rej) => {
      w.once('message', () => { res(); });
      w.once('exit', (code) => { rej(new Error(`fuzz worker did not start (exit ${code}): ${stderr}`)); });
    });
    w.removeAllListeners('exit');
    return w;
  };
  const runIn = (w: ChildProcess, path: string, ms: number, appid: string | null): Promise<Outcome | { kind: 'hang' } | { kind: 'died'; why: string }> =>
    new Promise((res) => {
      const timer = setTimeout(() => { w.off('message', onMsg); w.off('exit', onExit); w.kill('SIGKILL'); res({ kind: 'hang' }); }, ms);
      const onMsg = (o: Outcome): void => { clearTimeout(timer); w.off('exit', onExit); res(o); };
      const onExit = (code: number | null, sig: string | null): void => {
        clearTimeout(timer);
        w.off('message', onMsg);
        res({ kind: 'died', why: `exit ${code ?? sig}` });
      };
      w.once('message', onMsg);
      w.once('exit', onExit);
      w.send({ path, appid });
    });
  const record = (kind: string, sig: string, bytes: Uint8Array, detail: string, seed: Seed): void => {
    const f = findings.get(sig);
    if (f !== undefined) { f.count++; return; }
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    const file = join(CRASHES, `${kind}-${hash}${extname(seed.path)}`);
    writeFileSync(file, bytes);
    writeFileSync(`${file}.txt`, `${kind}\nseed package: ${seed.path}${seed.wx?.appid != null ? ` (replay with --appid ${seed.wx.appid})` : ''}\n${detail}\n`);
    findings.set(sig, { count: 1, file });
    console.log(`  FINDING ${kind}: ${sig}\n    saved ${file}`);
  };
  const end = Date.now() + minutes * 60_000;
  while (Date.now() < end) {
    const caseSeed = baseSeed * 1_000_003 + cases;
    const r = makeRng(caseSeed);
    const seed = randPick(r, seeds);
    const c = makeCase(seed, r);
    writeFileSync(casePath, c.bytes);
    cases++;
    worker ??= await spawnWorker();
    const appid = seed.wx?.appid ?? null;
    let outcome = await runIn(worker, casePath, timeoutMs, appid);
    if (outcome.kind === 'hang') {
      // A loaded machine can starve one case: a hang counts only if a fresh worker hangs again at 3× the time.
      worker.kill('SIGKILL');
      worker = await spawnWorker();
      outcome = await runIn(worker, casePath, 3 * timeoutMs, appid);
      if (outcome.kind !== 'hang') slowRetried++;
    }
    const detail = `case seed ${caseSeed}: ${basename(seed.path)}: ${c.desc}`;
    if (outcome.kind === 'ok') {
      ok++;
      for (const d of outcome.diagnostics) diagnostics.set(d, (diagnostics.get(d) ?? 0) + 1);
    }
    else if (outcome.kind === 'typed') typed.set(outcome.code, (typed.get(outcome.code) ?? 0) + 1);
    else if (outcome.kind === 'crash') record('crash', signature(outcome), c.bytes, `${detail}\n\n${outcome.stack}`, seed);
    else {
      worker = undefined;
      const oom = /heap limit|out of memory/i.test(stderr);
      const kind = outcome.kind === 'hang' ? 'hang' : oom ? 'oom' : 'died';
      record(kind, `${kind}: ${basename(seed.path)} ${c.desc.split(':')[0]}`, c.bytes,
        `${detail}\n${outcome.kind === 'died' ? outcome.why : `no answer in ${timeoutMs} ms`}\n\n${stderr.slice(-3000)}`, seed);
    }
    if (cases % 100 === 0) console.log(`  ${cases} cases, ${ok} ok, ${[...typed.values()].reduce((a, b) => a + b, 0)} typed, ${findings.size} findings`);
  }
  worker?.kill();
  const typedTotal = [...typed.values()].reduce((a, b) => a + b, 0);
  const findingTotal = [...findings.values()].reduce((a, f) => a + f.count, 0);
  console.log(`\nfuzz summary: ${cases} cases: ${ok} ok, ${typedTotal} PiscopeError, ${findingTotal} findings (${findings.size} distinct); ` +
    `${slowRetried} cases passed the timeout once and finished when retried`);
  for (const [code, n] of [...typed].sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(28)} ${n}`);
  if (diagnostics.size > 0) console.log('  diagnostics in cases that read (case counts):');
  for (const [code, n] of [...diagnostics].sort((a, b) => b[1] - a[1])) console.log(`    ${code.padEnd(26)} ${n}`);
  for (const [sig, f] of findings) console.log(`  FINDING ×${f.count}: ${sig}\n    ${f.file}`);
  process.exitCode = findings.size > 0 ? 1 : 0;
}
