// One self-contained HTML file (inline CSS, no script, no external fetch), in Chinese and English with a
// CSS language switch. Every app-derived string is escaped (html-escape.ts).
import { bi, esc } from './html-escape.ts';
import { htmlPage } from './html-style.ts';
import { CONFIDENCE_NAME, SEVERITY_NAME, categoryName, clauseSource, clauseTitle, dataTypeName, isSensitiveDataType } from './labels.ts';
import { BASIS_NAME, appName, basisOf, collectorsOf, ownerLabel, categoryReasons, countBySeverity, groupByClause, sdkName, suppressedFindings } from './order.ts';
import { evidenceHtml } from './html-evidence.ts';
import type { Finding, Report } from './types.ts';

export function htmlReporter(report: Report): string {
  const a = report.app;
  const title = `${appName(report) ?? a.packageName ?? report.input.path} · piscope`;
  return htmlPage(title, `${summary(report)}
${findingsSection(report)}
${sdkSection(report)}
${dataTypeSection(report)}
${permissionSection(report)}
${diagnosticsSection(report)}
<footer>piscope ${esc(report.tool.version)} · schemaVersion ${esc(report.schemaVersion)} · ${esc(report.input.sha256)}</footer>`);
}

function dash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '—' : esc(v);
}

function yesNo(v: boolean | null | undefined): string {
  if (v === true) return `<span class="yes">${bi('有', 'yes')}</span>`;
  if (v === false) return `<span class="no">${bi('无', 'no')}</span>`;
  return `<span class="unk">${bi('不确定', 'unclear')}</span>`;
}

function summary(r: Report): string {
  const a = r.app;
  const c = a.category;
  let category = bi('未确定', 'undetermined');
  if (c !== null && c.code !== null) {
    const n = categoryName(c.code);
    const conf = c.confidence === null || c.confidence === undefined ? '' : ` ${Math.round(c.confidence * 100)}%`;
    const why = c.source === 'inferred' ? categoryReasons(r) : [];
    category = `${bi(n.zh, n.en)} <code>${esc(c.code)}</code> (${c.source === 'given' ? bi('指定', 'given') : bi('推断', 'inferred')}${esc(conf)})${why.length === 0 ? '' : `<div class="sub">${bi('依据', 'because')}: ${why.map(esc).join('; ')}</div>`}`;
  }
  const n = countBySeverity(r.findings);
  const sup = r.findings.filter((f) => f.suppressed !== undefined).length;
  const card = (s: 'high' | 'medium' | 'low' | 'info'): string =>
    `<div class="card sev-${s}"><b>${n[s]}</b>${bi(SEVERITY_NAME[s].zh, SEVERITY_NAME[s].en)}</div>`;
  const pol = r.policy;
  const policyRows = pol.found
    ? `<dt>${bi('隐私政策', 'Privacy policy')}</dt><dd>${dash(pol.source)}</dd>
<dt>${bi('联系方式', 'Contact')}</dt><dd>${yesNo(pol.hasContact)}</dd>
<dt>${bi('投诉举报渠道', 'Complaint channel')}</dt><dd>${yesNo(pol.hasComplaintChannel)}</dd>
<dt>${bi('注销账号', 'Account deletion')}</dt><dd>${yesNo(pol.hasAccountDeletion)}</dd>
<dt>${bi('关闭个性化推荐', 'Personalisation opt-out')}</dt><dd>${yesNo(pol.hasPersonalizationOptOut)}</dd>
<dt>${bi('未成年人条款', 'Minors clause')}</dt><dd>${yesNo(pol.hasMinorsClause)}</dd>`
    : `<dt>${bi('隐私政策', 'Privacy policy')}</dt><dd class="no">${bi('未找到', 'not found')}</dd>`;
  return `<h1>${bi('个人信息合规检测报告', 'Personal-information compliance report')}</h1>
<h2>${bi('概要', 'Summary')}</h2>
<dl class="meta">
<dt>${bi('应用', 'App')}</dt><dd><b>${dash(appName(r))}</b></dd>
<dt>${bi('包名', 'Package')}</dt><dd><code>${dash(a.packageName)}</code></dd>
<dt>${bi('版本', 'Version')}</dt><dd>${dash(a.versionName)} (${dash(a.versionCode)}) · minSdk ${dash(a.minSdk)} · targetSdk ${dash(a.targetSdk)}</dd>
<dt>${bi('类型', 'Kind')}</dt><dd>${esc(r.input.kind.toUpperCase())} · <code>${esc(r.input.path)}</code> · ${esc(r.input.size)} bytes</dd>
<dt>SHA-256</dt><dd><code>${esc(r.input.sha256)}</code></dd>
<dt>${bi('应用类别', 'Category')}</dt><dd>${category}</dd>
${policyRows}
<dt>${bi('统计', 'Stats')}</dt><dd>${dash(r.stats.dexFiles)} dex · ${dash(r.stats.classes)} classes · ${dash(r.stats.methods)} methods · ${esc(Math.round(r.stats.durationMs))} ms</dd>
</dl>
<div class="cards">${card('high')}${card('medium')}${card('low')}${card('info')}${sup > 0 ? `<div class="card sev-info"><b>${sup}</b>${bi('已豁免', 'suppressed')}</div>` : ''}</div>`;
}

