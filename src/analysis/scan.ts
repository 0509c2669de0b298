// Pass 1: one walk over every method body. It records the call-graph edges (as ints, for reach.ts) and the
// raw facts: sensitive call sites, reflection, content URIs, behaviours and URL strings. Work per invoke is
// a Map lookup by the (interned) MethodRef object; strings are built only once per distinct target.
import { ErrorCode, PiscopeError } from '../errors.ts';
import { fieldKey, methodKey, type ClassInfo, type FieldRef, type MethodCode, type MethodInfo, type MethodRef, type Value } from '../package/code-model.ts';
import type { ApiBehavior, SensitiveApi } from '../knowledge/types.ts';
import type { ApiCatalogue } from './catalogue.ts';
import type { Via } from './facts.ts';
import { fnv1a } from './fnv.ts';
import { ByteBuffer, IntBuffer } from './int-buffer.ts';
import { isFrameworkType } from './framework-types.ts';
import type { Program } from './program.ts';
import { judgeProbe, readsWholeObject, type ProbeSite } from './access.ts';
import { classNameToType, classOf, stringOf, ValueResolver, type UriOf } from './values.ts';

/** Edge operations of the call graph (edgeOp values). */
export const OP_CALL_STATIC = 0; // static/direct/super: resolved up the hierarchy
export const OP_CALL_VIRTUAL = 1; // virtual/interface: RTA dispatch
export const OP_NEW = 2; // `<init>` of another class: an instantiation
export const OP_TOUCH = 3; // static field access: runs <clinit>
export const OP_REF_CLASS = 4; // const-class: a component started by Intent, a class handed to the framework
export const OP_REF_NAME = 5; // Class.forName("…") / loadClass("…"): reflection, instantiates

export interface RawCall {
  m: number;
  pc: number;
  api: SensitiveApi;
  via: Via;
  callee: string;
  /** The arguments show what a weak (generic) entry reads: a constant Settings key that names its data type. */
  proven?: true;
}

/** A presence probe of an app-list API (catalogue `access: probe`), for analyze to judge per owner. */
export interface RawProbe extends ProbeSite {
  api: SensitiveApi;
  callee: string;
}

export interface RawBehavior {
  m: number;
  kind: ApiBehavior;
  detail: string;
}

export interface ScanResult {
  edgeStart: Int32Array;
  edgeOp: Uint8Array;
  edgeArg: Int32Array;
  // A target is columns too (a 500 MB package has millions): its owner's type id and the Program's ids of its
  // name and descriptor. targetRef gives it back as a MethodRef.
  tidOwner: Int32Array;
  tidName: Int32Array;
  tidDesc: Int32Array;
  /** Sub-signature id per target, -1 until someone needs it (subsigOfTarget). */
  tidSubsig: Int32Array;
  /** Per method: calls to framework (android.*, java.*, …) methods, for fingerprint shapes. */
  fwCalls: Int32Array;
  /** Per method: order-free sum of hashes of the framework classes and method names it calls (fingerprint shapes). */
  fwSum: Int32Array;
  calls: RawCall[];
  /** Presence probes: collection only for a broad query or many named packages (analyze decides). */
  probes: RawProbe[];
  /** Catalogued calls judged not to collect (sending, an object getter whose object is not read here, a self probe). */
  judged: RawCall[];
  behaviors: RawBehavior[];
  urls: { url: string; m: number }[];
  /** Pairs (marker index, method) for every const-string found in ScanOptions.markers (SDK string markers). */
  markerHits?: number[];
}

// Flags of special targets (bit set per distinct invoke target).
const F_FOR_NAME = 1;
const F_GET_METHOD = 2;
const F_METHOD_INVOKE = 4;
const F_GET_FIELD = 8;
const F_URI_PARSE = 16;
const F_QUERY1 = 32; // Uri is argument 1 (after the receiver)
const F_QUERY2 = 64; // Uri is argument 2 (CursorLoader(Context, Uri, …))
const F_SETTINGS = 128;
const F_LAUNCH_INTENT = 256;
const F_COMPONENT = 512; // (String package, String class)
const F_SET_PACKAGE = 1024;
const F_DEX_LOADER = 2048;
const F_SENSOR = 4096;
/** Parcel.writeInterfaceToken(descriptor): an AIDL proxy about to call another app's service. */
const F_BINDER_TOKEN = 8192;
/** The catalogue lists the target itself: one test per invoke decides that nothing else needs doing. */
const F_API = 1 << 20;

