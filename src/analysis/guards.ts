// Guards on the paths the analysis calls "before consent". Reachability does not prune branches, so
// `if (prefs.getBoolean("agreed", false)) Sdk.init()` in Application.onCreate looks like collection before
// consent. Here each step of such a path is read with its control flow: a branch that can keep the next call
// from running, on a value the code reads from configuration or storage, is a guard. Guards are found by what
// the code does (a persisted or manifest value, or a static flag, tested before the call; or a method that
// returns one), never by method or key names, so obfuscated SDKs count too.
import type { AnalysisFacts, SensitiveCall } from './facts.ts';
import { manifestSwitches, permissionByName, stickyBroadcasts } from '../knowledge/index.ts';
import type { CodeIndex, FieldInfo, Jump, MethodFlow, MethodRef, Value } from '../package/code-model.ts';
import { typeToJava } from '../package/code-model.ts';
import { parameterWidths } from '../formats/code-facts.ts';
import type { Manifest, XmlElement } from '../package/types.ts';

/**
 * What a guard means for a call on a fresh install, where nothing was stored yet:
 * - `off`: the manifest's switch or a constant leaves the call out: it does not run in this package as built;
 * - `needs-stored-value`: the call runs only once the code has stored a value (as it does on consent);
 * - `needs-event`: a step of the path is a callback that runs only when something happens after the start (an
 *   operation fails, a broadcast comes to a receiver the code registers at run time): the start alone does not
 *   run it;
 * - `may-stop`: configuration or a flag can stop the call, but the evidence does not say it does.
 */
export type GuardVerdict = 'off' | 'needs-stored-value' | 'needs-event' | 'may-stop';

export type GuardSource = 'persisted' | 'meta-data' | 'static-flag' | 'build-flag' | 'permission' | 'exception' | 'failure-callback' | 'receiver';

export interface PathGuard {
  readonly verdict: GuardVerdict;
  readonly source: GuardSource;
  /** The method holding the branch (smali form), and the branch's pc. */
  readonly method: string;
  readonly pc: number;
  /** What the branch tests, readable: `android.content.SharedPreferences.getBoolean("agreed", false)`. */
  readonly reads: string;
  /** The API or field read, for evidence (`callee`). */
  readonly callee: string;
  /** One line: which way the branch goes and why that stops the call. */
  readonly detail: string;
  /** For a manifest switch: its name and manifest line (null when the manifest does not set it). */
  readonly metaData?: { readonly name: string; readonly value: string | null; readonly line: number | null };
  /** A manifest switch that the knowledge base records for this SDK (src/knowledge/manifest-switches.json). */
  readonly knowledge?: string;
}

/** The key of a call in the map findGuards returns. */
export function guardKey(c: Pick<SensitiveCall, 'caller' | 'pc' | 'api'> & { apiId?: string | undefined }): string {
  return `${c.caller}@${String(c.pc)}#${c.apiId ?? c.api}`;
}

const RANK: Record<GuardVerdict, number> = { off: 4, 'needs-stored-value': 3, 'needs-event': 2, 'may-stop': 1 };
const ACC_STATIC = 0x8;
const ACC_FINAL = 0x10;
const MAX_DEPTH = 5;

/**
 * Stores whose values survive a restart: reading one is reading configuration or a stored choice. A database
 * row (Cursor) counts too: SDKs keep their switches in a provider of their own, shared across processes.
 */
const STORE_OWNERS = new Set(['Landroid/content/SharedPreferences;', 'Lcom/tencent/mmkv/MMKV;', 'Landroidx/datastore/preferences/core/Preferences;', 'Landroid/database/Cursor;']);
const STORE_READ = /^(get(Boolean|Int|Long|String|Float|Short)|contains|decode(Bool|Int|Long|String|Float)|contains[A-Z]\w*)$/;
const META_OWNERS = new Set(['Landroid/content/pm/ApplicationInfo;', 'Landroid/content/pm/PackageItemInfo;', 'Landroid/content/pm/ComponentInfo;', 'Landroid/content/pm/ActivityInfo;', 'Landroid/content/pm/ServiceInfo;', 'Landroid/content/pm/ProviderInfo;']);
const BUNDLE_OWNERS = new Set(['Landroid/os/Bundle;', 'Landroid/os/BaseBundle;']);
/** Runtime-permission checks: they return PERMISSION_GRANTED (0) or PERMISSION_DENIED (-1); the name is argument 1. */
const PERMISSION_CHECK = /^(checkSelfPermission|checkPermission|checkCallingOrSelfPermission)$/;
/** The framework's and the support libraries' checks; an app's own `checkPermission` helper is read by its summary. */
const PERMISSION_OWNERS = new Set(['Landroid/content/Context;', 'Landroid/content/ContextWrapper;', 'Landroid/app/Activity;', 'Landroid/app/Application;', 'Landroid/app/Service;',
  'Landroid/content/pm/PackageManager;', 'Landroidx/core/content/ContextCompat;', 'Landroidx/core/content/PermissionChecker;', 'Landroidx/core/app/ActivityCompat;',
  'Landroid/support/v4/content/ContextCompat;', 'Landroid/support/v4/content/PermissionChecker;', 'Landroid/support/v4/app/ActivityCompat;']);
