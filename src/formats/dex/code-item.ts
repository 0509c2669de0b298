// code_item → the facts of one method: invokes, const-string/-class, field reads and writes, with values
// tracked linearly through a register file (code-model.ts explains the limits). One pass, a switch on the
// opcode, interned refs and values; the only allocations are the facts themselves.
import { ErrorCode } from '../../errors.ts';
import type {
  CompareFact, FieldAccessFact, FieldRefFact, FieldWriteFact, FlowFacts, InvokeFact, InvokeKindFact, JumpFact, MethodCodeFacts, MethodFlowFacts, MethodRefFact, ValueFact,
} from '../code-facts.ts';
import type { DexFile } from './dex-file.ts';
import {
  DEST, F32x, FILL_ARRAY_DATA_PAYLOAD, FORMAT, PACKED_SWITCH_PAYLOAD, SPARSE_SWITCH_PAYLOAD, WIDTH, hasNibbleA,
} from './opcodes.ts';

export const CODE_ITEM_HEADER_SIZE = 16;

export interface CodeItemHeader {
  readonly registersSize: number;
  readonly insSize: number;
  readonly outsSize: number;
  readonly triesSize: number;
  readonly insnsSize: number;
  /** Absolute offset of insns. */
  readonly insnsOff: number;
}

export function readCodeItemHeader(dex: DexFile, codeOff: number): CodeItemHeader {
  const p = codeItemAt(dex, codeOff);
  const r = dex.r;
  return { registersSize: r.u16(p), insSize: r.u16(p + 2), outsSize: r.u16(p + 4), triesSize: r.u16(p + 6), insnsSize: r.u32(p + 12), insnsOff: p + CODE_ITEM_HEADER_SIZE };
}

/** Where the code_item at codeOff starts, checked: its header and its insns lie inside the file. */
function codeItemAt(dex: DexFile, codeOff: number): number {
  const p = dex.checkDataOffset('code_item', codeOff, CODE_ITEM_HEADER_SIZE);
  const r = dex.r;
  const insnsSize = r.u32(p + 12);
  if (p + CODE_ITEM_HEADER_SIZE + insnsSize * 2 > r.length) {
    r.fail(`code_item insns (${insnsSize} code units) run past the end of the file`, p + 12, ErrorCode.DEX_MALFORMED);
  }
  return p;
}

const KIND: readonly InvokeKindFact[] = ['virtual', 'super', 'direct', 'static', 'interface'];

// One shared register file. A register holds a value only if written in the current method (its stamp is the
// method's generation), so nothing is cleared between methods: a hostile registers_size of 65535 on every
// method costs nothing.
const MAX_REGS = 65536 + 2;
const regs: (ValueFact | null)[] = new Array<ValueFact | null>(MAX_REGS).fill(null);
const stamp = new Uint32Array(MAX_REGS);
let generation = 0;
const list35 = new Int32Array(5);
const NULL_ARGS: (readonly null[] | undefined)[] = [];
function nullArgs(n: number): readonly null[] {
  let a = NULL_ARGS[n];
  if (a === undefined) NULL_ARGS[n] = a = Object.freeze(new Array<null>(n).fill(null));
  return a;
}
// Scratch lists the decoder fills, reused from method to method. Collecting into fresh arrays cost each method
// five array objects, most of them empty, and a backing store of 17 slots for each list it pushed to: about a
// tenth of everything a read allocated. Decoding is synchronous and never re-enters itself, so one set serves.
const scratchInvokes: InvokeFact[] = [];
const scratchStrings: string[] = [];
const scratchTypes: string[] = [];
const scratchReads: FieldAccessFact[] = [];
const scratchWrites: FieldWriteFact[] = [];
// Shared by every method with nothing of a kind. Not frozen: V8 iterates frozen arrays on a slow path that
// allocates an iterator result per element, which made the analysis's for-of loops allocate 350 MB more.
const NO_FACTS: readonly never[] = [];
const smallInts: (ValueFact | undefined)[] = new Array<ValueFact | undefined>(65536);

function intValue(v: number): ValueFact {
  if (v >= -32768 && v < 32768) {
    let c = smallInts[v + 32768];
    if (c === undefined) {
      c = { k: 'int', v };
      smallInts[v + 32768] = c;
    }
    return c;
  }
  return { k: 'int', v };
}

const COMPARE: readonly CompareFact[] = ['eq', 'ne', 'lt', 'ge', 'gt', 'le'];

/** What decodeCodeItemFlow gathers besides the facts. */
interface FlowBuild {
  pcs: number[];
  jumps: JumpFact[];
  typeSites: { pc: number; type: string }[];
  returns: { pc: number; value: ValueFact | null; reg: number | null }[];
}