const QUERY1_OWNERS = new Set(['Landroid/content/ContentResolver;', 'Landroid/content/ContentProviderClient;']);
const QUERY1_NAMES = new Set(['query', 'registerContentObserver']);
const CURSOR_LOADERS = new Set([
  'Landroid/content/CursorLoader;', 'Landroidx/loader/content/CursorLoader;', 'Landroid/support/v4/content/CursorLoader;',
]);
const DEX_LOADERS = new Set([
  'Ldalvik/system/DexClassLoader;', 'Ldalvik/system/InMemoryDexClassLoader;', 'Ldalvik/system/BaseDexClassLoader;',
]);
const SETTINGS_NS: Record<string, 'secure' | 'system' | 'global'> = {
  'Landroid/provider/Settings$Secure;': 'secure',
  'Landroid/provider/Settings$System;': 'system',
  'Landroid/provider/Settings$Global;': 'global',
};
const TYPE_ACCELEROMETER = 1;

/**
 * Strings that only counter-testing checks use (技术对抗), by what they look for: root and Magisk (su binaries,
 * root managers), emulators (QEMU properties and pipes, emulator build names and vendor files), hooking tools
 * (Frida's server, agent and thread names; Xposed's and Substrate's classes), debuggers and tracers. A path or
 * name alone, not a call: the string in reachable code is what is reported. Sources: the checks RootBeer
 * (scottyab/rootbeer Const.java), Android's emulator properties (ro.kernel.qemu, /dev/qemu_pipe) and Frida's
 * own names (frida-server, frida-agent, gum-js-loop, gmain, linjector).
 */
const ANTI_TEST_STRINGS: ReadonlyMap<string, string> = new Map([
  ...['/system/bin/su', '/system/xbin/su', '/sbin/su', '/su/bin/su', '/system/sd/xbin/su', '/system/bin/failsafe/su', '/data/local/xbin/su', '/data/local/bin/su', '/system/app/Superuser.apk', 'eu.chainfire.supersu', 'com.noshufou.android.su', 'com.koushikdutta.superuser', 'com.thirdparty.superuser', 'com.yellowes.su', 'com.topjohnwu.magisk', 'com.kingroot.kinguser', 'com.kingo.root', 'com.zhiqupk.root.global', 'ro.debuggable', 'test-keys'].map((k) => [k, 'root'] as const),
  ...['ro.kernel.qemu', '/dev/qemu_pipe', '/dev/socket/qemud', '/system/lib/libc_malloc_debug_qemu.so', '/sys/qemu_trace', '/system/bin/qemu-props', 'init.goldfish.rc', 'ueventd.goldfish.rc', 'goldfish', 'ranchu', 'generic_x86', 'vbox86', 'ro.product.model.sdk', '/system/bin/nox-prop', '/system/lib/libnoxspeedup.so', 'com.bluestacks.appmart', '/system/bin/microvirt-prop', '/system/lib/libdroid4x.so', 'com.mumu.launcher', 'com.kaopu001.tiantianserver'].map((k) => [k, 'emulator'] as const),
  ...['frida-server', 'frida-agent', 'frida-gadget', 're.frida.server', 'gum-js-loop', 'gmain', 'linjector', 'frida', 'de.robv.android.xposed.XposedBridge', 'de.robv.android.xposed.installer', 'XposedBridge.jar', 'com.saurik.substrate', 'io.va.exposed', 'org.lsposed.manager'].map((k) => [k, 'hook'] as const),
  ...['TracerPid', 'TracerPid:'].map((k) => [k, 'debugger'] as const),
]);

const NO_APIS: readonly SensitiveApi[] = [];

/** Owners that flagsOf knows: every other target has no flags. */
const SPECIAL_OWNERS = new Set([
  'Ljava/lang/Class;', 'Ljava/lang/reflect/Method;', 'Landroid/net/Uri;', 'Landroid/content/ContentResolver;',
  'Landroid/content/ContentProviderClient;', 'Landroid/app/Activity;', 'Landroid/content/pm/PackageManager;',
  'Landroid/content/ComponentName;', 'Landroid/content/Intent;', 'Ldalvik/system/DexFile;', 'Landroid/hardware/SensorManager;',
  'Landroid/provider/Settings$Secure;', 'Landroid/provider/Settings$System;', 'Landroid/provider/Settings$Global;',
  'Landroid/content/CursorLoader;', 'Landroidx/loader/content/CursorLoader;', 'Landroid/support/v4/content/CursorLoader;',
  'Ldalvik/system/DexClassLoader;', 'Ldalvik/system/InMemoryDexClassLoader;', 'Ldalvik/system/BaseDexClassLoader;',
  'Landroid/os/Parcel;',
]);

