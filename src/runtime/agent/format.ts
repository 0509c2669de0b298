// What the agent writes: trace lines from what a hook sees. Pure functions, run here under Node on recorded
// inputs (format.test.ts); main.ts only gathers the inputs on the device.
import { maskToken, worthMatching } from '../worth.ts';
import type { ApiEvent, AppState, MarkerEvent, TraceHeader } from '../types.ts';

/**
 * The agent prints each trace line as `piscope-trace<TAB>{json}` through console.log: the frida CLI prints a
 * script's log as it is (its `send()` messages as Python dicts, which are not JSON), and a host using
 * Frida's bindings gets the same text from its log handler. The REPL may put its prompt before a line.
 */
export const TRACE_PREFIX = 'piscope-trace\t';
export const READY_PREFIX = 'piscope-agent-ready\t';

/** `android.util.Log.getStackTraceString(new Exception())` → frames, innermost first, without the agent's own. */
export function stackFrames(text: string): string[] {
  return text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at '))
    .map((l) => l.slice(3))
    .slice(0, 512)
    .map((f) => (f.length > 2000 ? f.slice(0, 2000) : f));
}

/** A value cut to what evidence needs; keys, URIs and permission names are evidence and stay whole. */
export function maskValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : Object.prototype.toString.call(v);
  if (/^(content:\/\/|android\.permission\.|[a-z_]+$)/u.test(s) && s.length <= 200) return s;
  return maskToken(s);
}

/**
 * Foreground while any activity is started (onStart/onStop counts, as ProcessLifecycleOwner does). Not
 * onResume/onPause: between A.onPause and B.onResume no activity is resumed, and a read in B.onCreate would
 * be taken for a background read.
 */
export class LifecycleState {
  private started = 0;
  private seen = false;
  start(): MarkerEvent['marker'] | null {
    this.seen = true;
    this.started++;
    return this.started === 1 ? 'foreground' : null;
  }
  stop(): MarkerEvent['marker'] | null {
    this.started = Math.max(0, this.started - 1);
    return this.started === 0 ? 'background' : null;
  }
  get state(): AppState {
    return !this.seen ? 'unknown' : this.started > 0 ? 'foreground' : 'background';
  }
}

export interface Clock {
  wall: number;
  mono: number;
  pid: number;
  tid: number;
}

export function header(pkg: string | null, device: string | null, session: string, started: number): TraceHeader {
  return { type: 'header', format: 'piscope-trace', version: 1, source: 'piscope-agent', session, package: pkg, device, started, limits: { stack: 'full', timeResolutionMs: 1, consentMarkers: true, foreground: true, permissionMarkers: true } };
}

/** Digests of a value (SHA-256, MD5, SHA-1 hex), computed on the device (main.ts uses java.security.MessageDigest). */
export type Digester = (value: string) => { sha256: string; md5: string; sha1: string } | null;

export function apiEvent(id: string, method: string, args: readonly unknown[], ret: unknown, threw: string | null, stack: string, clock: Clock, state: AppState, digest?: Digester): ApiEvent {
  // The whole value's digests, before masking, so that a capture can prove it left the phone (trace-format.md).
  const whole = typeof ret === 'string' ? ret.trim() : typeof ret === 'number' ? String(ret) : null;
  const d = whole !== null && threw === null && digest !== undefined && worthMatching(whole) ? digest(whole) : null;
  return {
    type: 'api', wall: clock.wall, mono: clock.mono, pid: clock.pid, tid: clock.tid, state, api: id, method,
    args: args.slice(0, 64).map((a) => maskValue(a) ?? 'null'), ret: maskValue(ret), ...(d === null ? {} : { retDigest: { ...d, length: whole!.length } }), threw, stack: stackFrames(stack),
  };
}

export function marker(kind: MarkerEvent['marker'], clock: Clock, extra: Partial<MarkerEvent> = {}): MarkerEvent {
  return { type: 'marker', wall: clock.wall, mono: clock.mono, pid: clock.pid, tid: clock.tid, marker: kind, ...extra };
}

/** onRequestPermissionsResult(code, permissions, grantResults) → one result marker per permission (0 = granted). */
export function permissionResults(permissions: readonly string[], grants: readonly number[], clock: Clock): MarkerEvent[] {
  return permissions.map((p, i) => marker('permission-result', clock, { permissions: [p], granted: grants[i] === 0 }));
}

/** The settings key, content URI or binder interface a filtered hook waits for, from the call's arguments. */
export function matchesFilter(plan: { how: 'settings'; key: string } | { how: 'query'; uri: string } | { how: 'binder'; token: string }, args: readonly unknown[]): boolean {
  if (plan.how === 'settings') return args.some((a) => a === plan.key);
  if (plan.how === 'binder') return args[0] === plan.token;
  return args.some((a) => typeof a === 'string' && a.startsWith(plan.uri));
}
