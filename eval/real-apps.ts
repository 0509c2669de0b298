// `node eval/real-apps.ts [--only NAME] [--no-write]`: scans every real app of ../shared/corpus/real-apps/files
// with the library scan() (the engine the CLI runs), compares each report with the hand labels in
// eval/real-apps/<file-stem>.json, checks every direct/hierarchy call site against dexdump/javap, prints the
// figures and rewrites the "Real apps" section of eval/RESULTS.md. A measuring tool: it exits non-zero only
// when it crashes, never because a target is missed.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scan } from '../src/engine/index.ts';
import type { Report } from '../src/report/types.ts';
import { checkCalls, oracleFor, type InvokeCheck } from './real-apps/invoke-oracle.ts';
import { scoreReport, type FileScore, type Labels, type Tally } from './real-apps/score.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = resolve(process.env.PISCOPE_REAL_APPS ?? join(ROOT, '..', 'shared', 'corpus', 'real-apps'));
const LABELS = join(ROOT, 'eval', 'real-apps');
const RESULTS = join(ROOT, 'eval', 'RESULTS.md');
const BEGIN = '<!-- real-apps:begin (written by node eval/real-apps.ts) -->';
const END = '<!-- real-apps:end -->';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Row { file: string; score: FileScore | null; invokes: InvokeCheck; findings: number; calls: number; error?: string }

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
const sumTally = (ts: Tally[]): Tally => ts.reduce((a, t) => ({
  right: a.right + t.right, wrongParty: a.wrongParty + t.wrongParty, wrongSdk: a.wrongSdk + t.wrongSdk, appBlamed: a.appBlamed + t.appBlamed, unlabelled: a.unlabelled + t.unlabelled,
}), { right: 0, wrongParty: 0, wrongSdk: 0, appBlamed: 0, unlabelled: 0 });
const judged = (t: Tally): number => t.right + t.wrongParty + t.wrongSdk;

