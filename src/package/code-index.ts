// One index over all code of a package (DEX and Java class files alike), by class and by method. Class
// names are read up front; members and code decode on first use and stay cached. A broken container or
// class is reported through onError and skipped, so one bad file never hides the rest.
// Inflated dex files are held within a byte budget: past it, the least recently used one is dropped with
// its interned tables and read again on next use, so a 150 MB-of-dex app does not hold it all at once.
import { ErrorCode, PiscopeError } from '../errors.ts';
import { openDex, type DexFile } from '../formats/dex/dex-file.ts';
import { readClassData, readStaticValues, type EncodedMethod } from '../formats/dex/class-data.ts';
import { decodeCodeItem, decodeCodeItemFlow } from '../formats/dex/code-item.ts';
import { parseClassFile, type ClassFile } from '../formats/classfile/class-file.ts';
import { decodeClassMethod, decodeClassMethodFlow } from '../formats/classfile/bytecode.ts';
import type {
  ClassInfo, CodeContainer, CodeIndex, ContainerOrigin, FieldInfo, MethodCode, MethodFlow, MethodInfo, MethodRef, TypeName, Value,
} from './code-model.ts';

export interface CodeInput {
  /** Path inside the package: `classes2.dex`, `assets/x.jar!classes.dex`, `classes.jar!com/x/Y.class`. */
  readonly path: string;
  readonly format: 'dex' | 'class';
  readonly origin: ContainerOrigin;
  /** The bytes, or (for dex) a function that reads them again each time it is called. */
  readonly bytes: Uint8Array | (() => Uint8Array);
}

export interface CodeIndexOptions {
  /**
   * Called for each container, class or method that cannot be read; it is then skipped. Without it the
   * error is thrown (from buildCodeIndex for containers, from methods()/fields()/code() for members).
   */
  readonly onError?: (error: PiscopeError) => void;
  /** Inflated dex bytes held at once (default 256 MiB); the least recently used file past it is dropped. */
  readonly dexBudgetBytes?: number;
}

const DEFAULT_DEX_BUDGET = 256 << 20;

/** The dex files currently open, least recently used first. */
class DexCache {
  private readonly live = new Set<DexContainer>();
  private held = 0;
  private last: DexContainer | null = null;
  private readonly budget: number;
  constructor(budget: number) {
    this.budget = budget;
  }

  /** Drops c now if it is held (a pass that is done with it). */
  release(c: DexContainer): void {
    if (!this.live.delete(c)) return;
    this.held -= c.size;
    if (this.last === c) this.last = null;
    c.drop();
  }

  touch(c: DexContainer): void {
    if (c === this.last) return;
    this.last = c;
    if (this.live.delete(c)) {
      this.live.add(c);
      return;
    }
    this.live.add(c);
    this.held += c.size;
    for (const old of this.live) {
      if (this.held <= this.budget || old === c) break;
      this.live.delete(old);
      this.held -= old.size;
      old.drop();
    }
  }
}

/** One dex container (one file, several sections for 041), opened on demand and droppable. */
class DexContainer {
  size = 0;
  private sections: DexFile[] | null = null;
  private bytes: Uint8Array | null = null;
  readonly path: string;
  private readonly load: () => Uint8Array;
  private readonly cache: DexCache;
  /** The loader makes a new buffer each call (false: it returns the caller's bytes, never ours to free). */
  private readonly reloadable: boolean;
  constructor(path: string, load: () => Uint8Array, cache: DexCache, reloadable: boolean) {
    this.path = path;
    this.load = load;
    this.cache = cache;
    this.reloadable = reloadable;
  }

  get(): DexFile[] {
    let s = this.sections;
    if (s === null) {
      const bytes = this.load();
      s = this.sections = openDex(bytes, this.path);
      this.bytes = bytes;
      this.size = bytes.length;
    }
    this.cache.touch(this);
    return s;
  }

  /** Done with this file for now: it is dropped whatever the budget, and read again on next use. */
  release(): void {
    this.cache.release(this);
  }

  drop(): void {
    this.sections = null;
    const b = this.bytes;
    this.bytes = null;
    // A buffer the loader made for us alone (an inflated entry, not a view into the APK) is freed now rather
    // than at some later major GC: transfer() detaches it. Nothing else holds it: classes reach their dex
    // only through get(), and the sections that viewed it are gone.
    if (b !== null && this.owned(b)) (b.buffer as ArrayBuffer).transfer(0);
  }

