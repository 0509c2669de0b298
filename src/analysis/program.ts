// The integer-id view of a CodeIndex that the hot paths work on: every type, class, method and method
// sub-signature gets a small int, so the call graph is arrays of ints rather than maps of strings.
// App classes (defined in the package) take type ids 0..classCount-1; types met only as references
// (framework, missing libraries) get ids after them, so `t < classCount` means "defined here".
import { methodKey, type ClassInfo, type CodeIndex, type MethodInfo } from '../package/code-model.ts';
import { IntBuffer } from './int-buffer.ts';

export const ACC_PRIVATE = 0x2;
export const ACC_STATIC = 0x8;
export const ACC_INTERFACE = 0x200;
export const ACC_ABSTRACT = 0x400;

/** Upper bound on sub-signature ids, so (type, subsig) packs into one safe integer key. */
const SUBSIG_SPACE = 1 << 26;
/** Upper bound on descriptor ids, so (name, descriptor) packs into one safe integer key. */
const PAIR_SPACE = 1 << 26;
/** Ids below this pack two to a small integer (< 2^30). */
const SMALL = 1 << 15;

/**
 * Most classes implement no interface: one shared empty list instead of one per class, all kept to the end.
 * Not frozen, so that for-of over it stays on V8's fast path.
 */
const NO_IDS: readonly number[] = [];

export class Program {
  readonly index: CodeIndex;
  readonly classCount: number;
  readonly classes: ClassInfo[] = [];
  readonly typeNames: string[] = [];
  private readonly typeIds = new Map<string, number>();
  /** Per app class: super type id (-1 for none) and interface type ids. */
  readonly superOf: Int32Array;
  readonly interfacesOf: (readonly number[])[] = [];
  readonly classFlags: Int32Array;
  /** Methods of class c are ids methodStart[c] .. methodStart[c+1]-1. Read subsigs through subsigOf. */
  readonly methodStart: Int32Array;
  // A method is columns, not its MethodInfo: a 500 MB package has 8 M methods, and an object per method (with
  // its class's list) was about 100 bytes each, kept to the end. method(m) gives the MethodInfo when needed.
  // Names and descriptors are ids (nameOf, descOf), not a string slot each in the heap: 8 bytes a method less
  // per column, and typed arrays live outside the heap that the worker's cap limits.
  /** Per method: the ids of its name and descriptor (names and descs). */
  readonly methodNameId: Int32Array;
  readonly methodDescId: Int32Array;
  /** The declaring type of a method's ref where it is not its class's name (only hostile dex have any). */
  private readonly ownerOther = new Map<number, string>();
  readonly methodFlags: Int32Array;
  /** 1 when the method has a body. */
  readonly methodHasCode: Uint8Array;
  readonly methodClass: Int32Array;
  readonly methodSubsig: Int32Array;
  private readonly nameIds = new Map<string, number>();
  private readonly descIds = new Map<string, number>();
  /** Id → string of the two maps above. */
  private readonly names: string[] = [];
  private readonly descs: string[] = [];
  private readonly subsigIds = new Map<number, number>();
  private readonly subsigSmall = new Map<number, number>();
  private subsigCount = 0;
  /** (type id, subsig id) → method id, for app classes. */
  private readonly declared = new Map<number, number>();
  private readonly ancestorCache: (Set<number> | undefined)[] = [];
  private childrenOf: Map<number, number[]> | undefined;
  private readonly subtypeCache = new Map<number, number[]>();
  private readonly dispatchCache = new Map<number, number>();

  constructor(index: CodeIndex) {
    this.index = index;
    const methodClass = new IntBuffer(1 << 16);
    const flags = new IntBuffer(1 << 16);
    const hasCode = new IntBuffer(1 << 16);
    const nameId = new IntBuffer(1 << 16);
    const descId = new IntBuffer(1 << 16);
    // Every class first, so that app classes own type ids 0..n-1 before their supertypes are interned (and the
    // code index reports its containers' problems before their classes').
    for (const cls of index.classes()) {
      this.typeIds.set(cls.name, this.classes.length);
      this.typeNames.push(cls.name);
      this.classes.push(cls);
    }
    const n = this.classes.length;
    this.classCount = n;
    this.superOf = new Int32Array(n);
    this.classFlags = new Int32Array(n);
    this.methodStart = new Int32Array(n + 1);
    for (let c = 0; c < n; c++) {
      const cls = this.classes[c]!;
      this.superOf[c] = cls.superName === null ? -1 : this.typeId(cls.superName);
      this.interfacesOf.push(cls.interfaces.length === 0 ? NO_IDS : cls.interfaces.map((i) => this.typeId(i)));
      this.classFlags[c] = cls.accessFlags;
      this.methodStart[c] = nameId.length;
      // Not cached in the class: the columns keep what the passes need.
      const list = cls.methodsUncached?.() ?? cls.methods();
      for (let k = 0; k < list.length; k++) {
        const m = list[k]!;
        if (m.owner !== cls.name) this.ownerOther.set(nameId.length, m.owner);
        nameId.push(this.nameId(m.name));
        descId.push(this.descId(m.descriptor));
        flags.push(m.accessFlags);
        hasCode.push(m.hasCode ? 1 : 0);
        methodClass.push(c);
      }
    }
    const count = nameId.length;
    this.methodStart[n] = count;
    this.methodNameId = nameId.toArray();
    this.methodDescId = descId.toArray();
    this.methodClass = methodClass.toArray();
    this.methodFlags = flags.toArray();
    this.methodHasCode = Uint8Array.from(hasCode.toArray());
    // Sub-signatures are interned per class on first use: most classes of a big app are never resolved.
    this.methodSubsig = new Int32Array(count).fill(-1);
    this.declaredReady = new Uint8Array(n);
  }

