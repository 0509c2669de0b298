// Measures the policy analyzer on the 324 annotated real policies of CA4P (../shared/corpus/policies/ca4p).
// A script, not a test: the corpus is not part of the project. Usage:
//   node eval/policy-eval.ts [--corpus <dir>] [--sample] [--fp-report [--verbose]] [--fp-sample <seed> [size]] [--misses] [--write]
// --sample prints the hand-check sample of answers (30, --seed N); --fp-report groups the strict false positives
// (eval/fp-groups.ts); --fp-sample prints a seeded sample of them with surrounding text, to judge; --write rewrites
// the results block of eval/RESULTS.md.
//
// Method for declared data types (stated in RESULTS.md):
// - Text: the <pre> content of raw/NNNN.html with HTML entities decoded; annotation offsets index it exactly.
// - Gold: every annotated 数据 span whose sentence (text between 。！？；!?; or line breaks) also holds a 收集 or
//   分享 span. Its text is mapped to our ids with the same synonym data the analyzer uses (dataTypesIn). Spans
//   that map to no id (姓名, IP地址, 个人信息, …) are counted apart and are not misses.
// - Unit: the (policy, data-type id) pair. Recall = gold pairs the analyzer declares / gold pairs.
//   Precision = declared pairs in gold / declared pairs (strict). Because the annotators did not mark every
//   collecting sentence (permission lists, SDK tables), more precision figures are given: "annotation-supported"
//   (the declared words lie inside some annotated 数据 span of that id), "on annotated sentences" (only pairs with
//   evidence in a sentence the annotators marked) and hand-adjudicated estimates from seeded samples of strict
//   false positives (eval/fp-check.json). The wrong pairs on annotated sentences carry hand verdicts (annotator
//   omission or analyzer error, eval/ann-check.json) and a structural class from the annotation (--fp-report).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyzePolicyText } from '../src/policy/analyze.ts';
import { dataTypesIn } from '../src/policy/synonyms.ts';
import type { PolicyAnalysis } from '../src/policy/types.ts';
import { FP_KINDS, fpKind } from './fp-groups.ts';

interface Annotation {
  classId_name: string;
  start: number;
  end: number;
  text: string;
}

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const corpusArg = args.indexOf('--corpus');
const CORPUS = corpusArg >= 0 ? resolve(args[corpusArg + 1] ?? '') : resolve(ROOT, '..', 'shared', 'corpus', 'policies', 'ca4p');

if (!existsSync(join(CORPUS, 'raw')) || !existsSync(join(CORPUS, 'annotations'))) {
  console.log(`The CA4P corpus is absent: no raw/ and annotations/ under ${CORPUS}.`);
  console.log('Nothing was measured. Pass --corpus <dir> to point at a copy (see ../shared/corpus/README.md).');
  process.exit(1);
}

