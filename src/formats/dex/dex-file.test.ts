// DexFile sections, the 041 container format, and the facts decoder on a real dex. No real 041 file is in the
// corpus, so a minimal dex is written here (one class, one method) and two such sections are packed into one
// container the way libdexfile reads them: id sections relative to each header, data offsets relative to the
// container.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { buildCodeIndex, decodeAll } from '../../package/code-index.ts';
import { readClassData } from './class-data.ts';
import { decodeCodeItem } from './code-item.ts';
import { openDex } from './dex-file.ts';

function ascii(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  return out;
}

/** One dex section placed at `base` in its file: header (0x70, or 0x78 for 041), ids, then data. */
function dexSection(base: number, className: string, text: string, version: '035' | '041', containerSize = 0): Uint8Array {
  const headerSize = version === '041' ? 0x78 : 0x70;
  const strings = [className, 'Ljava/lang/Object;', 'V', text, 'm'].sort();
  const si = (s: string): number => strings.indexOf(s);
  const types = [className, 'Ljava/lang/Object;', 'V'].sort((a, b) => si(a) - si(b));
  const ti = (s: string): number => types.indexOf(s);
  const stringIdsOff = headerSize;
  const typeIdsOff = stringIdsOff + strings.length * 4;
  const protoIdsOff = typeIdsOff + types.length * 4;
  const methodIdsOff = protoIdsOff + 12;
  const classDefsOff = methodIdsOff + 8;
  const dataOff = classDefsOff + 32;
  const data: number[] = [];
  const stringDataOff: number[] = [];
  for (const s of strings) {
    stringDataOff.push(dataOff + data.length);
    data.push(s.length, ...ascii(s), 0);
  }
  while ((dataOff + data.length) % 4 !== 0) data.push(0);
  const codeOff = dataOff + data.length;
  // registers 1, ins 0, outs 0, tries 0, debug_info_off 0, insns_size 3: const-string v0, text; return-void
  data.push(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x1a, 0x00, si(text), 0, 0x0e, 0x00);
  const classDataOff = dataOff + data.length;
  const uleb = (v: number): number[] => {
    const out: number[] = [];
    do {
      out.push((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
      v >>>= 7;
    } while (v !== 0);
    return out;
  };
  data.push(0, 0, 1, 0, 0, 0x09, ...uleb(base + codeOff));
  const size = dataOff + data.length;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  b.set([0x64, 0x65, 0x78, 0x0a, ...ascii(version), 0]);
  const u32 = (at: number, x: number): void => v.setUint32(at, x, true);
  u32(0x20, size);
  u32(0x24, headerSize);
  u32(0x28, 0x12345678);
  u32(0x38, strings.length);
  u32(0x3c, stringIdsOff);
  u32(0x40, types.length);
  u32(0x44, typeIdsOff);
  u32(0x48, 1);
  u32(0x4c, protoIdsOff);
  u32(0x58, 1);
  u32(0x5c, methodIdsOff);
  u32(0x60, 1);
  u32(0x64, classDefsOff);
  u32(0x68, data.length);
  u32(0x6c, base + dataOff);
  if (version === '041') {
    u32(0x70, containerSize);
    u32(0x74, base);
  }
  strings.forEach((_, k) => u32(stringIdsOff + k * 4, base + stringDataOff[k]!));
  types.forEach((t, k) => u32(typeIdsOff + k * 4, si(t)));
  u32(protoIdsOff, si('V'));
  u32(protoIdsOff + 4, ti('V'));
  v.setUint16(methodIdsOff, ti(className), true);
  u32(methodIdsOff + 4, si('m'));
  u32(classDefsOff, ti(className));
  u32(classDefsOff + 4, 1);
  u32(classDefsOff + 8, ti('Ljava/lang/Object;'));
  u32(classDefsOff + 16, 0xffffffff);
  u32(classDefsOff + 24, base + classDataOff);
  b.set(data, dataOff);
  return b;
}

function container(): Uint8Array {
  const size1 = dexSection(0, 'LA;', 'from-a', '041').length;
  const size2 = dexSection(size1, 'LB;', 'from-b', '041').length;
  const out = new Uint8Array(size1 + size2);
  out.set(dexSection(0, 'LA;', 'from-a', '041', size1 + size2));
  out.set(dexSection(size1, 'LB;', 'from-b', '041', size1 + size2), size1);
  return out;
}

describe('DexFile', () => {
  it('reads a minimal 035 dex that dexdump also reads (-j: it has no map_list to verify)', () => {
    const bytes = dexSection(0, 'LA;', 'hello', '035');
    const file = join(mkdtempSync(join(tmpdir(), 'piscope-mini-')), 'classes.dex');
    writeFileSync(file, bytes);
    const dump = execFileSync('dexdump', ['-i', '-j', '-d', file], { encoding: 'utf8' });
    expect(dump).toContain(`const-string v0, "hello"`);
    const [dex] = openDex(bytes);
    const def = dex!.classDefs.get(0);
    const code = decodeCodeItem(dex!, readClassData(dex!, def).directMethods[0]!.codeOff);
    expect(code.strings).toEqual(['hello']);
  });

  it('sections have size() and get(i) with indexed errors', () => {
    const [dex] = openDex(dexSection(0, 'LA;', 'hello', '035'));
    expect(dex!.stringIds.size()).toBe(5);
    expect([...Array(dex!.stringIds.size()).keys()].map((i) => dex!.stringIds.get(i))).toEqual(['LA;', 'Ljava/lang/Object;', 'V', 'hello', 'm']);
    expect(dex!.methodIds.get(0)).toEqual({ owner: 'LA;', name: 'm', descriptor: '()V' });
    expect(dex!.methodIds.get(0)).toBe(dex!.methodIds.get(0));
    // A class's own members are read without interning: equal refs, and the interned one once there is one.
    const [fresh] = openDex(dexSection(0, 'LA;', 'hello', '035'));
    const into = { owner: '', name: '', descriptor: '' };
    expect(fresh!.methodInto(0, into)).toBe(into);
    expect(into).toEqual({ owner: 'LA;', name: 'm', descriptor: '()V' });
    expect(fresh!.method(0)).not.toBe(into);
    const other = { owner: '', name: '', descriptor: '' };
    expect(fresh!.methodInto(0, other)).toEqual(fresh!.method(0));
    expect(() => fresh!.methodInto(7, other)).toThrow(/method index 7 not in \[0, 1\)/);
    expect(fresh!.protoIds.get(0)).toBe('()V');
    expect(() => dex!.stringIds.get(9000)).toThrow(new PiscopeError(ErrorCode.DEX_INDEX_OUT_OF_RANGE, 'string index 9000 not in [0, 5)', { structure: 'dex' }));
    expect(() => dex!.callSiteIds.get(0)).toThrow(/call_site index 0 not in \[0, 0\)/);
  });

  it("a method's facts are its own: decoding the next methods never changes them", () => {
    const [dex] = openDex(readFileSync(corpusFile('appium-android-bootstrap')));
    const bodies: number[] = [];
    for (let i = 0; i < dex!.classDefsSize; i++) {
      const data = readClassData(dex!, dex!.classDef(i));
      for (const m of [...data.directMethods, ...data.virtualMethods]) if (m.codeOff !== 0) bodies.push(m.codeOff);
    }
    expect(bodies.length).toBeGreaterThan(300);
    // Each method's facts as they were right after it was decoded, and the same facts after all the others.
    const first = bodies.map((off) => decodeCodeItem(dex!, off));
    const asDecoded = bodies.map((off) => JSON.stringify(decodeCodeItem(dex!, off)));
    expect(first.map((f) => JSON.stringify(f))).toEqual(asDecoded);
    expect(new Set(asDecoded).size).toBeGreaterThan(250);
    const full = first.findIndex((f) => f.invokes.length > 1);
    expect(decodeCodeItem(dex!, bodies[full]!).invokes).not.toBe(first[full]!.invokes);
    // Methods without const-class share one empty list.
    const empties = first.filter((f) => f.types.length === 0);
    expect(empties.length).toBeGreaterThan(1);
    expect(empties[1]!.types).toBe(empties[0]!.types);
  });

  it('a 041 container yields one DexFile per section', () => {
    const bytes = container();
    const sections = openDex(bytes, 'classes.dex');
    expect(sections.map((d) => [d.version, d.base, d.classDefs.size()])).toEqual([[41, 0, 1], [41, sections[0]!.header.fileSize, 1]]);
    const index = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes }]);
    expect(index.containers).toEqual([{ path: 'classes.dex', format: 'dex', origin: 'primary', version: '041', classCount: 2 }]);
    expect(index.getMethod({ owner: 'LA;', name: 'm', descriptor: '()V' })!.code()!.strings).toEqual(['from-a']);
    expect(index.getMethod({ owner: 'LB;', name: 'm', descriptor: '()V' })!.code()!.strings).toEqual(['from-b']);
    expect(index.getClass('LB;')!.container).toBe('classes.dex');
    expect(decodeAll(index)).toMatchObject({ classes: 2, methodsWithCode: 2, strings: 2 });
  });

  it('a 041 header whose header_offset lies is rejected', () => {
    const bytes = container();
    const second = openDex(bytes)[0]!.header.fileSize;
    new DataView(bytes.buffer).setUint32(second + 0x74, 0, true);
    expect(() => openDex(bytes)).toThrow(/header_offset 0 differs from the header's position/);
  });
});
