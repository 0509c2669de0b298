// The instruction facts a code decoder produces: the one definition of the code model's method, field and
// value shapes (src/package/code-model.ts re-exports them under its own names). It sits in formats/ because
// formats/ imports nothing above itself; DEX and class-file decoders both produce it.

export interface MethodRefFact {
  readonly owner: string;
  readonly name: string;
  readonly descriptor: string;
}

export interface FieldRefFact {
  readonly owner: string;
  readonly name: string;
  readonly type: string;
}

export type InvokeKindFact = 'virtual' | 'super' | 'direct' | 'static' | 'interface' | 'polymorphic' | 'custom';

export type ValueFact =
  | { readonly k: 'string'; readonly v: string }
  | { readonly k: 'class'; readonly v: string }
  | { readonly k: 'int'; readonly v: number }
  | { readonly k: 'field'; readonly ref: FieldRefFact }
  | { readonly k: 'result'; readonly of: MethodRefFact; readonly args: readonly (ValueFact | null)[] }
  /** An incoming argument, by its slot among the in-registers (receiver first; wide ones take two). Flow decoding only. */
  | { readonly k: 'param'; readonly slot: number };

export interface InvokeFact {
  readonly kind: InvokeKindFact;
  readonly target: MethodRefFact;
  readonly args: readonly (ValueFact | null)[];
  readonly pc: number;
}

export interface FieldAccessFact {
  readonly op: 'sget' | 'iget';
  readonly field: FieldRefFact;
  readonly pc: number;
}

export interface FieldWriteFact {
  readonly op: 'sput' | 'iput';
  readonly field: FieldRefFact;
  readonly value: ValueFact | null;
  readonly pc: number;
}

export interface MethodCodeFacts {
  readonly invokes: readonly InvokeFact[];
  readonly strings: readonly string[];
  readonly types: readonly string[];
  readonly fieldReads: readonly FieldAccessFact[];
  readonly fieldWrites: readonly FieldWriteFact[];
}

export type CompareFact = 'eq' | 'ne' | 'lt' | 'ge' | 'gt' | 'le';

/** An instruction that does not simply fall through to the next one. */
export interface JumpFact {
  readonly pc: number;
  /** `if` and `switch` also fall through; `goto` does not; `end` (return, throw) has no successor. */
  readonly kind: 'if' | 'goto' | 'switch' | 'end';
  /** `if` only: the comparison; `b` is null when the test is against zero / null (`if-eqz`, `ifeq`). */
  readonly cmp: CompareFact | null;
  readonly a: ValueFact | null;
  readonly b: ValueFact | null;
  readonly zero: boolean;
  readonly targets: readonly number[];
}

/**
 * The control flow of one method, decoded only on demand (it is not part of the facts every pass reads):
 * enough to ask whether a branch on some value can keep an instruction from running.
 */
export interface FlowFacts {
  /** Start pc of every instruction, ascending. */
  readonly pcs: readonly number[];
  readonly jumps: readonly JumpFact[];
  /** Instructions in [start, end) may continue at each handler (any of them may throw). */
  readonly tries: readonly { readonly start: number; readonly end: number; readonly handlers: readonly number[] }[];
  /** Where a class is named: const-class, new-instance, and the owner of each static field access. */
  readonly typeSites: readonly { readonly pc: number; readonly type: string }[];
  /** What each return instruction returns, as the linear scan last saw it (null for return-void), and its register. */
  readonly returns: readonly { readonly pc: number; readonly value: ValueFact | null; readonly reg: number | null }[];
  /** Every register write in order (pc, register, value when known): for values that depend on the path taken. */
  readonly defs: readonly { readonly pc: number; readonly reg: number; readonly value: ValueFact | null }[];
}

export interface MethodFlowFacts extends MethodCodeFacts {
  readonly flow: FlowFacts;
}

/** Per-parameter layout of a descriptor `(IJLx;)V`: true for each wide (J/D) parameter. */
export function parameterWidths(descriptor: string): boolean[] {
  const out: boolean[] = [];
  let i = 1;
  while (i < descriptor.length && descriptor.charCodeAt(i) !== 41 /* ) */) {
    const c = descriptor.charCodeAt(i);
    if (c === 91 /* [ */) {
      while (descriptor.charCodeAt(i) === 91) i++;
      if (descriptor.charCodeAt(i) === 76 /* L */) i = descriptor.indexOf(';', i) + 1;
      else i++;
      if (i === 0) break;
      out.push(false);
    } else if (c === 76) {
      const e = descriptor.indexOf(';', i);
      if (e < 0) break;
      i = e + 1;
      out.push(false);
    } else {
      out.push(c === 74 /* J */ || c === 68 /* D */);
      i++;
    }
  }
  return out;
}