/** Deterministic PRNG (mulberry32), so samples are the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function sentenceBounds(text: string, at: number): [number, number] {
  const stops = /[。！？；!?;\n]/;
  let s = at;
  while (s > 0 && !stops.test(text[s - 1]!)) s--;
  let e = at;
  while (e < text.length && !stops.test(text[e]!)) e++;
  return [s, e];
}

interface Doc {
  id: string;
  text: string;
  ann: Annotation[];
  result: PolicyAnalysis;
}

const docs: Doc[] = [];
const t0 = performance.now();
for (const f of readdirSync(join(CORPUS, 'raw')).filter((n) => n.endsWith('.html')).sort()) {
  const id = f.slice(0, -5);
  const html = readFileSync(join(CORPUS, 'raw', f), 'utf8');
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(html);
  if (pre === null) continue;
  const text = decodeEntities(pre[1]!);
  const ann = JSON.parse(readFileSync(join(CORPUS, 'annotations', `${id}.json`), 'utf8')) as Annotation[];
  docs.push({ id, text, ann, result: analyzePolicyText(text, id) });
}
const elapsed = performance.now() - t0;

// ---- Declared data types ----
let tp = 0;
let fp = 0;
let fn = 0;
let supported = 0;
let goldSpans = 0;
let goldSpansMapped = 0;
let goldSpansFound = 0;
const unmapped = new Map<string, number>();
const fnList: { id: string; dataType: string; sentence: string }[] = [];
interface FpEvidence {
  matched: string;
  sentence: string;
  start: number;
  end: number;
}
const fpList: { id: string; dataType: string; matched: string; sentence: string; evidence: FpEvidence[] }[] = [];
let offsetMismatch = 0;
// Precision on annotated sentences: a declared pair is judged only where its evidence overlaps a sentence in
// which the annotators marked a 数据 span and a 收集/分享 span (they demonstrably read it). It is right when a
// gold span of that id lies in one of those sentences, wrong otherwise; pairs with no such evidence are left out.
let annRight = 0;
let annWrong = 0;
// Each wrong pair also gets a structural class from the annotation itself (no judgement): 'in-span' when the
// declared words lie inside an annotated 数据 span that maps to other ids (the annotators marked the words);
// 'list-sibling' when they lie outside every span but in the same clause (between ，、 and the like, up to
// ，。；：) as an annotated 数据 span, i.e. the annotators marked some items of a list or phrase and not this one;
// 'unmarked-clause' otherwise. Hand verdicts (analyzer error or annotator omission) are in eval/ann-check.json.
type AnnClass = 'in-span' | 'list-sibling' | 'unmarked-clause';
const annWrongList: { id: string; dataType: string; matched: string; sentence: string; cls: AnnClass }[] = [];
for (const d of docs) {
  const verbs = d.ann.filter((a) => a.classId_name === '收集' || a.classId_name === '分享');
  const dataSpans = d.ann.filter((a) => a.classId_name === '数据');
  const gold = new Map<string, string>();
  // Annotated sentences: bounds, and the ids of the gold spans inside each.
  const annotated = new Map<number, { start: number; end: number; ids: Set<string> }>();
  for (const a of dataSpans) {
    if (d.text.slice(a.start, a.end) !== a.text) offsetMismatch++;
    const [s, e] = sentenceBounds(d.text, a.start);
    if (!verbs.some((v) => v.start >= s && v.end <= e)) continue;
    goldSpans++;
    const ids = dataTypesIn(a.text);
    const sent = annotated.get(s) ?? { start: s, end: e, ids: new Set<string>() };
    for (const x of ids) sent.ids.add(x);
    annotated.set(s, sent);
    if (ids.length === 0) {
      const k = a.text.replace(/\s+/g, ' ');
      unmapped.set(k, (unmapped.get(k) ?? 0) + 1);
      continue;
    }
    goldSpansMapped++;
    if (ids.every((x) => d.result.declaredDataTypes.includes(x))) goldSpansFound++;
    for (const x of ids) if (!gold.has(x)) gold.set(x, d.text.slice(s, e));
  }
  for (const x of d.result.declaredDataTypes) {
    const inAnnotated = d.result.declared.filter((y) => y.dataType === x).flatMap((y) => [...annotated.values()].filter((a) => a.start < y.end && y.start < a.end).map((a) => ({ y, a })));
    if (inAnnotated.length > 0) {
      if (inAnnotated.some(({ a }) => a.ids.has(x))) annRight++;
      else {
        annWrong++;
        const first = inAnnotated[0]!.y;
        annWrongList.push({ id: d.id, dataType: x, matched: first.matched, sentence: first.sentence, cls: annClass(d.text, dataSpans, inAnnotated.map(({ y }) => y)) });
      }
    }
    if (gold.has(x)) {
      tp++;
      continue;
    }
    fp++;
    const decl = d.result.declared.filter((y) => y.dataType === x);
    const inSpan = decl.some((y) => dataSpans.some((a) => y.matchStart !== undefined && a.start <= y.matchStart && y.matchEnd! <= a.end && dataTypesIn(a.text).includes(x)));
    if (inSpan) supported++;
    const first = decl[0];
    const sdk = d.result.sdkDisclosures.find((s) => s.dataTypes.includes(x));
    fpList.push({
      id: d.id,
      dataType: x,
      matched: first?.matched ?? `(SDK ${sdk?.name ?? '?'})`,
      sentence: first?.sentence ?? sdk?.sentence ?? '',
      evidence: decl.map((y) => ({ matched: y.matched, sentence: y.sentence, start: y.start, end: y.end })),
    });
  }
  for (const [x, s] of gold) if (!d.result.declaredDataTypes.includes(x)) {
    fn++;
    fnList.push({ id: d.id, dataType: x, sentence: s });
  }
}
/** Structural class of a wrong pair on annotated sentences: the best class over its evidence. */
function annClass(text: string, spans: readonly Annotation[], evidence: readonly { matchStart?: number; matchEnd?: number }[]): AnnClass {
  let best: AnnClass = 'unmarked-clause';
  for (const y of evidence) {
    if (y.matchStart === undefined || y.matchEnd === undefined) continue;
    if (spans.some((a) => a.start <= y.matchStart! && y.matchEnd! <= a.end)) return 'in-span';
    const cut = /[，。；：,;:\n]/;
    let s = y.matchStart;
    while (s > 0 && !cut.test(text[s - 1]!)) s--;
    let e = y.matchEnd;
    while (e < text.length && !cut.test(text[e]!)) e++;
    if (spans.some((a) => a.start < e && s < a.end)) best = 'list-sibling';
  }
  return best;
}
// Hand verdicts on the wrong pairs (annotator omission or analyzer error), judged in the third precision round.
const annCheckPath = join(import.meta.dirname, 'ann-check.json');
const annVerdicts = existsSync(annCheckPath) ? (JSON.parse(readFileSync(annCheckPath, 'utf8')) as { items: { id: string; dataType: string; verdict: 'omission' | 'error'; fixed?: boolean }[] }).items.filter((v) => v.fixed !== true) : [];
const annJudged = annWrongList.map((w) => annVerdicts.find((v) => v.id === w.id && v.dataType === w.dataType)?.verdict);
const annOmissions = annJudged.filter((v) => v === 'omission').length;
const annErrors = annJudged.filter((v) => v === 'error').length;
const recall = tp / (tp + fn);
const precisionAnnotated = annRight / (annRight + annWrong);
const precision = tp / (tp + fp);
const precisionSupported = (tp + supported) / (tp + fp);

