/*
 * Reachability: which methods can run, and which can run before the user has agreed to anything.
 *
 * The model.
 * - Entry points come from the manifest (entry-points.ts). Phase 1 ("before consent") starts from the
 *   Application class (<init>, attachBaseContext, onCreate), the appComponentFactory, and every
 *   ContentProvider (<init>, attachInfo, onCreate): Android runs all of these when the process starts,
 *   before any activity is shown, and SDKs use providers to initialise themselves. So does an Application
 *   delegate that the Application creates by reflection from a constant class name or a meta-data value
 *   (Tinker's ApplicationLike). Then, still in phase 1 but explored after those (so that code they reach
 *   keeps its launch path), the "event" entries: receivers of boot, unlock and network broadcasts and
 *   services that push channels start (knowledge/launch-triggers.json). Phase 2 adds every
 *   other component, the framework callbacks of the phase-1 classes, and every concrete View or Fragment
 *   subclass (layouts inflate them by name, out of sight of the code). Phases are run one after the other
 *   on the same state, so a method reached in phase 1 keeps phase 1 and its path from a phase-1 entry.
 * - Calls: static, direct and super calls resolve up the app's class hierarchy. Virtual and interface
 *   calls use Rapid Type Analysis: a call dispatches only to classes instantiated (an `<init>` call that is
 *   not a super()/this() call) in code already reached; when a new class becomes instantiated, the virtual
 *   calls already seen are re-dispatched to it.
 * - Framework callbacks: when a class whose supertypes include a framework type (android.*, dalvik.*) is
 *   instantiated in reached code, its overridable methods become reachable, with the instantiating method as
 *   parent. This one rule stands for the explicit edges of threads (Thread.start → run), executors
 *   (execute/submit → run/call), handlers (post → run, sendMessage → handleMessage), AsyncTask, Timer and
 *   listeners passed to the framework: the framework calls them after it gets the object. For java.* types
 *   only the known callback methods count (Runnable.run, Callable.call, TimerTask.run, …).
 * - Static initialisers: `<clinit>` of a class runs when a method of it is reached, it is instantiated, one
 *   of its static fields is accessed, or it is loaded with Class.forName; its superclasses' too.
 * - Reflection: `Class.forName("const")` and `loadClass("const")` of an app class reach its <clinit> and
 *   instantiate it. `X.class` (const-class) of a component-like class (framework supertype) instantiates it:
 *   that is how `new Intent(ctx, X.class)` starts a service or activity. Not a ContentProvider's: the system
 *   alone creates providers, from the manifest. Nor a literal the method only asks for its name
 *   (`X.class.getName()`, as SDKs check their manifest entries): analysis/scan.ts leaves those out.
 *
 * What a call site gets: reachable = its method was reached. beforeConsent = true when reached in phase 1;
 * null when reached only in phase 2 (it runs after some UI is shown, but whether that is after consent
 * cannot be known statically); for an APK, an unreached method is dead code: reachable false and
 * beforeConsent false (it cannot run at all, so it cannot run before consent). For a jar or aar, which has
 * no entry points of its own (the host app calls its public API), unreached means unknown: both null.
 *
 * Limits (what makes this an approximation). Unsound: reflection with computed names, JNI calls into Java,
 * code loaded at runtime, classes other than views and fragments that the framework instantiates by name
 * (preferences, transitions, …), and objects created outside the package (receivers built by libraries not
 * in the package) — such code may be reported unreachable. Imprecise: the callback rule
 * and RTA over-approximate (every overridable method of an instantiated framework subclass is a callback;
 * a class instantiated anywhere in reached code receives all matching virtual calls), and branches are not
 * pruned, so "before consent" also covers code that a consent check guards: analysis/guards.ts then reads
 * each step of a before-consent path for a branch on configuration or a stored value (the rules weigh it). Paths are one shortest path
 * (BFS parent pointers), which is evidence to read, not the only way to get there.
 */
import { ErrorCode, PiscopeError } from '../errors.ts';
import { OP_CALL_STATIC, OP_CALL_VIRTUAL, OP_NEW, OP_REF_CLASS, OP_REF_NAME, OP_TOUCH, subsigOfTarget, type ScanResult } from './scan.ts';
import { ACC_PRIVATE, ACC_STATIC, type Program } from './program.ts';

