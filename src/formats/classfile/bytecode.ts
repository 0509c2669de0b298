// JVM bytecode → the same facts as DEX code: invoke targets, ldc String/Class, field reads and writes, with
// values from a simulated operand stack and locals (long/double take two slots). Linear like the DEX
// decoder; at a jump target reached after a dead end, the stack saved at the jump is restored.
import { parameterWidths, type CompareFact, type FieldAccessFact, type FieldRefFact, type FieldWriteFact, type FlowFacts, type InvokeFact, type InvokeKindFact, type JumpFact, type MethodCodeFacts, type MethodFlowFacts, type MethodRefFact, type ValueFact } from '../code-facts.ts';
import type { ClassFile, MemberInfo } from './class-file.ts';

// Per opcode: length (0 = variable/special), slots popped, slots pushed (-1 = special).
// prettier-ignore
const SPEC: readonly (readonly [number, number, number])[] = (() => {
  const t: [number, number, number][] = [];
  const s = (from: number, to: number, len: number, pop: number, push: number): void => {
    for (let op = from; op <= to; op++) t[op] = [len, pop, push];
  };
  s(0x00, 0xff, 0, -1, -1); // invalid unless set below
  s(0x00, 0x00, 1, 0, 0); s(0x01, 0x08, 1, 0, 1); s(0x09, 0x0a, 1, 0, 2); s(0x0b, 0x0d, 1, 0, 1); s(0x0e, 0x0f, 1, 0, 2);
  s(0x10, 0x10, 2, 0, 1); s(0x11, 0x11, 3, 0, 1); s(0x12, 0x12, 2, -1, -1); s(0x13, 0x13, 3, -1, -1); s(0x14, 0x14, 3, -1, -1);
  s(0x15, 0x19, 2, -1, -1); s(0x1a, 0x2d, 1, -1, -1);
  s(0x2e, 0x35, 1, 2, 1); t[0x2f] = [1, 2, 2]; t[0x31] = [1, 2, 2];
  s(0x36, 0x3a, 2, -1, -1); s(0x3b, 0x4e, 1, -1, -1);
  s(0x4f, 0x56, 1, 3, 0); t[0x50] = [1, 4, 0]; t[0x52] = [1, 4, 0];
  s(0x57, 0x57, 1, 1, 0); s(0x58, 0x58, 1, 2, 0); s(0x59, 0x5f, 1, -1, -1);
  for (let op = 0x60; op <= 0x73; op++) t[op] = (op & 1) === 0 ? [1, 2, 1] : [1, 4, 2]; // i/l/f/d add..rem
  t[0x74] = [1, 1, 1]; t[0x75] = [1, 2, 2]; t[0x76] = [1, 1, 1]; t[0x77] = [1, 2, 2];
  t[0x78] = [1, 2, 1]; t[0x79] = [1, 3, 2]; t[0x7a] = [1, 2, 1]; t[0x7b] = [1, 3, 2]; t[0x7c] = [1, 2, 1]; t[0x7d] = [1, 3, 2];
  t[0x7e] = [1, 2, 1]; t[0x7f] = [1, 4, 2]; t[0x80] = [1, 2, 1]; t[0x81] = [1, 4, 2]; t[0x82] = [1, 2, 1]; t[0x83] = [1, 4, 2];
  t[0x84] = [3, -1, -1];
  t[0x85] = [1, 1, 2]; t[0x86] = [1, 1, 1]; t[0x87] = [1, 1, 2]; t[0x88] = [1, 2, 1]; t[0x89] = [1, 2, 1]; t[0x8a] = [1, 2, 2];
  t[0x8b] = [1, 1, 1]; t[0x8c] = [1, 1, 2]; t[0x8d] = [1, 1, 2]; t[0x8e] = [1, 2, 1]; t[0x8f] = [1, 2, 2]; t[0x90] = [1, 2, 1];
  s(0x91, 0x93, 1, 1, 1);
  t[0x94] = [1, 4, 1]; t[0x95] = [1, 2, 1]; t[0x96] = [1, 2, 1]; t[0x97] = [1, 4, 1]; t[0x98] = [1, 4, 1];
  s(0x99, 0x9e, 3, 1, 0); s(0x9f, 0xa6, 3, 2, 0); t[0xa7] = [3, 0, 0]; t[0xa8] = [3, 0, 1]; t[0xa9] = [2, 0, 0];
  t[0xaa] = [0, -1, -1]; t[0xab] = [0, -1, -1];
  t[0xac] = [1, 1, 0]; t[0xad] = [1, 2, 0]; t[0xae] = [1, 1, 0]; t[0xaf] = [1, 2, 0]; t[0xb0] = [1, 1, 0]; t[0xb1] = [1, 0, 0];
  s(0xb2, 0xb8, 3, -1, -1); s(0xb9, 0xba, 5, -1, -1);
  t[0xbb] = [3, 0, 1]; t[0xbc] = [2, 1, 1]; t[0xbd] = [3, 1, 1]; t[0xbe] = [1, 1, 1]; t[0xbf] = [1, 1, 0];
  t[0xc0] = [3, -1, -1]; t[0xc1] = [3, 1, 1]; t[0xc2] = [1, 1, 0]; t[0xc3] = [1, 1, 0]; t[0xc4] = [0, -1, -1];
  t[0xc5] = [4, -1, -1]; t[0xc6] = [3, 1, 0]; t[0xc7] = [3, 1, 0]; t[0xc8] = [5, 0, 0]; t[0xc9] = [5, 0, 1];
  return t;
})();

