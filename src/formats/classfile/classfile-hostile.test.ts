// Hostile class files: bad magic, constant-pool indexes out of range, wrong tags, truncated code and
// random corruption all end in a typed PiscopeError naming the structure and offset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { readZip } from '../zip/index.ts';
import { decodeClassMethod } from './bytecode.ts';
import { parseClassFile } from './class-file.ts';
import { caught, expectFlipsTyped, expectTypedError } from '../../../test/helpers/byte-flips.ts';

const zip = readZip(readFileSync(corpusFile('jpush')));
const entry = zip.entries.find((e) => e.name === 'cn/jpush/android/webview/bridge/c.class')!;
// A plain Uint8Array copy: Buffer.slice() would return a shared view.
const original = new Uint8Array(zip.read(entry));

/** Reads everything; returns the error thrown, or null when the file decodes. */
const readAll = (bytes: Uint8Array): unknown =>
  caught(() => {
    const cf = parseClassFile(bytes);
    for (const m of cf.methods) decodeClassMethod(cf, m);
  });

const expectError = (bytes: Uint8Array, code: string, message: RegExp): PiscopeError => expectTypedError(readAll(bytes), code, message, 'class');

const cf = parseClassFile(original);
const withCode = cf.methods.find((m) => m.code !== null && m.code.codeLength > 20)!.code!;

describe('hostile class files', () => {
  it('the unmodified file reads', () => {
    expect(readAll(original)).toBeNull();
  });

  it('bad magic', () => {
    const b = original.slice();
    b[0] = 0;
    expectError(b, ErrorCode.CLASS_BAD_MAGIC, /bad magic/);
    expectError(original.subarray(0, 6), ErrorCode.CLASS_BAD_MAGIC, /bad magic/);
  });

  it('every truncation length fails cleanly', () => {
    for (let n = 0; n < original.length; n += 5) expect(readAll(original.subarray(0, n)), `length ${n}`).toBeInstanceOf(PiscopeError);
  });

  it('constant-pool index out of range', () => {
    // this_class is the u2 right after access_flags, which follow the pool: find it from the parsed file.
    const b = original.slice();
    const v = new DataView(b.buffer);
    // The first invoke's pool index in the chosen method.
    let pc = withCode.codeOff;
    while (b[pc] !== 0xb7 && b[pc] !== 0xb6 && b[pc] !== 0xb8) pc++;
    v.setUint16(pc + 1, 0xfff0);
    const pe = expectError(b, ErrorCode.CLASS_MALFORMED, new RegExp(`constant_pool index 65520 not in \\[1, ${cf.cpCount}\\)`));
    expect(pe.offset).toBe(pc);
  });

  it('constant-pool entry of the wrong kind', () => {
    const b = original.slice();
    let pc = withCode.codeOff;
    while (b[pc] !== 0xb7 && b[pc] !== 0xb6 && b[pc] !== 0xb8) pc++;
    // Pool entry 1 is never a Methodref in javac output (it is the first Methodref's owner or similar).
    let idx = 1;
    while (cf.tag(idx) === 10 || cf.tag(idx) === 11) idx++;
    new DataView(b.buffer).setUint16(pc + 1, idx);
    expectError(b, ErrorCode.CLASS_MALFORMED, new RegExp(`constant_pool\\[${idx}\\] has tag \\d+, expected 10/11`));
  });

  it('unknown constant-pool tag', () => {
    const b = original.slice();
    b[10] = 2; // the first entry's tag
    expectError(b, ErrorCode.CLASS_MALFORMED, /constant_pool\[1\] has unknown tag 2 at 0xa/);
  });

  it('code_length larger than the Code attribute', () => {
    const b = original.slice();
    new DataView(b.buffer).setUint32(withCode.codeOff - 4, 0x7fffffff);
    expectError(b, ErrorCode.CLASS_MALFORMED, /code_length 2147483647 exceeds the attribute/);
  });

  it('an instruction running past code_length', () => {
    const b = original.slice();
    // Make the last byte of the code an sipush (needs 2 operand bytes that are not there).
    b[withCode.codeOff + withCode.codeLength - 1] = 0x11;
    expectError(b, ErrorCode.CLASS_MALFORMED, /runs past code_length/);
  });

  it('an unknown opcode', () => {
    const b = original.slice();
    b[withCode.codeOff] = 0xcb;
    const pe = expectError(b, ErrorCode.CLASS_MALFORMED, /unknown opcode 0xcb at pc 0/);
    expect(pe.offset).toBe(withCode.codeOff);
  });

  it('a deep stack under thousands of branches stays bounded', () => {
    // 30000 pushes, then 11000 forward gotos (each a jump target whose stack would be saved), then return.
    const code = [...new Array<number>(30000).fill(0x03), ...new Array<number[]>(11000).fill([0xa7, 0x00, 0x03]).flat(), 0xb1];
    const bytes = classWithMethod(code);
    const k = parseClassFile(bytes);
    expect(decodeClassMethod(k, k.methods[0]!)!.invokes).toEqual([]);
  });

  it('random byte flips never escape as anything but PiscopeError', () => {
    expectFlipsTyped(original, { seed: 424242, iterations: 500, maxFlips: 6, from: 8 }, readAll);
  });
});

/** A minimal class `T` with one static method `m()V` whose Code is the given bytes. */
function classWithMethod(code: number[]): Uint8Array {
  const out: number[] = [];
  const u2 = (v: number): void => void out.push((v >>> 8) & 0xff, v & 0xff);
  const u4 = (v: number): void => void out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const utf8 = (s: string): void => {
    out.push(1);
    u2(s.length);
    for (const c of s) out.push(c.charCodeAt(0));
  };
  u4(0xcafebabe);
  u2(0);
  u2(50);
  u2(6); // constant_pool_count
  utf8('T'); // #1
  out.push(7);
  u2(1); // #2 Class T
  utf8('m'); // #3
  utf8('()V'); // #4
  utf8('Code'); // #5
  u2(0x21);
  u2(2);
  u2(0);
  u2(0); // interfaces
  u2(0); // fields
  u2(1); // methods
  u2(0x09);
  u2(3);
  u2(4);
  u2(1);
  u2(5);
  u4(12 + code.length);
  u2(65535); // max_stack
  u2(0);
  u4(code.length);
  out.push(...code);
  u2(0); // exception_table_length
  u2(0); // attributes
  u2(0); // class attributes
  return new Uint8Array(out);
}
