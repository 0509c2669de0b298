// The Frida agent (bundled by scripts/build-agent.ts with esbuild; run by `frida -U -f <pkg> -l
// dist/piscope-agent.js`, or by `piscope device-run`). It installs the generated hook list, the permission and
// lifecycle hooks, and prints one trace line per event: `piscope-trace<TAB>{json}` (format.ts TRACE_PREFIX).
// The consent marker comes from the driver (it knows which button it taps): `piscopeConsent("given")` typed
// into the frida REPL (what device-run does), or a posted {type: 'consent', answer: 'given'|'refused'}.
// Only a device tests this file; its logic is in format.ts and hook-list.ts, tested under Node.
import JavaBridge from 'frida-java-bridge';
import type { HookPlan } from './hook-list.ts';
import { apiEvent, header, LifecycleState, marker, matchesFilter, permissionResults, READY_PREFIX, TRACE_PREFIX, type Clock } from './format.ts';
import type { TraceLine } from '../types.ts';

// The few members of Frida's API used here, typed locally (Frida's own typings declare globals for every file).
interface JMethod {
  implementation: ((this: JObject, ...args: unknown[]) => unknown) | null;
  overloads: JMethod[];
  overload(...types: string[]): JMethod;
  call(self: JObject, ...args: unknown[]): unknown;
}
type JObject = Record<string, unknown> & { $className?: string };
type JClass = Record<string, JMethod | undefined> & { $new(...a: unknown[]): unknown };
interface JavaApi {
  available: boolean;
  perform(fn: () => void): void;
  use(name: string): JClass;
}
declare const console: { log(text: string): void };
declare const recv: (type: string, cb: (message: { answer?: 'given' | 'refused' }) => void) => { wait(): void };
declare const Process: { id: number; getCurrentThreadId(): number };
declare const __PISCOPE_HOOKS__: HookPlan[];

const Java = JavaBridge as unknown as JavaApi;
const life = new LifecycleState();
let hooked = 0;
const failed: string[] = [];

function emit(line: TraceLine): void {
  console.log(TRACE_PREFIX + JSON.stringify(line));
}

function clock(): Clock {
  const SystemClock = Java.use('android.os.SystemClock') as unknown as { elapsedRealtime(): number };
  return { wall: Date.now(), mono: SystemClock.elapsedRealtime(), pid: Process.id, tid: Process.getCurrentThreadId() };
}

function stackText(): string {
  const Log = Java.use('android.util.Log') as unknown as { getStackTraceString(e: unknown): string };
  return Log.getStackTraceString(Java.use('java.lang.Exception').$new());
}

/** SHA-256, MD5 and SHA-1 of a value's UTF-8 bytes, by the phone's own MessageDigest (no Node crypto here). */
function digest(value: string): { sha256: string; md5: string; sha1: string } | null {
  try {
    const MessageDigest = Java.use('java.security.MessageDigest') as unknown as { getInstance(alg: string): { digest(b: unknown): ArrayLike<number> } };
    const bytes = (Java.use('java.lang.String').$new(value) as { getBytes(cs: string): unknown }).getBytes('UTF-8');
    const hex = (alg: string): string => Array.from(MessageDigest.getInstance(alg).digest(bytes), (b) => (b & 0xff).toString(16).padStart(2, '0')).join('');
    return { sha256: hex('SHA-256'), md5: hex('MD5'), sha1: hex('SHA-1') };
  } catch {
    return null;
  }
}

/** Wraps every overload (or the one named) so that the original runs and the call is recorded. */
function wrap(className: string, method: string, overload: readonly string[] | null, record: (args: unknown[], ret: unknown, threw: string | null) => void): void {
  const cls = Java.use(className);
  const m = cls[method];
  if (m === undefined) throw new Error(`no ${className}.${method}`);
  for (const o of overload === null ? m.overloads : [m.overload(...overload)]) {
    o.implementation = function (this: JObject, ...args: unknown[]): unknown {
      try {
        const ret = o.call(this, ...args);
        record(args, ret, null);
        return ret;
      } catch (e) {
        record(args, null, String(e).slice(0, 300));
        throw e;
      }
    };
    hooked++;
  }
}

