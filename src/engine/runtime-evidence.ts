// How a scan's traces reach the Report: trace problems as diagnostics, the sessions as an extension, and
// static before-consent findings joined with the recorded events that confirm them.
import type { Finding, Report, ReportDataType } from '../report/types.ts';
import type { RuntimeFacts } from '../runtime/facts.ts';

const CONFIDENCE = { confirmed: 0, likely: 1, possible: 2 } as const;
const SEVERITY = { high: 0, medium: 1, low: 2, info: 3 } as const;

function ownerOf(f: Finding, kind: 'code' | 'trace'): string | null {
  for (const e of f.evidence) if (e.kind === kind && e.owner !== undefined) return e.owner.sdk ?? e.owner.kind;
  return null;
}

/**
 * A static collection-before-consent finding and an observed one of the same owner and data type are one
 * fact: the static finding takes the recorded events as evidence, `dynamic` as a method, and the stronger
 * confidence and severity; the runtime finding is dropped. Returns the findings kept.
 */
export function linkRuntimeFindings(findings: Finding[]): Finding[] {
  const dropped = new Set<Finding>();
  for (const s of findings) {
    if (s.ruleId !== 'collection-before-consent') continue;
    const dt = s.dataTypes?.[0];
    const owner = s.sdk ?? ownerOf(s, 'code');
    const r = findings.find((f) => f.ruleId === 'observed-before-consent' && !dropped.has(f) && f.dataTypes?.[0] === dt && (f.sdk ?? ownerOf(f, 'trace')) === owner);
    if (r === undefined) continue;
    dropped.add(r);
    s.evidence.push(...r.evidence.filter((e) => e.kind === 'trace'));
    if (!s.methods.includes('dynamic')) s.methods.push('dynamic');
    const before = s.confidence;
    if (CONFIDENCE[r.confidence] < CONFIDENCE[s.confidence]) s.confidence = r.confidence;
    if (SEVERITY[r.severity] < SEVERITY[s.severity]) s.severity = r.severity;
    for (const c of r.clauses) if (!s.clauses.includes(c)) s.clauses.push(c);
    s.message = {
      zh: `${s.message.zh} 运行记录${before !== s.confidence ? '证实' : '亦显示'}：${r.message.zh}`,
      en: `${s.message.en} ${before !== s.confidence ? 'A recorded run confirms it' : 'A recorded run shows it too'}: ${r.message.en}`,
    };
  }
  return findings.filter((f) => !dropped.has(f));
}

export function runtimeDiagnostics(rt: RuntimeFacts): NonNullable<Report['diagnostics']> {
  const out: NonNullable<Report['diagnostics']> = rt.problems.map((p) => ({ severity: 'warning', code: 'TRACE_LINE', message: `line ${p.line}: ${p.message}`, file: p.file }));
  if (rt.problemCount > rt.problems.length) out.push({ severity: 'warning', code: 'TRACE_LINE', message: `${rt.problemCount - rt.problems.length} more unreadable trace line(s)`, file: null });
  for (const s of rt.sessions) {
    if (!s.limits.consentMarkers) out.push({ severity: 'warning', code: 'TRACE_NO_CONSENT_MARKER', message: `session ${s.id} (${s.source}) marks no consent answer: before-consent findings from it are at most possible`, file: s.file });
  }
  return out;
}

/** The Report's `runtime` extension: what was read, per session. */
export function runtimeSummary(rt: RuntimeFacts): Record<string, unknown> {
  return {
    apiEvents: rt.apiEvents,
    unreadableLines: rt.problemCount,
    sessions: rt.sessions.map((s) => ({ id: s.id, file: s.file, source: s.source, package: s.package, limits: s.limits, consent: s.consent === null ? null : { answer: s.consent.answer, wall: s.consent.wall, at: `${s.consent.at.file}:${s.consent.at.line}` }, apiEvents: s.apiEvents, unmatched: s.unmatched })),
  };
}

/** Data types seen in a trace gain `trace` evidence; types only a trace shows are added. */
export function withTraceDataTypes(types: ReportDataType[], rt: RuntimeFacts): ReportDataType[] {
  const out = types.map((t) => ({ ...t, evidence: [...t.evidence], collectedBy: [...t.collectedBy] }));
  for (const [id, owners] of rt.observed) {
    let t = out.find((x) => x.id === id);
    if (t === undefined) {
      t = { id, collectedBy: [], evidence: [], declared: null };
      out.push(t);
    }
    if (!t.evidence.includes('trace')) t.evidence.push('trace');
    for (const o of owners) if (!t.collectedBy.includes(o)) t.collectedBy.push(o);
  }
  return out;
}