// Hand-adjudicated false positives, picked by a seeded hash of (policy, data type), so a change elsewhere in the
// list does not reshuffle a sample. Seed 7 (40): drawn after a first tuning round, then tuned on. Seed 11 (100): drawn
// after the fixes of the --fp-report analysis and judged untuned (87 real, 95.1%); its errors were fixed in the second
// round, so it is now tuned. Seed 13 (150): drawn after that round and judged before any further change; it gives the
// reported (untuned) estimate. Seed 17 (150) was drawn the same way with no analyzer change since seed 13, leaving
// out the pairs of the seed-13 sample (so the two are disjoint), and judged before any change; seeds 13 and 17 are
// pooled into one untuned estimate of 300 pairs. Verdicts without a seed field belong to seed 7.
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
interface FpSampleSpec {
  seed: number;
  size: number;
  what: string;
  /** Seeds whose samples are left out before picking, so that this sample is disjoint from them. */
  exclude?: number[];
}
const FP_SAMPLES: FpSampleSpec[] = [
  { seed: 7, size: 40, what: 'tuned on this sample' },
  { seed: 11, size: 100, what: 'tuned: judged untuned at 87/100, then its errors were fixed' },
  { seed: 13, size: 150, what: 'untuned' },
  { seed: 17, size: 150, what: 'untuned, disjoint from seed 13', exclude: [13] },
];
/** The seeds pooled into the untuned estimate: disjoint samples of the same strict-FP list, judged before any tuning. */
const FP_POOLED = [13, 17];
const pairKey = (p: { id: string; dataType: string }): string => `${p.id}:${p.dataType}`;
function fpSampleOf(seed: number, size: number, exclude: readonly number[] = FP_SAMPLES.find((x) => x.seed === seed)?.exclude ?? []): typeof fpList {
  const out = new Set(
    exclude.flatMap((e) => {
      const spec = FP_SAMPLES.find((x) => x.seed === e)!;
      return fpSampleOf(spec.seed, spec.size).map(pairKey);
    }),
  );
  return fpList
    .filter((p) => !out.has(pairKey(p)))
    .sort((a, b) => fnv(`${seed}:${a.id}:${a.dataType}`) - fnv(`${seed}:${b.id}:${b.dataType}`))
    .slice(0, size);
}
const fpCheckPath = join(import.meta.dirname, 'fp-check.json');
let fpVerdicts: { seed?: number; id: string; dataType: string; correct: boolean; note: string }[] = [];
if (existsSync(fpCheckPath)) fpVerdicts = (JSON.parse(readFileSync(fpCheckPath, 'utf8')) as { items: typeof fpVerdicts }).items;