function install(plan: HookPlan): void {
  switch (plan.how) {
    case 'method':
      wrap(plan.className, plan.method, plan.overload, (args, ret, threw) => emit(apiEvent(plan.id, `${plan.className}.${plan.method}`, args, ret, threw, stackText(), clock(), life.state, digest)));
      break;
    case 'settings':
    case 'query':
    case 'binder':
    case 'via':
    case 'unobservable':
      break;
  }
}

Java.perform(() => {
  emit(header(null, null, `${Date.now()}-${Process.id}`, Date.now()));
  emit(marker('app-start', clock()));
  // Hooks on one member (ContentResolver.query, Settings.*.getString, Parcel.writeInterfaceToken) are installed
  // once, with every filter.
  const plans = __PISCOPE_HOOKS__;
  const shared = new Map<string, HookPlan[]>();
  for (const p of plans) {
    const key = p.how === 'query' ? 'query' : p.how === 'settings' ? `settings:${p.className}` : p.how === 'binder' ? 'binder' : null;
    if (key === null) {
      try {
        install(p);
      } catch (e) {
        failed.push(`${p.id}: ${String(e).slice(0, 120)}`);
      }
    } else shared.set(key, [...(shared.get(key) ?? []), p]);
  }
  for (const group of shared.values()) {
    const first = group[0]!;
    try {
      const cls = first.how === 'query' ? 'android.content.ContentResolver' : first.how === 'settings' ? first.className : first.how === 'binder' ? 'android.os.Parcel' : '';
      const method = first.how === 'query' ? 'query' : first.how === 'binder' ? 'writeInterfaceToken' : 'getString';
      wrap(cls, method, null, (args, ret, threw) => {
        // A Java object (a Uri) prints through its own toString().
        const shown = args.map((a) => (a !== null && typeof a === 'object' ? (a as { toString(): string }).toString() : a));
        const hit = group.find((p) => (p.how === 'query' || p.how === 'settings' || p.how === 'binder') && matchesFilter(p, shown));
        if (hit !== undefined) emit(apiEvent(hit.id, `${cls}.${method}`, shown.filter((a) => typeof a === 'string'), first.how === 'query' && ret !== null ? 'Cursor' : ret, threw, stackText(), clock(), life.state, digest));
      });
    } catch (e) {
      failed.push(`${first.id}…: ${String(e).slice(0, 120)}`);
    }
  }
  // Permission dialogs and answers, and the foreground state from activity lifecycles.
  wrap('android.app.Activity', 'requestPermissions', null, (args) => emit(marker('permission-request', clock(), { permissions: ((args[0] ?? []) as string[]).map(String), stack: [] })));
  wrap('android.app.Activity', 'onRequestPermissionsResult', null, (args) => {
    for (const m of permissionResults(((args[1] ?? []) as string[]).map(String), ((args[2] ?? []) as number[]).map(Number), clock())) emit(m);
  });
  wrap('android.app.Activity', 'onStart', null, () => {
    const m = life.start();
    if (m !== null) emit(marker(m, clock()));
  });
  wrap('android.app.Activity', 'onStop', null, () => {
    const m = life.stop();
    if (m !== null) emit(marker(m, clock()));
  });
  console.log(READY_PREFIX + JSON.stringify({ hooked, failed }));
});

// The driver's consent tap, typed into the frida REPL (which evaluates in this script's global scope) just
// before the tap, so that whatever the tap sets off is after the marker.
(globalThis as Record<string, unknown>).piscopeConsent = (answer: 'given' | 'refused'): string => {
  Java.perform(() => emit(marker('consent', clock(), { answer: answer === 'refused' ? 'refused' : 'given' })));
  return 'ok';
};
// A stop the driver makes (am force-stop) is marked as such; a process that ends by itself is not.
(globalThis as Record<string, unknown>).piscopeStop = (detail: unknown): string => {
  Java.perform(() => emit(marker('app-stop', clock(), { detail: String(detail).slice(0, 200) })));
  return 'ok';
};
function waitConsent(): void {
  recv('consent', (m) => {
    Java.perform(() => emit(marker('consent', clock(), { answer: m.answer ?? 'given' })));
    waitConsent();
  });
}
waitConsent();