function flagsOf(t: MethodRef): number {
  const { owner, name, descriptor: d } = t;
  if (owner === 'Ljava/lang/Class;') {
    if (name === 'forName') return F_FOR_NAME;
    if (name === 'getMethod' || name === 'getDeclaredMethod') return F_GET_METHOD;
    if (name === 'getField' || name === 'getDeclaredField') return F_GET_FIELD;
    return 0;
  }
  if (owner === 'Ljava/lang/reflect/Method;' && name === 'invoke') return F_METHOD_INVOKE;
  if (owner === 'Landroid/net/Uri;' && name === 'parse') return F_URI_PARSE;
  if (owner === 'Landroid/os/Parcel;' && name === 'writeInterfaceToken') return F_BINDER_TOKEN;
  if (QUERY1_OWNERS.has(owner) && QUERY1_NAMES.has(name)) return F_QUERY1;
  if (owner === 'Landroid/app/Activity;' && name === 'managedQuery') return F_QUERY1;
  if (CURSOR_LOADERS.has(owner) && name === '<init>' && d.startsWith('(Landroid/content/Context;Landroid/net/Uri;')) return F_QUERY2;
  if (SETTINGS_NS[owner] !== undefined && name.startsWith('get') && d.startsWith('(Landroid/content/ContentResolver;Ljava/lang/String;')) return F_SETTINGS;
  if (owner === 'Landroid/content/pm/PackageManager;' && name === 'getLaunchIntentForPackage') return F_LAUNCH_INTENT;
  if (owner === 'Landroid/content/ComponentName;' && name === '<init>' && d === '(Ljava/lang/String;Ljava/lang/String;)V') return F_COMPONENT;
  if (owner === 'Landroid/content/Intent;' && name === 'setClassName' && d.startsWith('(Ljava/lang/String;Ljava/lang/String;)')) return F_COMPONENT;
  if (owner === 'Landroid/content/Intent;' && name === 'setPackage') return F_SET_PACKAGE;
  if (DEX_LOADERS.has(owner) && name === '<init>') return F_DEX_LOADER;
  if (owner === 'Ldalvik/system/DexFile;' && name === 'loadDex') return F_DEX_LOADER;
  if (owner === 'Landroid/hardware/SensorManager;' && name === 'registerListener') return F_SENSOR;
  return 0;
}

export interface ScanOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** The app's own package, so explicit intents into it are not chain-starts. */
  ownPackage: string | null;
  /** Strings to report where they occur (SDK string markers → their index). */
  markers?: ReadonlyMap<string, number> | undefined;
}

