// Class-file reader vs JDK javap on every SDK jar of the corpus (and classes.jar inside each aar): the
// methods with code and the invoke targets of each must agree exactly (invokedynamic as its own category).
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, corpusItems } from '../../../test/helpers/paths.ts';
import { readZip } from '../zip/index.ts';
import { decodeClassMethod } from './bytecode.ts';
import { parseClassFile } from './class-file.ts';
import { javap } from './javap-oracle.test-helper.ts';

const jars: { label: string; file: string }[] = [];
for (const item of corpusItems('jar')) for (const f of corpusFiles(item.id)) jars.push({ label: `${item.id}/${f.split('/').pop()!}`, file: f });
for (const item of corpusItems('aar')) {
  for (const f of corpusFiles(item.id)) {
    const inner = readZip(readFileSync(f)).read('classes.jar');
    const dir = mkdtempSync(join(tmpdir(), 'piscope-aar-'));
    const file = join(dir, 'classes.jar');
    writeFileSync(file, inner);
    jars.push({ label: `${item.id}/${f.split('/').pop()!}!classes.jar`, file });
  }
}

const totals = { jars: 0, classes: 0, methods: 0, invokes: 0, dynamic: 0, fields: 0, classLiterals: 0 };

describe('class-file reader agrees with javap -c -p', () => {
  it.each(jars)('$label', ({ file }) => {
    const bytes = readFileSync(file);
    const zip = readZip(bytes);
    const entries = zip.entries.filter((e) => e.name.endsWith('.class') && !e.name.endsWith('module-info.class'));
    const names = entries.map((e) => e.name.slice(0, -'.class'.length));
    const oracle = javap(bytes, file, names);
    const mismatches: string[] = [];
    entries.forEach((e, k) => {
      const cf = parseClassFile(zip.read(e));
      expect(cf.name).toBe(`L${names[k]!};`);
      const want = oracle[names[k]!];
      if (want === undefined) {
        mismatches.push(`${names[k]!}: not printed by javap`);
        return;
      }
      const withCode = cf.methods.filter((m) => m.code !== null);
      if (withCode.length !== want.length) {
        mismatches.push(`${names[k]!}: ${withCode.length} methods with code vs ${want.length}`);
        return;
      }
      withCode.forEach((m, i) => {
        const w = want[i]!;
        const facts = decodeClassMethod(cf, m)!;
        const got = facts.invokes.map((v) => {
          if (v.kind === 'custom') return `dynamic ${v.target.name}:${v.target.descriptor}`;
          const kind = v.kind === 'direct' || v.kind === 'super' ? 'special' : v.kind;
          return `${kind} ${v.target.owner}.${v.target.name}:${v.target.descriptor}`;
        });
        if (m.descriptor !== w.descriptor) mismatches.push(`${names[k]!}.${m.name}: descriptor ${m.descriptor} vs ${w.descriptor}`);
        if (JSON.stringify([...got].sort()) !== JSON.stringify([...w.invokes].sort())) {
          mismatches.push(`${names[k]!}.${m.name}${m.descriptor}: ${JSON.stringify(got)} vs ${JSON.stringify(w.invokes)}`);
        }
        const op = { sget: 'getstatic', iget: 'getfield', sput: 'putstatic', iput: 'putfield' } as const;
        const fields = [...facts.fieldReads, ...facts.fieldWrites].map((f) => `${op[f.op]} ${f.field.owner}.${f.field.name}:${f.field.type}`).sort();
        if (JSON.stringify(fields) !== JSON.stringify([...w.fields].sort())) mismatches.push(`${names[k]!}.${m.name}${m.descriptor}: field accesses differ`);
        if (JSON.stringify(facts.types) !== JSON.stringify(w.classes)) mismatches.push(`${names[k]!}.${m.name}${m.descriptor}: ldc classes ${JSON.stringify(facts.types)} vs ${JSON.stringify(w.classes)}`);
        totals.fields += fields.length;
        totals.classLiterals += facts.types.length;
        if (facts.strings.length !== w.strings) mismatches.push(`${names[k]!}.${m.name}${m.descriptor}: ${facts.strings.length} strings vs ${w.strings}`);
        totals.methods++;
        totals.invokes += got.length;
        totals.dynamic += got.filter((g) => g.startsWith('dynamic')).length;
      });
      totals.classes++;
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    totals.jars++;
  }, 300_000);

  it('covered every jar', () => {
    console.log(`javap oracle: ${JSON.stringify(totals)}`);
    expect(totals.jars).toBe(jars.length);
    expect(jars.length).toBeGreaterThanOrEqual(20);
  });
});
