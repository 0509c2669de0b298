// Evidence in the HTML report: what a person needs to check a finding (call path, manifest line, policy
// sentence in its context, trace events, request), every string escaped.
import { bi, esc } from './html-escape.ts';
import { ownerLabel } from './order.ts';
import { EVENTS_SHOWN, shownEvents, traceSourceLine } from './trace-evidence.ts';
import type { Evidence, Report } from './types.ts';

const CONTEXT = 80;
const SEARCHED_SHOWN = 200;

/** A policy sentence shown inside its surrounding text when the report carries the text (policy.text). */
function policyExcerpt(r: Report, e: Extract<Evidence, { kind: 'policy' }>): string {
  const text = r.policy.text;
  if (typeof text === 'string' && e.start !== undefined && e.end !== undefined && e.start >= 0 && e.end <= text.length && e.start < e.end) {
    const from = Math.max(0, e.start - CONTEXT);
    const to = Math.min(text.length, e.end + CONTEXT);
    return `<span class="ctx">${from > 0 ? '…' : ''}${esc(text.slice(from, e.start))}</span><mark>${esc(text.slice(e.start, e.end))}</mark><span class="ctx">${esc(text.slice(e.end, to))}${to < text.length ? '…' : ''}</span>`;
  }
  return `<mark>${esc(e.excerpt ?? '')}</mark>`;
}

export function evidenceHtml(r: Report, e: Evidence): string {
  switch (e.kind) {
    case 'manifest':
      return `<div class="ev">${bi('清单', 'Manifest')}: <code>AndroidManifest.xml${e.line === null || e.line === undefined ? '' : `:${esc(e.line)}`}</code> <code>${esc(e.element)}</code>${e.attribute === undefined ? '' : ` <code>${esc(e.attribute)}=${esc(e.value ?? '')}</code>`}</div>`;
    case 'code': {
      const path = e.path !== undefined && e.path.length > 1 ? e.path : [e.caller];
      const label = e.owner === undefined ? null : ownerLabel(r, e.owner);
      const owner = label === null ? '' : ` · ${e.owner?.kind === 'sdk' ? esc(label.zh) : bi(label.zh, label.en)}`;
      const callee = e.callee === undefined ? '' : `<li><b><code>${esc(e.callee)}</code></b></li>`;
      return `<div class="ev">${bi('调用路径', 'Call path')}${e.container === undefined ? '' : ` (<code>${esc(e.container)}</code>)`}${owner}<ol>${path.map((m) => `<li><code>${esc(m)}</code></li>`).join('')}${callee}</ol>${e.note === undefined ? '' : esc(e.note)}</div>`;
    }
    case 'policy': {
      const src = e.source === undefined || e.source === null ? '' : ` <code>${esc(e.source)}</code>`;
      if (e.excerpt !== undefined || e.start !== undefined) {
        return `<div class="ev">${bi('隐私政策', 'Policy')}${e.section === undefined || e.section === null ? '' : ` · ${esc(e.section)}`}${src}<br>${policyExcerpt(r, e)}</div>`;
      }
      // The list of sections searched can be long: the first ~200 characters, the rest folded.
      const joined = (e.searched ?? []).join('; ');
      const rest = joined.length > SEARCHED_SHOWN ? ` <details><summary>${bi('展开', 'more')}</summary>${esc(joined.slice(SEARCHED_SHOWN))}</details>` : '';
      const searched = joined === '' ? bi('全文', 'whole text') : `${esc(joined.slice(0, SEARCHED_SHOWN))}${rest === '' ? '' : '…'}${rest}`;
      return `<div class="ev">${bi('隐私政策中未找到', 'Not found in the policy')}${src}; ${bi('检索范围', 'searched')}: ${searched}</div>`;
    }
    case 'trace': {
      const src = traceSourceLine(e);
      const events = shownEvents(e).map((ev) => `<li><code>${esc(ev.head)}</code>${ev.where === '' ? '' : ` <small>${esc(ev.where)}</small>`}${ev.frames.length === 0 ? '' : `<br><code>${ev.frames.map((f) => (f.blamed ? `<mark>${esc(f.text)}</mark> ← ${bi('调用方', 'caller')}` : esc(f.text))).join('<br>')}${ev.more > 0 ? `<br>… ${ev.more}` : ''}</code>`}</li>`);
      return `<div class="ev">${bi('运行记录', 'Runtime trace')}${src === '' ? '' : ` <small>${esc(src)}</small>`}<ol>${events.join('')}</ol>${e.events.length > EVENTS_SHOWN ? `… +${e.events.length - EVENTS_SHOWN}` : ''}${e.note === undefined ? '' : esc(e.note)}</div>`;
    }
    case 'network': {
      const where = [e.recipient === undefined ? '' : `→ ${e.recipient}`, e.at ?? '', e.ts == null ? '' : new Date(e.ts).toISOString(), e.consent ?? ''].filter((x) => x !== '');
      return `<div class="ev">${bi('网络请求', 'Network request')}: <code>${esc(e.method ?? '')} ${esc(e.url)}</code>${e.matched === undefined ? '' : ` · ${bi('匹配', 'matched')} <mark>${esc(e.matched)}</mark>`}${where.length === 0 ? '' : `<br><small>${esc(where.join(' · '))}</small>`}${e.note === undefined ? '' : `<br>${esc(e.note)}`}</div>`;
    }
    case 'file':
      return `<div class="ev">${bi('文件', 'File')}: <code>${esc(e.path)}</code>${e.detail === undefined ? '' : ` ${esc(e.detail)}`}</div>`;
  }
}

