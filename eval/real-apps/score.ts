// Compares one piscope Report with the hand labels of eval/real-apps/<file>.json. Pure: no I/O, so the
// comparison itself is unit-tested on small synthetic reports (test/eval-real-apps.test.ts).
import type { Evidence, Finding, Report, ReportApiCall } from '../../src/report/types.ts';

export type Party = 'app' | 'sdk' | 'third-party' | 'platform';

export interface OwnerLabel {
  prefix: string;
  party: Party;
  sdk?: string[];
  vendor?: string;
  unsure?: boolean;
  why: string;
}

export interface FindingLabel {
  id: string;
  rule: string;
  expect: 'true' | 'false' | 'unsure';
  owner?: { party: Party; sdk?: string[] };
  dataTypes?: string[];
  entry?: string;
  confidence?: 'confirmed' | 'likely' | 'possible';
  maxSeverity?: 'high' | 'medium' | 'low' | 'info';
  why: string;
  evidence?: string[];
}

export interface Labels {
  file: string;
  sha256: string;
  package: string;
  notes?: string;
  owners: OwnerLabel[];
  findings: FindingLabel[];
}

/** The owner a report gives: `party` when the engine sets it, else its `kind` ('unknown' claims nobody). */
export interface ClaimedOwner { party: Party | 'unknown'; sdk?: string; prefix?: string }

type OwnerLike = { kind: 'app' | 'sdk' | 'unknown'; sdk?: string; party?: Party; prefix?: string };

export function claimedOf(o: OwnerLike): ClaimedOwner {
  const party: Party | 'unknown' = o.party ?? (o.kind === 'unknown' ? 'unknown' : o.kind);
  return { party, ...(o.sdk !== undefined ? { sdk: o.sdk } : {}), ...(o.prefix !== undefined ? { prefix: o.prefix } : {}) };
}

/** `Lcom/foo/Bar$1;->m()V` or `Lcom/foo/Bar;` → `com.foo.Bar$1`. */
export function classOf(smali: string): string {
  const arrow = smali.indexOf('->');
  const t = arrow >= 0 ? smali.slice(0, arrow) : smali;
  return t.replace(/^L/u, '').replace(/;$/u, '').replaceAll('/', '.');
}

/** The label of the longest owner prefix that covers `cls` (a dotted class name), on segment boundaries. */
export function ownerLabelOf(labels: Labels, cls: string): OwnerLabel | undefined {
  let best: OwnerLabel | undefined;
  for (const o of labels.owners) {
    if (cls === o.prefix || cls.startsWith(`${o.prefix}.`)) {
      if (best === undefined || o.prefix.length > best.prefix.length) best = o;
    }
  }
  return best;
}

export type OwnerVerdict = 'right' | 'wrong-party' | 'wrong-sdk' | 'app-blamed' | 'unlabelled';

/**
 * Judges a claimed owner against the label of the code. `app-blamed` (a subset of wrong party, and the
 * worst case) is code that is not the app's published as the app's. 'unknown' is no claim: right for
 * third-party and platform code, wrong for the app's and a catalogued SDK's.
 */
export function judgeOwner(claim: ClaimedOwner, label: OwnerLabel | undefined): OwnerVerdict {
  if (label === undefined || label.unsure === true) return 'unlabelled';
  if (claim.party === 'app') return label.party === 'app' ? 'right' : 'app-blamed';
  switch (label.party) {
    case 'app':
      return 'wrong-party';
    case 'sdk':
      if (claim.party === 'sdk') return label.sdk === undefined || (claim.sdk !== undefined && label.sdk.includes(claim.sdk)) ? 'right' : 'wrong-sdk';
      // An SDK missing from the catalogue is honestly reported as unidentified third-party code.
      return label.sdk === undefined && (claim.party === 'third-party' || claim.party === 'unknown') ? 'right' : 'wrong-party';
    case 'third-party':
      return claim.party === 'third-party' || claim.party === 'unknown' ? 'right' : 'wrong-party';
    case 'platform':
      return claim.party === 'platform' || claim.party === 'unknown' ? 'right' : 'wrong-party';
  }
}

