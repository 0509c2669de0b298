// The default format, for a person at a terminal: header, SDKs, data types, then findings grouped by clause,
// most severe first, each with compact evidence. Chinese first, English after.
import { EVENTS_SHOWN, shownEvents, traceSourceLine } from './trace-evidence.ts';
import { CONFIDENCE_NAME, SEVERITY_NAME, categoryName, clauseTitle, dataTypeName } from './labels.ts';
import { BASIS_NAME, appName, basisOf, categoryReasons, collectorsOf, countBySeverity, groupByClause, ownerText, sdkName, suppressedFindings, type DataTypeBasis } from './order.ts';
import { columnWidth, displayWidth, padEnd, paint, safeLine, wrapLine, type Paint } from './terminal.ts';
import type { Evidence, Finding, Report, Severity } from './types.ts';
import type { ReportOptions } from './reporter.ts';

export function textReporter(report: Report, opts: ReportOptions = {}): string {
  const p = paint(opts.color === true);
  const out: string[] = [];
  header(report, p, out);
  sdks(report, p, out);
  dataTypes(report, p, out);
  policy(report, p, out);
  findings(report, p, out);
  diagnostics(report, p, out);
  return out.flatMap(fit).join('\n') + '\n';
}

/** Lines fit a terminal of this many columns; only a single unbreakable token (a smali method) is longer. */
export const TEXT_WIDTH = 100;

// eslint-disable-next-line no-control-regex -- colour codes are what is skipped
const ANSI = /\u001b\[\d+m/g;

/** A long line broken to TEXT_WIDTH: header fields continue under their value, others under their text. */
function fit(line: string): string[] {
  const plain = line.replace(ANSI, '');
  // A step of a call path is one method: it may overflow, but never leaves its arrow alone on a line.
  if (displayWidth(plain) <= TEXT_WIDTH || /^ *│ +→ \S+$/.test(plain)) return [line];
  const field = /^\S+ [A-Za-z]+ +/.exec(plain);
  const marker = /^( *)(│ )?/.exec(plain)!;
  const indent = field !== null && displayWidth(field[0]) === 18 ? ' '.repeat(18) : `${marker[0]}  `;
  return wrapLine(line, TEXT_WIDTH, indent);
}

function sev(p: Paint, s: Severity, text: string): string {
  if (s === 'high') return p.bold(p.red(text));
  if (s === 'medium') return p.yellow(text);
  if (s === 'low') return p.cyan(text);
  return p.dim(text);
}

function orDash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '—' : safeLine(String(v));
}

function header(r: Report, p: Paint, out: string[]): void {
  const a = r.app;
  out.push(p.bold(`piscope ${r.tool.version} · 个人信息合规检测报告 / personal-information compliance report`));
  out.push(`应用 App          ${orDash(appName(r))}`);
  out.push(`包名 Package      ${orDash(a.packageName)}`);
  out.push(`版本 Version      ${orDash(a.versionName)} (${orDash(a.versionCode)})  minSdk ${orDash(a.minSdk)} · targetSdk ${orDash(a.targetSdk)}`);
  out.push(`类型 Kind         ${r.input.kind.toUpperCase()}  ${safeLine(r.input.path)}  ${r.input.size} bytes  sha256 ${r.input.sha256.slice(0, 16)}…`);
  const c = a.category;
  if (c === null || c.code === null) {
    out.push(`类别 Category     未确定 / undetermined`);
  } else {
    const n = categoryName(c.code);
    const how = c.source === 'given' ? '指定 given' : '推断 inferred';
    const conf = c.confidence === null || c.confidence === undefined ? '' : `, ${Math.round(c.confidence * 100)}%`;
    out.push(`类别 Category     ${n.zh} / ${n.en} [${safeLine(c.code)}] (${how}${conf})`);
    const why = categoryReasons(r).filter((x) => x !== 'given');
    if (c.source === 'inferred' && why.length > 0) out.push(p.dim(`                  依据 because: ${safeLine(why.slice(0, 3).join('; '))}`));
  }
  const n = countBySeverity(r.findings);
  const sup = r.findings.length - (n.high + n.medium + n.low + n.info);
  out.push(
    `结果 Findings      ${sev(p, 'high', `${n.high} 高 high`)} · ${sev(p, 'medium', `${n.medium} 中 medium`)} · ${sev(p, 'low', `${n.low} 低 low`)} · ${sev(p, 'info', `${n.info} 提示 info`)}` +
      (sup > 0 ? p.dim(`  (+${sup} 已豁免 suppressed)`) : ''),
  );
  const dangerous = r.permissions.filter((x) => x.dangerous).map((x) => x.name.replace(/^android\.permission\./, ''));
  out.push(`权限 Permissions  ${r.permissions.length}${dangerous.length === 0 ? '' : ` (${dangerous.length} 危险 dangerous: ${safeLine(dangerous.slice(0, 6).join(', '))}${dangerous.length > 6 ? ', …' : ''})`}`);
  out.push(p.dim(`统计 Stats        ${r.stats.dexFiles ?? '—'} dex · ${r.stats.classes ?? '—'} classes · ${r.stats.methods ?? '—'} methods · ${Math.round(r.stats.durationMs)} ms`));
}

