// Evidence builders: every finding carries what a person needs to check it by hand.
import type { SensitiveCall, Behavior } from '../../analysis/facts.ts';
import type { Span, PolicyAnalysis } from '../../policy/types.ts';
import type { Evidence, Owner, ReportApiCall, ReportPermission } from '../../report/types.ts';

export function codeEvidence(call: ReportApiCall | SensitiveCall, note?: string): Evidence {
  const e: Evidence = { kind: 'code', caller: call.caller, callee: call.api };
  if (call.path !== undefined && call.path.length > 0) e.path = [...call.path];
  if (call.container !== undefined) e.container = call.container;
  e.owner = ownerOf(call.callerOwner);
  const probes = call.probes === undefined ? null : `probes ${call.probes.length} named packages: ${call.probes.join(', ')}`;
  const query = call.query === undefined ? null : `broad intent query: ${call.query}`;
  const notes = [call.via !== undefined && call.via !== 'direct' ? `found via ${call.via}` : null, probes, query, note ?? null].filter((n) => n !== null);
  if (notes.length > 0) e.note = notes.join('; ');
  return e;
}

/** A copy of the owner with only the fields the contract and its extension know. */
function ownerOf(o: Owner): Owner {
  return { kind: o.kind, ...(o.sdk !== undefined ? { sdk: o.sdk } : {}), ...(o.party !== undefined ? { party: o.party } : {}), ...(o.prefix !== undefined ? { prefix: o.prefix } : {}) };
}

export function behaviorEvidence(b: Behavior): Evidence {
  if (b.element !== undefined) {
    return { kind: 'manifest', element: b.element, line: b.line ?? null, value: b.detail };
  }
  const e: Evidence = { kind: 'code', caller: b.caller ?? '(unknown)', note: b.detail };
  e.owner = ownerOf(b.callerOwner);
  return e;
}

export function permissionEvidence(p: ReportPermission & { line: number | null }): Evidence {
  return { kind: 'manifest', element: 'uses-permission', line: p.line, attribute: 'android:name', value: p.name };
}

export function spanEvidence(policy: PolicyAnalysis, span: Span): Evidence {
  return { kind: 'policy', excerpt: span.sentence, start: span.start, end: span.end, section: span.section, source: policy.source };
}

/** "Searched the whole policy for X": the evidence of something missing. */
export function missingEvidence(policy: PolicyAnalysis, searchedFor: string): Evidence {
  const sections = policy.sections.map((s) => s.heading).filter((h) => h.trim() !== '');
  const searched = [searchedFor, sections.length === 0 ? `whole text (${policy.text.length} chars)` : `sections: ${sections.slice(0, 40).join(' | ')}`];
  return { kind: 'policy', searched, source: policy.source };
}

export function fileEvidence(path: string, detail: string): Evidence {
  return { kind: 'file', path, detail };
}