/** The facts and the control flow of one method (on demand: guards on a few paths, not every method). */
export function decodeCodeItemFlow(dex: DexFile, codeOff: number): MethodFlowFacts {
  const fb: FlowBuild = { pcs: [], jumps: [], typeSites: [], returns: [] };
  const defs: { pc: number; reg: number; value: ValueFact | null }[] = [];
  flowDefs = defs;
  flowPc = -1; // the incoming arguments: written before the first instruction
  let facts: MethodCodeFacts;
  try {
    facts = decodeCodeItem(dex, codeOff, fb);
  } finally {
    flowDefs = null;
  }
  const flow: FlowFacts = { pcs: fb.pcs, jumps: fb.jumps, typeSites: fb.typeSites, returns: fb.returns, tries: readTries(dex, codeOff), defs };
  return { ...facts, flow };
}

/** try_items and their handlers (code_item after insns): where an exception may continue. */
function readTries(dex: DexFile, codeOff: number): FlowFacts['tries'] {
  const r = dex.r;
  const at0 = codeItemAt(dex, codeOff);
  const triesSize = r.u16(at0 + 6);
  if (triesSize === 0) return [];
  const n = r.u32(at0 + 12);
  const triesAt = at0 + CODE_ITEM_HEADER_SIZE + n * 2 + (n % 2) * 2;
  const listAt = triesAt + triesSize * 8;
  r.need(triesAt, triesSize * 8, 'try_item');
  const out: { start: number; end: number; handlers: number[] }[] = [];
  for (let k = 0; k < triesSize; k++) {
    const t = triesAt + k * 8;
    const start = r.u32(t);
    const handlers: number[] = [];
    const [size, p0] = r.sleb128(listAt + r.u16(t + 6));
    let p = p0;
    for (let j = 0; j < Math.min(Math.abs(size), 65536); j++) {
      const [, q] = r.uleb128(p);
      const [addr, q2] = r.uleb128(q);
      handlers.push(addr);
      p = q2;
    }
    if (size <= 0) {
      const [addr] = r.uleb128(p);
      handlers.push(addr);
    }
    out.push({ start, end: start + r.u16(t + 4), handlers });
  }
  return out;
}

