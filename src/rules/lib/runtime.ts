// Evidence and wording for findings from recorded runs (src/runtime/facts.ts).
import type { Evidence, LocalizedText } from '../../report/types.ts';
import type { ObservedCall, RuntimeFacts, RuntimeSession } from '../../runtime/facts.ts';
import type { Owner } from '../../runtime/attribute.ts';

export function sessionOf(runtime: RuntimeFacts, id: string): RuntimeSession | undefined {
  return runtime.sessions.find((s) => s.id === id);
}

/** What the recorder could not see, in one line for the evidence. */
export function limitsText(s: RuntimeSession | undefined): string | undefined {
  if (s === undefined) return undefined;
  const l = s.limits;
  const parts = [`stack ${l.stack}`, `clock ${l.timeResolutionMs} ms`, l.consentMarkers ? 'consent marked' : 'no consent marker', l.foreground ? 'foreground state' : 'no foreground state'];
  return `${parts.join(', ')}${l.note === undefined ? '' : ` (${l.note})`}`;
}

export function traceEvidence(runtime: RuntimeFacts, calls: readonly ObservedCall[], note?: string): Evidence {
  const s = calls[0] === undefined ? undefined : sessionOf(runtime, calls[0].session);
  const e: Evidence = {
    kind: 'trace',
    events: calls.map((c) => ({ ts: c.wall, api: c.method, stack: [...c.stack], at: `${c.at.file}:${c.at.line}`, state: c.state, tid: c.tid, stackDepth: c.stackDepth, caller: c.caller })),
  };
  if (s !== undefined) {
    e.source = s.source;
    e.session = s.id;
    const l = limitsText(s);
    if (l !== undefined) e.limits = l;
  }
  const o = calls[0]?.owner;
  if (o !== undefined) e.owner = o.sdk === undefined ? { kind: o.kind } : { kind: o.kind, sdk: o.sdk };
  if (note !== undefined) e.note = note;
  return e;
}

/** Who made the calls: only the app's own code is called "the app". */
export function ownerText(owner: Owner, caller: string | null): LocalizedText {
  if (owner.kind === 'sdk') return { zh: `SDK（${owner.sdk ?? '?'}）`, en: `SDK ${owner.sdk ?? '?'}` };
  if (owner.kind === 'app') return { zh: '应用自身代码', en: 'The app' };
  const where = caller === null ? '' : `（${caller}）`;
  return { zh: `未识别归属的代码${where}`, en: `Unattributed code${caller === null ? '' : ` (${caller})`}` };
}

/** ISO time, or the raw number when it is no date (a hostile or broken trace must not crash a rule or a report). */
export function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