function sdks(r: Report, p: Paint, out: string[]): void {
  out.push('', p.bold(`第三方SDK / Third-party SDKs (${r.sdks.length})`));
  if (r.sdks.length === 0) out.push('  未发现 / none found');
  const names = r.sdks.map((s) => safeLine(sdkName(r, s.id)));
  const vendors = r.sdks.map((s) => safeLine(s.vendor ?? '—'));
  const [nameW, vendorW] = [columnWidth(names, 20, 40), columnWidth(vendors, 16, 36)];
  r.sdks.forEach((s, i) => {
    const conf = s.confidence === null ? '' : ` ${Math.round(s.confidence * 100)}%`;
    out.push(`  ${padEnd(names[i]!, nameW)} ${padEnd(vendors[i]!, vendorW)} ${p.dim(`${s.category ?? ''} matched by ${s.matchedBy}${conf}  ${safeLine(s.packages.slice(0, 3).join(', '))}`)}`);
  });
}

function declaredWord(p: Paint, d: boolean | null): string {
  if (d === true) return p.green('已声明 declared');
  if (d === false) return p.red('未声明 not declared');
  return p.dim('未知 unknown');
}

/** Short basis words for the table (BASIS_NAME has the long ones). */
const BASIS_SHORT: Record<DataTypeBasis, string> = {
  reachable: '可达代码收集 reachable code',
  code: '代码中收集 in code',
  unreachable: '仅不可达代码 dead code only',
  permission: '仅申请权限 permission only',
};

function dataTypes(r: Report, p: Paint, out: string[]): void {
  const counts = new Map<DataTypeBasis, number>();
  for (const d of r.dataTypes) counts.set(basisOf(d), (counts.get(basisOf(d)) ?? 0) + 1);
  const summary = (['reachable', 'code', 'unreachable', 'permission'] as const)
    .filter((b) => (counts.get(b) ?? 0) > 0)
    .map((b) => `${counts.get(b) ?? 0} ${BASIS_NAME[b].zh} ${BASIS_NAME[b].en}`);
  out.push('', p.bold(`个人信息 / Personal information (${r.dataTypes.length}${summary.length > 0 ? `: ${summary.join(' · ')}` : ''})`));
  if (r.dataTypes.length === 0) out.push('  未发现 / none found');
  const labels = r.dataTypes.map((d) => {
    const n = dataTypeName(d.id);
    return `${n.zh} / ${n.en}`;
  });
  const basis = r.dataTypes.map((d) => BASIS_SHORT[basisOf(d)]);
  const [labelW, basisW] = [columnWidth(labels, 24, 34), columnWidth(basis, 10, 28)];
  r.dataTypes.forEach((d, i) => {
    const b = basisOf(d);
    const word = b === 'reachable' ? basis[i]! : p.dim(basis[i]!);
    out.push(`  ${padEnd(labels[i]!, labelW)} ${word}${' '.repeat(Math.max(0, basisW - displayWidth(basis[i]!)))} 政策 policy: ${declaredWord(p, d.declared)}`);
    // Who reads it: only the app's own code is "App自身"; dead code is marked, a permission alone names no one.
    const who = collectorsOf(d).map((c) => (c.reachable === false ? `${ownerText(r, c)}（不可达 unreachable）` : ownerText(r, c)));
    if (who.length > 0) out.push(p.dim(`      ${safeLine(`由 by: ${who.join('; ')}`)}`));
  });
}