export function scan(program: Program, catalogue: ApiCatalogue, opts: ScanOptions): ScanResult {
  const resolver = new ValueResolver(program, catalogue);
  const tidByRef = new Map<MethodRef, number>();
  const tidOwner = new IntBuffer(1 << 14);
  const tidName = new IntBuffer(1 << 14);
  const tidDesc = new IntBuffer(1 << 14);
  const tidFw = new ByteBuffer(1 << 14);
  const tidFwHash = new IntBuffer(1 << 14);
  const fwCalls = new Int32Array(program.methodCount);
  const fwSum = new Int32Array(program.methodCount);
  const strHashes = new Map<string, number>();
  const strHash = (x: string): number => {
    let h = strHashes.get(x);
    if (h === undefined) {
      h = fnv1a(x, 0x811c9dc5); // only its value mod 2^32 counts: tidFwHash goes through imul and | 0
      strHashes.set(x, h);
    }
    return h;
  };
  const keyOf = (tid: number): string => methodKey({ owner: program.typeNames[tidOwner.at(tid)]!, name: program.name(tidName.at(tid)), descriptor: program.desc(tidDesc.at(tid)) });
  const tidFlags = new IntBuffer(1 << 14);
  /** The catalogue's entries of the few targets it names, and whether through the hierarchy. */
  const tidApi = new Map<number, { api: readonly SensitiveApi[]; via: Via; hier: number }>();
  const fieldInfo = new Map<FieldRef, { owner: number; api: readonly SensitiveApi[] }>();

  const edgeStart = new Int32Array(program.methodCount + 1);
  const ops = new ByteBuffer(1 << 16);
  const args = new IntBuffer(1 << 16);
  const calls: RawCall[] = [];
  const probes: RawProbe[] = [];
  const judged: RawCall[] = [];
  /** This method's calls whose catalogue `access` needs the rest of the method to judge. */
  let deferred: { inv: MethodCode['invokes'][number]; tid: number; api: SensitiveApi }[] | null = null;
  const behaviors: RawBehavior[] = [];
  const urls: { url: string; m: number }[] = [];
  const markers = opts.markers;
  const markerHits: number[] = [];

  const internTarget = (t: MethodRef): number => {
    // Once per distinct MethodRef object (the reader interns them per dex file, so a target used by several
    // dex files gets one tid per file: cheaper than a global key map on big apps). The sub-signature is
    // interned later, only for targets that the reachability pass meets (tidSubsig -1 until then).
    const owner = program.typeId(t.owner);
    const tid = tidOwner.length;
    // Ids, not the dex's own ref: its strings can go with the dex.
    tidName.push(program.nameId(t.name));
    tidDesc.push(program.descId(t.descriptor));
    const fwTarget = !program.isApp(owner) && isFrameworkType(t.owner);
    tidFw.push(fwTarget ? 1 : 0);
    tidFwHash.push(fwTarget ? (Math.imul(strHash(t.owner), 31) + strHash(t.name)) | 0 : 0);
    tidOwner.push(owner);
    const flags = SPECIAL_OWNERS.has(t.owner) ? flagsOf(t) : 0;
    let api = catalogue.method(t.owner, t.name, t.descriptor);
    let via: Via = 'direct';
    let hierKind = HIER_ALL;
    // Only names the catalogue knows can match through the hierarchy: most targets stop here.
    if (api.length === 0 && program.isApp(owner) && catalogue.hasMethodName(t.name)) {
      // A call through an app subclass or sub-interface of a catalogued framework type.
      for (const ext of program.externalAncestors(owner)) {
        api = catalogue.method(program.typeNames[ext]!, t.name, t.descriptor);
        if (api.length > 0) {
          via = 'hierarchy';
          break;
        }
      }
      if (api.length > 0) hierKind = frameworkReach(program, owner, program.subsigId(t.name, t.descriptor));
      if (hierKind === HIER_NONE) api = NO_APIS;
    }
    tidFlags.push(api.length > 0 ? flags | F_API : flags);
    if (api.length > 0) tidApi.set(tid, { api, via, hier: hierKind });
    tidByRef.set(t, tid);
    return tid;
  };

  const fieldOf = (f: FieldRef): { owner: number; api: readonly SensitiveApi[] } => {
    let info = fieldInfo.get(f);
    if (info === undefined) {
      info = { owner: program.typeId(f.owner), api: catalogue.hasFieldOwner(f.owner) ? catalogue.field(fieldKey(f)) : NO_APIS };
      fieldInfo.set(f, info);
    }
    return info;
  };

  const ownPkg = opts.ownPackage;
  /** A constant string, also one kept in a static final field of the package. */
  const constString = (v: Value | null | undefined): string | null => stringOf(v?.k === 'field' ? resolver.staticFieldValue(v.ref) : v);
  const isForeignPackage = (pkg: string | null): boolean =>
    pkg !== null && pkg.length > 0 && (ownPkg === null || (pkg !== ownPkg && !pkg.startsWith(`${ownPkg}.`)));

  const total = program.methodCount;
  const step = Math.max(1, total >> 6);
  // What a catalogued or flagged target asks for (rare: a few per thousand invokes). Kept out of visit(), so
  // that the many shapes of catalogue entries and argument values do not deoptimise the hot loop.
  const special = (m: number, inv: MethodCode['invokes'][number], tid: number, allFlags: number, reflectHits: RawCall[] | null): RawCall[] | null => {
    const t = inv.target;
    const entry = tidApi.get(tid);
    const hier = entry?.hier ?? HIER_ALL;
    const via = entry?.via ?? 'direct';
    const virtual = inv.kind === 'virtual' || inv.kind === 'interface';
    // A hierarchy target that only package code can answer for this kind of invoke names no framework API.
    const apis = entry !== undefined && (hier === HIER_ALL || hier === (virtual ? HIER_VIRTUAL : HIER_STATIC)) ? entry.api : NO_APIS;
    // Settings.*.getString(resolver, "key"): a constant key decides what is read, not the generic entry.
    const settingsKey = (allFlags & F_SETTINGS) !== 0 ? constString(inv.args[1]) : null;
    const keyHit = settingsKey === null ? undefined : catalogue.settingsKey(settingsKey, SETTINGS_NS[t.owner]!);
    for (const api of apis) {
      if (settingsKey !== null && api.weak === true) {
        // The key names this entry's data type (android_id): the generic call is the evidence, proven.
        if (keyHit?.dataType === api.dataType) calls.push({ m, pc: inv.pc, api, via, callee: keyOf(tid), proven: true });
        else judged.push({ m, pc: inv.pc, api, via, callee: keyOf(tid) });
        continue;
      }
      // Sending reads nothing; probes and object getters are judged with the whole method (deferred).
      if (api.access === 'send') judged.push({ m, pc: inv.pc, api, via, callee: keyOf(tid) });
      else if (api.access !== undefined) (deferred ??= []).push({ inv, tid, api });
      else calls.push({ m, pc: inv.pc, api, via, callee: keyOf(tid) });
      // chain-start and sensor-listener need the arguments (foreign package, sensor type): judged below.
      if (api.behavior !== undefined && api.behavior !== 'chain-start' && api.behavior !== 'sensor-listener') {
        behaviors.push({ m, kind: api.behavior, detail: api.api });
      }
    }
    const flags = allFlags & ~F_API;
    if (flags === 0) return reflectHits;
    const a = inv.args;
    if ((flags & F_FOR_NAME) !== 0) {
      const s = stringOf(a[0]);
      const ty = s === null ? null : classNameToType(s);
      if (ty !== null) {
        ops.push(OP_REF_NAME);
        args.push(program.typeId(ty));
      }
    } else if ((flags & F_GET_METHOD) !== 0 || (flags & F_METHOD_INVOKE) !== 0 || (flags & F_GET_FIELD) !== 0) {
      // Method.invoke(receiver=Method value): the Method comes from getMethod(Class, name).
      const src = (flags & F_METHOD_INVOKE) !== 0 ? a[0] : null;
      const lookup = src === null || src === undefined ? { of: t, args: a } : src.k === 'result' ? src : null;
      if (lookup === null) return reflectHits;
      const isField = lookup.of.name === 'getField' || lookup.of.name === 'getDeclaredField';
      const isMethod = lookup.of.name === 'getMethod' || lookup.of.name === 'getDeclaredMethod';
      if (lookup.of.owner !== 'Ljava/lang/Class;' || (!isField && !isMethod)) return reflectHits;
      const owner = classOf(lookup.args[0]);
      const member = stringOf(lookup.args[1]);
      if (owner === null || member === null) return reflectHits;
      const hits = isField ? catalogue.fieldByName(owner, member) : catalogue.methodByName(owner, member);
      for (const hit of hits) {
        if (hit.access !== undefined) continue; // no argument or result to judge through reflection
        reflectHits ??= [];
        reflectHits.push({ m, pc: inv.pc, api: hit, via: 'reflection', callee: `${owner}->${member}` });
      }
    } else if ((flags & F_URI_PARSE) !== 0) {
      const s = stringOf(a[0]);
      const hit = s === null ? undefined : catalogue.contentUri(s);
      if (hit !== undefined) calls.push({ m, pc: inv.pc, api: hit, via: 'content-uri', callee: keyOf(tid) });
    } else if ((flags & (F_QUERY1 | F_QUERY2)) !== 0) {
      const u = resolver.uriOf(a[(flags & F_QUERY1) !== 0 ? 1 : 2]);
      const hit = u === null ? undefined : uriApi(catalogue, u);
      if (hit !== undefined && !sameMethodParse(calls, m, hit)) calls.push({ m, pc: inv.pc, api: hit, via: 'content-uri', callee: keyOf(tid) });
    } else if ((flags & F_BINDER_TOKEN) !== 0) {
      // The proxy of a catalogued service (a phone maker's OAID service): the call that follows reads its data.
      // Only a proxy method that returns a String reads an id (getOAID); isSupported()Z or isLimited()Z ask
      // about the service. The descriptor and the return type survive renaming; the method's name does not.
      const s = constString(a[1]);
      const hit = s === null || !program.descOf(m).endsWith(')Ljava/lang/String;') ? undefined : catalogue.binderInterface(s);
      if (hit !== undefined) calls.push({ m, pc: inv.pc, api: hit, via: 'binder', callee: keyOf(tid) });
    } else if ((flags & F_SETTINGS) !== 0) {
      const hit = keyHit;
      if (hit !== undefined && !apis.some((x) => x.dataType === hit.dataType)) {
        calls.push({ m, pc: inv.pc, api: hit, via: 'settings-key', callee: keyOf(tid) });
      }
    } else if ((flags & F_LAUNCH_INTENT) !== 0) {
      const pkg = stringOf(a[1]);
      if (pkg === null || isForeignPackage(pkg)) behaviors.push({ m, kind: 'chain-start', detail: `getLaunchIntentForPackage(${pkg ?? '<computed>'})` });
    } else if ((flags & F_COMPONENT) !== 0) {
      const pkg = stringOf(a[1]);
      if (isForeignPackage(pkg)) behaviors.push({ m, kind: 'chain-start', detail: `explicit intent to ${pkg}/${stringOf(a[2]) ?? '?'}` });
    } else if ((flags & F_SET_PACKAGE) !== 0) {
      const pkg = stringOf(a[1]);
      if (isForeignPackage(pkg)) behaviors.push({ m, kind: 'chain-start', detail: `Intent.setPackage(${pkg})` });
    } else if ((flags & F_DEX_LOADER) !== 0) {
      if (!apis.some((x) => x.behavior === 'dynamic-code-loading')) behaviors.push({ m, kind: 'dynamic-code-loading', detail: keyOf(tid) });
    } else if ((flags & F_SENSOR) !== 0) {
      const sensor = a[2];
      const accel = sensor?.k === 'result' && sensor.of.name === 'getDefaultSensor' && sensor.args[1]?.k === 'int' && sensor.args[1].v === TYPE_ACCELEROMETER;
      behaviors.push({ m, kind: 'sensor-listener', detail: `SensorManager.registerListener(${accel ? 'TYPE_ACCELEROMETER' : 'sensor type not constant'})` });
    }
    return reflectHits;
  };

  // One method per call: a function the JIT optimises normally, rather than one huge loop that it can only
  // optimise on stack (OSR) and recompiles whole after each deopt.
  // The class's MethodInfo list, read once as the pass reaches the class and not cached in it (Program keeps
  // columns, not these objects).
  let listClass = -1;
  let list: readonly MethodInfo[] = [];
  let container: ClassInfo | null = null;
  // Classes come container by container: when the pass is done with one, its bytes and tables can go (read
  // again if a later pass asks), and its refs, which the maps below are keyed by.
  const leave = (): void => {
    container?.release?.();
    tidByRef.clear();
    fieldInfo.clear();
  };
  const visit = (m: number): void => {
    if (program.methodHasCode[m] !== 1) return;
    const cls = program.methodClass[m]!;
    if (cls !== listClass) {
      const c = program.classes[cls]!;
      if (container !== null && container.container !== c.container) leave();
      container = c;
      list = c.methodsUncached?.() ?? c.methods();
      listClass = cls;
    }
    const info = list[m - program.methodStart[cls]!]!;
    // One visit per method: do not keep every method's facts alive (memory, GC) when the index can avoid it.
    // A body that fails to decode is reported by the index (its onError) and comes back null.
    const code = info.codeUncached !== undefined ? info.codeUncached() : info.code();
    if (code === null) return;
    const isInit = info.name === '<init>';
    let reflectHits: RawCall[] | null = null;

    let fw = 0;
    let sum = 0;
    // Indexed loops: for-of here allocated an iterator per loop per method wherever the JIT did not remove it
    // (an eighth of what the analysis allocated on the synthetic APK, 250 MB of 1.95 GB).
    const invokes = code.invokes;
    for (let i = 0; i < invokes.length; i++) {
      const inv = invokes[i]!;
      const t = inv.target;
      const tid = tidByRef.get(t) ?? internTarget(t);
      const kind = inv.kind;
      if (kind === 'virtual' || kind === 'interface') {
        ops.push(OP_CALL_VIRTUAL);
        args.push(tid);
        fw += tidFw.at(tid);
        sum = (sum + tidFwHash.at(tid)) | 0;
      } else if (kind === 'static' || kind === 'direct' || kind === 'super') {
        ops.push(OP_CALL_STATIC);
        args.push(tid);
        fw += tidFw.at(tid);
        sum = (sum + tidFwHash.at(tid)) | 0;
        if (t.name === '<init>') {
          const owner = tidOwner.at(tid);
          // super(...) / this(...) inside a constructor is not an instantiation.
          const selfCall = isInit && (owner === cls || owner === program.superOf[cls]);
          if (!selfCall) {
            ops.push(OP_NEW);
            args.push(owner);
          }
        }
      }
      const allFlags = tidFlags.at(tid);
      if (allFlags === 0) continue;
      reflectHits = special(m, inv, tid, allFlags, reflectHits);
    }
    fwCalls[m] = fw;
    fwSum[m] = sum;
    if (deferred !== null) {
      for (const { inv, tid, api } of deferred) {
        const via = tidApi.get(tid)?.via ?? 'direct';
        if (api.access === 'object') {
          // The data is what the code reads from the object (those getters are catalogued themselves).
          (readsWholeObject(code, inv.target, inv.pc) ? calls : judged).push({ m, pc: inv.pc, api, via, callee: keyOf(tid) });
        } else {
          const p = judgeProbe(m, inv.target, inv.args, inv.pc, code, resolver, ownPkg);
          if (p !== null) probes.push({ ...p, api, callee: keyOf(tid) });
          else judged.push({ m, pc: inv.pc, api, via, callee: keyOf(tid) });
        }
      }
      deferred = null;
    }
    if (reflectHits !== null) {
      // getMethod + Method.invoke of one lookup in one method: report it once, at the invoke.
      const invoked = new Set(reflectHits.filter((h) => h.callee.length > 0 && isInvokeSite(code, h.pc)).map((h) => h.api.id));
      for (const h of reflectHits) if (isInvokeSite(code, h.pc) || !invoked.has(h.api.id)) calls.push(h);
    }
    const types = code.types;
    const named = types.length > 0 ? nameOnlyClasses(code) : null;
    for (let i = 0; i < types.length; i++) {
      const ty = types[i]!;
      // `X.class.getName()` alone names the class (to check the manifest, say): it starts nothing.
      if (named?.has(ty) === true) continue;
      ops.push(OP_REF_CLASS);
      args.push(program.typeId(ty));
    }
    const reads = code.fieldReads;
    for (let i = 0; i < reads.length; i++) {
      const r = reads[i]!;
      const f = fieldOf(r.field);
      if (r.op === 'sget' && f.owner !== cls) {
        ops.push(OP_TOUCH);
        args.push(f.owner);
      }
      for (const api of f.api) calls.push({ m, pc: r.pc, api, via: 'field', callee: fieldKey(r.field) });
    }
    const writes = code.fieldWrites;
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i]!;
      if (w.op !== 'sput') continue;
      const f = fieldOf(w.field);
      if (f.owner !== cls) {
        ops.push(OP_TOUCH);
        args.push(f.owner);
      }
    }
    const strings = code.strings;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i]!;
      if (markers !== undefined) {
        const k = markers.get(s);
        if (k !== undefined) markerHits.push(k, m);
      }
      const c0 = s.charCodeAt(0);
      if (c0 === 104 /* h */ && (s.startsWith('http://') || s.startsWith('https://'))) urls.push({ url: s, m });
      else if (s.length >= 4 && s.length <= 48) {
        const what = ANTI_TEST_STRINGS.get(s);
        if (what !== undefined) behaviors.push({ m, kind: 'root-or-emulator-check', detail: `${what}: ${s}` });
        // An OkHttp CertificatePinner pin (`sha256/` + 44 base64 characters) blocks a lab's intercepting proxy.
        else if (c0 === 115 /* s */ && s.length === 51 && s.startsWith('sha256/')) behaviors.push({ m, kind: 'root-or-emulator-check', detail: `pinning: ${s.slice(0, 13)}…` });
      }
    }
  };
  for (let m = 0; m < total; m++) {
    edgeStart[m] = ops.length;
    if ((m & 255) === 0 && opts.signal?.aborted === true) throw new PiscopeError(ErrorCode.CANCELLED, 'analysis cancelled', { structure: 'analysis.scan' });
    if (opts.onProgress !== undefined && m % step === 0) opts.onProgress(m, total);
    visit(m);
  }
  edgeStart[total] = ops.length;
  leave();
  return {
    edgeStart,
    edgeOp: ops.toArray(),
    edgeArg: args.toArray(),
    tidOwner: tidOwner.toArray(),
    tidName: tidName.toArray(),
    tidDesc: tidDesc.toArray(),
    tidSubsig: new Int32Array(tidOwner.length).fill(-1),
    fwCalls,
    fwSum,
    calls,
    probes,
    judged,
    behaviors,
    urls,
    markerHits,
  };
}