export interface Tally { right: number; wrongParty: number; wrongSdk: number; appBlamed: number; unlabelled: number }
const emptyTally = (): Tally => ({ right: 0, wrongParty: 0, wrongSdk: 0, appBlamed: 0, unlabelled: 0 });
function add(t: Tally, v: OwnerVerdict): void {
  if (v === 'right') t.right++;
  else if (v === 'wrong-party') t.wrongParty++;
  else if (v === 'wrong-sdk') t.wrongSdk++;
  else if (v === 'app-blamed') { t.appBlamed++; t.wrongParty++; }
  else t.unlabelled++;
}

/** Who a data-type collector string names: 'app', or an SDK id (anything else is kept as given). */
function callCollector(c: ReportApiCall): string {
  const o = c.callerOwner;
  if (o.party !== undefined) return o.party === 'sdk' ? (o.sdk ?? 'sdk') : o.party === 'app' ? 'app' : `${o.party}:${o.prefix ?? ''}`;
  // The engine of today credits every call it does not give to an SDK to the app (facts-build.ts).
  return o.kind === 'sdk' && o.sdk !== undefined ? o.sdk : 'app';
}

/** A collector name as a claim: 'app', `third-party:<prefix>` / `platform:<prefix>`, or an SDK id. */
function collectorClaim(who: string): ClaimedOwner {
  if (who === 'app') return { party: 'app' };
  const m = /^(third-party|platform):(.*)$/u.exec(who);
  return m !== null ? { party: m[1] as Party, prefix: m[2]! } : { party: 'sdk', sdk: who };
}

export interface FindingOutcome {
  ruleId: string;
  severity: string;
  confidence: string;
  sdk?: string;
  dataTypes: string[];
  /** The label it matched, or null. */
  label: string | null;
  verdict: 'true' | 'false' | 'unsure' | 'unlabelled';
  falseHigh: boolean;
  falseConfirmed: boolean;
  /** Owner judged from its code evidence: wrong when any call site it cites belongs to another party. */
  owner: 'right' | 'wrong' | 'not-judged';
  ownerWhy?: string;
}

export interface FileScore {
  file: string;
  callSites: Tally;
  /** Call sites whose owner is only the legacy kind 'unknown' (no party). */
  unknownNoParty: number;
  dataTypes: Tally & { permissionOnly: number };
  findings: FindingOutcome[];
  trueFound: number;
  falseFound: number;
  falseHigh: number;
  falseConfirmed: number;
  wrongPartyFindings: number;
  missed: string[];
  labelledTrue: number;
  wrongOwnerExamples: string[];
}

const SEV = { high: 0, medium: 1, low: 2, info: 3 } as const;
const CONF = { confirmed: 0, likely: 1, possible: 2 } as const;

/** The calls a finding blames; a guard shown as evidence (note `guard: …`) is where a branch is, not a blamed call. */
function codeEvidence(f: Finding): Extract<Evidence, { kind: 'code' }>[] {
  return f.evidence.filter((e): e is Extract<Evidence, { kind: 'code' }> => e.kind === 'code' && !(e.note ?? '').startsWith('guard:'));
}

/** The owner a finding blames: its `sdk`, else its code evidence's owner; without a party the text says 应用 (the app). */
export function findingClaim(f: Finding): ClaimedOwner | undefined {
  if (f.sdk !== undefined) return { party: 'sdk', sdk: f.sdk };
  const ev = codeEvidence(f).find((e) => e.owner !== undefined);
  if (ev?.owner === undefined) return codeEvidence(f).length > 0 ? { party: 'app' } : undefined;
  return wordedOwner(ev.owner);
}

/** The owner a finding's words give: legacy 'unknown' without a party is worded as the app's (collection-before-consent's 应用). */
function wordedOwner(o: OwnerLike): ClaimedOwner {
  return o.party !== undefined || o.kind === 'sdk' ? claimedOf(o) : { party: 'app' };
}