function yesNo(p: Paint, v: boolean | null | undefined): string {
  if (v === true) return p.green('有 yes');
  if (v === false) return p.red('无 no');
  return p.dim('不确定 unclear');
}

function policy(r: Report, p: Paint, out: string[]): void {
  const pol = r.policy;
  out.push('', p.bold('隐私政策 / Privacy policy'));
  if (!pol.found) {
    out.push(`  ${p.red('未找到 / not found')}`);
    return;
  }
  out.push(`  来源 source: ${orDash(pol.source)}`);
  out.push(`  联系方式 contact ${yesNo(p, pol.hasContact)} · 投诉渠道 complaints ${yesNo(p, pol.hasComplaintChannel)} · 注销账号 account deletion ${yesNo(p, pol.hasAccountDeletion)} · 关闭个性化 opt-out ${yesNo(p, pol.hasPersonalizationOptOut)} · 未成年人 minors ${yesNo(p, pol.hasMinorsClause)}`);
}

function findings(r: Report, p: Paint, out: string[]): void {
  const groups = groupByClause(r.findings);
  out.push('', p.bold(`问题 / Findings (${groups.reduce((n, g) => n + g.findings.length, 0)})`));
  if (groups.length === 0) out.push('  未发现问题 / no findings');
  for (const g of groups) {
    const t = clauseTitle(g.clause);
    out.push('', sev(p, g.severity, `■ ${g.clause}`) + ` ${p.bold(safeLine(t.zh))}`, `  ${p.dim(safeLine(t.en))}`);
    for (const f of g.findings) finding(r, f, p, out);
  }
  const sup = suppressedFindings(r);
  if (sup.length > 0) {
    out.push('', p.dim(`已豁免 / Suppressed (${sup.length})`));
    for (const f of sup) out.push(p.dim(`  - [${f.ruleId}] ${safeLine(f.title.zh)} / ${safeLine(f.title.en)} — ${safeLine(f.suppressed?.justification ?? '')} (${safeLine(f.suppressed?.file ?? '')})`));
  }
}

function finding(r: Report, f: Finding, p: Paint, out: string[]): void {
  const badge = sev(p, f.severity, `[${SEVERITY_NAME[f.severity].zh} ${f.severity.toUpperCase()}]`);
  out.push(`  ${badge} ${p.bold(safeLine(f.title.zh))} / ${safeLine(f.title.en)}`);
  const extra = [f.ruleId, `${CONFIDENCE_NAME[f.confidence]?.zh ?? ''} ${f.confidence}`, f.methods.join('+')];
  if (f.clauses.length > 1) extra.push(f.clauses.join(' '));
  if (f.sdk !== undefined) extra.push(`SDK ${sdkName(r, f.sdk)}`);
  if (f.dataTypes !== undefined && f.dataTypes.length > 0) extra.push(f.dataTypes.map((d) => dataTypeName(d).zh).join('、'));
  out.push(`      ${p.dim(safeLine(extra.join(' · ')))}`);
  out.push(`      ${safeLine(f.message.zh)}`);
  if (f.message.en !== '') out.push(`      ${p.dim(safeLine(f.message.en))}`);
  // Compact: a few call sites are enough to check a finding; the JSON and HTML formats carry them all.
  let codeShown = 0;
  const codeTotal = f.evidence.filter((e) => e.kind === 'code').length;
  for (const e of f.evidence) {
    if (e.kind === 'code' && ++codeShown > MAX_CODE_EVIDENCE) continue;
    for (const line of evidenceLines(e)) out.push(`      ${p.cyan('│')} ${line}`);
  }
  if (codeTotal > MAX_CODE_EVIDENCE) out.push(`      ${p.cyan('│')} ${p.dim(`… 另有 ${codeTotal - MAX_CODE_EVIDENCE} 处调用 / ${codeTotal - MAX_CODE_EVIDENCE} more call sites (--format html or json)`)}`);
  if (f.runtimeCheck !== undefined) out.push(`      ${p.magenta('运行时验证 runtime check:')} ${safeLine(f.runtimeCheck.zh)}`);
}

const MAX_PATH = 6;
const MAX_CODE_EVIDENCE = 3;
const MAX_SEARCHED = 4;

