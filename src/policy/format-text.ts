// A PolicyAnalysis for a person: each answer with the sentence it rests on.
import type { Answer, PolicyAnalysis, Span } from './types.ts';

function yn(v: boolean | null): string {
  return v === true ? 'yes' : v === false ? 'no' : 'unclear';
}

function quote(e: Span | undefined): string {
  if (e === undefined) return '';
  const s = e.sentence.length > 160 ? `${e.sentence.slice(0, 157)}…` : e.sentence;
  return `\n      “${s}” [${e.start}-${e.end}${e.section === null ? '' : `, ${e.section}`}]`;
}

function line(label: string, a: Answer, extra = ''): string {
  return `  ${label.padEnd(26)} ${yn(a.value)}${extra}${quote(a.evidence[0])}\n`;
}

export function formatPolicyText(p: PolicyAnalysis): string {
  let out = `Privacy policy: ${p.source ?? '(text)'}\n`;
  out += `  encoding ${p.encoding ?? 'n/a'}, ${p.text.length} characters, ${p.sections.length} sections\n`;
  if (p.garbled) {
    out += `  GARBLED TEXT: ${p.garbledReason ?? 'mojibake'}. Nothing was analysed; fix the encoding and retry.\n`;
    return out;
  }
  out += '\nQuestions\n';
  const contact = [...p.contact.emails, ...p.contact.phones, ...p.contact.addresses].join(', ');
  out += `  ${'contact'.padEnd(26)} ${yn(p.hasContact)}${contact === '' ? '' : ` (${contact})`}${quote(p.contact.evidence[0])}\n`;
  const days = p.complaint.responseDays === null ? '' : `; reply within ${p.complaint.responseDays} ${p.complaint.workingDays === true ? 'working days' : 'days'}${p.complaint.slowResponse === true ? ' — OVER 15 WORKING DAYS' : ''}`;
  out += line('complaint channel', p.complaint, days);
  out += line('account cancellation', p.accountDeletion, p.accountDeletion.inAppPath === null ? '' : ` (in app: ${p.accountDeletion.inAppPath})`);
  out += line('access', p.access);
  out += line('correction', p.correction);
  out += line('deletion', p.deletion);
  out += line('withdraw consent', p.withdrawConsent);
  out += line('minors clause', p.minors, p.minors.value === true ? `; guardian consent ${yn(p.minors.guardianConsent)}` : '');
  out += line('personalisation opt-out', p.personalization, p.personalization.noPersonalization ? ' (the policy says there is no personalisation)' : '');
  out += line('sharing with third parties', p.sharing);
  const st = [p.storage.location, p.storage.period].filter((x) => x !== null).join(', ');
  out += line('storage', p.storage, `${st === '' ? '' : ` (${st})`}; abroad ${yn(p.storage.crossBorder)}`);
  out += `  ${'dates'.padEnd(26)} updated ${p.dates.updated ?? '?'}, effective ${p.dates.effective ?? '?'}\n`;
  out += `  ${'operator'.padEnd(26)} ${p.operator.name ?? '?'}${quote(p.operator.evidence[0])}\n`;

  out += `\nDeclared data types (${p.declaredDataTypes.length})\n`;
  for (const id of p.declaredDataTypes) {
    const d = p.declared.find((x) => x.dataType === id);
    const sdk = d === undefined ? p.sdkDisclosures.find((s) => s.dataTypes.includes(id)) : undefined;
    const extra = d === undefined ? (sdk === undefined ? '' : ` (SDK table: ${sdk.name})`) : ` ← ${d.matched}${d.purpose === null ? '' : `; purpose: ${d.purpose}`}${d.condition === null ? '' : `; when: ${d.condition}`}`;
    out += `  ${id}${extra}${quote(d)}\n`;
  }
  if (p.negated.length > 0) {
    const ids = [...new Set(p.negated.map((n) => n.dataType))].filter((id) => !p.declaredDataTypes.includes(id));
    if (ids.length > 0) out += `  denied (not collected): ${ids.join(', ')}\n`;
  }
  out += `\nDeclared SDKs (${p.sdkDisclosures.length})\n`;
  for (const s of p.sdkDisclosures) {
    out += `  ${s.name}${s.sdkId === null ? '' : ` [${s.sdkId}]`}${s.fromTable ? '' : ' (named in prose)'}`;
    out += `${s.vendor === null ? '' : `; ${s.vendor}`}${s.purpose === null ? '' : `; ${s.purpose}`}`;
    out += `${s.dataTypes.length === 0 ? '' : `; data: ${s.dataTypes.join(', ')}`}${s.policyUrl === null ? '' : `; ${s.policyUrl}`}`;
    out += s.missingFields.length === 0 ? '\n' : `; missing: ${s.missingFields.join(', ')}\n`;
  }
  if (p.urls.length > 0) out += `\nPolicy URLs\n${p.urls.map((u) => `  ${u}\n`).join('')}`;
  return out;
}