/**
 * Callbacks that run when an operation fails (XGIOperateCallback.onFail, onFailure, onError…). By name, which is
 * safe here: a callback implements an interface or overrides a supertype, whose public names survive obfuscation.
 */
const FAILURE_CALLBACK = /^on[A-Za-z]*(Fail|Failed|Failure|Error|Exception)$/;
const ON_RECEIVE = '->onReceive(Landroid/content/Context;Landroid/content/Intent;)V';
/** Calls with which code delivers a broadcast itself: a receiver it then reaches needs no outside event. */
const SEND_BROADCAST = /^send(Ordered|Sticky)?Broadcast(AsUser|Sync)?$/;
const EQUALS = new Set(['Ljava/lang/String;->equals', 'Ljava/lang/Object;->equals', 'Landroid/text/TextUtils;->equals', 'Ljava/util/Objects;->equals', 'Lkotlin/jvm/internal/Intrinsics;->areEqual']);

/** A value on a fresh install: a constant, an argument of the method being summarised, or unknown (undefined). */
type Fresh = number | string | null | undefined | { readonly param: number };

function isParam(f: Fresh): f is { readonly param: number } {
  return typeof f === 'object' && f !== null;
}

function concrete(f: Fresh): f is number | string | null {
  return f !== undefined && !isParam(f);
}

interface Self {
  readonly argOfSlot: readonly (number | undefined)[];
}

/** A value that comes from configuration or storage, with what it is on a fresh install when known. */
interface FlagSource {
  readonly source: GuardSource;
  readonly reads: string;
  readonly callee: string;
  /** The value on a fresh install (number for booleans and ints, string or null for strings); undefined: unknown. */
  readonly fresh: Fresh;
  readonly metaData?: PathGuard['metaData'];
}

interface Graph {
  readonly flow: MethodFlow;
  readonly index: Map<number, number>;
  readonly succ: number[][];
  /** Successors without the edges into exception handlers: the flow when nothing throws. */
  readonly normal: number[][];
}

function parseMethod(s: string): MethodRef | null {
  const m = /^(L[^;]+;)->([^(]+)(\(.*)$/.exec(s);
  return m === null ? null : { owner: m[1]!, name: m[2]!, descriptor: m[3]! };
}

function short(ref: MethodRef): string {
  return `${typeToJava(ref.owner)}.${ref.name}`;
}

function literal(v: Value | null | undefined): number | string | null | undefined {
  if (v === null || v === undefined) return undefined;
  if (v.k === 'int') return v.v;
  if (v.k === 'string') return v.v;
  return undefined;
}

function show(v: Fresh): string {
  if (v === undefined) return '?';
  if (isParam(v)) return `argument ${String(v.param)}`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A manifest meta-data value as Bundle.get* returns it: booleans as 0/1, ints as numbers. */
function metaValue(raw: string | null): number | string | null {
  if (raw === null) return null;
  if (raw === 'true') return 1;
  if (raw === 'false') return 0;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (/^0x[0-9a-f]+$/i.test(raw)) return Number.parseInt(raw, 16) | 0;
  return raw;
}

function metaLine(root: XmlElement | undefined, name: string): number | null {
  if (root === undefined) return null;
  const stack = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.tag === 'meta-data' && e.attrs['android:name'] === name) return e.line;
    for (const c of e.children) stack.push(c);
  }
  return null;
}

/** Does the comparison hold for a (and b, or zero)? Strings compare by identity with null only. */
function compare(cmp: NonNullable<Jump['cmp']>, a: number | string | null, b: number | string | null): boolean | undefined {
  const num = (x: number | string | null): number | undefined => (x === null ? 0 : typeof x === 'number' ? x : undefined);
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) {
    // A non-null string against null / zero: only eq and ne are known.
    if (b === 0 || b === null) return cmp === 'eq' ? a === null : cmp === 'ne' ? a !== null : undefined;
    return undefined;
  }
  switch (cmp) {
    case 'eq': return x === y;
    case 'ne': return x !== y;
    case 'lt': return x < y;
    case 'ge': return x >= y;
    case 'gt': return x > y;
    case 'le': return x <= y;
  }
}

/** A static field read back after the method stored a value in it: that value (`sFlag = prefs.getInt(…); if (sFlag …)`). */
function storedBefore(flow: MethodFlow, v: Value | null, pc: number): Value | null {
  if (v?.k !== 'field') return v;
  let out: Value | null = v;
  for (const w of flow.fieldWrites) {
    if (w.pc < pc && w.op === 'sput' && w.value !== null && w.field.owner === v.ref.owner && w.field.name === v.ref.name) out = w.value;
  }
  return out;
}

export class GuardFinder {
  private readonly code: CodeIndex;
  private readonly manifest: Manifest | null;
  private readonly graphs = new Map<string, Graph | null>();
  private readonly summaries = new Map<string, FlagSource | null>();
  private readonly steps = new Map<string, PathGuard | null>();
  private readonly fields = new Map<string, FieldInfo | null>();

  constructor(code: CodeIndex, manifest: Manifest | null) {
    this.code = code;
    this.manifest = manifest;
  }