/** Opcodes after which the next instruction is reachable only by a jump. */
function isDeadEnd(op: number): boolean {
  return op === 0xa7 || op === 0xc8 || op === 0xa9 || (op >= 0xaa && op <= 0xb1) || op === 0xbf;
}

function isWideLoadStore(op: number): boolean {
  return op === 0x16 || op === 0x18 || op === 0x37 || op === 0x39;
}

// Bounds for hostile code: values deeper than this are never arguments of interest, and the snapshots kept
// for jump targets are capped in total so a method of many branches over a deep stack stays small.
const MAX_STACK = 1024;
const MAX_SAVED_SLOTS = 1 << 20;

const COMPARE: readonly CompareFact[] = ['eq', 'ne', 'lt', 'ge', 'gt', 'le'];
const ACC_STATIC = 0x8;

/** The facts and the control flow of one method (on demand, as for DEX: see decodeCodeItemFlow). */
export function decodeClassMethodFlow(cf: ClassFile, m: MemberInfo): MethodFlowFacts | null {
  const code = m.code;
  if (code === null) return null;
  const fb: FlowFacts = { pcs: [], jumps: [], tries: [], typeSites: [], returns: [], defs: [] };
  const facts = decodeClassMethod(cf, m, fb);
  if (facts === null) return null;
  const r = cf.r;
  const et = code.codeOff + code.codeLength;
  const tries = fb.tries as { start: number; end: number; handlers: number[] }[];
  for (let k = 0, n = r.u16be(et); k < n; k++) {
    const e = et + 2 + k * 8;
    tries.push({ start: r.u16be(e), end: r.u16be(e + 2), handlers: [r.u16be(e + 4)] });
  }
  return { ...facts, flow: fb };
}

