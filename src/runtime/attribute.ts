// Who made a recorded call: the first frame of the stack that is not the platform's or a hook's, given an
// owner with the static analysis's logic (analyze.ts ownerOfClass): an identified SDK's prefixes first, then
// the SDK catalogue, then the app's own packages; anything else is unattributed code.
import type { AnalysisFacts } from '../analysis/facts.ts';
import { sdkForClass } from '../knowledge/index.ts';
import type { ReportApiCall } from '../report/types.ts';

export type Owner = ReportApiCall['callerOwner'];

/**
 * Frames skipped when looking for the caller: the platform, the language runtimes, and the reflection and
 * thread plumbing between a caller and the API. AndroidX is skipped too: its compat wrappers
 * (ContextCompat, ActivityCompat) pass a caller's request on; the caller is the frame below.
 */
const FRAMEWORK = ['java.', 'javax.', 'jdk.', 'sun.', 'libcore.', 'dalvik.', 'android.', 'androidx.', 'com.android.', 'kotlin.', 'kotlinx.', 'org.json.', 'org.apache.harmony.', 'com.google.android.gms.internal.', 're.frida.', 'de.robv.android.xposed.'];

export interface Frame {
  readonly className: string;
  readonly method: string;
  readonly text: string;
}

/** `at com.a.B$C.run(Unknown Source:4)` or `com.a.B.run(B.java:4)` → class and method; null for other lines. */
export function parseFrame(line: string): Frame | null {
  const m = /^\s*(?:at\s+)?([\w$.]+)\.([\w$<>-]+)\s*(?:\(.*\))?\s*$/u.exec(line);
  if (m === null) return null;
  return { className: m[1]!, method: m[2]!, text: line.trim().replace(/^at\s+/u, '') };
}

export function isFramework(className: string): boolean {
  return FRAMEWORK.some((p) => className.startsWith(p));
}

/** The first frame that is not the platform's: the caller a finding blames. */
export function callerFrame(stack: readonly string[]): Frame | null {
  for (const line of stack) {
    const f = parseFrame(line);
    if (f !== null && !isFramework(f.className)) return f;
  }
  return null;
}

export type Attributor = (className: string) => Owner;

/** The owner of a class, with the static analysis's identified SDKs and app packages. */
export function attributor(facts: Pick<AnalysisFacts, 'sdks' | 'appPackages'>): Attributor {
  const prefixes = facts.sdks.flatMap((s) => s.prefixes.map((p) => ({ p, id: s.id }))).sort((a, b) => b.p.length - a.p.length);
  const cache = new Map<string, Owner>();
  return (className) => {
    const dotted = className.replace(/\$.*$/u, '');
    let o = cache.get(dotted);
    if (o !== undefined) return o;
    const hit = prefixes.find(({ p }) => dotted === p || dotted.startsWith(`${p}.`));
    const known = hit === undefined ? sdkForClass(dotted) : undefined;
    o = hit !== undefined ? { kind: 'sdk', sdk: hit.id } : known !== undefined ? { kind: 'sdk', sdk: known.sdk.id } : facts.appPackages.some((p) => dotted.startsWith(`${p}.`)) ? { kind: 'app' } : { kind: 'unknown' };
    if (cache.size < 10_000) cache.set(dotted, o);
    return o;
  };
}

/** A stable key for grouping: the SDK id, `app`, or the unattributed caller's package (two unknown libraries stay apart). */
export function ownerKey(owner: Owner, frame: Frame | null): string {
  if (owner.kind === 'sdk') return `sdk:${owner.sdk ?? '?'}`;
  if (owner.kind === 'app') return 'app';
  return `unknown:${frame === null ? '?' : frame.className.split('.').slice(0, 3).join('.')}`;
}