  /** The strongest guard on a call's path (entry → caller → the call at pc), or null. */
  forCall(c: Pick<SensitiveCall, 'caller' | 'pc' | 'path'>): PathGuard | null {
    const path = c.path !== undefined && c.path.length > 0 ? c.path : [c.caller];
    let best: PathGuard | null = null;
    for (let i = 0; i < path.length; i++) {
      const g = i + 1 < path.length ? this.step(path[i]!, path[i + 1]!, null) : this.step(path[i]!, null, c.pc);
      if (g !== null && (best === null || RANK[g.verdict] > RANK[best.verdict])) best = g;
    }
    return best;
  }

  /** The guard in method `m` on its way to `next` (a method it leads to) or to the instruction at `pc`. */
  private step(m: string, next: string | null, pc: number | null): PathGuard | null {
    const key = `${m}>${next ?? String(pc)}`;
    const hit = this.steps.get(key);
    if (hit !== undefined) return hit;
    this.steps.set(key, null);
    const g = this.graph(m);
    let out: PathGuard | null = null;
    if (g !== null) {
      const sites = pc !== null ? [pc] : this.sitesOf(g.flow, next!);
      if (sites.length > 0) out = this.guardIn(m, g, sites);
      const event = next === null ? null : this.eventStep(m, g, next, sites);
      if (event !== null && (out === null || RANK[event.verdict] > RANK[out.verdict])) out = event;
    }
    this.steps.set(key, out);
    return out;
  }

  /**
   * A step into a callback that only an event after the start runs: a failure callback, or the onReceive of a
   * receiver the code creates at run time for broadcasts that are not sticky (a sticky one is delivered on
   * registration) and that it does not send itself. The start of the app does not guarantee such a step.
   */
  private eventStep(m: string, g: Graph, next: string, sites: number[]): PathGuard | null {
    const ref = parseMethod(next);
    if (ref === null) return null;
    const at = sites[0] ?? -1;
    if (FAILURE_CALLBACK.test(ref.name) && this.isCallback(ref)) {
      const iface = this.declaringSupertype(ref);
      return {
        verdict: 'needs-event', source: 'failure-callback', method: m, pc: at, reads: `${short(ref)} (a failure callback)`, callee: `${typeToJava(ref.owner)}.${ref.name}`,
        detail: `${short(ref)} is a failure callback${iface === null ? '' : ` (it implements ${typeToJava(iface)}.${ref.name})`} that ${short(parseMethod(m)!)} hands on: it runs only when the operation fails`,
      };
    }
    if (!next.endsWith(ON_RECEIVE)) return null;
    // The method calls onReceive itself, or sends the broadcast itself: no outside event is needed.
    if (g.flow.invokes.some((i) => (i.target.name === 'onReceive' && i.target.descriptor === ref.descriptor) || SEND_BROADCAST.test(i.target.name))) return null;
    // The receiver's registration: the first registerReceiver after the method creates it; its filter's actions,
    // those added since the registration before (a method may register several receivers, each with its filter).
    const created = g.flow.flow.typeSites.find((t) => t.type === ref.owner)?.pc ?? -1;
    const registers = g.flow.invokes.filter((i) => i.target.name === 'registerReceiver');
    const k = registers.findIndex((i) => i.pc > created);
    const register = k < 0 ? undefined : registers[k];
    const after = k > 0 ? registers[k - 1]!.pc : -1;
    const actions = new Set<string>();
    for (const i of register === undefined ? [] : g.flow.invokes) {
      if (i.pc <= after || i.pc >= register!.pc) continue;
      if (i.target.owner !== 'Landroid/content/IntentFilter;' || (i.target.name !== '<init>' && i.target.name !== 'addAction')) continue;
      const a = i.args[1];
      if (a?.k === 'string') actions.add(a.v);
    }
    const sticky = stickyBroadcasts();
    if ([...actions].some((a) => sticky.has(a))) return null;
    const list = [...actions].slice(0, 4).join(', ');
    return {
      verdict: 'needs-event', source: 'receiver', method: m, pc: register?.pc ?? at, reads: actions.size > 0 ? `broadcasts ${list}` : 'broadcasts to a receiver created at run time',
      callee: register === undefined ? `${typeToJava(ref.owner)}.onReceive` : short(register.target),
      detail: `${short(parseMethod(m)!)} creates ${typeToJava(ref.owner)} at run time${actions.size > 0 ? ` for ${list}${actions.size > 4 ? ', …' : ''}` : ''}: its onReceive runs only when such a broadcast comes, which the start of the app does not bring`,
    };
  }

  /** An instance method that implements or overrides one of its class's supertypes (the framework's or the package's). */
  private isCallback(ref: MethodRef): boolean {
    const info = this.code.getMethod(ref);
    if (info === undefined || (info.accessFlags & ACC_STATIC) !== 0) return false;
    return this.declaringSupertype(ref) !== null;
  }