  private readonly declaredReady: Uint8Array;

  private ensureDeclared(c: number): void {
    if (this.declaredReady[c] !== 0) return;
    this.declaredReady[c] = 1;
    for (let m = this.methodStart[c]!, end = this.methodStart[c + 1]!; m < end; m++) {
      const s = this.subsigOfIds(this.methodNameId[m]!, this.methodDescId[m]!);
      this.methodSubsig[m] = s;
      const key = c * SUBSIG_SPACE + s;
      if (!this.declared.has(key)) this.declared.set(key, m);
    }
  }

  /** The sub-signature id of method m. */
  subsigOf(m: number): number {
    const s = this.methodSubsig[m]!;
    if (s >= 0) return s;
    this.ensureDeclared(this.methodClass[m]!);
    return this.methodSubsig[m]!;
  }

  get methodCount(): number {
    return this.methodNameId.length;
  }

  /** Method m's name. */
  nameOf(m: number): string {
    return this.names[this.methodNameId[m]!]!;
  }

  /** Method m's descriptor. */
  descOf(m: number): string {
    return this.descs[this.methodDescId[m]!]!;
  }

  /** The declaring type of method m's ref. */
  ownerOf(m: number): string {
    return this.ownerOther.get(m) ?? this.typeNames[this.methodClass[m]!]!;
  }

  /**
   * The id of a method name, interned on first sight: one string object per distinct name (each dex decodes
   * its own '<init>' and '()V'), kept by the columns after the dex is gone.
   */
  nameId(name: string): number {
    let a = this.nameIds.get(name);
    if (a === undefined) {
      this.nameIds.set(name, (a = this.names.length));
      this.names.push(name);
    }
    return a;
  }

  /** The id of a method descriptor (as nameId). */
  descId(descriptor: string): number {
    let b = this.descIds.get(descriptor);
    if (b === undefined) {
      this.descIds.set(descriptor, (b = this.descs.length));
      this.descs.push(descriptor);
    }
    return b;
  }

  /** Name and descriptor strings by id. */
  name(id: number): string {
    return this.names[id]!;
  }

  desc(id: number): string {
    return this.descs[id]!;
  }

  /**
   * The MethodInfo of method m (to decode its code): from its class's method list, which the class then
   * caches. The columns answer name, flags and hasCode without it.
   */
  method(m: number): MethodInfo {
    const c = this.methodClass[m]!;
    return this.classes[c]!.methods()[m - this.methodStart[c]!]!;
  }

  hasCode(m: number): boolean {
    return this.methodHasCode[m] === 1;
  }

  typeId(name: string): number {
    let id = this.typeIds.get(name);
    if (id === undefined) {
      id = this.typeNames.length;
      this.typeIds.set(name, id);
      this.typeNames.push(name);
    }
    return id;
  }

  /** The id of a type name if it was ever seen, else -1 (never interns). */
  findType(name: string): number {
    return this.typeIds.get(name) ?? -1;
  }

  /**
   * Interned (name, descriptor) pair. Names and descriptors get ids through maps keyed by the reader's own
   * string objects (their hashes are cached), and the pair through a numeric key: no string is built.
   */
  subsigId(name: string, descriptor: string): number {
    return this.subsigOfIds(this.nameId(name), this.descId(descriptor));
  }

  /** The sub-signature id of a (name id, descriptor id) pair. */
  subsigOfIds(a: number, b: number): number {
    // Small ids pack into a small-integer key (fast Map path); big apps fall back to a double key.
    const small = a < SMALL && b < SMALL;
    const k = small ? a * SMALL + b : a * PAIR_SPACE + b;
    const map = small ? this.subsigSmall : this.subsigIds;
    let id = map.get(k);
    if (id === undefined) {
      id = this.subsigCount++;
      map.set(k, id);
    }
    return id;
  }