function ownerMatches(claim: ClaimedOwner | undefined, want: FindingLabel['owner']): boolean {
  if (want === undefined) return true;
  if (claim === undefined) return false;
  // An SDK missing from the catalogue is matched by an honest "unidentified third-party" claim.
  if (want.party === 'sdk' && want.sdk === undefined && (claim.party === 'third-party' || claim.party === 'unknown')) return true;
  if (want.party === 'third-party' || want.party === 'platform') {
    if (claim.party !== want.party && claim.party !== 'unknown') return false;
  } else if (claim.party !== want.party) return false;
  return want.sdk === undefined || claim.sdk === undefined || want.sdk.includes(claim.sdk);
}

function entryMatches(f: Finding, entry: string | undefined): boolean {
  if (entry === undefined) return true;
  const want = entry.includes('/') ? entry : `L${entry.replaceAll('.', '/')}`;
  return codeEvidence(f).some((e) => (e.path?.[0] ?? e.caller).startsWith(want));
}

/** The labels that apply to a finding: same rule, owner and entry point, and a data type in common when they name some. */
function candidatesFor(f: Finding, labels: Labels): FindingLabel[] {
  const claim = findingClaim(f);
  return labels.findings.filter((l) => l.rule === f.ruleId && ownerMatches(claim, l.owner) && entryMatches(f, l.entry)
    && (l.dataTypes === undefined || f.dataTypes === undefined || f.dataTypes.length === 0 || l.dataTypes.some((d) => f.dataTypes?.includes(d) === true)));
}

export function labelFor(f: Finding, labels: Labels): FindingLabel | undefined {
  const claim = findingClaim(f);
  const candidates = candidatesFor(f, labels);
  // A finding false in one respect is false; otherwise the closest label wins: same entry point, then the
  // SDK named, then the data types, then any owner. A label that names data types is closest only when it
  // covers all of the finding's: one SDK's finding lists many types, and a label about one of them (unsure
  // whether JPush's Wi-Fi read runs before consent) says nothing of the others (its IMEI read on init).
  const covers = (l: FindingLabel): boolean => l.dataTypes !== undefined && f.dataTypes !== undefined && f.dataTypes.length > 0 && f.dataTypes.every((d) => l.dataTypes!.includes(d));
  const rank = (l: FindingLabel): number => (l.expect === 'false' ? 32 : 0) + (l.entry !== undefined ? 16 : 0)
    + (claim?.sdk !== undefined && l.owner?.sdk?.includes(claim.sdk) === true ? 8 : 0)
    + (covers(l) ? 4 : 0) + (l.expect === 'true' ? 2 : 0)
    + (l.owner !== undefined ? 1 : 0);
  return candidates.sort((a, b) => rank(b) - rank(a))[0];
}

/** The strictest caps of the labels that apply (a cap on one data type holds whichever label decides the finding). */
function capsFor(f: Finding, labels: Labels): { confidence?: FindingLabel['confidence']; maxSeverity?: FindingLabel['maxSeverity'] } {
  let confidence: FindingLabel['confidence'];
  let maxSeverity: FindingLabel['maxSeverity'];
  for (const l of candidatesFor(f, labels)) {
    if (l.expect === 'false') continue;
    if (l.confidence !== undefined && (confidence === undefined || CONF[l.confidence] > CONF[confidence])) confidence = l.confidence;
    if (l.maxSeverity !== undefined && (maxSeverity === undefined || SEV[l.maxSeverity] > SEV[maxSeverity])) maxSeverity = l.maxSeverity;
  }
  return { ...(confidence !== undefined ? { confidence } : {}), ...(maxSeverity !== undefined ? { maxSeverity } : {}) };
}

