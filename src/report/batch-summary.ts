// The summary of a batch scan: one row per input (file, package, findings by severity, error if any).
import { countBySeverity, type SeverityCounts } from './order.ts';
import { columnWidth, padEnd, safeLine } from './terminal.ts';
import type { Report } from './types.ts';

export interface BatchRow {
  file: string;
  packageName: string | null;
  counts: SeverityCounts | null;
  /** The one-line reason an input could not be scanned. */
  error: string | null;
  /** Where its own report was written, when --out names a folder. */
  report?: string;
}

export function batchRow(file: string, report: Report | null, error: string | null): BatchRow {
  return { file, packageName: report?.app.packageName ?? null, counts: report === null ? null : countBySeverity(report.findings), error };
}

export function batchSummaryText(rows: readonly BatchRow[]): string {
  const fileW = columnWidth(rows.map((r) => safeLine(r.file)), 4, 60);
  const pkgW = columnWidth(rows.map((r) => safeLine(r.packageName ?? '—')), 7, 40);
  const head = `${padEnd('file', fileW)}  ${padEnd('package', pkgW)}  high  medium  low  info  error`;
  const lines = [head, '-'.repeat(head.length + 10)];
  for (const r of rows) {
    const c = r.counts;
    const n = (v: number | undefined, w: number): string => String(v ?? '—').padStart(w);
    lines.push(`${padEnd(safeLine(r.file), fileW)}  ${padEnd(safeLine(r.packageName ?? '—'), pkgW)}  ${n(c?.high, 4)}  ${n(c?.medium, 6)}  ${n(c?.low, 3)}  ${n(c?.info, 4)}  ${r.error === null ? '' : safeLine(r.error)}`);
  }
  const ok = rows.filter((r) => r.error === null).length;
  lines.push('', `${rows.length} input(s): ${ok} scanned, ${rows.length - ok} failed`);
  return lines.join('\n') + '\n';
}

export function batchSummaryJson(rows: readonly BatchRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