/** Hierarchy targets: which invoke kinds can reach the framework's method. */
const HIER_NONE = 0;
const HIER_STATIC = 1; // static/direct/super only
const HIER_VIRTUAL = 2; // virtual/interface only
const HIER_ALL = 3;

/**
 * Whether a call whose static target is app type `t` (sub-signature `s`) can run the framework's method that
 * `t` inherits. A static, direct or super call runs what `t`'s own class chain declares; a virtual call runs
 * what each concrete app subtype of `t` dispatches to (framework code never subclasses app classes). When
 * package code answers every case (AMapLocation overriding Location.getLatitude to return its own field), the
 * call is the package's method, not the framework's.
 */
function frameworkReach(program: Program, t: number, s: number): number {
  const decl = program.resolve(t, s);
  const inChain = decl >= 0 && (!program.isInterface(program.methodClass[decl]!) || program.methodHasCode[decl] === 1);
  let out = inChain ? HIER_NONE : HIER_STATIC;
  let concrete = 0;
  for (const c of program.subtypes(t)) {
    if (!program.isConcrete(c)) continue;
    concrete++;
    if (program.dispatch(c, s) < 0) {
      out |= HIER_VIRTUAL;
      break;
    }
  }
  // No receiver type in the package (it comes from code loaded at run time): what the class chain says.
  if (concrete === 0 && !inChain) out |= HIER_VIRTUAL;
  return out;
}

