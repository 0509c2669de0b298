// Evidence and wording for findings from network captures (src/runtime/network): the request line with the
// values masked, the field that carried each value, who receives it, and its time against the consent answer.
import type { Confidence, Evidence, Method } from '../../report/types.ts';
import type { ConsentRelation, Transfer } from '../../runtime/network/facts.ts';
import { CLOCK_SURE_MS } from '../../runtime/network/facts.ts';
import { ownerLabel, type HostOwner } from '../../runtime/network/hosts.ts';
import type { ValueHit } from '../../runtime/network/match.ts';
import { dataTypeInfo } from './data-types.ts';

const PLACE: Record<ValueHit['field']['where'], string> = { query: 'query parameter', path: 'URL path segment', header: 'header', cookie: 'cookie', body: 'body field' };

export function fieldText(h: ValueHit): string {
  return h.field.name === '(body)' ? 'the body' : `${PLACE[h.field.where]} "${h.field.name.length > 60 ? `${h.field.name.slice(0, 60)}…` : h.field.name}"`;
}

/** `device.android-id ba44••••••••13ed in query parameter "aid": the value itself, returned by … (trace:12)` */
export function hitText(h: ValueHit): string {
  return `${h.dataType} ${h.masked} in ${fieldText(h)}: ${h.why}`;
}

export function consentText(c: ConsentRelation | null): string | undefined {
  if (c === null) return undefined;
  const s = `${(Math.abs(c.deltaMs) / 1000).toFixed(1)} s`;
  if (c.answer === null) return `${c.side === 'before' ? `${s} before the end of a recording` : `within ${s} of the end of a recording`} in which the privacy dialog was never answered (session ${c.session}; phone and capture clocks)`;
  const what = c.answer === 'given' ? 'consent' : 'refusal';
  const side = c.side === 'before' ? `${s} before the ${what}` : c.side === 'after' ? `${s} after the ${what}` : `within ${s} of the ${what} (side unknown across two clocks)`;
  return `${side} (session ${c.session}; phone and capture clocks)`;
}

export function networkEvidence(t: Transfer, hits: readonly ValueHit[], note?: string): Evidence {
  const r = t.request;
  const sp = t.line.indexOf(' ');
  const e: Evidence = {
    kind: 'network', method: r.method, url: t.line.slice(sp + 1), matched: hits.map(hitText).join('; '), at: `${r.file} ${r.where}`, ts: r.started, host: r.host,
    field: hits.map(fieldText).join('; '), value: hits.map((h) => h.masked).join('; '), basis: hits.some((h) => h.basis === 'value') ? 'value' : 'pattern', recipient: `${ownerLabel(t.owner).en}${t.owner.kind === 'sdk' || t.owner.kind === 'vendor' ? ` [${t.owner.domain}]` : ''}`,
  };
  const c = consentText(t.consent);
  if (c !== undefined) e.consent = c;
  if (r.body?.truncated === true) e.note = `${note === undefined ? '' : `${note} `}(the body was longer than 1 MiB: the rest was not searched)`;
  else if (note !== undefined) e.note = note;
  return e;
}

/** The strongest confidence the hits give: a known value found is confirmed; a shape, what its pattern says. */
export function hitsConfidence(hits: readonly ValueHit[]): Confidence {
  if (hits.some((h) => h.confidence === 'confirmed')) return 'confirmed';
  return hits.some((h) => h.confidence === 'likely') ? 'likely' : 'possible';
}

/** network, and dynamic when a value came from a recorded run. */
export function networkMethods(hits: readonly ValueHit[]): Method[] {
  return hits.some((h) => h.known?.source.kind === 'trace') ? ['network', 'dynamic'] : ['network'];
}

export function typesOf(hits: readonly ValueHit[]): string[] {
  return [...new Set(hits.map((h) => h.dataType))].sort();
}

export function typeNames(types: readonly string[]): { zh: string; en: string } {
  return { zh: types.map((t) => dataTypeInfo(t).zh).join('、'), en: types.map((t) => dataTypeInfo(t).en).join(', ') };
}

/** One key per recipient: an SDK, a vendor, or the host itself. */
export function recipientKey(t: Transfer): string {
  const o: HostOwner = t.owner;
  return o.kind === 'sdk' ? `sdk:${o.sdk}` : o.kind === 'vendor' ? `vendor:${o.domain}` : `host:${t.request.host}`;
}

/** Whether a time relation is sure enough across two clocks to be `likely` (else `possible`). */
export function clockSure(c: ConsentRelation): boolean {
  return Math.abs(c.deltaMs) >= CLOCK_SURE_MS;
}

/** Transfers grouped by a key, in capture order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    let l = m.get(k);
    if (l === undefined) m.set(k, (l = []));
    l.push(t);
  }
  return m;
}
