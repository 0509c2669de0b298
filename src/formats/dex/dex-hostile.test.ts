// Hostile DEX input: every malformation ends in a typed PiscopeError naming the structure and offset,
// quickly and with bounded memory; never a hang, a RangeError or a crash.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { buildCodeIndex, decodeAll } from '../../package/code-index.ts';
import { readZip } from '../zip/index.ts';
import { readClassData } from './class-data.ts';
import { readCodeItemHeader } from './code-item.ts';
import { openDex } from './dex-file.ts';
import { caught, expectFlipsTyped, expectTypedError } from '../../../test/helpers/byte-flips.ts';

// A plain Uint8Array copy: Buffer.slice() would return a shared view.
const original = new Uint8Array(readZip(readFileSync(corpusFile('appium-unlock'))).read('classes.dex'));

function mutate(edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const b = original.slice();
  edit(b, new DataView(b.buffer));
  return b;
}

/** Reads everything; returns the error thrown, or null when the file decodes. */
const readAll = (bytes: Uint8Array): unknown =>
  caught(() => decodeAll(buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes }])));

const expectError = (bytes: Uint8Array, code: string, message: RegExp): PiscopeError => expectTypedError(readAll(bytes), code, message, 'dex');

// Locations inside the real file, found with the reader itself.
const dex = openDex(original)[0]!;
const h = dex.header;
const withCode = (() => {
  for (let i = 0; i < dex.classDefsSize; i++) {
    const def = dex.classDef(i);
    for (const m of readClassData(dex, def).directMethods.concat(readClassData(dex, def).virtualMethods)) {
      if (m.codeOff !== 0) {
        const ch = readCodeItemHeader(dex, m.codeOff);
        for (let pc = 0; pc < ch.insnsSize; pc++) if (original[ch.insnsOff + pc * 2] === 0x1a) return { codeOff: m.codeOff, constString: ch.insnsOff + pc * 2, def };
      }
    }
  }
  throw new Error('no const-string in fixture dex');
})();