function uriApi(catalogue: ApiCatalogue, u: UriOf): SensitiveApi | undefined {
  return 'api' in u ? u.api : catalogue.contentUri(u.uri);
}

/** True when this method already reported the same URI at its Uri.parse. */
function sameMethodParse(calls: RawCall[], m: number, api: SensitiveApi): boolean {
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i]!;
    if (c.m !== m) return false;
    if (c.via === 'content-uri' && c.api.id === api.id) return true;
  }
  return false;
}

function isInvokeSite(code: MethodCode, pc: number): boolean {
  for (const inv of code.invokes) if (inv.pc === pc) return inv.target.owner === 'Ljava/lang/reflect/Method;';
  return false;
}

/** The sub-signature id of a target, interned on first use. */
export function subsigOfTarget(program: Program, g: ScanResult, tid: number): number {
  let s = g.tidSubsig[tid]!;
  if (s < 0) {
    s = program.subsigOfIds(g.tidName[tid]!, g.tidDesc[tid]!);
    g.tidSubsig[tid] = s;
  }
  return s;
}

/** Target tid as a MethodRef (a new object each call). */
export function targetRef(program: Program, g: ScanResult, tid: number): MethodRef {
  return { owner: program.typeNames[g.tidOwner[tid]!]!, name: program.name(g.tidName[tid]!), descriptor: program.desc(g.tidDesc[tid]!) };
}