/** Decodes the code_item at codeOff into facts. Throws PiscopeError on malformed code. */
export function decodeCodeItem(dex: DexFile, codeOff: number, fb: FlowBuild | null = null): MethodCodeFacts {
  // The header's fields read in place, not as an object per method (70k of them on a big dex file).
  const at0 = codeItemAt(dex, codeOff);
  const r = dex.r;
  const view = r.view;
  const base = at0 + CODE_ITEM_HEADER_SIZE;
  const n = r.u32(at0 + 12);
  const nregs = r.u16(at0);
  if (++generation === 0xffffffff) {
    stamp.fill(0);
    generation = 1;
  }
  const R = regs;

  // Facts are gathered in the shared scratch lists and copied out at their exact length (see take()).
  const invokes = scratchInvokes;
  const strings = scratchStrings;
  const types = scratchTypes;
  const fieldReads = scratchReads;
  const fieldWrites = scratchWrites;
  let nInvokes = 0;
  let nStrings = 0;
  let nTypes = 0;
  let nReads = 0;
  let nWrites = 0;

  if (fb !== null) {
    // Flow decoding names the incoming arguments (the last ins_size registers), so that a caller can tell
    // "returns its argument" (a default value passed down) from an unknown value.
    const ins = r.u16(at0 + 2);
    for (let i = Math.max(0, nregs - ins); i < nregs; i++) put(R, nregs, i, { k: 'param', slot: i - (nregs - ins) });
  }

  let resultAt = -1;
  let resultOf: MethodRefFact | null = null;
  let resultArgs: readonly (ValueFact | null)[] = [];

  let pc = 0;
  while (pc < n) {
    const at = base + pc * 2;
    const unit = view.getUint16(at, true);
    const op = unit & 0xff;
    let w: number = WIDTH[op]!;
    if (op === 0 && unit !== 0) {
      // Payload pseudo-instructions are data: skip them by their own sizes.
      if (unit === PACKED_SWITCH_PAYLOAD) w = pc + 2 <= n ? 4 + view.getUint16(at + 2, true) * 2 : n + 1;
      else if (unit === SPARSE_SWITCH_PAYLOAD) w = pc + 2 <= n ? 2 + view.getUint16(at + 2, true) * 4 : n + 1;
      else if (unit === FILL_ARRAY_DATA_PAYLOAD) {
        w = pc + 4 <= n ? 4 + Math.ceil((view.getUint16(at + 2, true) * view.getUint32(at + 4, true)) / 2) : n + 1;
      }
    }
    if (pc + w > n) r.fail(`instruction 0x${unit.toString(16)} at pc ${pc} runs past insns_size ${n}`, at, ErrorCode.DEX_MALFORMED);
    const aa = unit >>> 8;
    if (fb !== null) flowFact(fb, dex, view, at, pc, op, aa, n, nregs);
    switch (op) {
      case 0x01: case 0x04: case 0x07: // move vA, vB (12x)
        put(R, nregs, aa & 0xf, reg(R, nregs, aa >>> 4));
        if (op === 0x04) put(R, nregs, (aa & 0xf) + 1, reg(R, nregs, (aa >>> 4) + 1));
        break;
      case 0x02: case 0x05: case 0x08: { // move/from16
        const b = view.getUint16(at + 2, true);
        put(R, nregs, aa, reg(R, nregs, b));
        if (op === 0x05) put(R, nregs, aa + 1, reg(R, nregs, b + 1));
        break;
      }
      case 0x03: case 0x06: case 0x09: { // move/16
        const a = view.getUint16(at + 2, true);
        const b = view.getUint16(at + 4, true);
        put(R, nregs, a, reg(R, nregs, b));
        if (op === 0x06) put(R, nregs, a + 1, reg(R, nregs, b + 1));
        break;
      }
      case 0x0a: case 0x0c: // move-result, move-result-object
        put(R, nregs, aa, resultAt === pc && resultOf !== null ? { k: 'result', of: resultOf, args: resultArgs } : null);
        break;
      case 0x0b: // move-result-wide
        put(R, nregs, aa, null);
        put(R, nregs, aa + 1, null);
        break;
      case 0x0d: // move-exception
        put(R, nregs, aa, null);
        break;
      case 0x12: // const/4
        put(R, nregs, aa & 0xf, intValue((unit << 16) >> 28));
        break;
      case 0x13: // const/16
        put(R, nregs, aa, intValue(view.getInt16(at + 2, true)));
        break;
      case 0x14: // const
        put(R, nregs, aa, intValue(view.getInt32(at + 2, true)));
        break;
      case 0x15: // const/high16
        put(R, nregs, aa, intValue(view.getInt16(at + 2, true) * 65536));
        break;
      case 0x16: // const-wide/16
        put(R, nregs, aa, intValue(view.getInt16(at + 2, true)));
        put(R, nregs, aa + 1, null);
        break;
      case 0x17: // const-wide/32
        put(R, nregs, aa, intValue(view.getInt32(at + 2, true)));
        put(R, nregs, aa + 1, null);
        break;
      case 0x18: case 0x19: // const-wide, const-wide/high16
        put(R, nregs, aa, null);
        put(R, nregs, aa + 1, null);
        break;
      case 0x1a: { // const-string
        const v = dex.stringValue(view.getUint16(at + 2, true), at);
        strings[nStrings++] = (v as { v: string }).v;
        put(R, nregs, aa, v);
        break;
      }
      case 0x1b: { // const-string/jumbo
        const v = dex.stringValue(view.getUint32(at + 2, true), at);
        strings[nStrings++] = (v as { v: string }).v;
        put(R, nregs, aa, v);
        break;
      }
      case 0x1c: { // const-class
        const v = dex.classValue(view.getUint16(at + 2, true), at);
        types[nTypes++] = (v as { v: string }).v;
        put(R, nregs, aa, v);
        break;
      }
      case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57: case 0x58: { // iget* vA, vB, field
        const idx = view.getUint16(at + 2, true);
        const f = dex.field(idx, at);
        fieldReads[nReads++] = { op: 'iget', field: f, pc };
        const a = aa & 0xf;
        put(R, nregs, a, op === 0x53 ? null : dex.fieldValue(idx, at));
        if (op === 0x53) put(R, nregs, a + 1, null);
        break;
      }
      case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f: // iput* vA, vB, field
        fieldWrites[nWrites++] = { op: 'iput', field: dex.field(view.getUint16(at + 2, true), at), value: reg(R, nregs, aa & 0xf), pc };
        break;
      case 0x60: case 0x61: case 0x62: case 0x63: case 0x64: case 0x65: case 0x66: { // sget*
        const idx = view.getUint16(at + 2, true);
        const f: FieldRefFact = dex.field(idx, at);
        fieldReads[nReads++] = { op: 'sget', field: f, pc };
        put(R, nregs, aa, op === 0x61 ? null : dex.fieldValue(idx, at));
        if (op === 0x61) put(R, nregs, aa + 1, null);
        break;
      }
      case 0x67: case 0x68: case 0x69: case 0x6a: case 0x6b: case 0x6c: case 0x6d: // sput*
        fieldWrites[nWrites++] = { op: 'sput', field: dex.field(view.getUint16(at + 2, true), at), value: reg(R, nregs, aa), pc };
        break;
      case 0x6e: case 0x6f: case 0x70: case 0x71: case 0x72: case 0x74: case 0x75: case 0x76: case 0x77: case 0x78: {
        const range = op >= 0x74;
        const idx = view.getUint16(at + 2, true);
        const target = dex.method(idx, at);
        const kind = KIND[(range ? op - 0x74 : op - 0x6e)]!;
        const params = dex.methodParams(idx);
        const count = range ? aa : aa >>> 4;
        const first = view.getUint16(at + 4, true);
        if (!range) fill35(aa, first);
        const isStatic = op === 0x71 || op === 0x77;
        const nargs = params.length + (isStatic ? 0 : 1);
        // Most arguments hold no tracked value: such invokes share one frozen all-null list per length
        // instead of allocating their own (a quarter of a million lists on an 18 MB APK).
        let args: readonly (ValueFact | null)[] = nullArgs(nargs);
        let own: (ValueFact | null)[] | null = null;
        let k = 0;
        for (let j = 0; j < nargs; j++) {
          const v = argAt(R, nregs, range, first, count, k);
          k += j === 0 && !isStatic ? 1 : params[isStatic ? j : j - 1]! ? 2 : 1;
          if (v === null) continue;
          // Not slice() of the frozen list: frozen elements take V8's slow path (half the decode time).
          if (own === null) args = own = new Array<ValueFact | null>(nargs).fill(null);
          own[j] = v;
        }
        invokes[nInvokes++] = { kind, target, args, pc };
        resultAt = pc + w;
        resultOf = target;
        resultArgs = args;
        break;
      }
      case 0xfa: case 0xfb: { // invoke-polymorphic(/range): args as registers, receiver first
        const range = op === 0xfb;
        const target = dex.method(view.getUint16(at + 2, true), at);
        dex.proto(view.getUint16(at + 6, true), at);
        const count = range ? aa : aa >>> 4;
        const first = view.getUint16(at + 4, true);
        if (!range) fill35(aa, first);
        const args: (ValueFact | null)[] = [];
        for (let j = 0; j < count; j++) args.push(reg(R, nregs, range ? first + j : list35[j]!));
        invokes[nInvokes++] = { kind: 'polymorphic', target, args, pc };
        resultAt = pc + w;
        resultOf = target;
        resultArgs = args;
        break;
      }
      case 0xfc: case 0xfd: { // invoke-custom(/range)
        const range = op === 0xfd;
        const site = dex.callSite(view.getUint16(at + 2, true), at);
        const count = range ? aa : aa >>> 4;
        const first = view.getUint16(at + 4, true);
        if (!range) fill35(aa, first);
        const args: (ValueFact | null)[] = [];
        let k = 0;
        for (const wide of site.params) {
          args.push(argAt(R, nregs, range, first, count, k));
          k += wide ? 2 : 1;
        }
        invokes[nInvokes++] = { kind: 'custom', target: site.target, args, pc };
        resultAt = pc + w;
        resultOf = site.target;
        resultArgs = args;
        break;
      }
      case 0x1f: // check-cast keeps the value (a cast does not change what the register holds)
        dex.type(view.getUint16(at + 2, true), at);
        break;
      case 0x20: case 0x22: case 0x23: // instance-of, new-instance, new-array: check the type index
        dex.type(view.getUint16(at + 2, true), at);
        put(R, nregs, op === 0x22 ? aa : aa & 0xf, null);
        break;
      case 0x24: case 0x25: // filled-new-array(/range)
        dex.type(view.getUint16(at + 2, true), at);
        break;
      case 0xfe: // const-method-handle
        dex.methodHandle(view.getUint16(at + 2, true), at);
        put(R, nregs, aa, null);
        break;
      case 0xff: // const-method-type
        dex.proto(view.getUint16(at + 2, true), at);
        put(R, nregs, aa, null);
        break;
      default: {
        const d = DEST[op]!;
        if (d !== 0) {
          const f = FORMAT[op]!;
          const a = f === F32x ? view.getUint16(at + 2, true) : hasNibbleA(f) ? aa & 0xf : aa;
          put(R, nregs, a, null);
          if (d === 2) put(R, nregs, a + 1, null);
        }
      }
    }
    pc += w;
  }
  return {
    invokes: take(invokes, nInvokes), strings: take(strings, nStrings), types: take(types, nTypes),
    fieldReads: take(fieldReads, nReads), fieldWrites: take(fieldWrites, nWrites),
  };
}