/** java.* supertypes whose methods the runtime calls back, with those method names. */
const JAVA_CALLBACKS: Record<string, readonly string[]> = {
  'Ljava/lang/Runnable;': ['run'],
  'Ljava/lang/Thread;': ['run'],
  'Ljava/util/concurrent/Callable;': ['call'],
  'Ljava/util/TimerTask;': ['run'],
  'Ljava/lang/Thread$UncaughtExceptionHandler;': ['uncaughtException'],
  'Ljava/lang/reflect/InvocationHandler;': ['invoke'],
  'Ljava/util/concurrent/ThreadFactory;': ['newThread'],
  'Ljava/util/Comparator;': ['compare'],
  'Ljava/util/concurrent/RejectedExecutionHandler;': ['rejectedExecution'],
  'Ljava/util/concurrent/ThreadPoolExecutor;': ['beforeExecute', 'afterExecute', 'terminated'],
};

export const PHASE_NONE = 0;
export const PHASE_BEFORE_CONSENT = 1;
export const PHASE_LATER = 2;

export class Reach {
  readonly program: Program;
  private readonly g: ScanResult;
  /** Per method: 0 unreached, 1 before consent, 2 later. */
  readonly phase: Uint8Array;
  /** Per method: the method that reached it, -1 for an entry point. */
  readonly parent: Int32Array;
  private readonly instantiated: Uint8Array;
  private readonly expanded: Uint8Array;
  private readonly touched: Uint8Array;
  private readonly virtualSeen: Uint8Array;
  /** subsig → owner types of the virtual calls reached with that subsig. */
  private readonly virtualOwners = new Map<number, number[]>();
  private readonly queue: Int32Array;
  private head = 0;
  private tail = 0;
  private current = PHASE_BEFORE_CONSENT;
  private readonly staticTarget: Int32Array;
  private readonly clinitSubsig: number;
  private readonly callbackCache = new Map<number, Set<string> | 'all' | null>();

  constructor(program: Program, g: ScanResult) {
    this.program = program;
    this.g = g;
    const n = program.methodCount;
    this.phase = new Uint8Array(n);
    this.parent = new Int32Array(n).fill(-1);
    this.queue = new Int32Array(n);
    const types = program.classCount;
    this.instantiated = new Uint8Array(types);
    this.expanded = new Uint8Array(types);
    this.touched = new Uint8Array(types);
    this.virtualSeen = new Uint8Array(g.tidOwner.length);
    this.staticTarget = new Int32Array(g.tidOwner.length).fill(-2);
    this.clinitSubsig = program.subsigId('<clinit>', '()V');
  }

  setPhase(p: number): void {
    this.current = p;
  }

  /** The i-th method reached (in BFS order). */
  queued(i: number): number {
    return this.queue[i]!;
  }

  get reachedCount(): number {
    return this.tail;
  }

  /** Marks m reached from `from` (-1 for an entry point); false if it already was. */
  reach(m: number, from: number): boolean {
    if (m < 0 || this.phase[m] !== PHASE_NONE) return false;
    this.phase[m] = this.current;
    this.parent[m] = from;
    this.queue[this.tail++] = m;
    this.touch(this.program.methodClass[m]!, m);
    return true;
  }

  /** Runs <clinit> of class c and of its app superclasses. */
  touch(c: number, from: number): void {
    const p = this.program;
    for (let guard = 0; p.isApp(c) && this.touched[c] === 0 && guard < 64; guard++) {
      this.touched[c] = 1;
      this.reach(p.declaredMethod(c, this.clinitSubsig), from);
      c = p.superOf[c]!;
    }
  }

  /** Class c gets an instance: re-dispatch the virtual calls seen so far; expand its callbacks if asked. */
  instantiate(c: number, from: number, expand: boolean): void {
    const p = this.program;
    if (!p.isApp(c) || !p.isConcrete(c)) return;
    let subsigs: number[] | undefined; // this.dispatchable(c), at most once per call
    if (this.instantiated[c] === 0) {
      this.instantiated[c] = 1;
      this.touch(c, from);
      const anc = p.ancestors(c);
      for (const s of (subsigs ??= this.dispatchable(c))) {
        const owners = this.virtualOwners.get(s);
        if (owners === undefined) continue;
        for (const o of owners) {
          if (anc.has(o)) {
            this.reach(p.dispatch(c, s), from);
            break;
          }
        }
      }
    }
    if (expand && this.expanded[c] === 0) {
      const names = this.callbackNames(c);
      if (names === null) return;
      this.expanded[c] = 1;
      for (const s of (subsigs ??= this.dispatchable(c))) {
        const m = p.dispatch(c, s);
        if (m < 0) continue;
        const name = p.nameOf(m);
        if ((p.methodFlags[m]! & (ACC_PRIVATE | ACC_STATIC)) !== 0 || name === '<init>' || name === '<clinit>') continue;
        if (names === 'all' || names.has(name)) this.reach(m, from);
      }
    }
  }