/** Wilson score interval (95%) of a proportion. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const mid = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [mid - half, mid + half];
}
// Precision if the share r of strict FPs are real declarations: (TP + FP × r) / declared.
const adjusted = (r: number): number => (tp + fp * r) / (tp + fp);
const fpAdjudicated = FP_SAMPLES.map(({ seed, size, what }) => {
  const sample = fpSampleOf(seed, size);
  const judged = sample
    .map((s) => fpVerdicts.find((v) => (v.seed ?? 7) === seed && v.id === s.id && v.dataType === s.dataType))
    .filter((v) => v !== undefined);
  const real = judged.filter((v) => v.correct).length;
  const ci = judged.length === 0 ? null : wilson(real, judged.length);
  return { seed, size, what, judged: judged.length, real, precision: judged.length === 0 ? null : adjusted(real / judged.length), ci: ci === null ? null : ci.map(adjusted) };
});
// The pooled untuned estimate: the verdicts of the disjoint untuned samples counted together, computed as for one sample.
const pooledParts = fpAdjudicated.filter((a) => FP_POOLED.includes(a.seed));
const pooledJudged = pooledParts.reduce((n, a) => n + a.judged, 0);
const pooledReal = pooledParts.reduce((n, a) => n + a.real, 0);
const pooledCi = pooledJudged === 0 ? null : wilson(pooledReal, pooledJudged).map(adjusted);

// ---- Answer rates ----
type Q = 'hasContact' | 'hasAccountDeletion' | 'hasComplaintChannel' | 'hasPersonalizationOptOut' | 'hasMinorsClause';
const QUESTIONS: Q[] = ['hasContact', 'hasAccountDeletion', 'hasComplaintChannel', 'hasPersonalizationOptOut', 'hasMinorsClause'];
const EXTRA = ['access', 'correction', 'deletion', 'withdrawConsent', 'sharing'] as const;
const rates: Record<string, { yes: number; no: number; unclear: number }> = {};
const count = (k: string, v: boolean | null): void => {
  rates[k] ??= { yes: 0, no: 0, unclear: 0 };
  rates[k][v === true ? 'yes' : v === false ? 'no' : 'unclear']++;
};
for (const d of docs) {
  for (const q of QUESTIONS) count(q, d.result[q]);
  for (const q of EXTRA) count(q, d.result[q].value);
  count('minors.guardianConsent', d.result.minors.guardianConsent);
  count('storage.crossBorder', d.result.storage.crossBorder);
  count('complaint.slowResponse', d.result.complaint.slowResponse ?? null);
}
const garbled = docs.filter((d) => d.result.garbled).length;
const withDates = docs.filter((d) => d.result.dates.updated !== null || d.result.dates.effective !== null).length;
const withOperator = docs.filter((d) => d.result.operator.name !== null).length;
const withSdks = docs.filter((d) => d.result.sdkDisclosures.some((s) => s.fromTable)).length;

// ---- Hand-check samples: 30 (policy, question) answers per fixed seed ----
// Seed 4 was judged first and two wrong answers were fixed afterwards; seed 5 was drawn and judged after all
// changes, so it is the untuned figure.
const HAND_SEEDS = [4, 5];
function handSampleOf(seed: number): { id: string; question: Q }[] {
  const r = rng(seed);
  const out: { id: string; question: Q }[] = [];
  const seen = new Set<string>();
  while (out.length < 30) {
    const d = docs[Math.floor(r() * docs.length)]!;
    const q = QUESTIONS[Math.floor(r() * QUESTIONS.length)]!;
    if (seen.has(`${d.id}/${q}`)) continue;
    seen.add(`${d.id}/${q}`);
    out.push({ id: d.id, question: q });
  }
  return out;
}
const sampleSeedAt = args.indexOf('--seed');
const handSample = handSampleOf(sampleSeedAt >= 0 ? Number(args[sampleSeedAt + 1]) : 4);
const evidenceOf = (d: Doc, q: Q): string => {
  const r = d.result;
  const ev = q === 'hasContact' ? r.contact.evidence : q === 'hasAccountDeletion' ? r.accountDeletion.evidence : q === 'hasComplaintChannel' ? r.complaint.evidence : q === 'hasPersonalizationOptOut' ? r.personalization.evidence : r.minors.evidence;
  return ev[0]?.sentence ?? '';
};
const handPath = join(import.meta.dirname, 'hand-check.json');
interface Verdict {
  seed: number;
  id: string;
  question: Q;
  answer: boolean | null;
  sentence: string;
  verdict: 'right' | 'wrong';
  expected: boolean | null;
  note: string;
}
const verdicts: Verdict[] = existsSync(handPath) ? (JSON.parse(readFileSync(handPath, 'utf8')) as { items: Verdict[] }).items : [];
const handResults = HAND_SEEDS.map((seed) => {
  let right = 0;
  let wrong = 0;
  let stale = 0;
  for (const s of handSampleOf(seed)) {
    const d = docs.find((x) => x.id === s.id)!;
    const v = verdicts.find((x) => x.seed === seed && x.id === s.id && x.question === s.question);
    if (v === undefined) continue;
    const ans = d.result[s.question];
    // A verdict records the reader's answer; the current answer is compared with it.
    if (v.answer !== ans) stale++;
    if (ans === v.expected) right++;
    else wrong++;
  }
  return { seed, right, wrong, stale };
});

if (args.includes('--sample')) {
  for (const s of handSample) {
    const d = docs.find((x) => x.id === s.id)!;
    console.log(JSON.stringify({ id: s.id, question: s.question, answer: d.result[s.question], sentence: evidenceOf(d, s.question) }));
  }
  process.exit(0);
}
// --fp-sample <seed> [size]: the strict-FP sample of that seed, with the text around each evidence sentence, to judge.
const fpSampleAt = args.indexOf('--fp-sample');
if (fpSampleAt >= 0) {
  const seed = Number(args[fpSampleAt + 1]);
  const size = Number(args[fpSampleAt + 2] ?? 100);
  for (const s of fpSampleOf(seed, size)) {
    const d = docs.find((x) => x.id === s.id)!;
    const ev = s.evidence.map((e) => ({ matched: e.matched, before: d.text.slice(Math.max(0, e.start - 160), e.start), sentence: e.sentence, after: d.text.slice(e.end, e.end + 80) }));
    console.log(JSON.stringify({ seed, id: s.id, dataType: s.dataType, evidence: ev }));
  }
  process.exit(0);
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const lines: string[] = [];
lines.push(`Policies: ${docs.length} (CA4P subset, ${relative(ROOT, CORPUS)}); analysed in ${(elapsed / 1000).toFixed(1)} s, ${(elapsed / docs.length).toFixed(1)} ms each; garbled: ${garbled}; annotation offset mismatches: ${offsetMismatch}`);
lines.push('');
lines.push('Declared data types (unit: policy × data-type id)');
lines.push(`  gold 数据 spans in collect/share sentences: ${goldSpans}; mapped to our ids: ${goldSpansMapped}; not mapped (not counted): ${goldSpans - goldSpansMapped}`);
lines.push(`  gold pairs ${tp + fn}, declared pairs ${tp + fp}, TP ${tp}, FP ${fp}, FN ${fn}`);
lines.push(`  recall ${pct(recall)}   (span level: ${pct(goldSpansFound / goldSpansMapped)} of mapped gold spans fully declared)`);
lines.push(`  precision, strict against the annotation: ${pct(precision)}`);
lines.push(`  precision, annotation-supported (declared words inside an annotated 数据 span of that id): ${pct(precisionSupported)}`);
for (const a of fpAdjudicated) {
  lines.push(
    a.precision === null
      ? `  precision, hand-adjudicated (seed ${a.seed}): not judged (eval/fp-check.json)`
      : `  precision, hand-adjudicated estimate (seed ${a.seed}, ${a.what}): ${pct(a.precision)}, 95% CI ${pct(a.ci![0]!)}–${pct(a.ci![1]!)} (${a.real}/${a.judged} sampled strict FPs are real declarations${a.judged < a.size ? `; ${a.size - a.judged} of the ${a.size} not judged` : ''})`,
  );
}
if (pooledCi !== null)
  lines.push(
    `  precision, hand-adjudicated estimate, pooled untuned (seeds ${FP_POOLED.join(' + ')}, disjoint samples): ${pct(adjusted(pooledReal / pooledJudged))}, 95% CI ${pct(pooledCi[0]!)}–${pct(pooledCi[1]!)} (${pooledReal}/${pooledJudged} sampled strict FPs are real declarations)`,
  );
lines.push(`  precision on annotated sentences (pairs with evidence in a sentence the annotators marked): ${pct(precisionAnnotated)} (${annRight} right, ${annWrong} wrong; ${tp + fp - annRight - annWrong} pairs not judged)`);
lines.push(`    of the ${annWrong} wrong, judged by reading (eval/ann-check.json): ${annOmissions} annotator omissions, ${annErrors} analyzer errors, ${annWrong - annOmissions - annErrors} not judged; ${annWrongList.filter((w) => w.cls === 'list-sibling').length} lie in a clause with an annotated 数据 span`);
lines.push('  top unmapped gold spans: ' + [...unmapped.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k}×${v}`).join(', '));
lines.push('');
lines.push('Answers (yes / no / unclear) over all policies');
for (const [k, v] of Object.entries(rates)) lines.push(`  ${k.padEnd(26)} ${v.yes} / ${v.no} / ${v.unclear}   answered ${pct((v.yes + v.no) / docs.length)}, yes ${pct(v.yes / docs.length)}`);
lines.push(`  dates found ${withDates}, operator named ${withOperator}, SDK table or list read ${withSdks}`);
lines.push('');
for (const h of handResults)
  lines.push(
    `Hand-check (30 answers, seed ${h.seed}, eval/hand-check.json): ${h.right} right, ${h.wrong} wrong, ${30 - h.right - h.wrong} not judged${h.stale > 0 ? `, ${h.stale} answers changed since judged` : ''}`,
  );
if (args.includes('--fp-report')) console.log(fpReport().join('\n'));
if (args.includes('--misses')) {
  console.log(fnList.map((x) => `FN ${x.id} ${x.dataType} :: ${x.sentence.slice(0, 140)}`).join('\n'));
}
console.log(lines.join('\n'));
if (args.includes('--write')) {
  const md = readFileSync(join(import.meta.dirname, 'RESULTS.md'), 'utf8');
  const start = md.indexOf('<!-- results -->');
  const end = md.indexOf('<!-- /results -->');
  if (start >= 0 && end > start) {
    writeFileSync(join(import.meta.dirname, 'RESULTS.md'), `${md.slice(0, start)}<!-- results -->\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${md.slice(end)}`);
  }
}

/** Strict false positives grouped by data type, trigger word and sentence kind (eval/fp-groups.ts). A pair falls in a
 * kind when every one of its evidence sentences is of that kind, so fixing the kind would remove the pair. */