export function scoreReport(report: Report, labels: Labels): FileScore {
  const callSites = emptyTally();
  let unknownNoParty = 0;
  const wrongOwnerExamples: string[] = [];
  for (const c of report.apiCalls) {
    const claim = claimedOf(c.callerOwner);
    if (claim.party === 'unknown') unknownNoParty++;
    const v = judgeOwner(claim, ownerLabelOf(labels, classOf(c.caller)));
    add(callSites, v);
    if (v !== 'right' && v !== 'unlabelled' && wrongOwnerExamples.length < 5) {
      wrongOwnerExamples.push(`${v}: ${c.caller} ${c.api} → ${claim.party}${claim.sdk !== undefined ? `:${claim.sdk}` : ''}`);
    }
  }

  // Data types: each collector named is judged by the call sites behind it.
  const dataTypes = { ...emptyTally(), permissionOnly: 0 };
  for (const d of report.dataTypes) {
    for (const who of d.collectedBy) {
      const behind = report.apiCalls.filter((c) => c.dataType === d.id && c.reachable !== false && callCollector(c) === who);
      if (behind.length === 0) {
        if (who === 'app') dataTypes.permissionOnly++;
        else dataTypes.unlabelled++;
        continue;
      }
      const claim = collectorClaim(who);
      const verdicts = behind.map((c) => judgeOwner(claim, ownerLabelOf(labels, classOf(c.caller))));
      add(dataTypes, verdicts.includes('right') ? 'right' : verdicts.find((v) => v !== 'unlabelled') ?? 'unlabelled');
    }
  }

  const findings: FindingOutcome[] = [];
  const matched = new Set<string>();
  for (const f of report.findings) {
    if (f.suppressed !== undefined) continue;
    const l = labelFor(f, labels);
    if (l !== undefined) matched.add(l.id);
    const verdict = l === undefined ? 'unlabelled' : l.expect;
    // Caps hold on `unsure` labels too: "whether it happens needs a run, but HIGH/confirmed is not honest".
    const caps = capsFor(f, labels);
    const overConfident = l !== undefined && l.expect !== 'false' && caps.confidence !== undefined && CONF[f.confidence] < CONF[caps.confidence];
    const overSevere = l !== undefined && l.expect !== 'false' && caps.maxSeverity !== undefined && SEV[f.severity] < SEV[caps.maxSeverity];
    // Owner: every call site it cites must belong to the party it blames.
    const claim = findingClaim(f);
    let owner: FindingOutcome['owner'] = 'not-judged';
    let ownerWhy: string | undefined;
    for (const e of codeEvidence(f)) {
      if (claim === undefined || e.callee === undefined) continue;
      // Each call site cited is blamed on its own owner when the evidence names one.
      const evClaim = e.owner !== undefined ? wordedOwner(e.owner) : claim;
      const v = judgeOwner(evClaim, ownerLabelOf(labels, classOf(e.caller)));
      if (v === 'unlabelled') continue;
      if (v === 'right') { if (owner === 'not-judged') owner = 'right'; continue; }
      owner = 'wrong';
      ownerWhy = `${v}: ${e.caller} blamed on ${evClaim.party}${evClaim.sdk !== undefined ? `:${evClaim.sdk}` : ''}`;
      break;
    }
    findings.push({
      ruleId: f.ruleId,
      severity: f.severity,
      confidence: f.confidence,
      ...(f.sdk !== undefined ? { sdk: f.sdk } : {}),
      dataTypes: f.dataTypes ?? [],
      label: l?.id ?? null,
      verdict,
      falseHigh: f.severity === 'high' && (verdict === 'false' || overSevere),
      falseConfirmed: f.confidence === 'confirmed' && (verdict === 'false' || overConfident),
      owner,
      ...(ownerWhy !== undefined ? { ownerWhy } : {}),
    });
  }
  const trueLabels = labels.findings.filter((l) => l.expect === 'true');
  return {
    file: labels.file,
    callSites,
    unknownNoParty,
    dataTypes,
    findings,
    trueFound: findings.filter((f) => f.verdict === 'true').length,
    falseFound: findings.filter((f) => f.verdict === 'false').length,
    falseHigh: findings.filter((f) => f.falseHigh).length,
    falseConfirmed: findings.filter((f) => f.falseConfirmed).length,
    wrongPartyFindings: findings.filter((f) => f.owner === 'wrong').length,
    missed: trueLabels.filter((l) => !matched.has(l.id)).map((l) => l.id),
    labelledTrue: trueLabels.length,
    wrongOwnerExamples,
  };
}