  // A whole buffer of its own: an inflated entry (zlib's buffer has the one byte of slack the ZIP reader asks
  // for) or one read from a file; not a view into the package or into an archive nested in it. Judged by the
  // buffer itself, not by what the loader says: zlib takes small outputs (a 2 KB dex) from Node's shared
  // Buffer pool, a 64 KiB slab that other code is using, and freeing that would detach their bytes too.
  private owned(b: Uint8Array): boolean {
    return this.reloadable && b.byteOffset === 0 && b.buffer instanceof ArrayBuffer && b.buffer.byteLength - b.byteLength <= 1 && b.byteLength > 0;
  }
}

type ErrorSink = (e: unknown, file: string) => void;

function toPiscopeError(e: unknown, file: string, code: ErrorCode): PiscopeError {
  const err = e instanceof PiscopeError ? e : new PiscopeError(code, `unexpected failure: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  err.file ??= file;
  return err;
}

const ACC_STATIC = 0x8;

// No closure per method: a method keeps its class and a number locating its body (the code_item offset in
// DEX, the method's position in a class file), which keeps 70k+ methods cheap.
class LazyMethod implements MethodInfo {
  readonly owner: TypeName;
  readonly name: string;
  readonly descriptor: string;
  readonly accessFlags: number;
  private decoded: MethodCode | null | undefined;
  private readonly cls: LazyClass;
  /** Where the body is (see decodeBody); -1 for a method without code. One slot less per method. */
  private readonly body: number;

  constructor(ref: MethodRef, accessFlags: number, cls: LazyClass, body: number) {
    this.owner = ref.owner;
    this.name = ref.name;
    this.descriptor = ref.descriptor;
    this.accessFlags = accessFlags;
    this.cls = cls;
    this.body = body;
  }

  get hasCode(): boolean {
    return this.body >= 0;
  }

  /** Decodes without filling the cache (whole-program passes that visit each method once). */
  codeUncached(): MethodCode | null {
    if (this.decoded !== undefined || !this.hasCode) return this.code();
    try {
      return this.cls.decodeBody(this.body);
    } catch (e) {
      this.cls.report(e);
      return null;
    }
  }

  /** Facts with control flow, decoded each time (never cached: a few methods on a few paths ask). */
  flow(): MethodFlow | null {
    if (!this.hasCode) return null;
    try {
      return this.cls.decodeFlow(this.body);
    } catch (e) {
      this.cls.report(e);
      return null;
    }
  }

  code(): MethodCode | null {
    if (this.decoded !== undefined) return this.decoded;
    if (!this.hasCode) return (this.decoded = null);
    try {
      this.decoded = this.cls.decodeBody(this.body);
    } catch (e) {
      this.decoded = null;
      this.cls.report(e);
    }
    return this.decoded;
  }
}

/** What a class says of itself, read when it is indexed. */
type ClassHeader = Pick<ClassInfo, 'name' | 'superName' | 'interfaces' | 'accessFlags' | 'sourceFile' | 'container'>;

abstract class LazyClass implements ClassInfo {
  readonly name: TypeName;
  readonly superName: TypeName | null;
  readonly interfaces: readonly TypeName[];
  readonly accessFlags: number;
  readonly sourceFile: string | null;
  readonly container: string;
  // Methods and fields are read apart: the call graph needs every method of every class but few fields,
  // and building all FieldInfo objects (static values decoded) cost a big app ~20% of its analysis time.
  private methodList: readonly MethodInfo[] | undefined;
  private fieldList: readonly FieldInfo[] | undefined;
  /** Members failed to read once (reported then): both lists stay empty, without a second report. */
  private broken = false;
  private byKey: Map<string, MethodInfo> | undefined;
  protected readonly sink: ErrorSink;

  constructor(head: ClassHeader, sink: ErrorSink) {
    this.name = head.name;
    this.superName = head.superName;
    this.interfaces = head.interfaces;
    this.accessFlags = head.accessFlags;
    this.sourceFile = head.sourceFile;
    this.container = head.container;
    this.sink = sink;
  }

  protected abstract readMethods(): readonly MethodInfo[];
  protected abstract readFields(): readonly FieldInfo[];

  /** Decodes one method body located by the number its LazyMethod keeps. */
  abstract decodeBody(body: number): MethodCode | null;
  /** The facts with control flow (DEX and class files alike). */
  abstract decodeFlow(body: number): MethodFlow | null;

  report(e: unknown): void {
    this.sink(e, this.container);
  }

  private guarded<T>(read: () => T, empty: T): T {
    if (this.broken) return empty;
    try {
      return read();
    } catch (e) {
      this.broken = true;
      this.sink(e, this.container);
      return empty;
    }
  }

  methods(): readonly MethodInfo[] {
    return (this.methodList ??= this.guarded(() => this.readMethods(), []));
  }

  fields(): readonly FieldInfo[] {
    return (this.fieldList ??= this.guarded(() => this.readFields(), []));
  }

  methodsUncached(): readonly MethodInfo[] {
    return this.methodList ?? this.guarded(() => this.readMethods(), []);
  }

  fieldsUncached(): readonly FieldInfo[] {
    return this.fieldList ?? this.guarded(() => this.readFields(), []);
  }

  /** Both lists, read together where that is cheaper. */
  protected readBoth(): { methods: readonly MethodInfo[]; fields: readonly FieldInfo[] } {
    return { methods: this.readMethods(), fields: this.readFields() };
  }

  /** Members without filling the cache (a pass that visits each class once). */
  membersUncached(): { methods: readonly MethodInfo[]; fields: readonly FieldInfo[] } {
    if (this.methodList !== undefined && this.fieldList !== undefined) return { methods: this.methodList, fields: this.fieldList };
    return this.guarded(() => this.readBoth(), { methods: [], fields: [] });
  }

  method(name: string, descriptor: string): MethodInfo | undefined {
    if (this.byKey === undefined) {
      this.byKey = new Map();
      for (const m of this.methods()) if (!this.byKey.has(m.name + m.descriptor)) this.byKey.set(m.name + m.descriptor, m);
    }
    return this.byKey.get(name + descriptor);
  }
}

/** Scratch for a method ref that LazyMethod copies at once (no object per method of the package). */
const REF = { owner: '', name: '', descriptor: '' };

/** Most classes implement no interface: one shared empty list instead of 100k of them. */
const NO_TYPES: readonly TypeName[] = Object.freeze([]);

class DexClass extends LazyClass {
  readonly file: DexContainer;
  private readonly section: number;
  private readonly defIndex: number;

  constructor(file: DexContainer, section: number, defIndex: number, container: string, sink: ErrorSink) {
    const dex = file.get()[section]!;
    const def = dex.classDef(defIndex);
    super({
      name: dex.className(def), superName: dex.superName(def), interfaces: def.interfacesOff === 0 ? NO_TYPES : dex.typeList(def.interfacesOff),
      accessFlags: def.accessFlags, sourceFile: dex.sourceFile(def), container,
    }, sink);
    this.file = file;
    this.section = section;
    this.defIndex = defIndex;
  }

  private get dex(): DexFile {
    return this.file.get()[this.section]!;
  }

  release(): void {
    this.file.release();
  }

  protected readFields(): readonly FieldInfo[] {
    return this.read(false, true).fields;
  }

  protected readMethods(): readonly MethodInfo[] {
    return this.read(true, false).methods;
  }

  protected override readBoth(): { methods: readonly MethodInfo[]; fields: readonly FieldInfo[] } {
    return this.read(true, true);
  }

  /** One parse of class_data for whichever lists are wanted. */
  private read(wantMethods: boolean, wantFields: boolean): { methods: MethodInfo[]; fields: FieldInfo[] } {
    const dex = this.dex;
    const def = dex.classDef(this.defIndex);
    const data = readClassData(dex, def);
    const fields: FieldInfo[] = [];
    if (wantFields) {
      const statics = readStaticValues(dex, def);
      const field = (idx: number, accessFlags: number, initialValue: Value | null): FieldInfo => {
        const r = dex.fieldUninterned(idx);
        return { owner: r.owner, name: r.name, type: r.type, accessFlags, initialValue };
      };
      data.staticFields.forEach((f, k) => fields.push(field(f.fieldIdx, f.accessFlags, statics[k] ?? null)));
      for (const f of data.instanceFields) fields.push(field(f.fieldIdx, f.accessFlags, null));
    }
    // Every method of the package passes here, and the analysis keeps each list: exact lengths, indexed loops.
    const methods: MethodInfo[] = [];
    if (wantMethods) {
      const direct = data.directMethods;
      const virtual = data.virtualMethods;
      if (direct.length + virtual.length > 0) methods.length = direct.length + virtual.length;
      for (let k = 0; k < direct.length; k++) methods[k] = this.lazyMethod(dex, direct[k]!);
      for (let k = 0; k < virtual.length; k++) methods[direct.length + k] = this.lazyMethod(dex, virtual[k]!);
    }
    return { methods, fields };
  }

  private lazyMethod(dex: DexFile, m: EncodedMethod): LazyMethod {
    return new LazyMethod(dex.methodInto(m.methodIdx, REF), m.accessFlags, this, m.codeOff === 0 ? -1 : m.codeOff);
  }

  decodeBody(body: number): MethodCode | null {
    return decodeCodeItem(this.dex, body);
  }

  decodeFlow(body: number): MethodFlow | null {
    return decodeCodeItemFlow(this.dex, body);
  }
}

class JavaClass extends LazyClass {
  private readonly cf: ClassFile;

  constructor(cf: ClassFile, path: string, sink: ErrorSink) {
    super({ name: cf.name, superName: cf.superName, interfaces: cf.interfaces, accessFlags: cf.accessFlags, sourceFile: cf.sourceFile, container: path }, sink);
    this.cf = cf;
  }

  protected readFields(): readonly FieldInfo[] {
    const cf = this.cf;
    return cf.fields.map((f) => ({
      owner: cf.name, name: f.name, type: f.descriptor, accessFlags: f.accessFlags,
      initialValue: (f.accessFlags & ACC_STATIC) !== 0 ? (f.constantValue) : null,
    }));
  }

  protected readMethods(): readonly MethodInfo[] {
    const cf = this.cf;
    return cf.methods.map((m, k) => new LazyMethod({ owner: cf.name, name: m.name, descriptor: m.descriptor }, m.accessFlags, this, m.code === null ? -1 : k));
  }

  decodeFlow(body: number): MethodFlow | null {
    return decodeClassMethodFlow(this.cf, this.cf.methods[body]!);
  }

  decodeBody(body: number): MethodCode | null {
    return decodeClassMethod(this.cf, this.cf.methods[body]!);
  }
}

/** Builds the index. Inputs are taken in order: the first definition of a class wins. */
export function buildCodeIndex(inputs: readonly CodeInput[], options: CodeIndexOptions = {}): CodeIndex {
  const onError = options.onError;
  // Typed and reported (or thrown without onError) under the code of the kind of file that failed.
  const sinkFor = (code: ErrorCode): ErrorSink => (e, file) => {
    const err = toPiscopeError(e, file, code);
    if (onError === undefined) throw err;
    onError(err);
  };
  const sink = sinkFor(ErrorCode.DEX_MALFORMED);
  const classSink = sinkFor(ErrorCode.CLASS_MALFORMED);
  const containers: CodeContainer[] = [];
  const byName = new Map<TypeName, LazyClass>();
  const order: LazyClass[] = [];
  const dupes = new Map<TypeName, string[]>();
  const add = (c: LazyClass): void => {
    const first = byName.get(c.name);
    if (first === undefined) {
      byName.set(c.name, c);
      order.push(c);
      return;
    }
    const list = dupes.get(c.name) ?? [first.container];
    list.push(c.container);
    dupes.set(c.name, list);
  };

  const jars = new Map<string, { origin: ContainerOrigin; count: number; min: number; max: number }>();
  const dexCache = new DexCache(options.dexBudgetBytes ?? DEFAULT_DEX_BUDGET);
  const indexInput = (input: CodeInput): void => {
    if (input.format === 'dex') {
      const src = input.bytes;
      const file = typeof src === 'function' ? new DexContainer(input.path, src, dexCache, true) : new DexContainer(input.path, () => src, dexCache, false);
      let sections: DexFile[];
      try {
        sections = file.get();
      } catch (e) {
        sink(e, input.path);
        return;
      }
      let count = 0;
      for (let s = 0; s < sections.length; s++) {
        const dex = sections[s]!;
        for (let i = 0; i < dex.classDefsSize; i++) {
          try {
            add(new DexClass(file, s, i, input.path, sink));
            count++;
          } catch (e) {
            sink(e, input.path);
          }
        }
      }
      containers.push({ path: input.path, format: 'dex', origin: input.origin, version: String(sections[0]!.version).padStart(3, '0'), classCount: count });
    } else {
      const bang = input.path.lastIndexOf('!');
      const jar = bang < 0 ? null : input.path.slice(0, bang);
      let cf: ClassFile;
      try {
        cf = parseClassFile(typeof input.bytes === 'function' ? input.bytes() : input.bytes);
      } catch (e) {
        classSink(e, input.path);
        return;
      }
      add(new JavaClass(cf, input.path, classSink));
      if (jar === null) {
        containers.push({ path: input.path, format: 'class', origin: input.origin, version: String(cf.majorVersion), classCount: 1 });
      } else {
        const j = jars.get(jar) ?? { origin: input.origin, count: 0, min: cf.majorVersion, max: cf.majorVersion };
        j.count++;
        j.min = Math.min(j.min, cf.majorVersion);
        j.max = Math.max(j.max, cf.majorVersion);
        jars.set(jar, j);
      }
    }
  };

  // Containers are indexed in order as a pass reaches them, so a pass over classes() has each dex open once,
  // for its index and its code together; with a small budget, indexing everything first would inflate every
  // dex twice. Whatever must see every container (a name not found, the container list) indexes the rest.
  const queue: (CodeInput | undefined)[] = [...inputs];
  let next = 0;
  const more = (): boolean => {
    if (next >= queue.length) return false;
    const input = queue[next]!;
    queue[next++] = undefined; // the index keeps what it needs; let the input's bytes go
    indexInput(input);
    if (next === queue.length) {
      for (const [path, j] of jars) {
        containers.push({ path, format: 'jar', origin: j.origin, version: j.min === j.max ? String(j.min) : `${j.min}-${j.max}`, classCount: j.count });
      }
    }
    return true;
  };
  const all = (): void => {
    while (more());
  };
  // Without onError a broken container throws, and it throws here, as before.
  if (onError === undefined) all();
  let dupeList: CodeIndex['duplicateClasses'] | undefined;

  return {
    get containers(): readonly CodeContainer[] {
      all();
      return containers;
    },
    indexAll: all,
    *classes(): Generator<ClassInfo> {
      for (let i = 0; ; i++) {
        while (i >= order.length) if (!more()) return;
        yield order[i]!;
      }
    },
    getClass: (name) => find(name),
    getMethod: (ref) => find(ref.owner)?.method(ref.name, ref.descriptor),
    get classCount(): number {
      all();
      return byName.size;
    },
    get duplicateClasses() {
      all();
      return (dupeList ??= [...dupes].map(([name, list]) => ({ name, containers: list })));
    },
  };

  /** The first definition is final once found, so only a name not yet seen needs more containers. */
  function find(name: TypeName): LazyClass | undefined {
    let c = byName.get(name);
    while (c === undefined && more()) c = byName.get(name);
    return c;
  }
}

export interface DecodeTotals {
  classes: number;
  methods: number;
  methodsWithCode: number;
  invokes: number;
  strings: number;
  fieldReads: number;
  fieldWrites: number;
}

/**
 * Decodes every method's code (benchmarks, oracle tests) and returns counts. With `retain: false` (the
 * default) the facts are dropped after counting, and each dex is freed as the pass leaves it, so peak memory
 * stays near the largest dex file, not all of them.
 */
export function decodeAll(index: CodeIndex, opts: { retain?: boolean } = {}): DecodeTotals {
  const retain = opts.retain ?? false;
  const t: DecodeTotals = { classes: 0, methods: 0, methodsWithCode: 0, invokes: 0, strings: 0, fieldReads: 0, fieldWrites: 0 };
  // Classes come container by container: once the pass leaves a dex, it frees it and its tables at once
  // instead of holding them to the budget.
  let open: DexContainer | null = null;
  for (const c of index.classes()) {
    if (!retain && c instanceof DexClass && c.file !== open) {
      open?.release();
      open = c.file;
    }
    t.classes++;
    let methods: readonly MethodInfo[];
    if (!retain && c instanceof LazyClass) methods = c.membersUncached().methods;
    else {
      c.fields();
      methods = c.methods();
    }
    for (const m of methods) {
      t.methods++;
      const code = !retain && m instanceof LazyMethod ? m.codeUncached() : m.code();
      if (code === null) continue;
      t.methodsWithCode++;
      t.invokes += code.invokes.length;
      t.strings += code.strings.length;
      t.fieldReads += code.fieldReads.length;
      t.fieldWrites += code.fieldWrites.length;
    }
  }
  open?.release();
  return t;
}

