// class_data_item (the members of one class), encoded_array_item (static_values) and
// annotations_directory_item (walked for validity and class-level annotation types).
import { ErrorCode } from '../../errors.ts';
import type { ValueFact } from '../code-facts.ts';
import type { ClassDefItem, DexFile } from './dex-file.ts';

export interface EncodedField {
  readonly fieldIdx: number;
  readonly accessFlags: number;
}

export interface EncodedMethod {
  readonly methodIdx: number;
  readonly accessFlags: number;
  /** 0 for abstract and native methods. */
  readonly codeOff: number;
}

export interface ClassDataItem {
  readonly staticFields: readonly EncodedField[];
  readonly instanceFields: readonly EncodedField[];
  readonly directMethods: readonly EncodedMethod[];
  readonly virtualMethods: readonly EncodedMethod[];
}

// uleb128 without a tuple per read: the offset after the last value read is left in `next`.
let next = 0;
function uleb(r: DexFile['r'], p: number): number {
  let result = 0;
  for (let i = 0; i < 5; i++) {
    const b = r.u8(p + i);
    result |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) {
      next = p + i + 1;
      return result >>> 0;
    }
  }
  return r.fail('uleb128 longer than 5 bytes', p, ErrorCode.DEX_MALFORMED);
}

const EMPTY: ClassDataItem = { staticFields: [], instanceFields: [], directMethods: [], virtualMethods: [] };

export function readClassData(dex: DexFile, def: ClassDefItem): ClassDataItem {
  if (def.classDataOff === 0) return EMPTY;
  const r = dex.r;
  let p = dex.checkDataOffset('class_data_item', def.classDataOff, 4);
  const start = p;
  const counts: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [v, q] = r.uleb128(p);
    counts.push(v);
    p = q;
  }
  const [sf, inf, dm, vm] = counts as [number, number, number, number];
  // Each encoded_field takes at least 2 bytes and each encoded_method 3: reject counts the file cannot hold.
  if ((sf + inf) * 2 + (dm + vm) * 3 > r.length - p) {
    r.fail(`class_data_item member counts (${sf}, ${inf}, ${dm}, ${vm}) exceed the file`, start, ErrorCode.DEX_MALFORMED);
  }
  // Lists of their exact length (the counts are checked above): push() would give each a 17-slot store.
  const fields = (n: number): EncodedField[] => {
    if (n === 0) return [];
    const out = new Array<EncodedField>(n);
    let idx = 0;
    for (let k = 0; k < n; k++) {
      const at = p;
      idx += uleb(r, p);
      const a = uleb(r, next);
      p = next;
      dex.checkIndex('field', idx, dex.header.fieldIdsSize, at);
      out[k] = { fieldIdx: idx, accessFlags: a };
    }
    return out;
  };
  const methods = (n: number): EncodedMethod[] => {
    if (n === 0) return [];
    const out = new Array<EncodedMethod>(n);
    let idx = 0;
    for (let k = 0; k < n; k++) {
      const at = p;
      idx += uleb(r, p);
      const a = uleb(r, next);
      const c = uleb(r, next);
      p = next;
      dex.checkIndex('method', idx, dex.header.methodIdsSize, at);
      out[k] = { methodIdx: idx, accessFlags: a, codeOff: c };
    }
    return out;
  };
  return { staticFields: fields(sf), instanceFields: fields(inf), directMethods: methods(dm), virtualMethods: methods(vm) };
}

const MAX_DEPTH = 32;

/** Reads one encoded_value at p; returns [value (null for kinds we do not model), next offset]. */
export function readEncodedValue(dex: DexFile, p: number, depth = 0): [ValueFact | null, number] {
  const r = dex.r;
  const hdr = r.u8(p);
  const type = hdr & 0x1f;
  const arg = hdr >>> 5;
  const q = p + 1;
  const n = arg + 1;
  const unsigned = (): number => {
    let v = 0;
    for (let b = 0; b < n; b++) v += r.u8(q + b) * 2 ** (8 * b);
    return v;
  };
  const signed = (): number => {
    const v = unsigned();
    const bits = 8 * n;
    return n <= 4 && v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
  };
  switch (type) {
    case 0x00: // byte
    case 0x02: // short
    case 0x04: // int
      if (n > (type === 0 ? 1 : type === 2 ? 2 : 4)) r.fail(`encoded_value type 0x${type.toString(16)} with ${n} bytes`, p, ErrorCode.DEX_MALFORMED);
      return [{ k: 'int', v: signed() }, q + n];
    case 0x03: // char
      if (n > 2) r.fail(`encoded char with ${n} bytes`, p, ErrorCode.DEX_MALFORMED);
      return [{ k: 'int', v: unsigned() }, q + n];
    case 0x06: // long: kept as an int only when exact
    {
      r.need(q, n, 'encoded long');
      if (n > 6) return [null, q + n];
      return [{ k: 'int', v: signed() }, q + n];
    }
    case 0x10: // float
    case 0x11: // double
    case 0x15: // method_type
    case 0x16: // method_handle
    case 0x19: // field
    case 0x1a: // method
    case 0x1b: // enum
      if (n > (type === 0x11 ? 8 : 4)) r.fail(`encoded_value type 0x${type.toString(16)} with ${n} bytes`, p, ErrorCode.DEX_MALFORMED);
      r.need(q, n, 'encoded_value');
      return [type === 0x1b ? dex.fieldValue(unsigned(), p) : null, q + n];
    case 0x17: // string
      if (n > 4) r.fail(`encoded string index with ${n} bytes`, p, ErrorCode.DEX_MALFORMED);
      return [dex.stringValue(unsigned(), p), q + n];
    case 0x18: // type
      if (n > 4) r.fail(`encoded type index with ${n} bytes`, p, ErrorCode.DEX_MALFORMED);
      return [dex.classValue(unsigned(), p), q + n];
    case 0x1c: // array
      return [null, skipEncodedArray(dex, q, depth + 1)];
    case 0x1d: // annotation
      return [null, skipEncodedAnnotation(dex, q, depth + 1)];
    case 0x1e: // null
      return [null, q];
    case 0x1f: // boolean
      return [{ k: 'int', v: arg }, q];
    default:
      return r.fail(`encoded_value type 0x${type.toString(16)} unknown`, p, ErrorCode.DEX_MALFORMED);
  }
}

