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
  | { readonly k: 'result'; readonly of: MethodRefFact; readonly args: readonly (ValueFact | null)[] };

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