/** Control-flow facts of one instruction (flow decoding only); values are read before the instruction runs. */
function flowFact(fb: FlowBuild, dex: DexFile, view: DataView, at: number, pc: number, op: number, aa: number, n: number, nregs: number): void {
  flowPc = pc;
  fb.pcs.push(pc);
  const jump = (kind: JumpFact['kind'], targets: number[], cmp: CompareFact | null = null, a: ValueFact | null = null, b: ValueFact | null = null, zero = false): void => {
    fb.jumps.push({ pc, kind, cmp, a, b, zero, targets });
  };
  if (op === 0x0e) {
    jump('end', []);
    fb.returns.push({ pc, value: null, reg: null });
  } else if (op >= 0x0f && op <= 0x11) {
    jump('end', []);
    fb.returns.push({ pc, value: op === 0x10 ? null : reg(regs, nregs, aa), reg: op === 0x10 ? null : aa });
  } else if (op === 0x27) jump('end', []);
  else if (op === 0x28) jump('goto', [pc + ((aa << 24) >> 24)]);
  else if (op === 0x29) jump('goto', [pc + view.getInt16(at + 2, true)]);
  else if (op === 0x2a) jump('goto', [pc + view.getInt32(at + 2, true)]);
  else if (op === 0x2b || op === 0x2c) {
    const payload = pc + view.getInt32(at + 2, true);
    const targets: number[] = [];
    if (payload >= 0 && payload + 2 <= n) {
      const p = at + (payload - pc) * 2;
      const size = view.getUint16(p + 2, true);
      const first = op === 0x2b ? p + 8 : p + 4 + size * 4;
      if ((first - at) / 2 + pc + size * 2 <= n) for (let k = 0; k < size; k++) targets.push(pc + view.getInt32(first + k * 4, true));
    }
    jump('switch', targets);
  } else if (op >= 0x32 && op <= 0x37) {
    jump('if', [pc + view.getInt16(at + 2, true)], COMPARE[op - 0x32], reg(regs, nregs, aa & 0xf), reg(regs, nregs, aa >>> 4));
  } else if (op >= 0x38 && op <= 0x3d) {
    jump('if', [pc + view.getInt16(at + 2, true)], COMPARE[op - 0x38], reg(regs, nregs, aa), null, true);
  } else if (op === 0x1c || op === 0x22) {
    fb.typeSites.push({ pc, type: dex.type(view.getUint16(at + 2, true), at) });
  } else if (op >= 0x60 && op <= 0x6d) {
    fb.typeSites.push({ pc, type: dex.field(view.getUint16(at + 2, true), at).owner });
  }
}

