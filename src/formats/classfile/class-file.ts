// Java class files (JVMS §4): the constant pool (every tag, Module/Package/Dynamic included), fields with
// ConstantValue, methods with their Code attribute, SourceFile and BootstrapMethods. Names come out as
// descriptors (`Lcom/x/Y;`) so class files and DEX yield identical refs. Pool entries decode on demand.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';
import { parameterWidths, type FieldRefFact, type MethodRefFact, type ValueFact } from '../code-facts.ts';
import { decodeMutf8 } from '../dex/mutf8.ts';

export const CLASS_MAGIC = 0xcafebabe;

export const CONSTANT_Utf8 = 1, CONSTANT_Integer = 3, CONSTANT_Float = 4, CONSTANT_Long = 5, CONSTANT_Double = 6,
  CONSTANT_Class = 7, CONSTANT_String = 8, CONSTANT_Fieldref = 9, CONSTANT_Methodref = 10,
  CONSTANT_InterfaceMethodref = 11, CONSTANT_NameAndType = 12, CONSTANT_MethodHandle = 15, CONSTANT_MethodType = 16,
  CONSTANT_Dynamic = 17, CONSTANT_InvokeDynamic = 18, CONSTANT_Module = 19, CONSTANT_Package = 20;

/** Bytes after the tag, per tag (Utf8 is variable). */
const ENTRY_SIZE: Record<number, number> = { 3: 4, 4: 4, 5: 8, 6: 8, 7: 2, 8: 2, 9: 4, 10: 4, 11: 4, 12: 4, 15: 3, 16: 2, 17: 4, 18: 4, 19: 2, 20: 2 };

export interface CodeAttribute {
  readonly maxStack: number;
  readonly maxLocals: number;
  /** Absolute offset and length of the bytecode in the class file's bytes. */
  readonly codeOff: number;
  readonly codeLength: number;
  /** handler_pc of each exception_table entry. */
  readonly handlers: readonly number[];
}

export interface MemberInfo {
  readonly accessFlags: number;
  readonly name: string;
  readonly descriptor: string;
  /** Fields: the ConstantValue attribute's value. */
  readonly constantValue: ValueFact | null;
  /** Methods: the Code attribute (null for abstract/native). */
  readonly code: CodeAttribute | null;
}

export interface BootstrapMethod {
  readonly methodHandle: number;
  readonly args: readonly number[];
}

/** `com/x/Y` → `Lcom/x/Y;`; array class names are already descriptors. */
export function internalToDescriptor(name: string): string {
  return name.startsWith('[') ? name : `L${name};`;
}

export class ClassFile {
  readonly r: ByteReader;
  readonly minorVersion: number;
  readonly majorVersion: number;
  readonly cpCount: number;
  private readonly cpOff: Int32Array;
  private readonly cpTag: Uint8Array;
  private readonly cache: unknown[];
  readonly accessFlags: number;
  readonly name: string;
  readonly superName: string | null;
  readonly interfaces: readonly string[];
  readonly fields: readonly MemberInfo[];
  readonly methods: readonly MemberInfo[];
  readonly sourceFile: string | null;
  readonly bootstrapMethods: readonly BootstrapMethod[];

  constructor(bytes: Uint8Array) {
    const r = new ByteReader(bytes, 'class', ErrorCode.CLASS_MALFORMED);
    this.r = r;
    if (bytes.length < 10 || r.u32be(0) !== CLASS_MAGIC) r.fail('bad magic (expected 0xCAFEBABE)', 0, ErrorCode.CLASS_BAD_MAGIC);
    this.minorVersion = r.u16be(4);
    this.majorVersion = r.u16be(6);
    const n = r.u16be(8);
    this.cpCount = n;
    this.cpOff = new Int32Array(n);
    this.cpTag = new Uint8Array(n);
    this.cache = new Array<unknown>(n);
    let p = 10;
    for (let i = 1; i < n; i++) {
      const tag = r.u8(p);
      this.cpTag[i] = tag;
      this.cpOff[i] = p + 1;
      if (tag === CONSTANT_Utf8) p += 3 + r.u16be(p + 1);
      else {
        const size = ENTRY_SIZE[tag] ?? r.fail(`constant_pool[${i}] has unknown tag ${tag}`, p);
        p += 1 + size;
        if (tag === CONSTANT_Long || tag === CONSTANT_Double) i++; // takes two slots
      }
    }
    r.need(p, 8, 'class header after constant_pool');
    this.accessFlags = r.u16be(p);
    this.name = internalToDescriptor(this.className(r.u16be(p + 2), p + 2));
    const superIdx = r.u16be(p + 4);
    this.superName = superIdx === 0 ? null : internalToDescriptor(this.className(superIdx, p + 4));
    const ni = r.u16be(p + 6);
    p += 8;
    const interfaces: string[] = [];
    for (let k = 0; k < ni; k++, p += 2) interfaces.push(internalToDescriptor(this.className(r.u16be(p), p)));
    this.interfaces = interfaces;
    const [fields, p1] = this.members(p, false);
    const [methods, p2] = this.members(p1, true);
    this.fields = fields;
    this.methods = methods;
    let sourceFile: string | null = null;
    let bootstrap: BootstrapMethod[] = [];
    const na = r.u16be(p2);
    let q = p2 + 2;
    for (let k = 0; k < na; k++) {
      const attrName = this.utf8(r.u16be(q), q);
      const len = r.u32be(q + 2);
      r.need(q + 6, len, `attribute ${attrName}`);
      if (attrName === 'SourceFile') sourceFile = this.utf8(r.u16be(q + 6), q + 6);
      else if (attrName === 'BootstrapMethods') bootstrap = this.bootstrapTable(q + 6);
      q += 6 + len;
    }
    this.sourceFile = sourceFile;
    this.bootstrapMethods = bootstrap;
  }