function findingsSection(r: Report): string {
  const groups = groupByClause(r.findings);
  const parts = [`<h2>${bi('问题', 'Findings')}</h2>`];
  if (groups.length === 0) parts.push(`<p>${bi('未发现问题。', 'No findings.')}</p>`);
  for (const g of groups) {
    const t = clauseTitle(g.clause);
    const src = clauseSource(g.clause);
    parts.push(`<section class="clause ${esc(g.severity)}"><h3><span class="badge ${esc(g.severity)}">${esc(g.clause)}</span>${bi(t.zh, t.en)}</h3>${src === null ? '' : `<div class="src">${esc(src)}</div>`}`);
    for (const f of g.findings) parts.push(findingHtml(r, f));
    parts.push('</section>');
  }
  const sup = suppressedFindings(r);
  if (sup.length > 0) {
    parts.push(`<h3>${bi('已豁免', 'Suppressed')} (${sup.length})</h3>`);
    for (const f of sup) parts.push(findingHtml(r, f));
  }
  return parts.join('\n');
}

function findingHtml(r: Report, f: Finding): string {
  const meta = [
    `<code>${esc(f.ruleId)}</code>`,
    f.clauses.map(esc).join(' '),
    bi(CONFIDENCE_NAME[f.confidence]?.zh ?? f.confidence, f.confidence),
    esc(f.methods.join(' + ')),
  ];
  if (f.sdk !== undefined) meta.push(`SDK: ${esc(sdkName(r, f.sdk))}`);
  if (f.dataTypes !== undefined && f.dataTypes.length > 0) meta.push(f.dataTypes.map((d) => bi(dataTypeName(d).zh, dataTypeName(d).en)).join('、'));
  const suppressed = f.suppressed === undefined ? '' : `<div class="ev">${bi('豁免理由', 'Justification')}: ${esc(f.suppressed.justification)} (<code>${esc(f.suppressed.file)}</code>)</div>`;
  const runtime = f.runtimeCheck === undefined ? '' : `<div class="ev"><b>${bi('运行时验证', 'Runtime check')}</b>: ${bi(f.runtimeCheck.zh, f.runtimeCheck.en)}</div>`;
  return `<div class="finding${f.suppressed === undefined ? '' : ' suppressed'}">
<div><span class="badge ${esc(f.severity)}">${bi(SEVERITY_NAME[f.severity].zh, SEVERITY_NAME[f.severity].en)}</span><b>${bi(f.title.zh, f.title.en)}</b></div>
<div class="sub">${meta.join(' · ')}</div>
<p class="zh" lang="zh-CN">${esc(f.message.zh)}</p><p class="en" lang="en">${esc(f.message.en)}</p>
${f.evidence.map((e) => evidenceHtml(r, e)).join('\n')}${runtime}${suppressed}
</div>`;
}

function sdkSection(r: Report): string {
  const rows = r.sdks.map((s) => `<tr><td>${esc(sdkName(r, s.id))}<br><code>${esc(s.id)}</code></td><td>${dash(s.vendor)}</td><td>${dash(s.category)}</td><td>${esc(s.matchedBy)}${s.confidence === null ? '' : ` ${Math.round(s.confidence * 100)}%`}</td><td><code>${s.packages.map(esc).join('<br>')}</code></td><td>${declaredSdk(r, s.id, s.name, s.nameZh)}</td></tr>`);
  return `<h2>${bi('第三方SDK', 'Third-party SDKs')} (${r.sdks.length})</h2>
${rows.length === 0 ? `<p>${bi('未发现。', 'None found.')}</p>` : `<table><thead><tr><th>${bi('名称', 'Name')}</th><th>${bi('开发者', 'Vendor')}</th><th>${bi('类别', 'Category')}</th><th>${bi('识别方式', 'Matched by')}</th><th>${bi('包名', 'Packages')}</th><th>${bi('政策是否披露', 'In policy')}</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`}`;
}