function skipEncodedArray(dex: DexFile, p: number, depth: number): number {
  if (depth > MAX_DEPTH) dex.r.fail('encoded_array nested too deeply', p, ErrorCode.DEX_MALFORMED);
  const [size, q0] = dex.r.uleb128(p);
  if (size > dex.r.length - q0) dex.r.fail(`encoded_array size ${size} exceeds the file`, p, ErrorCode.DEX_MALFORMED);
  let q = q0;
  for (let k = 0; k < size; k++) q = readEncodedValue(dex, q, depth)[1];
  return q;
}

function skipEncodedAnnotation(dex: DexFile, p: number, depth: number): number {
  if (depth > MAX_DEPTH) dex.r.fail('encoded_annotation nested too deeply', p, ErrorCode.DEX_MALFORMED);
  const [typeIdx, q1] = dex.r.uleb128(p);
  dex.checkIndex('type', typeIdx, dex.header.typeIdsSize, p);
  const [size, q2] = dex.r.uleb128(q1);
  if (size > dex.r.length - q2) dex.r.fail(`encoded_annotation size ${size} exceeds the file`, p, ErrorCode.DEX_MALFORMED);
  let q = q2;
  for (let k = 0; k < size; k++) {
    const [nameIdx, q3] = dex.r.uleb128(q);
    dex.checkIndex('string', nameIdx, dex.header.stringIdsSize, q);
    q = readEncodedValue(dex, q3, depth)[1];
  }
  return q;
}

/** static_values of a class: one value per leading static field (the rest are zero/null). */
export function readStaticValues(dex: DexFile, def: ClassDefItem): (ValueFact | null)[] {
  if (def.staticValuesOff === 0) return [];
  const p = dex.checkDataOffset('encoded_array_item', def.staticValuesOff, 1);
  const [size, q0] = dex.r.uleb128(p);
  if (size > dex.r.length - q0) dex.r.fail(`static_values size ${size} exceeds the file`, p, ErrorCode.DEX_MALFORMED);
  const out: (ValueFact | null)[] = [];
  let q = q0;
  for (let k = 0; k < size; k++) {
    const [v, next] = readEncodedValue(dex, q);
    out.push(v);
    q = next;
  }
  return out;
}

/** Walks annotations_directory_item and returns the types of the class-level annotations. */
export function readClassAnnotations(dex: DexFile, def: ClassDefItem): string[] {
  if (def.annotationsOff === 0) return [];
  const r = dex.r;
  const p = dex.checkDataOffset('annotations_directory_item', def.annotationsOff, 16);
  const classSet = r.u32(p);
  const nFields = r.u32(p + 4);
  const nMethods = r.u32(p + 8);
  const nParams = r.u32(p + 12);
  r.need(p + 16, (nFields + nMethods + nParams) * 8, 'annotations_directory_item');
  for (let k = 0; k < nFields; k++) dex.checkIndex('field', r.u32(p + 16 + k * 8), dex.header.fieldIdsSize, p + 16 + k * 8);
  for (let k = 0; k < nMethods + nParams; k++) {
    const at = p + 16 + (nFields + k) * 8;
    dex.checkIndex('method', r.u32(at), dex.header.methodIdsSize, at);
  }
  if (classSet === 0) return [];
  const s = dex.checkDataOffset('annotation_set_item', classSet, 4);
  const n = r.u32(s);
  r.need(s + 4, n * 4, 'annotation_set_item');
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const a = dex.checkDataOffset('annotation_item', r.u32(s + 4 + k * 4), 2, s + 4 + k * 4);
    const [typeIdx] = r.uleb128(a + 1);
    skipEncodedAnnotation(dex, a + 1, 0);
    out.push(dex.type(typeIdx, a + 1));
  }
  return out;
}