  /** Processes the queue until no new method is reached. */
  run(signal?: AbortSignal): void {
    const p = this.program;
    const g = this.g;
    const { edgeStart, edgeOp, edgeArg, tidOwner } = g;
    while (this.head < this.tail) {
      if ((this.head & 1023) === 0 && signal?.aborted === true) throw new PiscopeError(ErrorCode.CANCELLED, 'analysis cancelled', { structure: 'analysis.reach' });
      const m = this.queue[this.head++]!;
      for (let e = edgeStart[m]!, end = edgeStart[m + 1]!; e < end; e++) {
        const arg = edgeArg[e]!;
        switch (edgeOp[e]) {
          case OP_CALL_STATIC: {
            let t = this.staticTarget[arg]!;
            if (t === -2) {
              t = p.resolve(tidOwner[arg]!, subsigOfTarget(p, g, arg));
              this.staticTarget[arg] = t;
            }
            this.reach(t, m);
            break;
          }
          case OP_CALL_VIRTUAL: {
            if (this.virtualSeen[arg] !== 0) break;
            this.virtualSeen[arg] = 1;
            const owner = tidOwner[arg]!;
            const s = subsigOfTarget(p, g, arg);
            const owners = this.virtualOwners.get(s);
            if (owners === undefined) this.virtualOwners.set(s, [owner]);
            else if (owners.includes(owner)) break;
            else owners.push(owner);
            for (const c of p.subtypes(owner)) if (this.instantiated[c] !== 0) this.reach(p.dispatch(c, s), m);
            break;
          }
          case OP_NEW:
            this.instantiate(arg, m, true);
            break;
          case OP_TOUCH:
            this.touch(arg, m);
            break;
          case OP_REF_CLASS:
            // X.class of a component starts it through an Intent; a ContentProvider is created only by the
            // system, from the manifest (an entry point already): its Class object is a name, not an instance.
            if (p.isApp(arg) && this.callbackNames(arg) === 'all' && !this.isProvider(arg)) this.instantiate(arg, m, true);
            break;
          case OP_REF_NAME:
            this.touch(arg, m);
            this.instantiate(arg, m, true);
            break;
          default:
            break;
        }
      }
    }
  }

  /** Sub-signatures an instance of c answers to (its own and inherited app methods, not static). */
  private dispatchable(c: number): number[] {
    const p = this.program;
    const out: number[] = [];
    const seen = new Set<number>();
    for (let k = c, guard = 0; p.isApp(k) && guard < 64; k = p.superOf[k]!, guard++) {
      for (let m = p.methodStart[k]!, end = p.methodStart[k + 1]!; m < end; m++) {
        const s = p.subsigOf(m);
        if ((p.methodFlags[m]! & ACC_STATIC) !== 0 || seen.has(s)) continue;
        seen.add(s);
        out.push(s);
      }
    }
    return out;
  }

  /** Which of c's methods the framework calls back: all (android.*), some names (java.*), or none. */
  callbackNames(c: number): Set<string> | 'all' | null {
    const hit = this.callbackCache.get(c);
    if (hit !== undefined) return hit;
    let out: Set<string> | 'all' | null = null;
    for (const ext of this.program.externalAncestors(c)) {
      const name = this.program.typeNames[ext]!;
      if (name.startsWith('Landroid/') || name.startsWith('Ldalvik/')) {
        out = 'all';
        break;
      }
      const names = JAVA_CALLBACKS[name];
      if (names !== undefined) {
        out ??= new Set<string>();
        for (const x of names) out.add(x);
      }
    }
    this.callbackCache.set(c, out);
    return out;
  }

  /** ContentProvider's type id, looked up once (isProvider runs on every component-like class reference). */
  private providerType: number | undefined;

  private isProvider(c: number): boolean {
    const provider = (this.providerType ??= this.program.findType('Landroid/content/ContentProvider;'));
    return provider >= 0 && this.program.ancestors(c).has(provider);
  }

  /** Entry first, m last; bounded so a corrupt parent chain cannot loop. */
  pathTo(m: number): number[] {
    const out: number[] = [];
    for (let x = m, guard = 0; x >= 0 && guard < 256; x = this.parent[x]!, guard++) out.push(x);
    return out.reverse();
  }
}