  /** The supertype that declares the method (or an outside supertype, whose methods are not seen), or null. */
  private declaringSupertype(ref: MethodRef): string | null {
    const seen = new Set<string>();
    const start = this.code.getClass(ref.owner);
    if (start === undefined) return null;
    const stack = [...(start.superName === null ? [] : [start.superName]), ...start.interfaces];
    while (stack.length > 0 && seen.size < 64) {
      const t = stack.pop()!;
      if (seen.has(t) || t === 'Ljava/lang/Object;') continue;
      seen.add(t);
      const c = this.code.getClass(t);
      if (c === undefined) return t;
      if (c.methods().some((x) => x.name === ref.name && x.descriptor === ref.descriptor)) return t;
      if (c.superName !== null) stack.push(c.superName);
      stack.push(...c.interfaces);
    }
    return null;
  }

  /** Instructions of a method that can lead to `next`: calls with its name and descriptor, and uses of its class. */
  private sitesOf(flow: MethodFlow, next: string): number[] {
    const ref = parseMethod(next);
    if (ref === null) return [];
    const out: number[] = [];
    if (ref.name !== '<clinit>') for (const inv of flow.invokes) if (inv.target.name === ref.name && inv.target.descriptor === ref.descriptor) out.push(inv.pc);
    // A static initialiser runs on any use of its class; a callback, once its class is instantiated or named.
    if (out.length === 0) for (const t of flow.flow.typeSites) if (t.type === ref.owner) out.push(t.pc);
    return out;
  }

  private graph(m: string): Graph | null {
    const hit = this.graphs.get(m);
    if (hit !== undefined) return hit;
    this.graphs.set(m, null);
    const ref = parseMethod(m);
    const info = ref === null ? undefined : this.code.getMethod(ref);
    const flow = info?.flow?.() ?? null;
    if (flow === null) return null;
    const pcs = flow.flow.pcs;
    const index = new Map<number, number>();
    for (let i = 0; i < pcs.length; i++) index.set(pcs[i]!, i);
    const jumps = new Map<number, Jump>();
    for (const j of flow.flow.jumps) jumps.set(j.pc, j);
    const succ: number[][] = [];
    const normal: number[][] = [];
    for (let i = 0; i < pcs.length; i++) {
      const j = jumps.get(pcs[i]!);
      const s: number[] = [];
      if (j === undefined || j.kind === 'if' || j.kind === 'switch') if (i + 1 < pcs.length) s.push(i + 1);
      if (j !== undefined) for (const t of j.targets) { const k = index.get(t); if (k !== undefined) s.push(k); }
      normal.push([...s]);
      for (const t of flow.flow.tries) {
        if (pcs[i]! < t.start || pcs[i]! >= t.end) continue;
        for (const h of t.handlers) { const k = index.get(h); if (k !== undefined) s.push(k); }
      }
      succ.push(s);
    }
    const g: Graph = { flow, index, succ, normal };
    this.graphs.set(m, g);
    return g;
  }

  /** Instructions reachable from the method's start, with the edge from..to left out (to: -1 for none). */
  private reachable(g: Graph, from: number, to: number): Uint8Array {
    return this.reachableWithout(g, from < 0 ? null : new Map([[from, to]]));
  }