/** The first n facts of a scratch list as a list of its own: exactly n long, or the shared empty list. */
function take<T>(scratch: T[], n: number): readonly T[] {
  return n === 0 ? NO_FACTS : scratch.slice(0, n);
}

function reg(R: (ValueFact | null)[], nregs: number, i: number): ValueFact | null {
  return i < nregs && stamp[i] === generation ? R[i]! : null;
}

/** Register writes of the method being flow-decoded (null otherwise: the common decode records nothing). */
let flowDefs: { pc: number; reg: number; value: ValueFact | null }[] | null = null;
let flowPc = 0;

function put(R: (ValueFact | null)[], nregs: number, i: number, v: ValueFact | null): void {
  if (i < nregs) {
    R[i] = v;
    stamp[i] = generation;
    if (flowDefs !== null) flowDefs.push({ pc: flowPc, reg: i, value: v });
  }
}

/** Value of the j-th argument register of an invoke (35c list or 3rc range). */
function argAt(R: (ValueFact | null)[], nregs: number, range: boolean, first: number, count: number, j: number): ValueFact | null {
  if (j >= count) return null;
  const i = range ? first + j : list35[j]!;
  return i < nregs && stamp[i] === generation ? R[i]! : null;
}

function fill35(aa: number, regsUnit: number): void {
  list35[0] = regsUnit & 0xf;
  list35[1] = (regsUnit >>> 4) & 0xf;
  list35[2] = (regsUnit >>> 8) & 0xf;
  list35[3] = regsUnit >>> 12;
  list35[4] = aa & 0xf;
}
