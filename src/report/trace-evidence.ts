// Trace evidence as lines a person reads: each event with its time, where it is in the trace file, its
// state and thread, and the stack down to the frame blamed (marked) and a little past it.
import type { Evidence } from './types.ts';
import { iso } from '../rules/lib/runtime.ts';

type TraceEv = Extract<Evidence, { kind: 'trace' }>;
export const FRAMES_SHOWN = 8;
export const EVENTS_SHOWN = 5;



export interface ShownEvent {
  readonly head: string;
  readonly where: string;
  /** Frames shown, with the blamed one flagged. */
  readonly frames: { readonly text: string; readonly blamed: boolean }[];
  readonly more: number;
}

export function shownEvents(e: TraceEv): ShownEvent[] {
  return e.events.slice(0, EVENTS_SHOWN).map((ev) => {
    const stack = ev.stack ?? [];
    const blamedAt = ev.caller === undefined || ev.caller === null ? -1 : stack.findIndex((f) => f.trim().replace(/^at\s+/u, '') === ev.caller);
    const count = Math.max(Math.min(stack.length, FRAMES_SHOWN), Math.min(stack.length, blamedAt + 3));
    const where = [ev.at, ev.state !== undefined && ev.state !== 'unknown' ? ev.state : undefined, ev.tid !== undefined && ev.tid !== null ? `tid ${ev.tid}` : undefined, ev.stackDepth !== undefined && ev.stackDepth > stack.length ? `${ev.stackDepth} frames recorded` : undefined].filter((x) => x !== undefined).join(' · ');
    return { head: `${iso(ev.ts)} ${ev.api}`, where, frames: stack.slice(0, count).map((text, i) => ({ text: text.trim().replace(/^at\s+/u, ''), blamed: i === blamedAt })), more: stack.length - count };
  });
}

/** "piscope-agent, session s1: stack full, clock 1 ms, …" or ''. */
export function traceSourceLine(e: TraceEv): string {
  const parts = [e.source, e.session === undefined ? undefined : `session ${e.session}`].filter((x) => x !== undefined).join(', ');
  return [parts, e.limits].filter((x) => x !== undefined && x !== '').join(': ');
}