  /** Instructions reachable from the start with some edges left out (instruction → the successor it may not take). */
  private reachableWithout(g: Graph, cut: ReadonlyMap<number, number> | null): Uint8Array {
    const seen = new Uint8Array(g.succ.length);
    if (g.succ.length === 0) return seen;
    const stack = [0];
    seen[0] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const no = cut?.get(i);
      for (const k of g.succ[i]!) {
        if (k === no) continue;
        if (seen[k] === 0) {
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    return seen;
  }

  private guardIn(m: string, g: Graph, sitePcs: number[]): PathGuard | null {
    const all = this.reachable(g, -1, -1);
    const sites = sitePcs.map((pc) => g.index.get(pc)).filter((i): i is number => i !== undefined && all[i] === 1);
    if (sites.length === 0) return null;
    let best: PathGuard | null = null;
    // A call reached only through an exception handler (a catch block) runs only when something throws first.
    const plain = this.reachableWithout({ ...g, succ: g.normal }, null);
    if (sites.every((i) => plain[i] === 0)) {
      const pc = g.flow.flow.pcs[sites[0]!]!;
      best = {
        verdict: 'may-stop', source: 'exception', method: m, pc, reads: 'an exception thrown in the method', callee: m,
        detail: `the call at pc 0x${pc.toString(16)} is in an exception handler (catch): it runs only when something in the method throws first`,
      };
    }
    // Permission checks whose answer on a fresh install is known: apps often test several (READ_SMS or
    // READ_PHONE_NUMBERS or READ_PHONE_STATE), so no one branch stops the call, but all of them together can.
    const permissionCut = new Map<number, number>();
    const permissionReads: string[] = [];
    let firstPermissionPc = -1;
    for (const j of g.flow.flow.jumps) {
      if (j.kind !== 'if' || j.cmp === null) continue;
      const at = g.index.get(j.pc)!;
      const taken = g.index.get(j.targets[0]!);
      const fall = at + 1 < g.succ.length ? at + 1 : undefined;
      if (taken === undefined || fall === undefined || taken === fall) continue;
      // What the branch tests first (cached, and most tests are no flag); then whether it can stop the call.
      const srcA = this.sourceOf(storedBefore(g.flow, j.a, j.pc), 0);
      const srcB = srcA === null && !j.zero ? this.sourceOf(storedBefore(g.flow, j.b, j.pc), 0) : null;
      const src = srcA ?? srcB;
      if (src === null) continue;
      if (src.source === 'permission' && concrete(src.fresh)) {
        const other = j.zero ? 0 : literal(srcA !== null ? j.b : j.a);
        if (other !== undefined) {
          const t = srcA !== null ? compare(j.cmp, src.fresh, other) : compare(j.cmp, other, src.fresh);
          if (t !== undefined) {
            permissionCut.set(at, t ? fall : taken);
            permissionReads.push(src.reads);
            if (firstPermissionPc < 0) firstPermissionPc = j.pc;
          }
        }
      }
      // Forcing the branch one way = leaving out its other edge.
      const onTaken = this.reachable(g, at, fall);
      const onFall = this.reachable(g, at, taken);
      const blockedTaken = sites.every((s) => onTaken[s] === 0);
      const blockedFall = sites.every((s) => onFall[s] === 0);
      if (!blockedTaken && !blockedFall) continue;
      // Which way a fresh install goes, when the tested value and what it is compared with are known.
      let freshTaken: boolean | undefined;
      if (concrete(src.fresh)) {
        const other = j.zero ? 0 : literal(srcA !== null ? j.b : j.a);
        if (other !== undefined) freshTaken = srcA !== null ? compare(j.cmp, src.fresh, other) : compare(j.cmp, other, src.fresh);
      }
      const freshBlocked = freshTaken === undefined ? undefined : freshTaken ? blockedTaken : blockedFall;
      const verdict = this.verdict(src.source, freshBlocked);
      if (verdict === null) continue;
      const way = freshBlocked === true
        ? `on a fresh install it is ${show(src.fresh)}, and the branch then skips the call`
        : `one way of the branch skips the call`;
      const guard: PathGuard = {
        verdict, source: src.source, method: m, pc: j.pc, reads: src.reads, callee: src.callee,
        detail: `if-${j.cmp}${j.zero ? 'z' : ''} at pc 0x${j.pc.toString(16)} tests ${src.reads}: ${way}`,
        ...(src.metaData !== undefined ? { metaData: src.metaData } : {}),
      };
      if (best === null || RANK[guard.verdict] > RANK[best.verdict]) best = guard;
    }
    if (permissionCut.size > 1 && (best === null || RANK[best.verdict] < RANK['may-stop'])) {
      const fresh = this.reachableWithout(g, permissionCut);
      if (sites.every((s) => fresh[s] === 0)) {
        const reads = [...new Set(permissionReads)];
        best = {
          verdict: 'may-stop', source: 'permission', method: m, pc: firstPermissionPc, reads: reads.join(' | '), callee: reads[0]!.replace(/\(.*$/u, ''),
          detail: `${reads.length} permission checks from pc 0x${firstPermissionPc.toString(16)} (${reads.join(', ')}): none is granted on a fresh install, and then every way to the call is skipped`,
        };
      }
    }
    return best;
  }

  private verdict(source: GuardSource, freshBlocked: boolean | undefined): GuardVerdict | null {
    switch (source) {
      case 'persisted':
        // A stored value that lets the call run on a fresh install stops nothing on the first launch (the scene
        // of "before consent"); one that must be stored first is a consent-like check.
        return freshBlocked === true ? 'needs-stored-value' : freshBlocked === false ? null : 'may-stop';
      case 'meta-data':
        return freshBlocked === true ? 'off' : 'may-stop';
      case 'build-flag':
        return freshBlocked === true ? 'off' : null;
      case 'exception':
        // Set where the handler is found, never from a tested value.
        return 'may-stop';
      case 'failure-callback':
      case 'receiver':
        // Set where the callback is found (eventStep), never from a tested value.
        return 'needs-event';
      case 'permission':
        // A dangerous permission is not granted on a fresh install: the call waits for the user to grant it,
        // which apps may ask for before or after the policy. It can stop the call, so nothing is `confirmed`.
        return freshBlocked === true ? 'may-stop' : null;
      case 'static-flag':
        // A static flag the call runs with as initialised is an init-once guard (`if (inited) return`):
        // nothing stops the first call. One that must be set first can stop it. Most static flags are state
        // (loaded, inited), not configuration: one whose initial way is not known is no guard.
        return freshBlocked === true ? 'may-stop' : null;
    }
  }

  /**
   * Where a tested value comes from, when that is configuration or storage. Inside a summary (`self`), an
   * argument of the summarised method stands as `{ param }`, resolved by each caller against its own arguments.
   */
  private sourceOf(v: Value | null | undefined, depth: number, self: Self | null = null): FlagSource | null {
    if (v === null || v === undefined || depth > MAX_DEPTH) return null;
    if (v.k === 'field') return this.fieldSource(v.ref);
    if (v.k !== 'result') return null;
    const of = v.of;
    const a = v.args;
    if (STORE_OWNERS.has(of.owner) && STORE_READ.test(of.name)) {
      const key = literal(a[1]);
      const fallback = of.name.startsWith('contains') ? 0 : a.length > 2 ? this.freshOf(a[2], self) : of.name.endsWith('Bool') || of.name.endsWith('Int') ? 0 : undefined;
      // A Cursor read has no default: an empty store makes the caller fall back (see summary).
      const fresh = of.owner === 'Landroid/database/Cursor;' ? undefined : fallback === 0 && /String/.test(of.name) ? null : fallback;
      return { source: 'persisted', reads: `${typeToJava(of.owner)}.${of.name}(${show(key)}${a.length > 2 ? `, ${show(literal(a[2]))}` : ''})`, callee: `${typeToJava(of.owner)}.${of.name}`, fresh };
    }
    if (BUNDLE_OWNERS.has(of.owner) && of.name.startsWith('get') && a[0]?.k === 'field' && a[0].ref.name === 'metaData' && META_OWNERS.has(a[0].ref.owner)) {
      const key = literal(a[1]);
      const fallback = a.length > 2 ? literal(a[2]) : of.name === 'getBoolean' || of.name === 'getInt' ? 0 : null;
      const md = typeof key === 'string' ? this.manifest?.metaData.find((d) => d.name === key) : undefined;
      const fresh = typeof key !== 'string' ? undefined : md !== undefined ? metaValue(md.value) : fallback;
      const metaData = typeof key === 'string' ? { name: key, value: md?.value ?? null, line: md === undefined ? null : metaLine(this.manifest?.root, key) } : undefined;
      return {
        source: 'meta-data',
        reads: `meta-data ${show(key)} (${md === undefined ? `not set in the manifest: ${show(fallback)}` : `set to ${show(md.value)} in the manifest`})`,
        callee: `android.os.Bundle.${of.name}`, fresh, ...(metaData !== undefined ? { metaData } : {}),
      };
    }
    if (PERMISSION_OWNERS.has(of.owner) && PERMISSION_CHECK.test(of.name) && of.descriptor.endsWith(')I') && typeof literal(a[1]) === 'string') {
      const name = literal(a[1]) as string;
      // Dangerous permissions are asked for at run time from Android 6 (targetSdk 23) on; others are granted at install.
      const asked = permissionByName(name)?.dangerous === true && (this.manifest?.targetSdk ?? 0) >= 23;
      return { source: 'permission', reads: `${typeToJava(of.owner)}.${of.name}("${name}")`, callee: `${typeToJava(of.owner)}.${of.name}`, fresh: asked ? -1 : 0 };
    }
    if (EQUALS.has(`${of.owner}->${of.name}`) || this.isEqualsLike(of)) {
      const x = [a[0], a[1]];
      for (let k = 0; k < 2; k++) {
        const s = this.sourceOf(x[k], depth + 1, self);
        if (s === null) continue;
        const other = literal(x[1 - k]);
        const fresh = !concrete(s.fresh) || other === undefined ? undefined : s.fresh === other ? 1 : 0;
        return { ...s, reads: `${s.reads} == ${show(other)}`, fresh };
      }
      return null;
    }
    if (of.owner === 'Landroid/text/TextUtils;' && of.name === 'isEmpty') {
      const s = this.sourceOf(a[0], depth + 1, self);
      if (s === null) return null;
      return { ...s, reads: `isEmpty(${s.reads})`, fresh: !concrete(s.fresh) ? undefined : s.fresh === null || s.fresh === '' ? 1 : 0 };
    }
    // A method of the package that returns such a value, or decides on one; a default it returns is the
    // caller's argument.
    const summary = this.summary(of, depth + 1);
    if (summary !== null) {
      const f = summary.fresh;
      return isParam(f) ? { ...summary, fresh: this.freshOf(a[f.param], self) } : summary;
    }
    // A value computed from one: the source counts, what it is on a fresh install is not known.
    for (const x of a) {
      const s = x?.k === 'result' ? this.sourceOf(x, depth + 1, self) : null;
      if (s !== null) return { ...s, reads: `${short(of)}(${s.reads})`, fresh: undefined };
    }
    return null;
  }

  /** What a value is on a fresh install when it is a constant, a static field's initial value, or an argument. */
  private freshOf(v: Value | null | undefined, self: Self | null): Fresh {
    if (v === null || v === undefined) return undefined;
    if (v.k === 'int' || v.k === 'string') return v.v;
    if (v.k === 'param') {
      const i = self?.argOfSlot[v.slot];
      return i === undefined ? undefined : { param: i };
    }
    if (v.k === 'field') {
      const f = this.field(v.ref);
      return f === null || (f.accessFlags & ACC_STATIC) === 0 ? undefined : this.initialOf(f);
    }
    return undefined;
  }

  private field(ref: { owner: string; name: string; type: string }): FieldInfo | null {
    const key = `${ref.owner}->${ref.name}`;
    let f = this.fields.get(key);
    if (f === undefined) {
      f = this.code.getClass(ref.owner)?.fields().find((x) => x.name === ref.name && x.type === ref.type) ?? null;
      this.fields.set(key, f);
    }
    return f;
  }

  /** A static int or boolean field's value before any method but <clinit> ran: static_values, else what <clinit> stores. */
  private initialOf(f: FieldInfo): number | undefined {
    if (f.initialValue?.k === 'int') return f.initialValue.v;
    const clinit = this.code.getClass(f.owner)?.methods().find((m) => m.name === '<clinit>');
    let out: number | undefined = f.type === 'Z' || f.type === 'I' || f.type === 'B' || f.type === 'S' ? 0 : undefined;
    for (const w of clinit?.code()?.fieldWrites ?? []) {
      if (w.op === 'sput' && w.field.name === f.name && w.field.owner === f.owner) out = w.value?.k === 'int' ? w.value.v : undefined;
    }
    return out;
  }

  private fieldSource(ref: { owner: string; name: string; type: string }): FlagSource | null {
    if (ref.type !== 'Z' && ref.type !== 'I' && ref.type !== 'B' && ref.type !== 'S') return null;
    const f = this.field(ref);
    if (f === null || (f.accessFlags & ACC_STATIC) === 0) return null;
    const final = (f.accessFlags & ACC_FINAL) !== 0;
    return { source: final ? 'build-flag' : 'static-flag', reads: `${typeToJava(ref.owner)}.${ref.name}`, callee: `${typeToJava(ref.owner)}.${ref.name}`, fresh: this.initialOf(f) };
  }

  /**
   * The constants a return instruction can return on the paths left (`seen`, `cut`): the register's writes
   * reached walking back from it. undefined for a write that is not a constant.
   */
  private valuesAt(g: Graph, r: { readonly pc: number; readonly reg: number | null }, seen: Uint8Array, cut: ReadonlyMap<number, number>): (number | string | null | undefined)[] {
    if (r.reg === null) return [undefined];
    const reg = r.reg;
    const defs = new Map<number, Value | null>();
    for (const d of g.flow.flow.defs) if (d.reg === reg) defs.set(d.pc, d.value);
    const preds = predecessors(g);
    const start = g.index.get(r.pc)!;
    const out: (number | string | null | undefined)[] = [];
    const visited = new Uint8Array(g.succ.length);
    const stack = [start];
    while (stack.length > 0 && out.length < 16) {
      const i = stack.pop()!;
      for (const p of preds[i]!) {
        if (seen[p] === 0 || cut.get(p) === i || visited[p] === 1) continue;
        visited[p] = 1;
        const pc = g.flow.flow.pcs[p]!;
        if (defs.has(pc)) out.push(literal(defs.get(pc)));
        else if (p === 0) out.push(defs.has(-1) ? literal(defs.get(-1)) : undefined);
        else stack.push(p);
      }
      if (i === start && preds[i]!.length === 0) out.push(undefined);
    }
    return out;
  }

  /** A static (Object, Object)Z of the package whose only call is Object.equals: an equality helper (Kotlin's, renamed). */
  private isEqualsLike(of: MethodRef): boolean {
    if (of.descriptor !== '(Ljava/lang/Object;Ljava/lang/Object;)Z') return false;
    const code = this.code.getMethod(of)?.code();
    if (code == null || code.invokes.length === 0 || code.invokes.length > 2) return false;
    return code.invokes.every((i) => i.target.name === 'equals' && i.target.descriptor === '(Ljava/lang/Object;)Z');
  }

  /**
   * What a method of the package returns, when that comes from configuration or storage. Its value on a fresh
   * install: the store's default when every read agrees; or, when it also returns one of its arguments (the
   * default a wrapper falls back to on an empty store), that argument.
   */
  private summary(of: MethodRef, depth: number): FlagSource | null {
    const ret = of.descriptor.slice(of.descriptor.lastIndexOf(')') + 1);
    if (ret !== 'Z' && ret !== 'I' && ret !== 'Ljava/lang/String;') return null;
    if (depth > MAX_DEPTH) return null;
    const key = `${of.owner}->${of.name}${of.descriptor}`;
    const hit = this.summaries.get(key);
    if (hit !== undefined) return hit;
    this.summaries.set(key, null);
    let out: FlagSource | null = null;
    const g = this.graph(key);
    const info = this.code.getMethod(of);
    if (g !== null && info !== undefined) {
      const self: Self = { argOfSlot: argOfSlot(of.descriptor, (info.accessFlags & ACC_STATIC) !== 0) };
      const returned = g.flow.flow.returns.map((r) => r.value);
      const found = returned.map((v) => this.sourceOf(v, depth, self)).filter((s): s is FlagSource => s !== null);
      const params = returned.map((v) => this.freshOf(v?.k === 'param' ? v : null, self)).filter(isParam);
      if (found.length > 0) {
        // `return prefs.getBoolean(…)`, perhaps with early returns of constants or of the default argument.
        const s = found[0]!;
        const freshes = found.map((x) => x.fresh);
        const same = (x: Fresh, y: Fresh): boolean => (isParam(x) && isParam(y) ? x.param === y.param : x === y);
        let fresh: Fresh;
        if (freshes.every((x) => x !== undefined && same(x, freshes[0]))) fresh = freshes[0];
        else if (params.length === 1 && freshes.every((x) => x === undefined || same(x, params[0]))) fresh = params[0];
        out = { ...s, reads: `${short(of)}() → ${s.reads}`, fresh };
      } else {
        // A method that decides on such a value and returns constants (`return getInt(…) > 0`): on a fresh
        // install, each tested value takes its fresh way; the returns still reachable then give the value.
        let first: FlagSource | null = null;
        const cut = new Map<number, number>();
        let known = true;
        for (const j of g.flow.flow.jumps) {
          if (j.kind !== 'if' || j.cmp === null) continue;
          const sa = this.sourceOf(storedBefore(g.flow, j.a, j.pc), depth, self);
          const sb = sa === null && !j.zero ? this.sourceOf(storedBefore(g.flow, j.b, j.pc), depth, self) : null;
          const src = sa ?? sb;
          if (src === null || src.source === 'static-flag' || src.source === 'build-flag') continue;
          first ??= src;
          const other = j.zero ? 0 : literal(sa !== null ? j.b : j.a);
          const taken = !concrete(src.fresh) || other === undefined ? undefined : sa !== null ? compare(j.cmp, src.fresh, other) : compare(j.cmp, other, src.fresh);
          const at = g.index.get(j.pc);
          const target = g.index.get(j.targets[0]!);
          if (taken === undefined || at === undefined || target === undefined) {
            known = false;
            continue;
          }
          cut.set(at, taken ? at + 1 : target);
        }
        if (first !== null) {
          let fresh: Fresh;
          if (known) {
            const seen = this.reachableWithout(g, cut);
            const values = g.flow.flow.returns.filter((r) => seen[g.index.get(r.pc) ?? -1] === 1).flatMap((r) => this.valuesAt(g, r, seen, cut));
            if (values.length > 0 && values.every((v) => v !== undefined && v === values[0])) fresh = values[0];
          }
          out = { ...first, reads: `${short(of)}() (tests ${first.reads})`, fresh };
        }
      }
    }
    this.summaries.set(key, out);
    return out;
  }
}

const PREDS = new WeakMap<Graph, number[][]>();

function predecessors(g: Graph): number[][] {
  let out = PREDS.get(g);
  if (out === undefined) {
    out = g.succ.map(() => []);
    for (let i = 0; i < g.succ.length; i++) for (const k of g.succ[i]!) out[k]!.push(i);
    PREDS.set(g, out);
  }
  return out;
}

/** The argument index (receiver 0 for an instance method) of each in-register slot. */
function argOfSlot(descriptor: string, isStatic: boolean): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let arg = 0;
  if (!isStatic) out.push(arg++);
  for (const wide of parameterWidths(descriptor)) {
    out.push(arg);
    if (wide) out.push(undefined);
    arg++;
  }
  return out;
}

/** A manifest switch the knowledge base records for an SDK, read against this manifest. */
export interface SwitchState {
  readonly sdk: string;
  readonly name: string;
  readonly value: string | null;
  readonly line: number | null;
  /** Whether the SDK's automatic start runs as this manifest is set. */
  readonly autoStart: boolean;
  readonly source: string;
}

export function switchStates(manifest: Manifest | null): SwitchState[] {
  if (manifest === null) return [];
  const out: SwitchState[] = [];
  for (const s of manifestSwitches()) {
    const md = manifest.metaData.find((d) => d.name === s.metaData);
    const value = md?.value ?? null;
    const on = value === null ? s.default : s.enablesWhen.includes(value);
    out.push({ sdk: s.sdk, name: s.metaData, value, line: md === undefined ? null : metaLine(manifest.root, s.metaData), autoStart: on, source: s.sources[0]! });
  }
  return out;
}

/** Guards on every before-consent call, by guardKey; plus, for compatibility, method → reason. */
export function findGuards(facts: AnalysisFacts, code: CodeIndex, manifest: Manifest | null): Map<string, PathGuard> {
  const finder = new GuardFinder(code, manifest);
  const out = new Map<string, PathGuard>();
  const switches = switchStates(manifest).filter((s) => !s.autoStart);
  for (const c of facts.apiCalls) {
    if (c.beforeConsent !== true) continue;
    let g = finder.forCall(c);
    // The knowledge base's switch, off in this manifest, for the SDK whose own start-up entry point (its
    // provider, say) begins the path: that automatic start does not run. Calls the app makes are not covered.
    const entry = c.path?.[0] ?? c.caller;
    const entryClass = typeToJava(entry.slice(0, Math.max(0, entry.indexOf('->'))));
    const entrySdk = facts.sdks.find((h) => h.prefixes.some((p) => entryClass.startsWith(`${p}.`)))?.id;
    const sw = entrySdk === undefined ? undefined : switches.find((s) => s.sdk === entrySdk);
    if (sw !== undefined && (g === null || g.verdict !== 'off')) {
      g = {
        verdict: 'off', source: 'meta-data', method: c.path?.[0] ?? c.caller, pc: -1, reads: `meta-data "${sw.name}"`, callee: sw.name,
        detail: `the manifest ${sw.value === null ? 'does not set' : `sets ${JSON.stringify(sw.value)} for`} meta-data "${sw.name}": the SDK's automatic start is off (${sw.source})`,
        metaData: { name: sw.name, value: sw.value, line: sw.line }, knowledge: sw.source,
      };
    }
    if (g !== null) out.set(guardKey(c), g);
  }
  return out;
}