describe('hostile dex', () => {
  it('the unmodified file reads', () => {
    expect(readAll(original)).toBeNull();
  });

  it('truncated header', () => {
    expectError(original.subarray(0, 40), ErrorCode.DEX_BAD_HEADER, /shorter than a header_item at 0x0/);
  });

  it('every truncation length fails cleanly', () => {
    for (let n = 0; n < original.length; n += 7) {
      const e = readAll(original.subarray(0, n));
      expect(e, `length ${n}`).toBeInstanceOf(PiscopeError);
    }
  });

  it('bad magic and unknown version', () => {
    expectError(mutate((b) => (b[0] = 0x41)), ErrorCode.DEX_BAD_MAGIC, /bad magic/);
    expectError(mutate((b) => (b[5] = 0x34)), ErrorCode.DEX_BAD_MAGIC, /unsupported dex version 045/);
  });

  it('absurd counts in the header', () => {
    const pe = expectError(mutate((_, v) => v.setUint32(0x38, 2 ** 31, true)), ErrorCode.DEX_BAD_HEADER, /string_ids: 2147483648 items/);
    expect(pe.offset).toBe(0x38);
    expectError(mutate((_, v) => v.setUint32(0x58, 0xffffffff, true)), ErrorCode.DEX_BAD_HEADER, /method_ids: 4294967295 items/);
    expectError(mutate((_, v) => v.setUint32(0x60, 1 << 30, true)), ErrorCode.DEX_BAD_HEADER, /class_defs/);
  });

  it('section offsets outside the file', () => {
    expectError(mutate((_, v) => v.setUint32(0x3c, 0xfffffff0, true)), ErrorCode.DEX_BAD_HEADER, /string_ids: .* do not fit/);
    expectError(mutate((_, v) => v.setUint32(0x20, original.length + 100, true)), ErrorCode.DEX_BAD_HEADER, /file_size/);
    const firstString = h.stringIdsOff;
    const pe = expectError(mutate((_, v) => v.setUint32(firstString, 0x7ffffff0, true)), ErrorCode.DEX_BAD_OFFSET, /string_data offset 0x7ffffff0 outside the file/);
    expect(pe.offset).toBe(firstString);
  });

  it('class_data_off outside the file', () => {
    const at = h.classDefsOff + withCode.def.index * 32 + 24;
    expectError(mutate((_, v) => v.setUint32(at, 0x10000000, true)), ErrorCode.DEX_BAD_OFFSET, /class_data_item offset 0x10000000/);
  });

  it('class_data with a uleb128 overflow', () => {
    const p = withCode.def.classDataOff;
    const pe = expectError(mutate((b) => b.fill(0xff, p, p + 6)), ErrorCode.DEX_MALFORMED, /uleb128 longer than 5 bytes/);
    expect(pe.offset).toBe(p);
  });

  it('class_data with absurd member counts', () => {
    const p = withCode.def.classDataOff;
    // direct_methods_size = 2^28-1 (4 bytes of uleb128 at the third count): more than the file can hold.
    expectError(mutate((b) => b.set([0x00, 0x00, 0xff, 0xff, 0xff, 0x7f], p)), ErrorCode.DEX_MALFORMED, /member counts|index|uleb128/);
  });

  it('code_item whose insns run off the end', () => {
    const pe = expectError(mutate((_, v) => v.setUint32(withCode.codeOff + 12, 0x40000000, true)), ErrorCode.DEX_MALFORMED, /code_item insns \(1073741824 code units\) run past the end/);
    expect(pe.offset).toBe(withCode.codeOff + 12);
  });

  it('an instruction running past insns_size', () => {
    // Shrink insns_size so the last instruction is cut.
    const ch = readCodeItemHeader(dex, withCode.codeOff);
    const e = readAll(mutate((_, v) => v.setUint32(withCode.codeOff + 12, ch.insnsSize - 1, true)));
    // Either the cut instruction is reported, or (if the last one was 1 unit wide) the file still reads.
    if (e !== null) expect((e as PiscopeError).message).toMatch(/runs past insns_size/);
  });

  it('an index out of range in an instruction', () => {
    const at = withCode.constString;
    const pe = expectError(mutate((_, v) => v.setUint16(at + 2, 0xffff, true)), ErrorCode.DEX_INDEX_OUT_OF_RANGE, new RegExp(`string index 65535 not in \\[0, ${h.stringIdsSize}\\)`));
    expect(pe.offset).toBe(at);
  });

  it('registers_size 65535 on every method costs nothing and changes no fact', () => {
    const codeOffs: number[] = [];
    for (let i = 0; i < dex.classDefsSize; i++) {
      const d = readClassData(dex, dex.classDef(i));
      for (const m of d.directMethods.concat(d.virtualMethods)) if (m.codeOff !== 0) codeOffs.push(m.codeOff);
    }
    const bytes = mutate((_, v) => {
      for (const off of codeOffs) v.setUint16(off, 0xffff, true);
    });
    const facts = (b: Uint8Array): unknown[] => {
      const index = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes: b }]);
      return [...index.classes()].flatMap((c) => c.methods().map((m) => m.code()?.invokes.map((x) => [x.target, x.args])));
    };
    expect(facts(bytes)).toEqual(facts(original));
  });

  it('duplicate and cyclic class defs', () => {
    // class_def 1 := class_def 0 (duplicate), and class 0 its own superclass (a cycle): indexed, no hang.
    const bytes = mutate((b, v) => {
      b.copyWithin(h.classDefsOff + 32, h.classDefsOff, h.classDefsOff + 32);
      v.setUint32(h.classDefsOff + 8, v.getUint32(h.classDefsOff, true), true);
    });
    const index = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes }]);
    const name = dex.className(dex.classDef(0));
    expect(index.duplicateClasses).toEqual([{ name, containers: ['classes.dex', 'classes.dex'] }]);
    expect(index.getClass(name)!.superName).toBe(name);
    expect(decodeAll(index).classes).toBe(dex.classDefsSize - 1);
  });

  it('random bytes behind a valid magic', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let k = 0; k < 50; k++) {
      const b = new Uint8Array(200 + k * 37).map(rnd);
      b.set(original.subarray(0, 8));
      expect(readAll(b)).toBeInstanceOf(PiscopeError);
    }
  });

  it('random byte flips never escape as anything but PiscopeError', () => {
    expectFlipsTyped(original, { seed: 987654321, iterations: 400, maxFlips: 8, from: 0x70 }, readAll);
  });

  it('onError records a broken container and keeps the others', () => {
    const errors: PiscopeError[] = [];
    const index = buildCodeIndex(
      [
        { path: 'classes.dex', format: 'dex', origin: 'primary', bytes: original.subarray(0, 50) },
        { path: 'classes2.dex', format: 'dex', origin: 'primary', bytes: original },
      ],
      { onError: (e) => errors.push(e) },
    );
    // Containers are indexed as a pass reaches them: the broken one is reported then, not before.
    expect(errors).toEqual([]);
    expect(index.classCount).toBe(dex.classDefsSize);
    expect(errors.map((e) => [e.file, e.code])).toEqual([['classes.dex', ErrorCode.DEX_BAD_HEADER]]);
    expect(index.containers.map((c) => c.path)).toEqual(['classes2.dex']);
  });
});