const CLASS_NAME_GETTERS = new Set(['getName', 'getSimpleName', 'getCanonicalName']);
const NAME_SINKS = new Set(['Landroid/content/ComponentName;-><init>', 'Landroid/content/Intent;->setClassName', 'Landroid/content/Intent;->setComponent',
  'Ljava/lang/Class;->forName', 'Ljava/lang/ClassLoader;->loadClass', 'Landroid/content/Intent;-><init>']);

/**
 * Classes whose `X.class` value the method only asks for its name: every invoke that takes it is
 * `Class.getName()` (or the simple or canonical name), and it is neither stored nor returned. Such a class
 * literal does not start a component. Values the decoder cannot follow (an array of classes) are kept.
 */
function nameOnlyClasses(code: MethodCode): Set<string> | null {
  // Name getters per class, and classes used any other way, in one pass over the invokes.
  const calls = new Map<string, number>();
  const used = new Set<string>();
  for (const inv of code.invokes) {
    for (let k = 0; k < inv.args.length; k++) {
      const a = inv.args[k];
      if (a?.k !== 'class') continue;
      if (k === 0 && inv.target.owner === 'Ljava/lang/Class;' && CLASS_NAME_GETTERS.has(inv.target.name)) calls.set(a.v, (calls.get(a.v) ?? 0) + 1);
      else used.add(a.v);
    }
  }
  // Most methods ask no class for its name: nothing more to do for them.
  if (calls.size === 0) return null;
  for (const w of code.fieldWrites) if (w.value?.k === 'class') used.add(w.value.v);
  // The name handed on to start or load the class (`new ComponentName(ctx, X.class.getName())`, setClassName,
  // Class.forName) is a use, not only a name.
  for (const inv of code.invokes) {
    if (!NAME_SINKS.has(`${inv.target.owner}->${inv.target.name}`)) continue;
    for (const a of inv.args) {
      const c = a?.k === 'result' && a.of.owner === 'Ljava/lang/Class;' && CLASS_NAME_GETTERS.has(a.of.name) ? a.args[0] : undefined;
      if (c?.k === 'class') used.add(c.v);
    }
  }
  const counts = new Map<string, number>();
  for (const t of code.types) counts.set(t, (counts.get(t) ?? 0) + 1);
  // Each const-class of it must feed one name getter: a literal loaded but not seen in an invoke may be in an array.
  return new Set([...calls].filter(([t, n]) => !used.has(t) && n >= (counts.get(t) ?? 0)).map(([t]) => t));
}