/** Decodes one method's Code attribute into facts. Throws PiscopeError(CLASS_MALFORMED) on bad code. */
export function decodeClassMethod(cf: ClassFile, m: MemberInfo, fb: FlowFacts | null = null): MethodCodeFacts | null {
  const code = m.code;
  if (code === null) return null;
  const pcs = fb?.pcs as number[] | undefined;
  const jumps = fb?.jumps as JumpFact[] | undefined;
  const typeSites = fb?.typeSites as { pc: number; type: string }[] | undefined;
  const returns = fb?.returns as { pc: number; value: ValueFact | null; reg: number | null }[] | undefined;
  const r = cf.r;
  const start = code.codeOff;
  const end = start + code.codeLength;
  r.need(start, code.codeLength, 'Code.code');

  const invokes: InvokeFact[] = [];
  const strings: string[] = [];
  const types: string[] = [];
  const fieldReads: FieldAccessFact[] = [];
  const fieldWrites: FieldWriteFact[] = [];

  let stack: (ValueFact | null)[] = [];
  const locals: (ValueFact | null)[] = [];
  const saved = new Map<number, (ValueFact | null)[]>();
  let savedSlots = 0;
  const handlers = new Set(code.handlers);
  const push = (v: ValueFact | null): void => {
    if (stack.length < MAX_STACK) stack.push(v);
  };
  const pop = (): ValueFact | null => stack.pop() ?? null;
  const popN = (n: number): void => {
    stack.length = Math.max(0, stack.length - n);
  };
  const popWide = (wide: boolean): ValueFact | null => {
    if (wide) pop();
    return pop();
  };
  const pushTyped = (v: ValueFact | null, type: string): void => {
    push(v);
    if (type === 'J' || type === 'D') push(null);
  };
  const branch = (target: number, at: number): void => {
    if (target < 0 || target >= code.codeLength) r.fail(`branch target ${target} outside code (length ${code.codeLength})`, at);
    if (target > at - start && !saved.has(target) && savedSlots + stack.length <= MAX_SAVED_SLOTS) {
      saved.set(target, stack.slice());
      savedSlots += stack.length;
    }
  };
  const local = (i: number): ValueFact | null => locals[i] ?? null;
  if (fb !== null) {
    // Flow decoding names the incoming arguments (receiver first; a wide one takes two slots), as for DEX.
    let slot = 0;
    if ((m.accessFlags & ACC_STATIC) === 0) locals[slot] = { k: 'param', slot: slot++ };
    for (const wide of parameterWidths(m.descriptor)) {
      locals[slot] = { k: 'param', slot };
      slot += wide ? 2 : 1;
    }
  }

  let deadEnd = false;
  let pc = 0;
  while (pc < code.codeLength) {
    const at = start + pc;
    if (deadEnd || handlers.has(pc)) {
      const s = saved.get(pc);
      stack = handlers.has(pc) ? [null] : s !== undefined ? s.slice() : [];
    }
    const op = r.u8(at);
    const spec = SPEC[op]!;
    if (fb !== null) {
      pcs!.push(pc);
      flowFact(cf, op, at, pc, stack, jumps!, typeSites!, returns!);
    }
    let len = spec[0];
    if (len === 0 && op !== 0xaa && op !== 0xab && op !== 0xc4) r.fail(`unknown opcode 0x${op.toString(16)} at pc ${pc}`, at);
    switch (op) {
      case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: case 0x07: case 0x08: // iconst_m1..5
        push({ k: 'int', v: op - 0x03 });
        break;
      case 0x10: push({ k: 'int', v: (r.u8(at + 1) << 24) >> 24 }); break; // bipush
      case 0x11: push({ k: 'int', v: r.i16be(at + 1) }); break; // sipush
      case 0x12: case 0x13: case 0x14: { // ldc, ldc_w, ldc2_w
        const idx = op === 0x12 ? r.u8(at + 1) : r.u16be(at + 1);
        const v = cf.constantValue(idx, at);
        if (v !== null && v.k === 'string') strings.push(v.v);
        else if (v !== null && v.k === 'class') types.push(v.v);
        push(v);
        if (op === 0x14) push(null);
        break;
      }
      case 0x15: case 0x16: case 0x17: case 0x18: case 0x19: { // xload idx
        const i = r.u8(at + 1);
        push(local(i));
        if (isWideLoadStore(op)) push(null);
        break;
      }
      case 0x36: case 0x37: case 0x38: case 0x39: case 0x3a: { // xstore idx
        const i = r.u8(at + 1);
        const wide = isWideLoadStore(op);
        locals[i] = popWide(wide);
        if (wide) locals[i + 1] = null;
        break;
      }
      case 0x84: locals[r.u8(at + 1)] = null; break; // iinc
      case 0x59: { const v = pop(); push(v); push(v); break; } // dup
      case 0x5a: { const v1 = pop(); const v2 = pop(); push(v1); push(v2); push(v1); break; } // dup_x1
      case 0x5b: { const v1 = pop(); const v2 = pop(); const v3 = pop(); push(v1); push(v3); push(v2); push(v1); break; } // dup_x2
      case 0x5c: { const v1 = pop(); const v2 = pop(); push(v2); push(v1); push(v2); push(v1); break; } // dup2
      case 0x5d: { const v1 = pop(); const v2 = pop(); const v3 = pop(); push(v2); push(v1); push(v3); push(v2); push(v1); break; } // dup2_x1
      case 0x5e: { // dup2_x2
        const v1 = pop(); const v2 = pop(); const v3 = pop(); const v4 = pop();
        push(v2); push(v1); push(v4); push(v3); push(v2); push(v1);
        break;
      }
      case 0x5f: { const v1 = pop(); const v2 = pop(); push(v1); push(v2); break; } // swap
      case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0xc6: case 0xc7:
        pop();
        branch(pc + r.i16be(at + 1), at);
        break;
      case 0x9f: case 0xa0: case 0xa1: case 0xa2: case 0xa3: case 0xa4: case 0xa5: case 0xa6:
        popN(2);
        branch(pc + r.i16be(at + 1), at);
        break;
      case 0xa7: branch(pc + r.i16be(at + 1), at); break; // goto
      case 0xc8: branch(pc + r.i32be(at + 1), at); break; // goto_w
      case 0xa8: push(null); branch(pc + r.i16be(at + 1), at); break; // jsr
      case 0xc9: push(null); branch(pc + r.i32be(at + 1), at); break; // jsr_w
      case 0xaa: { // tableswitch
        const p = start + ((pc + 4) & ~3);
        const low = r.i32be(p + 4);
        const high = r.i32be(p + 8);
        if (high < low) r.fail(`tableswitch high ${high} < low ${low}`, at);
        const n = high - low + 1;
        r.need(p + 12, n * 4, 'tableswitch');
        pop();
        branch(pc + r.i32be(p), at);
        for (let k = 0; k < n; k++) branch(pc + r.i32be(p + 12 + k * 4), at);
        len = p + 12 + n * 4 - at;
        break;
      }
      case 0xab: { // lookupswitch
        const p = start + ((pc + 4) & ~3);
        const n = r.i32be(p + 4);
        if (n < 0) r.fail(`lookupswitch npairs ${n}`, at);
        r.need(p + 8, n * 8, 'lookupswitch');
        pop();
        branch(pc + r.i32be(p), at);
        for (let k = 0; k < n; k++) branch(pc + r.i32be(p + 8 + k * 8 + 4), at);
        len = p + 8 + n * 8 - at;
        break;
      }
      case 0xb2: case 0xb4: { // getstatic, getfield
        const f: FieldRefFact = cf.fieldRef(r.u16be(at + 1), at);
        if (op === 0xb4) pop();
        fieldReads.push({ op: op === 0xb2 ? 'sget' : 'iget', field: f, pc });
        const wide = f.type === 'J' || f.type === 'D';
        pushTyped(wide ? null : { k: 'field', ref: f }, f.type);
        break;
      }
      case 0xb3: case 0xb5: { // putstatic, putfield
        const f = cf.fieldRef(r.u16be(at + 1), at);
        const value = popWide(f.type === 'J' || f.type === 'D');
        if (op === 0xb5) pop();
        fieldWrites.push({ op: op === 0xb3 ? 'sput' : 'iput', field: f, value, pc });
        break;
      }
      case 0xb6: case 0xb7: case 0xb8: case 0xb9: case 0xba: {
        const idx = r.u16be(at + 1);
        const target: MethodRefFact = op === 0xba ? cf.invokeDynamic(idx, at) : cf.methodRef(idx, at);
        let kind: InvokeKindFact;
        if (op === 0xb6) kind = 'virtual';
        else if (op === 0xb8) kind = 'static';
        else if (op === 0xb9) kind = 'interface';
        else if (op === 0xba) kind = 'custom';
        else kind = target.name === '<init>' || target.owner === cf.name ? 'direct' : 'super';
        const params = cf.paramWidths(idx, target.descriptor);
        const args = new Array<ValueFact | null>(params.length);
        for (let k = params.length - 1; k >= 0; k--) args[k] = popWide(params[k]!);
        if (op !== 0xb8 && op !== 0xba) args.unshift(pop());
        invokes.push({ kind, target, args, pc });
        const ret = target.descriptor.slice(target.descriptor.lastIndexOf(')') + 1);
        if (ret !== 'V') pushTyped({ k: 'result', of: target, args }, ret);
        break;
      }
      case 0xc0: cf.classDescriptor(r.u16be(at + 1), at); break; // checkcast keeps the value
      case 0xbb: case 0xbd: case 0xc1: // new, anewarray, instanceof: check the pool entry
        cf.classDescriptor(r.u16be(at + 1), at);
        popN(spec[1]);
        push(null);
        break;
      case 0xc5: // multianewarray
        cf.classDescriptor(r.u16be(at + 1), at);
        popN(r.u8(at + 3));
        push(null);
        break;
      case 0xc4: { // wide
        const op2 = r.u8(at + 1);
        const i = r.u16be(at + 2);
        if (op2 === 0x84) {
          locals[i] = null;
          len = 6;
        } else if (op2 >= 0x15 && op2 <= 0x19) {
          push(local(i));
          if (isWideLoadStore(op2)) push(null);
          len = 4;
        } else if (op2 >= 0x36 && op2 <= 0x3a) {
          const wide = isWideLoadStore(op2);
          locals[i] = popWide(wide);
          if (wide) locals[i + 1] = null;
          len = 4;
        } else if (op2 === 0xa9) len = 4;
        else r.fail(`wide followed by opcode 0x${op2.toString(16)}`, at);
        break;
      }
      default:
        if (op >= 0x1a && op <= 0x2d) { // xload_n
          const kind = Math.floor((op - 0x1a) / 4);
          push(local((op - 0x1a) % 4));
          if (kind === 1 || kind === 3) push(null);
        } else if (op >= 0x3b && op <= 0x4e) { // xstore_n
          const kind = Math.floor((op - 0x3b) / 4);
          const i = (op - 0x3b) % 4;
          const wide = kind === 1 || kind === 3;
          locals[i] = popWide(wide);
          if (wide) locals[i + 1] = null;
        } else {
          popN(spec[1]);
          for (let k = 0; k < spec[2]; k++) push(null);
        }
    }
    if (at + len > end) r.fail(`instruction 0x${op.toString(16)} at pc ${pc} runs past code_length ${code.codeLength}`, at);
    deadEnd = isDeadEnd(op);
    pc += len;
  }
  return { invokes, strings, types, fieldReads, fieldWrites };
}

