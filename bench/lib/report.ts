// Formats the benchmark results: a plain table for the terminal and bench/RESULTS.md (quoted in the README).

export interface Row {
  input: string;
  tool: string;
  runs: number;
  wallMs: number | null;
  cpuMs: number | null;
  rssKb: number | null;
  note: string;
}

export interface Target {
  issue: string;
  what: string;
  /** Judged on wall time; null when it could not be measured. */
  pass: boolean | null;
  /** The same judged on CPU time (user + sys), when that applies. */
  passCpu?: boolean | null;
  figure: string;
}

const sec = (ms: number | null): string => (ms === null ? '—' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) + ' s');
const mb = (kb: number | null): string => (kb === null ? '—' : (kb / 1024).toFixed(0) + ' MB');

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null || b === 0 ? null : a / b;
}

export const times = (r: number | null): string => (r === null ? '—' : r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);

/** Rows of one input, with each tool's time as a multiple of `base` (piscope's). */
export function markdownTable(rows: readonly Row[], base: (input: string) => Row | undefined): string {
  const lines = [
    '| input | tool | runs | wall (median) | CPU user+sys | peak RSS | wall ÷ piscope read | CPU ÷ piscope read | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const b = base(r.input);
    lines.push(`| ${r.input} | ${r.tool} | ${r.runs} | ${sec(r.wallMs)} | ${sec(r.cpuMs)} | ${mb(r.rssKb)} | ` +
      `${times(ratio(r.wallMs, b?.wallMs))} | ${times(ratio(r.cpuMs, b?.cpuMs))} | ${r.note} |`);
  }
  return lines.join('\n');
}

export function targetsTable(targets: readonly Target[]): string {
  const verdict = (p: boolean | null | undefined): string => (p === undefined ? '' : p === null ? 'not measured' : p ? 'PASS' : '**FAIL**');
  const lines = ['| issue | target | by wall time | by CPU time | measured |', '|---|---|---|---|---|'];
  for (const t of targets) lines.push(`| ${t.issue} | ${t.what} | ${verdict(t.pass)} | ${verdict(t.passCpu)} | ${t.figure} |`);
  return lines.join('\n');
}

/** A fixed-width rendering of a markdown table for the terminal. */
export function plain(md: string): string {
  const rows = md.split('\n').filter((l) => !/^\|[-:|]+\|$/.test(l)).map((l) => l.slice(1, -1).split('|').map((c) => c.trim().replaceAll('**', '')));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}