  private members(at: number, isMethod: boolean): [MemberInfo[], number] {
    const r = this.r;
    const count = r.u16be(at);
    let p = at + 2;
    const out: MemberInfo[] = [];
    for (let k = 0; k < count; k++) {
      const accessFlags = r.u16be(p);
      const name = this.utf8(r.u16be(p + 2), p + 2);
      const descriptor = this.utf8(r.u16be(p + 4), p + 4);
      const na = r.u16be(p + 6);
      p += 8;
      let constantValue: ValueFact | null = null;
      let code: CodeAttribute | null = null;
      for (let a = 0; a < na; a++) {
        const attrName = this.utf8(r.u16be(p), p);
        const len = r.u32be(p + 2);
        r.need(p + 6, len, `attribute ${attrName}`);
        if (!isMethod && attrName === 'ConstantValue') constantValue = this.constantValue(r.u16be(p + 6), p + 6);
        else if (isMethod && attrName === 'Code') code = this.codeAttribute(p + 6, len);
        p += 6 + len;
      }
      out.push({ accessFlags, name, descriptor, constantValue, code });
    }
    return [out, p];
  }

  private codeAttribute(p: number, len: number): CodeAttribute {
    const r = this.r;
    const codeLength = r.u32be(p + 4);
    if (8 + codeLength + 2 > len) r.fail(`Code attribute: code_length ${codeLength} exceeds the attribute (${len} bytes)`, p + 4);
    const et = p + 8 + codeLength;
    const n = r.u16be(et);
    r.need(et + 2, n * 8, 'Code.exception_table');
    const handlers: number[] = [];
    for (let k = 0; k < n; k++) handlers.push(r.u16be(et + 2 + k * 8 + 4));
    return { maxStack: r.u16be(p), maxLocals: r.u16be(p + 2), codeOff: p + 8, codeLength, handlers };
  }

  private bootstrapTable(p: number): BootstrapMethod[] {
    const r = this.r;
    const n = r.u16be(p);
    let q = p + 2;
    const out: BootstrapMethod[] = [];
    for (let k = 0; k < n; k++) {
      const mh = r.u16be(q);
      const na = r.u16be(q + 2);
      r.need(q + 4, na * 2, 'BootstrapMethods');
      const args: number[] = [];
      for (let a = 0; a < na; a++) args.push(r.u16be(q + 4 + a * 2));
      out.push({ methodHandle: mh, args });
      q += 4 + na * 2;
    }
    return out;
  }

  /** Checks index i is a valid pool entry of one of the given tags; returns its offset (after the tag). */
  entry(i: number, at: number | undefined, ...tags: number[]): number {
    if (!(i >= 1 && i < this.cpCount) || this.cpOff[i] === 0) {
      this.r.fail(`constant_pool index ${i} not in [1, ${this.cpCount})`, at);
    }
    const tag = this.cpTag[i]!;
    if (!tags.includes(tag)) this.r.fail(`constant_pool[${i}] has tag ${tag}, expected ${tags.join('/')}`, at);
    return this.cpOff[i]!;
  }

  tag(i: number): number {
    return i >= 1 && i < this.cpCount ? this.cpTag[i]! : 0;
  }

  utf8(i: number, at?: number): string {
    const c = this.cache[i];
    if (typeof c === 'string' && this.cpTag[i] === CONSTANT_Utf8) return c;
    const p = this.entry(i, at, CONSTANT_Utf8);
    const len = this.r.u16be(p);
    const v = decodeMutf8(this.r, p + 2, p + 2 + len);
    this.cache[i] = v;
    return v;
  }

