// The targets of issues 2–5, judged from the measured rows (bench/run.ts). Wall-time ratios decide, as the
// issues ask; the CPU ratio is shown beside each, since other jobs may share the cores.
import { ratio, times, type Row, type Target } from './report.ts';

export interface InputMeta { name: string; apk: string; size: number; dexFiles: number; classes: number }

export interface ScanLine {
  file: string; size: number; analyzeMs: number; scanMs: number; overheadMs: number; maxOverheadMs: number;
  analyzeCpuMs?: number; scanCpuMs?: number; overheadCpuMs?: number; maxOverheadCpuMs?: number;
}

export const TOOL = {
  floor: 'unzip -p (inflate floor)',
  idle: 'node -e "" (idle runtime)',
  inflateOnly: 'node: largest dex inflated, nothing else',
  dexdump: 'dexdump -d (dex pre-extracted)',
  read: 'piscope read',
  analyze: 'piscope analyze',
  androguard: 'androguard AnalyzeAPK + xrefs',
} as const;

/** androguard's AnalyzeAPK-alone seconds, printed by bench/androguard-xref.py into the row's stdout. */
export function androguardAnalyzeMs(row: (Row & { stdout?: string }) | undefined): number | null {
  const line = row?.stdout?.trim().split('\n').at(-1);
  if (line === undefined) return null;
  const v = Number((JSON.parse(line) as { analyzeSec?: unknown }).analyzeSec);
  return Number.isFinite(v) ? v * 1000 : null;
}

export function computeTargets(inputs: readonly InputMeta[], rows: readonly (Row & { stdout?: string })[], scan: readonly ScanLine[] | null, policyOk: boolean | null): Target[] {
  const out: Target[] = [];
  const add = (issue: string, what: string, value: number | null, ok: (v: number) => boolean, figure: (v: number) => string, cpuValue?: number | null): void => {
    const t: Target = { issue, what, pass: value === null ? null : ok(value), figure: value === null ? '—' : figure(value) };
    if (cpuValue !== undefined) t.passCpu = cpuValue === null ? null : ok(cpuValue);
    out.push(t);
  };
  for (const input of inputs) {
    const get = (tool: string): Row | undefined => rows.find((r) => r.input === input.name && r.tool === tool && r.wallMs !== null);
    const [floor, dexdump, read, analyze, ag, idle, inflateOnly] = [
      get(TOOL.floor), get(TOOL.dexdump), get(TOOL.read), get(TOOL.analyze), get(TOOL.androguard), get(TOOL.idle), get(TOOL.inflateOnly),
    ];
    const r = read?.wallMs ?? null;
    const a = analyze?.wallMs ?? null;
    const cpu = (x: Row | undefined, y: Row | undefined): string => `; CPU ${times(ratio(x?.cpuMs, y?.cpuMs))}`;
    const n = input.name;
    add('2 read', `${n}: ≥ 20× faster than androguard AnalyzeAPK`, ratio(androguardAnalyzeMs(ag), r), (v) => v >= 20, (v) => `wall ${times(v)} (AnalyzeAPK alone; androguard's CPU time is for AnalyzeAPK + xrefs)${cpu(ag, read)}`, ratio(ag?.cpuMs, read?.cpuMs));
    add('2 read', `${n}: faster than dexdump -d`, ratio(dexdump?.wallMs, r), (v) => v > 1, (v) => `dexdump takes ${times(v)} piscope's wall time${cpu(dexdump, read)}`, ratio(dexdump?.cpuMs, read?.cpuMs));
    add('2 read', `${n}: within 3× of the inflate floor`, ratio(r, floor?.wallMs), (v) => v <= 3, (v) => `wall ${times(v)} the floor${cpu(read, floor)}`, ratio(read?.cpuMs, floor?.cpuMs));
    add('2 read', `${n}: peak RSS < 4× APK size`, ratio(read?.rssKb == null ? null : read.rssKb * 1024, input.size), (v) => v < 4,
      (v) => `${times(v)} (${((read?.rssKb ?? 0) / 1024).toFixed(0)} MB for a ${(input.size / 1048576).toFixed(1)} MB APK)` +
        (inflateOnly?.rssKb == null ? '' : `; a Node process that only inflates the largest dex takes ${(inflateOnly.rssKb / 1024).toFixed(0)} MB, ` +
          `${times(ratio(inflateOnly.rssKb * 1024, input.size))} the APK`));
    // The same target without the Node runtime's own resident set (an idle `node -e ""`, measured in this run).
    const above = read?.rssKb == null || idle?.rssKb == null ? null : (read.rssKb - idle.rssKb) * 1024;
    add('2 read', `${n}: peak RSS above the idle Node runtime < 4× APK size`, ratio(above, input.size), (v) => v < 4,
      (v) => `${times(v)} (${((above ?? 0) / 1048576).toFixed(0)} MB above an idle node of ${((idle?.rssKb ?? 0) / 1024).toFixed(0)} MB)`);
    add('3 analysis', `${n}: ≥ 20× faster than androguard AnalyzeAPK + xrefs`, ratio(ag?.wallMs, a), (v) => v >= 20, (v) => `wall ${times(v)}${cpu(ag, analyze)}`, ratio(ag?.cpuMs, analyze?.cpuMs));
    add('3 analysis', `${n}: analyze ≤ 2× read`, ratio(a, r), (v) => v <= 2, (v) => `wall ${times(v)} read${cpu(analyze, read)}`, ratio(analyze?.cpuMs, read?.cpuMs));
  }
  out.push({ issue: '4 policy', what: 'bench/policy-bench.ts ran (its own figures below)', pass: policyOk, figure: policyOk === null ? 'not there yet' : 'see the policy section' });
  const worst = scan === null || scan.length === 0 ? null : Math.max(...scan.map((l) => l.overheadMs));
  const worstCpu = scan === null || scan.length === 0 || scan.some((l) => l.overheadCpuMs === undefined) ? null : Math.max(...scan.map((l) => l.overheadCpuMs!));
  add('5 scan', 'scan() adds < 100 ms over analyze() (worst per-APK median over the corpus APKs)', worst, (v) => v < 100,
    (v) => `wall ${v.toFixed(0)} ms; CPU ${worstCpu === null ? '—' : worstCpu.toFixed(0)} ms`, worstCpu);
  return out;
}

export function scanTable(lines: readonly ScanLine[]): string {
  const ms = (v: number | undefined): string => (v === undefined ? '—' : `${v.toFixed(0)} ms`);
  return ['| APK | size | open+analyze wall / CPU (median) | scan wall / CPU (median) | scan − analyze, wall (median of pairs) | scan − analyze, CPU (median of pairs) | worst pair, wall / CPU |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...lines.map((l) => `| ${l.file} | ${(l.size / 1048576).toFixed(1)} MB | ${ms(l.analyzeMs)} / ${ms(l.analyzeCpuMs)} | ${ms(l.scanMs)} / ${ms(l.scanCpuMs)} | ` +
      `${ms(l.overheadMs)} | ${ms(l.overheadCpuMs)} | ${ms(l.maxOverheadMs)} / ${ms(l.maxOverheadCpuMs)} |`)].join('\n');
}