/** Control-flow facts of one instruction (flow decoding only), read before it pops its operands. */
function flowFact(cf: ClassFile, op: number, at: number, pc: number, stack: readonly (ValueFact | null)[], jumps: JumpFact[], typeSites: { pc: number; type: string }[], returns: { pc: number; value: ValueFact | null; reg: number | null }[]): void {
  const r = cf.r;
  const top = (k: number): ValueFact | null => stack[stack.length - 1 - k] ?? null;
  const jump = (kind: JumpFact['kind'], targets: number[], cmp: CompareFact | null = null, a: ValueFact | null = null, b: ValueFact | null = null, zero = false): void => {
    jumps.push({ pc, kind, cmp, a, b, zero, targets });
  };
  if (op >= 0x99 && op <= 0x9e) jump('if', [pc + r.i16be(at + 1)], COMPARE[op - 0x99], top(0), null, true);
  else if (op >= 0x9f && op <= 0xa4) jump('if', [pc + r.i16be(at + 1)], COMPARE[op - 0x9f], top(1), top(0));
  else if (op === 0xa5 || op === 0xa6) jump('if', [pc + r.i16be(at + 1)], op === 0xa5 ? 'eq' : 'ne', top(1), top(0));
  else if (op === 0xc6 || op === 0xc7) jump('if', [pc + r.i16be(at + 1)], op === 0xc6 ? 'eq' : 'ne', top(0), null, true);
  else if (op === 0xa7 || op === 0xa8) jump('goto', [pc + r.i16be(at + 1)]);
  else if (op === 0xc8 || op === 0xc9) jump('goto', [pc + r.i32be(at + 1)]);
  else if (op === 0xaa || op === 0xab) {
    // No fall-through: every way out is a target (the default first).
    const start = at - pc;
    const p = start + ((pc + 4) & ~3);
    const targets = [pc + r.i32be(p)];
    if (op === 0xaa) {
      const n = r.i32be(p + 8) - r.i32be(p + 4) + 1;
      for (let k = 0; k < n && k < 65536; k++) targets.push(pc + r.i32be(p + 12 + k * 4));
    } else {
      const n = r.i32be(p + 4);
      for (let k = 0; k < n && k < 65536; k++) targets.push(pc + r.i32be(p + 8 + k * 8 + 4));
    }
    jump('goto', targets);
  } else if (op >= 0xac && op <= 0xb1) {
    jump('end', []);
    returns.push({ pc, value: op === 0xb1 || op === 0xad || op === 0xaf ? null : top(0), reg: null });
  } else if (op === 0xbf || op === 0xa9) jump('end', []);
  else if (op === 0xbb) typeSites.push({ pc, type: cf.classDescriptor(r.u16be(at + 1), at) });
  else if (op >= 0xb2 && op <= 0xb3) typeSites.push({ pc, type: cf.fieldRef(r.u16be(at + 1), at).owner });
  else if (op === 0x12 || op === 0x13) {
    const v = cf.constantValue(op === 0x12 ? r.u8(at + 1) : r.u16be(at + 1), at);
    if (v?.k === 'class') typeSites.push({ pc, type: v.v });
  }
}
