// How every human-facing format orders findings: grouped by their first clause, most severe group first.
import { OWNER_APP, SEVERITY_ORDER } from './labels.ts';
import type { DataTypeCollector, Finding, LocalizedText, Owner, Report, ReportDataType, Severity } from './types.ts';

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

/**
 * Who owns code, as a person reads it. Only the app's own code is "App自身 / the app"; code of no identified
 * SDK is "未识别的第三方代码 <prefix>", AndroidX and its kind "平台库 <prefix>".
 */
export function ownerLabel(report: Report, o: Partial<Owner>): LocalizedText {
  const party = o.party ?? (o.kind === 'app' ? 'app' : o.kind === 'sdk' ? 'sdk' : undefined);
  if (party === 'app') return OWNER_APP;
  if (party === 'sdk') {
    const n = o.sdk === undefined ? 'SDK' : sdkName(report, o.sdk);
    return { zh: n, en: n };
  }
  if (party === 'platform') return { zh: `平台库 ${o.prefix ?? ''}`.trim(), en: `platform library ${o.prefix ?? ''}`.trim() };
  if (party === 'third-party' && o.prefix !== undefined && o.prefix !== '') return { zh: `未识别的第三方代码 ${o.prefix}`, en: `unidentified third-party code ${o.prefix}` };
  if (party === 'third-party') return { zh: '未识别的代码（包名已混淆）', en: 'unidentified code (obfuscated package names)' };
  return { zh: '未识别的代码', en: 'unidentified code' };
}

/** The owner in one bilingual string for a terminal: "App自身 the app", "平台库 platform library androidx.core". */
export function ownerText(report: Report, o: Partial<Owner>): string {
  const party = o.party ?? (o.kind === 'app' ? 'app' : o.kind === 'sdk' ? 'sdk' : undefined);
  const n = ownerLabel(report, o);
  if (party === 'sdk') return n.zh;
  if (party === 'app') return `${n.zh} ${n.en}`;
  if (o.prefix !== undefined && o.prefix !== '' && (party === 'platform' || party === 'third-party')) {
    return `${n.zh.slice(0, -o.prefix.length).trim()} ${n.en.slice(0, -o.prefix.length).trim()} ${o.prefix}`;
  }
  return `${n.zh} ${n.en}`;
}

/** The parties reading a data type: `collectors` when the report has them, else read from `collectedBy`. */
export function collectorsOf(d: ReportDataType): DataTypeCollector[] {
  if (d.collectors !== undefined) return d.collectors;
  // An older report: collectedBy listed "app" even for a permission alone, so only api evidence counts.
  if (!d.evidence.includes('api')) return [];
  return d.collectedBy.map((c) => (c === 'app' ? { party: 'app', reachable: null } : { party: 'sdk', sdk: c, reachable: null }));
}

export type DataTypeBasis = NonNullable<ReportDataType['basis']>;

/** What backs a data type (see ReportDataType.basis), derived for reports that lack the field. */
export function basisOf(d: ReportDataType): DataTypeBasis {
  if (d.basis !== undefined) return d.basis;
  return collectorsOf(d).length > 0 ? 'code' : 'permission';
}

export const BASIS_NAME: Record<DataTypeBasis, LocalizedText> = {
  reachable: { zh: '可达代码收集', en: 'collected by reachable code' },
  code: { zh: '代码中收集', en: 'collected in code' },
  unreachable: { zh: '仅不可达代码', en: 'only in unreachable code' },
  permission: { zh: '仅申请权限', en: 'permission requested only' },
};