  /** CONSTANT_Class → internal name (`com/x/Y` or `[I`). */
  className(i: number, at?: number): string {
    return this.utf8(this.r.u16be(this.entry(i, at, CONSTANT_Class)), at);
  }

  /** CONSTANT_Class → descriptor. */
  classDescriptor(i: number, at?: number): string {
    return internalToDescriptor(this.className(i, at));
  }

  nameAndType(i: number, at?: number): [string, string] {
    const p = this.entry(i, at, CONSTANT_NameAndType);
    return [this.utf8(this.r.u16be(p), at), this.utf8(this.r.u16be(p + 2), at)];
  }

  /** Fieldref → FieldRefFact, interned. */
  fieldRef(i: number, at?: number): FieldRefFact {
    const p = this.entry(i, at, CONSTANT_Fieldref);
    const c = this.cache[i];
    if (c !== undefined) return c as FieldRefFact;
    const [name, type] = this.nameAndType(this.r.u16be(p + 2), at);
    const v: FieldRefFact = { owner: this.classDescriptor(this.r.u16be(p), at), name, type };
    this.cache[i] = v;
    return v;
  }

  /** Methodref / InterfaceMethodref → MethodRefFact, interned. */
  methodRef(i: number, at?: number): MethodRefFact {
    const p = this.entry(i, at, CONSTANT_Methodref, CONSTANT_InterfaceMethodref);
    const c = this.cache[i];
    if (c !== undefined) return c as MethodRefFact;
    const [name, descriptor] = this.nameAndType(this.r.u16be(p + 2), at);
    const v: MethodRefFact = { owner: this.classDescriptor(this.r.u16be(p), at), name, descriptor };
    this.cache[i] = v;
    return v;
  }

  /**
   * Wide flags per parameter of the Methodref or InvokeDynamic at pool index i (after methodRef or
   * invokeDynamic checked it), computed once per index as the DEX reader does per method_id.
   */
  paramWidths(i: number, descriptor: string): readonly boolean[] {
    this.widths ??= [];
    return (this.widths[i] ??= parameterWidths(descriptor));
  }

  private widths: (readonly boolean[] | undefined)[] | undefined;

  /** MethodHandle → the referenced field or method. */
  methodHandle(i: number, at?: number): { kind: number; ref: FieldRefFact | MethodRefFact } {
    const p = this.entry(i, at, CONSTANT_MethodHandle);
    const kind = this.r.u8(p);
    const ref = this.r.u16be(p + 1);
    return { kind, ref: kind <= 4 ? this.fieldRef(ref, at) : this.methodRef(ref, at) };
  }

  /** InvokeDynamic → target (bootstrap method's class, name, type), interned. */
  invokeDynamic(i: number, at?: number): MethodRefFact {
    const p = this.entry(i, at, CONSTANT_InvokeDynamic);
    const c = this.cache[i];
    if (c !== undefined) return c as MethodRefFact;
    const bsm = this.r.u16be(p);
    const [name, descriptor] = this.nameAndType(this.r.u16be(p + 2), at);
    const b = this.bootstrapMethods[bsm];
    if (b === undefined) this.r.fail(`invokedynamic bootstrap_method_attr_index ${bsm} not in [0, ${this.bootstrapMethods.length})`, at);
    const v: MethodRefFact = { owner: this.methodHandle(b.methodHandle, at).ref.owner, name, descriptor };
    this.cache[i] = v;
    return v;
  }

  /** Value of an ldc operand: String and Class are modelled, int as int; others null. */
  constantValue(i: number, at?: number): ValueFact | null {
    const tag = this.tag(i);
    this.entry(i, at, CONSTANT_Integer, CONSTANT_Float, CONSTANT_Long, CONSTANT_Double, CONSTANT_Class, CONSTANT_String,
      CONSTANT_MethodHandle, CONSTANT_MethodType, CONSTANT_Dynamic);
    const c = this.cache[i];
    if (c !== undefined) return c as ValueFact | null;
    const p = this.cpOff[i]!;
    let v: ValueFact | null = null;
    if (tag === CONSTANT_String) v = { k: 'string', v: this.utf8(this.r.u16be(p), at) };
    else if (tag === CONSTANT_Class) v = { k: 'class', v: this.classDescriptor(i, at) };
    else if (tag === CONSTANT_Integer) v = { k: 'int', v: this.r.i32be(p) };
    else if (tag === CONSTANT_Long) {
      const hi = this.r.i32be(p);
      const lo = this.r.u32be(p + 4);
      const n = hi * 4294967296 + lo;
      v = Number.isSafeInteger(n) ? { k: 'int', v: n } : null;
    }
    this.cache[i] = v;
    return v;
  }
}

export function parseClassFile(bytes: Uint8Array): ClassFile {
  return new ClassFile(bytes);
}
