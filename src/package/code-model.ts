// The format-neutral code model (dexlib2's `iface` layer). DEX and Java class files both decode into it, so an
// APK and an SDK jar flow through one analysis. Names are smali descriptors: `Lcom/foo/Bar;`, `(I)V`.
import type { FieldAccessFact, FieldRefFact, FieldWriteFact, FlowFacts, InvokeFact, InvokeKindFact, JumpFact, MethodRefFact, ValueFact } from '../formats/code-facts.ts';


export type TypeName = string;

/** `owner` is the declaring class (`Landroid/telephony/TelephonyManager;`), `descriptor` the prototype (`(I)V`). */
export type MethodRef = MethodRefFact;
export type FieldRef = FieldRefFact;
export type InvokeKind = InvokeKindFact;

/**
 * A value known at one point of a method, found by a linear scan of the instructions in order (registers for
 * DEX, a simulated operand stack for class files). Branches are not merged: a value is what the most recent
 * write to that register/stack slot was. Enough to resolve `Class.forName("…")`, `Uri.parse("content://…")`
 * and constants stored into static fields; never used as proof on its own.
 */
export type Value = ValueFact;
/** An invoke: its args are the argument values, receiver first for non-static calls; null where unknown. */
export type Invoke = InvokeFact;
export type FieldAccess = FieldAccessFact;
/** A field write, with the value stored when known. */
export type FieldWrite = FieldWriteFact;

/** The instruction facts of one method body. */
export interface MethodCode {
  readonly invokes: readonly Invoke[];
  /** Every const-string / const-string/jumbo (DEX) or ldc of a String (class file), in order. */
  readonly strings: readonly string[];
  /** Every const-class (DEX) or ldc of a Class (class file). */
  readonly types: readonly TypeName[];
  /** Every sget* / iget* (DEX), getstatic / getfield (class file). */
  readonly fieldReads: readonly FieldAccess[];
  /** Every sput* / iput* (DEX), putstatic / putfield (class file), with the value stored when known. */
  readonly fieldWrites: readonly FieldWrite[];
}

/** Control flow of a method: jumps, try handlers, where classes are named, what returns return. */
export type Flow = FlowFacts;
export type Jump = JumpFact;
export interface MethodFlow extends MethodCode {
  readonly flow: Flow;
}

export interface MethodInfo extends MethodRef {
  readonly accessFlags: number;
  readonly hasCode: boolean;
  /** Decoded on first call and cached; null when the method has no code (abstract, native). */
  code(): MethodCode | null;
  /** Optional: decodes without caching, for whole-program passes that visit each method once. */
  codeUncached?(): MethodCode | null;
  /** Optional: the facts with control flow, decoded on demand, not cached; null when unknown. */
  flow?(): MethodFlow | null;
}

export interface FieldInfo extends FieldRef {
  readonly accessFlags: number;
  /** Initial constant of a static field (DEX static_values / ConstantValue attribute), when present. */
  readonly initialValue: Value | null;
}

export interface ClassInfo {
  readonly name: TypeName;
  readonly superName: TypeName | null;
  readonly interfaces: readonly TypeName[];
  readonly accessFlags: number;
  readonly sourceFile: string | null;
  /** Where the class was read from: `classes2.dex`, `assets/a.jar!classes.dex`, `classes.jar!com/x/Y.class`. */
  readonly container: string;
  /** Members decode when first asked for, then stay cached. */
  methods(): readonly MethodInfo[];
  /** Optional: the methods without caching them, for a pass that keeps what it needs of them. */
  methodsUncached?(): readonly MethodInfo[];
  fields(): readonly FieldInfo[];
  /** Optional: the fields without caching them, for a pass that looks at each class once. */
  fieldsUncached?(): readonly FieldInfo[];
  /**
   * Optional: a pass that goes container by container is done with this class's container for now, which may
   * then free its bytes and tables (read again if asked for later).
   */
  release?(): void;
}

/** Where a container of code came from within the package. */
export type ContainerOrigin = 'primary' | 'secondary' | 'nested';

export interface CodeContainer {
  /** Path inside the package; nested ones joined by `!`: `assets/plugin.apk!classes.dex`. */
  readonly path: string;
  readonly format: 'dex' | 'jar' | 'class';
  readonly origin: ContainerOrigin;
  /** DEX version (35..41) or class-file major version range, for the report. */
  readonly version: string | null;
  readonly classCount: number;
}

/** One index over all code of a package, by class and by method. */
export interface CodeIndex {
  readonly containers: readonly CodeContainer[];
  /** Containers are indexed as passes reach them; this indexes the rest now (their problems reported then). */
  indexAll(): void;
  classes(): Iterable<ClassInfo>;
  getClass(name: TypeName): ClassInfo | undefined;
  getMethod(ref: MethodRef): MethodInfo | undefined;
  readonly classCount: number;
  /** Classes defined more than once; the first definition wins, as Android's class loader does. */
  readonly duplicateClasses: readonly { readonly name: TypeName; readonly containers: readonly string[] }[];
}

export function methodKey(m: MethodRef): string {
  return `${m.owner}->${m.name}${m.descriptor}`;
}

export function fieldKey(f: FieldRef): string {
  return `${f.owner}->${f.name}:${f.type}`;
}

/** `Lcom/foo/Bar;` → `com.foo.Bar`; arrays and primitives are returned unchanged. */
export function typeToJava(t: TypeName): string {
  return t.startsWith('L') && t.endsWith(';') ? t.slice(1, -1).replaceAll('/', '.') : t;
}

/** `com.foo.Bar` → `Lcom/foo/Bar;`. */
export function javaToType(name: string): TypeName {
  return `L${name.replaceAll('.', '/')};`;
}