/** Whether the policy names this SDK: by catalogue id in the disclosures, else by name in declaredSdks. */
function declaredSdk(r: Report, id: string, name: string, nameZh: string | undefined): string {
  if (!r.policy.found) return yesNo(null);
  const disclosures = r.policy.sdkDisclosures;
  if (Array.isArray(disclosures) && disclosures.some((d) => typeof d === 'object' && d !== null && (d as { sdkId?: unknown }).sdkId === id)) return yesNo(true);
  const names = r.policy.declaredSdks.map((s) => s.toLowerCase());
  const hit = names.some((n) => n === id || n.includes(name.toLowerCase()) || (nameZh !== undefined && n.includes(nameZh.toLowerCase())));
  return hit ? yesNo(true) : yesNo(false);
}

function dataTypeSection(r: Report): string {
  const rows = r.dataTypes.map((d) => {
    const n = dataTypeName(d.id);
    // Only the app's own code is "App自身"; dead code is marked; a permission alone names no collector.
    const who = collectorsOf(d).map((c) => {
      const n = ownerLabel(r, c);
      return `${c.party === 'sdk' ? esc(n.zh) : bi(n.zh, n.en)}${c.reachable === false ? ` <span class="unk">${bi('（不可达）', '(unreachable)')}</span>` : ''}`;
    }).join('<br>');
    const basis = BASIS_NAME[basisOf(d)];
    const basisCell = `${basisOf(d) === 'reachable' ? bi(basis.zh, basis.en) : `<span class="unk">${bi(basis.zh, basis.en)}</span>`}<div class="sub">${esc(d.evidence.join(', '))}</div>`;
    const declared = d.declared === true ? `<span class="yes">${bi('已声明', 'declared')}</span>` : d.declared === false ? `<span class="no">${bi('未声明', 'not declared')}</span>` : `<span class="unk">${bi('未知', 'unknown')}</span>`;
    return `<tr><td>${bi(n.zh, n.en)}${isSensitiveDataType(d.id) ? ` <span class="badge high">${bi('敏感', 'sensitive')}</span>` : ''}<br><code>${esc(d.id)}</code></td><td>${who === '' ? '—' : who}</td><td>${basisCell}</td><td>${declared}</td></tr>`;
  });
  return `<h2>${bi('个人信息', 'Personal information')} (${r.dataTypes.length})</h2>
${rows.length === 0 ? `<p>${bi('未发现。', 'None found.')}</p>` : `<table><thead><tr><th>${bi('类型', 'Type')}</th><th>${bi('代码归属', 'Read by')}</th><th>${bi('依据', 'Basis')}</th><th>${bi('隐私政策', 'Policy')}</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`}`;
}

function permissionSection(r: Report): string {
  if (r.permissions.length === 0) return '';
  const rows = r.permissions.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${dash(p.protectionLevel)}${p.dangerous ? ` <span class="badge medium">${bi('危险', 'dangerous')}</span>` : ''}</td><td>${p.dataTypes.map((d) => bi(dataTypeName(d).zh, dataTypeName(d).en)).join('、')}</td></tr>`);
  return `<h2>${bi('权限', 'Permissions')} (${r.permissions.length})</h2>
<table><thead><tr><th>${bi('权限', 'Permission')}</th><th>${bi('保护级别', 'Protection level')}</th><th>${bi('对应个人信息', 'Data types')}</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function diagnosticsSection(r: Report): string {
  const d = r.diagnostics ?? [];
  if (d.length === 0) return '';
  return `<h2>${bi('读取问题', 'Diagnostics')} (${d.length})</h2><ul>${d.map((x) => `<li class="${x.severity === 'error' ? 'no' : 'unk'}">${esc(x.severity)} <code>${esc(x.code)}</code> ${esc(x.file ?? '')} ${esc(x.message)}</li>`).join('')}</ul>`;
}
