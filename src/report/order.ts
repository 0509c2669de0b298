// How every human-facing format orders findings: grouped by their first clause, most severe group first.
import { SEVERITY_ORDER } from './labels.ts';
import type { Finding, Report, Severity } from './types.ts';

export interface ClauseGroup {
  clause: string;
  severity: Severity;
  findings: Finding[];
}

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.ruleId.localeCompare(b.ruleId),
  );
}

/** Active findings grouped by clause; suppressed ones are left out (see `suppressedFindings`). */
export function groupByClause(findings: readonly Finding[]): ClauseGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of sortFindings(findings.filter((x) => x.suppressed === undefined))) {
    const clause = f.clauses[0] ?? 'other';
    const list = groups.get(clause);
    if (list === undefined) groups.set(clause, [f]);
    else list.push(f);
  }
  return [...groups.entries()]
    .map(([clause, fs]) => ({ clause, severity: fs[0]!.severity, findings: fs }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.clause.localeCompare(b.clause, 'en', { numeric: true }));
}

export function suppressedFindings(report: Report): Finding[] {
  return sortFindings(report.findings.filter((f) => f.suppressed !== undefined));
}

export type SeverityCounts = Record<Severity, number>;

/** Counts of active (not suppressed) findings by severity. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const c: SeverityCounts = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) if (f.suppressed === undefined) c[f.severity]++;
  return c;
}

/** Who collects a data type, as a person reads it: "App自身 / the app" or the SDK's name. */
export function sdkName(report: Report, id: string): string {
  const s = report.sdks.find((x) => x.id === id);
  if (s === undefined) return id;
  return s.nameZh !== undefined && s.nameZh !== s.name ? `${s.nameZh} (${s.name})` : s.name;
}

/** The app's name as shown: the label, plus the Chinese label (engine extension `app.labelZh`) when it differs. */
export function appName(report: Report): string | null {
  const { label, labelZh } = report.app;
  if (typeof labelZh === 'string' && labelZh !== '' && labelZh !== label) return label === null ? labelZh : `${labelZh} (${label})`;
  return label;
}

/** Why the category was inferred (engine extension `app.categoryReasons`), when given. */
export function categoryReasons(report: Report): string[] {
  const r = report.app.categoryReasons;
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}