export function evidenceLines(e: Evidence): string[] {
  switch (e.kind) {
    case 'manifest': {
      const at = e.line === null || e.line === undefined ? '' : `:${e.line}`;
      const attr = e.attribute === undefined ? '' : ` ${e.attribute}=${e.value ?? ''}`;
      return [`AndroidManifest.xml${at}  ${safeLine(e.element)}${safeLine(attr)}`];
    }
    case 'code': {
      const lines: string[] = [];
      const path = e.path ?? [];
      if (path.length > 1) {
        const shown = path.length > MAX_PATH ? [...path.slice(0, 2), `… ${path.length - MAX_PATH + 1} more …`, ...path.slice(-(MAX_PATH - 3))] : path;
        lines.push(`调用路径 call path: ${safeLine(shown[0]!)}`);
        for (const m of shown.slice(1)) lines.push(`    → ${safeLine(m)}`);
      } else {
        lines.push(`调用者 caller: ${safeLine(e.caller)}`);
      }
      if (e.callee !== undefined) lines.push(`    ⇒ ${safeLine(e.callee)}${e.container === undefined ? '' : `  (${safeLine(e.container)})`}`);
      if (e.note !== undefined) lines.push(safeLine(e.note));
      return lines;
    }
    case 'policy': {
      const src = e.source === undefined || e.source === null ? '' : ` [${safeLine(e.source)}]`;
      if (e.excerpt !== undefined) {
        const sec = e.section === undefined || e.section === null ? '' : ` (${safeLine(e.section)})`;
        return [`隐私政策 policy: 「${safeLine(e.excerpt)}」${sec}${src}`];
      }
      const all = e.searched ?? [];
      const more = all.length > MAX_SEARCHED ? ` … +${all.length - MAX_SEARCHED}` : '';
      const searched = all.length === 0 ? '全文 whole text' : all.slice(0, MAX_SEARCHED).map((x) => safeLine(x.length > 120 ? `${x.slice(0, 120)}…` : x)).join('; ') + more;
      return [`隐私政策中未找到 not found in policy; 检索 searched: ${searched}${src}`];
    }
    case 'trace': {
      const lines: string[] = [];
      for (const ev of shownEvents(e)) {
        lines.push(`运行记录 trace ${safeLine(ev.head)}${ev.where === '' ? '' : `  [${safeLine(ev.where)}]`}`);
        for (const f of ev.frames) lines.push(`  ${f.blamed ? '▶' : ' '} at ${safeLine(f.text)}${f.blamed ? '  ← 调用方 caller' : ''}`);
        if (ev.more > 0) lines.push(`    … ${ev.more} more`);
      }
      if (e.events.length > EVENTS_SHOWN) lines.push(`… ${e.events.length - EVENTS_SHOWN} more event(s)`);
      const src = traceSourceLine(e);
      if (src !== '') lines.push(`(${safeLine(src)})`);
      if (e.note !== undefined) lines.push(safeLine(e.note));
      return lines;
    }
    case 'network': {
      const lines = [`network ${e.method === undefined ? '' : `${safeLine(e.method)} `}${safeLine(e.url)}${e.matched === undefined ? '' : `  matched ${safeLine(e.matched)}`}`];
      const where = [e.recipient === undefined ? '' : `→ ${e.recipient}`, e.at ?? '', e.ts == null ? '' : new Date(e.ts).toISOString(), e.consent ?? ''].filter((x) => x !== '');
      if (where.length > 0) lines.push(`  ${safeLine(where.join(' · '))}`);
      if (e.note !== undefined) lines.push(`  ${safeLine(e.note)}`);
      return lines;
    }
    case 'file':
      return [`file ${safeLine(e.path)}${e.detail === undefined ? '' : `: ${safeLine(e.detail)}`}`];
  }
}

function diagnostics(r: Report, p: Paint, out: string[]): void {
  const d = r.diagnostics ?? [];
  if (d.length === 0) return;
  out.push('', p.bold(`读取问题 / Diagnostics (${d.length})`));
  for (const x of d) out.push(`  ${x.severity === 'error' ? p.red(x.severity) : p.yellow(x.severity)} ${x.code} ${safeLine(x.file ?? '')} ${safeLine(x.message)}`);
}
