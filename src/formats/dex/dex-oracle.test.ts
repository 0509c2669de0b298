// DEX reader vs AOSP dexdump on every dex file of the real corpus: class counts, methods with code, and the
// multiset of invoke targets per method must agree exactly; strings and const-class by index on all files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile, corpusFiles, corpusItems } from '../../../test/helpers/paths.ts';
import { readClassAnnotations, readClassData, readStaticValues } from './class-data.ts';
import { decodeCodeItem } from './code-item.ts';
import { openDex } from './dex-file.ts';
import { dexdump } from './dexdump-oracle.test-helper.ts';

function dexFilesOf(apk: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-dex-'));
  execFileSync('unzip', ['-q', '-o', apk, 'classes*.dex', '-d', dir]);
  return readdirSync(dir).filter((f) => /^classes\d*\.dex$/.test(f)).sort().map((f) => join(dir, f));
}

const files: { label: string; file: string }[] = [];
for (const item of corpusItems('apk')) {
  for (const apk of corpusFiles(item.id)) {
    for (const dex of dexFilesOf(apk)) files.push({ label: `${item.id}/${apk.split('/').pop()!}!${dex.split('/').pop()!}`, file: dex });
  }
}
files.push({ label: 'appium-android-bootstrap/classes.dex', file: corpusFile('appium-android-bootstrap') });

const indexes = new WeakMap<object, Map<object, number>>();
/** method_ids index of an interned MethodRef (refs are interned per index, so identity finds it). */
function methodIndex(dex: ReturnType<typeof openDex>[number], ref: object): number {
  let m = indexes.get(dex);
  if (m === undefined) {
    m = new Map();
    for (let i = 0; i < dex.header.methodIdsSize; i++) m.set(dex.method(i), i);
    indexes.set(dex, m);
  }
  return m.get(ref)!;
}

const totals = { files: 0, classes: 0, methods: 0, invokes: 0, strings: 0, types: 0, fields: 0 };

describe('dex reader agrees with dexdump -d', () => {
  it.each(files)('$label', ({ file }) => {
    const bytes = readFileSync(file);
    const oracle = dexdump(bytes, file);
    const [dex, ...more] = openDex(bytes, file);
    expect(more).toHaveLength(0);
    expect(dex!.classDefsSize).toBe(oracle.classes);
    let methodsWithCode = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < dex!.classDefsSize; i++) {
      const def = dex!.classDef(i);
      const data = readClassData(dex!, def);
      // Walked for safety on every class (no oracle for their content here).
      readClassAnnotations(dex!, def);
      expect(readStaticValues(dex!, def).length).toBeLessThanOrEqual(data.staticFields.length);
      for (const m of [...data.directMethods, ...data.virtualMethods]) {
        if (m.codeOff === 0) continue;
        methodsWithCode++;
        const ref = dex!.method(m.methodIdx);
        const key = `${ref.owner}.${ref.name}:${ref.descriptor}`;
        const code = decodeCodeItem(dex!, m.codeOff);
        const want = oracle.methods[key];
        if (want === undefined) {
          mismatches.push(`${key}: not in dexdump`);
          continue;
        }
        const got = code.invokes.map((v) => (v.kind === 'custom' ? 'custom' : `${v.kind} ${v.target.owner}.${v.target.name}:${v.target.descriptor}`)).sort();
        const exp = want.invokes.map((s) => (s.startsWith('custom ') ? 'custom' : s)).sort();
        if (JSON.stringify(got) !== JSON.stringify(exp)) mismatches.push(`${key}: invokes ${JSON.stringify(got)} vs ${JSON.stringify(exp)}`);
        const expStrings = want.strings.map((s) => (s < 0 ? null : dex!.string(s)));
        if (code.strings.length !== expStrings.length || code.strings.some((s, k) => expStrings[k] !== null && expStrings[k] !== s)) mismatches.push(`${key}: strings differ`);
        const gotFields = [...code.fieldReads.map((f) => `${f.op} ${f.field.owner}.${f.field.name}:${f.field.type}`), ...code.fieldWrites.map((f) => `${f.op} ${f.field.owner}.${f.field.name}:${f.field.type}`)].sort();
        if (JSON.stringify(gotFields) !== JSON.stringify([...want.fields].sort())) mismatches.push(`${key}: field accesses differ`);
        totals.fields += gotFields.length;
        const expTypes = want.types.map((t) => dex!.type(t));
        if (JSON.stringify(code.types) !== JSON.stringify(expTypes)) mismatches.push(`${key}: const-class differ`);
        // Arguments: one value per parameter, plus the receiver for non-static calls.
        for (const v of code.invokes) {
          if (v.kind === 'polymorphic' || v.kind === 'custom') continue;
          const params = dex!.methodParams(dex!.header.methodIdsSize > 0 ? methodIndex(dex!, v.target) : 0).length;
          if (v.args.length !== params + (v.kind === 'static' ? 0 : 1)) mismatches.push(`${key}: ${v.args.length} args for ${v.target.name}${v.target.descriptor}`);
        }
        totals.invokes += got.length;
        totals.strings += code.strings.length;
        totals.types += code.types.length;
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(methodsWithCode).toBe(oracle.methodsWithCode);
    totals.files++;
    totals.classes += oracle.classes;
    totals.methods += methodsWithCode;
  }, 300_000);

  it('covered the whole corpus', () => {
    console.log(`dexdump oracle: ${JSON.stringify(totals)}`);
    expect(totals.files).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(33);
  });
});