function fpReport(): string[] {
  const out: string[] = [];
  const top = (m: Map<string, number>, n: number): string =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([k, v]) => `${k}×${v}`)
      .join(', ');
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  const byType = new Map<string, number>();
  const byWord = new Map<string, number>();
  for (const f of fpList) {
    inc(byType, f.dataType);
    inc(byWord, f.matched);
  }
  out.push(`Strict false positives: ${fpList.length} pairs, ${fpList.reduce((n, f) => n + f.evidence.length, 0)} evidence sentences`);
  out.push(`  by data type: ${top(byType, 40)}`);
  out.push(`  by first trigger word: ${top(byWord, 30)}`);
  const pairs = new Map<string, typeof fpList>();
  const sentences = new Map<string, number>();
  for (const f of fpList) {
    const kinds = new Set(f.evidence.map((e) => fpKind(e.sentence, e.matched)));
    for (const e of f.evidence) inc(sentences, fpKind(e.sentence, e.matched));
    const key = kinds.size === 1 ? [...kinds][0]! : kinds.size === 0 ? 'sdk-table-only' : 'mixed';
    pairs.set(key, [...(pairs.get(key) ?? []), f]);
  }
  out.push('  by sentence kind (pairs whose every evidence sentence is of that kind; evidence sentences of that kind):');
  const labels = new Map<string, string>([...FP_KINDS.map((k): [string, string] => [k.key, k.label]), ['mixed', 'evidence of several kinds'], ['sdk-table-only', 'SDK table only']]);
  for (const [key, label] of labels) {
    const list = pairs.get(key) ?? [];
    if (list.length === 0 && !sentences.has(key)) continue;
    const types = new Map<string, number>();
    const words = new Map<string, number>();
    for (const f of list) {
      inc(types, f.dataType);
      inc(words, f.matched);
    }
    out.push(`    ${key.padEnd(15)} ${String(list.length).padStart(4)} pairs, ${String(sentences.get(key) ?? 0).padStart(4)} sentences  ${label}`);
    if (list.length === 0) continue;
    out.push(`      ids: ${top(types, 6)}`);
    out.push(`      words: ${top(words, 8)}`);
    out.push(`      e.g. ${list.slice(0, 8).map((f) => `${f.id}/${f.dataType}`).join(' ')}`);
  }
  out.push(`Wrong on annotated sentences: ${annWrongList.length} pairs`);
  const annKinds = new Map<string, number>();
  for (const w of annWrongList) inc(annKinds, fpKind(w.sentence, w.matched));
  out.push(`  by sentence kind: ${top(annKinds, 20)}`);
  const annClasses = new Map<string, number>();
  for (const w of annWrongList) inc(annClasses, w.cls);
  out.push(`  by annotation structure: ${top(annClasses, 3)}`);
  if (args.includes('--verbose')) for (const w of annWrongList) out.push(`  ${w.id} ${w.dataType} ${w.matched} [${w.cls}] :: ${w.sentence.slice(0, 120)}`);
  return out;
}