async function main(): Promise<void> {
  const files = join(CORPUS, 'files');
  if (!existsSync(files)) {
    console.log(`real-apps: ${files} is absent; nothing measured. The corpus is not part of the repository ` +
      '(third-party binaries): put it there, or point PISCOPE_REAL_APPS at a folder holding files/.');
    return;
  }
  const only = arg('--only');
  const names = readdirSync(files).filter((f) => /\.(apk|aar|jar)$/u.test(f) && (only === undefined || f.includes(only))).sort();
  const rows: Row[] = [];
  for (const name of names) {
    const path = join(files, name);
    const labelPath = join(LABELS, `${name.replace(/\.(apk|aar|jar)$/u, '')}.json`);
    const labels = existsSync(labelPath) ? JSON.parse(readFileSync(labelPath, 'utf8')) as Labels : null;
    process.stderr.write(`real-apps: ${name}\n`);
    let report: Report;
    try {
      const buf = readFileSync(path);
      report = await scan({ path, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) });
    } catch (e) {
      // A package piscope cannot read is a result, not a crash of this tool.
      rows.push({ file: name, score: null, invokes: { checked: 0, matched: 0, mismatches: [] }, findings: 0, calls: 0, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (labels !== null && labels.sha256 !== report.input.sha256) process.stderr.write(`  warning: labels were written for sha256 ${labels.sha256}, this file is ${report.input.sha256}\n`);
    const containers = [...new Set(report.apiCalls.map((c) => c.container ?? 'classes.dex'))];
    const oracle = oracleFor(path, containers, join(ROOT, '.cache', 'oracle', 'real-apps'));
    rows.push({
      file: name,
      score: labels === null ? null : scoreReport(report, labels),
      invokes: checkCalls(oracle, report.apiCalls),
      findings: report.findings.length,
      calls: report.apiCalls.length,
    });
  }
  const md = render(rows);
  console.log(md);
  if (!process.argv.includes('--no-write') && only === undefined) {
    const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
    const block = `${BEGIN}\n${md}\n${END}`;
    const i = old.indexOf(BEGIN);
    const j = old.indexOf(END);
    const next = i >= 0 && j > i ? `${old.slice(0, i)}${block}${old.slice(j + END.length)}` : `${old.trimEnd()}\n\n## Real apps\n\n${block}\n`;
    writeFileSync(RESULTS, next);
    process.stderr.write(`real-apps: wrote the figures to ${RESULTS}\n`);
  }
}

function render(rows: Row[]): string {
  const scored = rows.map((r) => r.score).filter((s): s is FileScore => s !== null);
  const calls = sumTally(scored.map((s) => s.callSites));
  const types = sumTally(scored.map((s) => s.dataTypes));
  const permOnly = scored.reduce((a, s) => a + s.dataTypes.permissionOnly, 0);
  const tot = (f: (s: FileScore) => number): number => scored.reduce((a, s) => a + f(s), 0);
  const inv = rows.reduce((a, r) => ({ checked: a.checked + r.invokes.checked, matched: a.matched + r.invokes.matched }), { checked: 0, matched: 0 });
  const lines: string[] = [];
  lines.push(`${rows.length} files scanned, ${scored.length} with labels. Targets: 0 findings blaming the wrong party, 0 false \`confirmed\`, 0 false HIGH, every labelled true finding found.`);
  lines.push('');
  lines.push('| target | result |');
  lines.push('|---|---|');
  lines.push(`| findings blaming the wrong party (0) | ${tot((s) => s.wrongPartyFindings)} |`);
  lines.push(`| false \`confirmed\` (0) | ${tot((s) => s.falseConfirmed)} |`);
  lines.push(`| false HIGH (0) | ${tot((s) => s.falseHigh)} |`);
  lines.push(`| labelled true findings found (all) | ${tot((s) => s.labelledTrue - s.missed.length)} of ${tot((s) => s.labelledTrue)} |`);
  lines.push(`| call-site owner right | ${calls.right} of ${judged(calls)} (${pct(calls.right, judged(calls))}); ${calls.appBlamed} not the app's published as the app's; ${calls.wrongSdk} wrong SDK; ${calls.unlabelled} unlabelled |`);
  lines.push(`| data-type collector right | ${types.right} of ${judged(types)} (${pct(types.right, judged(types))}); ${types.appBlamed} credited to the app wrongly; ${permOnly} "collected by the app" on a permission alone |`);
  lines.push(`| call sites that match a dexdump/javap invoke (direct, hierarchy) | ${inv.matched} of ${inv.checked} |`);
  lines.push(`| findings: true / false / unlabelled | ${tot((s) => s.trueFound)} / ${tot((s) => s.falseFound)} / ${tot((s) => s.findings.filter((f) => f.verdict === 'unlabelled').length)} |`);
  lines.push('');
  lines.push('| file | calls | owner right | app blamed | data types right | findings | true | false | false HIGH | false confirmed | wrong party | missed | invokes match |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const s = r.score;
    if (r.error !== undefined) { lines.push(`| ${r.file} | error: ${r.error.replaceAll('|', '/')} |||||||||||`); continue; }
    const inv2 = `${r.invokes.matched}/${r.invokes.checked}`;
    if (s === null) { lines.push(`| ${r.file} | ${r.calls} | no labels |  |  | ${r.findings} |  |  |  |  |  |  | ${inv2} |`); continue; }
    lines.push(`| ${r.file} | ${r.calls} | ${s.callSites.right}/${judged(s.callSites)} | ${s.callSites.appBlamed} | ${s.dataTypes.right}/${judged(s.dataTypes)} | ${r.findings} | ${s.trueFound} | ${s.falseFound} | ${s.falseHigh} | ${s.falseConfirmed} | ${s.wrongPartyFindings} | ${s.missed.length === 0 ? 0 : s.missed.join(', ')} | ${inv2} |`);
  }
  lines.push('');
  lines.push('Details (false and wrongly owned findings, call sites not in the oracle):');
  lines.push('');
  for (const r of rows) {
    const s = r.score;
    const notes: string[] = [];
    for (const f of s?.findings ?? []) {
      const bad = f.verdict === 'false' || f.falseHigh || f.falseConfirmed || f.owner === 'wrong';
      if (!bad) continue;
      notes.push(`${f.ruleId} ${f.severity}/${f.confidence}${f.sdk !== undefined ? ` sdk ${f.sdk}` : ''} [${f.dataTypes.join(',')}]: ${f.verdict === 'false' ? `false (${f.label ?? ''})` : f.verdict}` +
        `${f.falseConfirmed && f.verdict !== 'false' ? ', over-confident' : ''}${f.falseHigh && f.verdict !== 'false' ? ', over-severe' : ''}${f.owner === 'wrong' ? `, wrong owner: ${f.ownerWhy ?? ''}` : ''}`);
    }
    for (const m of r.invokes.mismatches.slice(0, 3)) notes.push(`no such invoke: ${m}`);
    if (r.invokes.mismatches.length > 3) notes.push(`… ${r.invokes.mismatches.length - 3} more call sites not in the oracle`);
    for (const w of s?.wrongOwnerExamples.slice(0, 3) ?? []) notes.push(`call-site owner ${w}`);
    if (notes.length === 0) continue;
    lines.push(`- **${r.file}**`);
    const counts = new Map<string, number>();
    for (const n of notes) counts.set(n, (counts.get(n) ?? 0) + 1);
    for (const [n, k] of counts) lines.push(`  - ${k > 1 ? `${k}× ` : ''}${n}`);
  }
  return lines.join('\n');
}

try {
  await main();
} catch (e) {
  console.error(`real-apps: crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
}