  /** The method that class `t` itself declares with sub-signature `s`, or -1. */
  declaredMethod(t: number, s: number): number {
    if (t < 0 || t >= this.classCount) return -1;
    this.ensureDeclared(t);
    return this.declared.get(t * SUBSIG_SPACE + s) ?? -1;
  }

  isApp(t: number): boolean {
    return t >= 0 && t < this.classCount;
  }

  isInterface(c: number): boolean {
    return (this.classFlags[c]! & ACC_INTERFACE) !== 0;
  }

  isConcrete(c: number): boolean {
    return (this.classFlags[c]! & (ACC_INTERFACE | ACC_ABSTRACT)) === 0;
  }

  /** Every supertype (classes and interfaces, app and external, transitively), including t itself. */
  ancestors(t: number): Set<number> {
    const hit = this.ancestorCache[t];
    if (hit !== undefined) return hit;
    const out = new Set<number>([t]);
    this.ancestorCache[t] = out; // guards against cyclic hierarchies in hostile input
    if (t < this.classCount) {
      const sup = this.superOf[t]!;
      if (sup >= 0) for (const a of this.ancestors(sup)) out.add(a);
      for (const i of this.interfacesOf[t]!) for (const a of this.ancestors(i)) out.add(a);
    }
    return out;
  }

  /** App classes that are subtypes of t (t included when it is an app class). */
  subtypes(t: number): number[] {
    const hit = this.subtypeCache.get(t);
    if (hit !== undefined) return hit;
    if (this.childrenOf === undefined) {
      const ch = new Map<number, number[]>();
      const add = (parent: number, c: number): void => {
        const l = ch.get(parent);
        if (l === undefined) ch.set(parent, [c]);
        else l.push(c);
      };
      for (let c = 0; c < this.classCount; c++) {
        const s = this.superOf[c]!;
        if (s >= 0) add(s, c);
        for (const i of this.interfacesOf[c]!) add(i, c);
      }
      this.childrenOf = ch;
    }
    const out: number[] = [];
    const seen = new Set<number>();
    const stack = [t];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      if (x < this.classCount) out.push(x);
      const kids = this.childrenOf.get(x);
      if (kids !== undefined) for (const k of kids) stack.push(k);
    }
    this.subtypeCache.set(t, out);
    return out;
  }

  /**
   * Static resolution (invoke-static/direct/super, and the declared target of a virtual call): the
   * method with sub-signature s in t or its nearest app superclass, then app superinterfaces (default
   * methods). -1 when it is left to code outside the package.
   */
  resolve(t: number, s: number): number {
    let c = t;
    for (let guard = 0; c >= 0 && c < this.classCount && guard < 64; guard++) {
      const m = this.declaredMethod(c, s);
      if (m >= 0) return m;
      c = this.superOf[c]!;
    }
    if (t < this.classCount) {
      for (const a of this.ancestors(t)) {
        if (a === t || a >= this.classCount || !this.isInterface(a)) continue;
        const m = this.declaredMethod(a, s);
        if (m >= 0 && this.methodHasCode[m] === 1) return m;
      }
    }
    return -1;
  }

  /** Virtual dispatch of sub-signature s on a receiver of exact app class c (memoised). */
  dispatch(c: number, s: number): number {
    const key = c * SUBSIG_SPACE + s;
    const hit = this.dispatchCache.get(key);
    if (hit !== undefined) return hit;
    let m = this.resolve(c, s);
    if (m >= 0 && (this.methodFlags[m]! & ACC_STATIC) !== 0) m = -1;
    this.dispatchCache.set(key, m);
    return m;
  }

  /**
   * Method m's smali key, one string per method: the facts name the same methods over and over (every call
   * path from an entry point shares its first steps), 74 MB of report JSON at 500 MB.
   */
  methodName(m: number): string {
    let s = this.nameCache.get(m);
    if (s === undefined) {
      s = methodKey({ owner: this.ownerOf(m), name: this.nameOf(m), descriptor: this.descOf(m) });
      this.nameCache.set(m, s);
    }
    return s;
  }

  private readonly nameCache = new Map<number, string>();

  /** The first external (not defined here) ancestors of class c, through app super classes and interfaces. */
  externalAncestors(c: number): readonly number[] {
    let out = this.externalCache.get(c);
    if (out === undefined) {
      out = [];
      for (const a of this.ancestors(c)) if (a >= this.classCount) out.push(a);
      this.externalCache.set(c, out);
    }
    return out;
  }

  private readonly externalCache = new Map<number, number[]>();
}
