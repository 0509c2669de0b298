// The code index over our own fixtures: DEX (smali fixture dex-values, api 28: dex 039) and Java class files
// compiled here by javac 17 (lambdas and string concatenation give invokedynamic). Checks value tracking,
// payload skipping, invoke-range/polymorphic/custom, jar grouping, duplicates and getMethod.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, fixtureApk } from '../../test/helpers/paths.ts';
import { readZip } from '../formats/zip/index.ts';
import { javap } from '../formats/classfile/javap-oracle.test-helper.ts';
import { dexdump } from '../formats/dex/dexdump-oracle.test-helper.ts';
import { buildCodeIndex, decodeAll, type CodeInput } from './code-index.ts';
import type { CodeIndex, MethodCode, Value } from './code-model.ts';

const P = 'Lcom/example/dexvalues/Probe;';
const str = (v: string): Value => ({ k: 'string', v });
const int = (v: number): Value => ({ k: 'int', v });

function code(index: CodeIndex, owner: string, name: string, descriptor: string): MethodCode {
  const m = index.getMethod({ owner, name, descriptor });
  expect(m, `${owner}->${name}${descriptor}`).toBeDefined();
  const c = m!.code();
  expect(c).not.toBeNull();
  return c!;
}

describe('DEX fixture dex-values', () => {
  const dexBytes = new Uint8Array(readZip(readFileSync(fixtureApk('dex-values'))).read('classes.dex'));
  const index = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes: dexBytes }]);

  it('indexes the class with its container and version', () => {
    expect(index.containers).toEqual([{ path: 'classes.dex', format: 'dex', origin: 'primary', version: '039', classCount: 1 }]);
    const c = index.getClass(P)!;
    expect(c.superName).toBe('Ljava/lang/Object;');
    expect(c.sourceFile).toBe('Probe.java');
    expect(c.container).toBe('classes.dex');
  });

  it('static_values give initial values', () => {
    const f = Object.fromEntries(index.getClass(P)!.fields().map((x) => [x.name, x.initialValue]));
    expect(f).toEqual({ SMS: null, TAG: str('probe-tag'), LIMIT: int(42), KIND: { k: 'class', v: 'Ljava/lang/String;' }, name: null });
  });

  it('fieldsUncached reads the same fields without keeping them, then gives the cached list once there is one', () => {
    const fresh = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes: dexBytes }]).getClass(P)!;
    const a = fresh.fieldsUncached!();
    const b = fresh.fieldsUncached!();
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    const cached = fresh.fields();
    expect(cached).toEqual(a);
    expect(fresh.fieldsUncached!()).toBe(cached);
  });

  it('a static field initialised with Uri.parse("content://sms") in <clinit>', () => {
    const c = code(index, P, '<clinit>', '()V');
    const parse = { owner: 'Landroid/net/Uri;', name: 'parse', descriptor: '(Ljava/lang/String;)Landroid/net/Uri;' };
    expect(c.invokes).toEqual([{ kind: 'static', target: parse, args: [str('content://sms')], pc: 2 }]);
    expect(c.fieldWrites).toEqual([{ op: 'sput', field: { owner: P, name: 'SMS', type: 'Landroid/net/Uri;' }, value: { k: 'result', of: parse, args: [str('content://sms')] }, pc: 6 }]);
  });

  it('Class.forName + getMethod resolve through move-result', () => {
    const c = code(index, P, 'reflect', '()Ljava/lang/Object;');
    const forName = { owner: 'Ljava/lang/Class;', name: 'forName', descriptor: '(Ljava/lang/String;)Ljava/lang/Class;' };
    expect(c.invokes[0]!.args).toEqual([str('android.telephony.TelephonyManager')]);
    expect(c.invokes[1]!.kind).toBe('virtual');
    expect(c.invokes[1]!.args).toEqual([{ k: 'result', of: forName, args: [str('android.telephony.TelephonyManager')] }, str('getDeviceId'), null]);
    expect(c.types).toEqual(['Landroid/location/LocationManager;']);
    expect(c.invokes[2]!.args).toEqual([{ k: 'class', v: 'Landroid/location/LocationManager;' }, { k: 'field', ref: { owner: P, name: 'SMS', type: 'Landroid/net/Uri;' } }]);
    expect(c.fieldReads).toEqual([{ op: 'sget', field: { owner: P, name: 'SMS', type: 'Landroid/net/Uri;' }, pc: 17 }]);
  });

  it('iput records the value through a move', () => {
    const c = code(index, P, '<init>', '()V');
    expect(c.invokes[0]!.kind).toBe('direct');
    expect(c.fieldWrites).toEqual([{ op: 'iput', field: { owner: P, name: 'name', type: 'Ljava/lang/String;' }, value: str('iput-value'), pc: 6 }]);
  });

  it('invoke-static/range maps registers to parameters (wide ones take two)', () => {
    const c = code(index, P, 'rangeValues', '()V');
    expect(c.strings).toEqual(['jumbo-string']);
    expect(c.invokes).toHaveLength(1);
    // v8 was overwritten by add-int/lit8: unknown.
    expect(c.invokes[0]!.args).toEqual([int(7), str('jumbo-string'), int(1), int(256), int(0x12345678), int(0x7f010000), int(-1), null]);
  });

  it('switch and fill-array-data payloads are skipped by their own sizes', () => {
    expect(code(index, P, 'sw', '(I)Ljava/lang/String;').strings).toEqual(['default', 'zero', 'one']);
    const arr = code(index, P, 'arr', '()[I');
    expect(arr.strings).toEqual(['after-array']);
    expect(arr.invokes.map((i) => i.target.name)).toEqual(['note']);
    expect(arr.invokes[0]!.args).toEqual([str('after-array')]);
  });

  it('invoke-polymorphic and invoke-custom', () => {
    const poly = code(index, P, 'poly', '(Ljava/lang/invoke/MethodHandle;)V');
    expect(poly.invokes).toEqual([{
      kind: 'polymorphic',
      target: { owner: 'Ljava/lang/invoke/MethodHandle;', name: 'invokeExact', descriptor: '([Ljava/lang/Object;)Ljava/lang/Object;' },
      args: [null, int(1), str('poly-arg')],
      pc: 3,
    }]);
    const custom = code(index, P, 'custom', '()V');
    expect(custom.invokes).toEqual([{ kind: 'custom', target: { owner: P, name: 'run', descriptor: '(Ljava/lang/String;)V' }, args: [str('custom-arg')], pc: 2 }]);
  });

  it('agrees with dexdump on invoke targets and strings', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'piscope-fx-')), 'classes.dex');
    writeFileSync(file, dexBytes);
    const oracle = dexdump(dexBytes, file);
    expect(oracle.methodsWithCode).toBe(12);
    for (const m of index.getClass(P)!.methods()) {
      const want = oracle.methods[`${m.owner}.${m.name}:${m.descriptor}`]!;
      const got = m.code()!.invokes.map((v) => (v.kind === 'custom' ? 'custom 0000' : `${v.kind} ${v.target.owner}.${v.target.name}:${v.target.descriptor}`));
      expect(got.sort(), m.name).toEqual([...want.invokes].sort());
      expect(m.code()!.strings.length, m.name).toBe(want.strings.length);
    }
  });

  it('decodeAll forces every method', () => {
    expect(decodeAll(index)).toMatchObject({ classes: 1, methods: 12, methodsWithCode: 12 });
  });
});

const JAVA = `package com.example.jv;
public class Sample {
  public static final Object SMS = Uri.parse("content://sms");
  public static final String TAG = "probe-tag";
  public static final int LIMIT = 42;
  public static final long BIG = 1L << 40;
  String name;
  public Sample() { String v = "iput-value"; this.name = v; }
  public static Object reflect() throws Exception {
    Class<?> c = Class.forName("android.telephony.TelephonyManager");
    return c.getMethod("getDeviceId");
  }
  static void sink(long a, String s, int b, int c) {}
  static void wide() { long w = 9L; double d = 2.5; sink(7L, "after-long", 1, 300); }
  static Runnable lambda(String x) { return () -> System.out.println(x); }
  static String concat(String a, int b) { return a + b; }
  static String sw(int k) { switch (k) { case 0: return "zero"; case 1: return "one"; case 2: return "two"; default: return "default"; } }
  static String lookup(int k) { switch (k) { case 5: return "five"; case 100000: return "big"; default: return "d"; } }
  static String ternary(boolean f) { return String.valueOf(f ? "yes" : "no"); }
  static Object local() throws Exception { String s = "com.example.Hidden"; Object o; try { o = Class.forName(s); } catch (RuntimeException e) { o = e.getMessage(); } return o; }
  void callSuper() { super.toString(); }
}
class Uri { static Uri parse(String s) { return null; } }
`;

describe('Java class files compiled by javac', () => {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-javac-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'Sample.java'), JAVA);
  execFileSync('javac', ['-d', join(dir, 'out'), join(dir, 'src', 'Sample.java')]);
  const files = readdirSync(join(dir, 'out', 'com', 'example', 'jv')).sort();
  const inputs: CodeInput[] = files.map((f) => ({
    path: `sample.jar!com/example/jv/${f}`,
    format: 'class',
    origin: 'primary',
    bytes: new Uint8Array(readFileSync(join(dir, 'out', 'com', 'example', 'jv', f))),
  }));
  const index = buildCodeIndex(inputs);
  const S = 'Lcom/example/jv/Sample;';

  it('groups X.jar!… class files into one jar container', () => {
    expect(index.containers).toEqual([{ path: 'sample.jar', format: 'jar', origin: 'primary', version: '61', classCount: 2 }]);
    expect(index.getClass(S)!.container).toBe('sample.jar!com/example/jv/Sample.class');
  });

  it('ConstantValue gives initial values', () => {
    const f = Object.fromEntries(index.getClass(S)!.fields().map((x) => [x.name, x.initialValue]));
    expect(f).toEqual({ SMS: null, TAG: str('probe-tag'), LIMIT: int(42), BIG: int(2 ** 40), name: null });
  });

  it('a static field initialised with Uri.parse in <clinit>', () => {
    const c = code(index, S, '<clinit>', '()V');
    const parse = { owner: 'Lcom/example/jv/Uri;', name: 'parse', descriptor: '(Ljava/lang/String;)Lcom/example/jv/Uri;' };
    expect(c.fieldWrites).toEqual([{ op: 'sput', field: { owner: S, name: 'SMS', type: 'Ljava/lang/Object;' }, value: { k: 'result', of: parse, args: [str('content://sms')] }, pc: 5 }]);
  });

  it('Class.forName + getMethod through locals and the stack', () => {
    const c = code(index, S, 'reflect', '()Ljava/lang/Object;');
    const forName = { owner: 'Ljava/lang/Class;', name: 'forName', descriptor: '(Ljava/lang/String;)Ljava/lang/Class;' };
    expect(c.invokes.map((i) => i.kind)).toEqual(['static', 'virtual']);
    expect(c.invokes[1]!.args).toEqual([{ k: 'result', of: forName, args: [str('android.telephony.TelephonyManager')] }, str('getDeviceId'), null]);
    expect(code(index, S, 'local', '()Ljava/lang/Object;').invokes[0]!.args).toEqual([str('com.example.Hidden')]);
  });

  it('long and double take two slots', () => {
    const c = code(index, S, 'wide', '()V');
    expect(c.invokes[0]!.args).toEqual([int(7), str('after-long'), int(1), int(300)]);
  });

  it('invokespecial maps to direct (<init>) or super', () => {
    expect(code(index, S, '<init>', '()V').invokes[0]!.kind).toBe('direct');
    expect(code(index, S, '<init>', '()V').fieldWrites[0]!.value).toEqual(str('iput-value'));
    expect(code(index, S, 'callSuper', '()V').invokes[0]).toMatchObject({ kind: 'super', target: { owner: 'Ljava/lang/Object;', name: 'toString' } });
  });

  it('invokedynamic is a custom invoke on the bootstrap class', () => {
    const l = code(index, S, 'lambda', '(Ljava/lang/String;)Ljava/lang/Runnable;');
    expect(l.invokes[0]).toMatchObject({ kind: 'custom', target: { owner: 'Ljava/lang/invoke/LambdaMetafactory;', name: 'run', descriptor: '(Ljava/lang/String;)Ljava/lang/Runnable;' } });
    const c = code(index, S, 'concat', '(Ljava/lang/String;I)Ljava/lang/String;');
    expect(c.invokes[0]).toMatchObject({ kind: 'custom', target: { owner: 'Ljava/lang/invoke/StringConcatFactory;', name: 'makeConcatWithConstants' } });
  });

  it('tableswitch / lookupswitch padding and branch joins', () => {
    expect(code(index, S, 'sw', '(I)Ljava/lang/String;').strings).toEqual(['zero', 'one', 'two', 'default']);
    expect(code(index, S, 'lookup', '(I)Ljava/lang/String;').strings).toEqual(['five', 'big', 'd']);
    expect(code(index, S, 'ternary', '(Z)Ljava/lang/String;').invokes[0]!.args).toEqual([str('no')]);
  });

  it('agrees with javap, invokedynamic included', () => {
    const jar = join(dir, 'sample.jar');
    execFileSync('jar', ['cf', jar, '-C', join(dir, 'out'), '.']);
    const names = files.map((f) => `com/example/jv/${f.slice(0, -6)}`);
    const oracle = javap(readFileSync(jar), jar, names);
    let dynamic = 0;
    for (const name of names) {
      const cls = index.getClass(`L${name};`)!;
      const want = oracle[name]!;
      const withCode = cls.methods().filter((m) => m.hasCode);
      expect(withCode.map((m) => m.descriptor)).toEqual(want.map((w) => w.descriptor));
      withCode.forEach((m, i) => {
        const got = m.code()!.invokes.map((v) =>
          v.kind === 'custom' ? `dynamic ${v.target.name}:${v.target.descriptor}` : `${v.kind === 'direct' || v.kind === 'super' ? 'special' : v.kind} ${v.target.owner}.${v.target.name}:${v.target.descriptor}`);
        expect(got.sort()).toEqual([...want[i]!.invokes].sort());
        dynamic += got.filter((g) => g.startsWith('dynamic')).length;
      });
    }
    expect(dynamic).toBe(2);
  });
});

describe('index semantics', () => {
  const dexBytes = new Uint8Array(readZip(readFileSync(fixtureApk('dex-values'))).read('classes.dex'));

  it('first definition wins; duplicates are recorded', () => {
    const index = buildCodeIndex([
      { path: 'classes.dex', format: 'dex', origin: 'primary', bytes: dexBytes },
      { path: 'assets/p.apk!classes.dex', format: 'dex', origin: 'nested', bytes: dexBytes },
    ]);
    expect(index.classCount).toBe(1);
    expect(index.getClass(P)!.container).toBe('classes.dex');
    expect(index.duplicateClasses).toEqual([{ name: P, containers: ['classes.dex', 'assets/p.apk!classes.dex'] }]);
    expect(index.containers.map((c) => [c.path, c.origin, c.classCount])).toEqual([['classes.dex', 'primary', 1], ['assets/p.apk!classes.dex', 'nested', 1]]);
  });

  it('getMethod is exact and lazy members are cached', () => {
    const index = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes: dexBytes }]);
    expect(index.getMethod({ owner: P, name: 'sw', descriptor: '(J)Ljava/lang/String;' })).toBeUndefined();
    expect(index.getMethod({ owner: 'Lnone;', name: 'sw', descriptor: '()V' })).toBeUndefined();
    const m = index.getMethod({ owner: P, name: 'sw', descriptor: '(I)Ljava/lang/String;' })!;
    expect(m.code()).toBe(m.code());
    expect(index.getClass(P)!.methods()).toBe(index.getClass(P)!.methods());
  });
});

describe('dex budget', () => {
  // appium-settings has nine dex files: a budget of one byte drops one whenever another is used.
  const apk = corpusFiles('appium-settings').find((f) => f.endsWith('.apk'))!;
  const zip = readZip(readFileSync(apk));
  const dexEntries = zip.entries.filter((e) => /^classes\d*\.dex$/.test(e.name));
  const inputs = (reads: { n: number }): CodeInput[] =>
    dexEntries.map((e) => ({ path: e.name, format: 'dex', origin: 'primary', bytes: () => (reads.n++, zip.read(e)) }));

  it('re-reads dropped dex files and decodes exactly what an unbounded index does', () => {
    expect(dexEntries.length).toBeGreaterThan(1);
    const wide = { n: 0 };
    const tight = { n: 0 };
    const a = buildCodeIndex(inputs(wide));
    const b = buildCodeIndex(inputs(tight), { dexBudgetBytes: 1 });
    expect(decodeAll(b)).toEqual(decodeAll(a));
    expect(wide.n).toBe(dexEntries.length);
    // Alternate between the first classes of two files: each switch reads the other file again.
    const [x, y] = [dexEntries[0]!.name, dexEntries[1]!.name].map((p) => [...b.classes()].find((c) => c.container === p)!);
    const before = tight.n;
    for (let i = 0; i < 3; i++) for (const c of [x!, y!]) for (const m of c.methods()) m.code();
    expect(tight.n).toBeGreaterThan(before);
    const key = (c: typeof x) => c!.methods().map((m) => JSON.stringify(m.code()));
    expect(key(x)).toEqual(key([...a.classes()].find((c) => c.name === x!.name)));
  });

  it('never frees bytes the caller owns', () => {
    const owned = dexEntries.map((e) => new Uint8Array(zip.read(e)));
    const idx = buildCodeIndex(owned.map((bytes, i) => ({ path: `c${i}.dex`, format: 'dex', origin: 'primary', bytes })), { dexBudgetBytes: 1 });
    decodeAll(idx);
    for (const b of owned) expect(b.byteLength).toBeGreaterThan(0);
  });
});

describe('members of a class whose class_data is broken', () => {
  it('are empty, reported once, for methods and fields alike', () => {
    const bytes = new Uint8Array(readZip(readFileSync(fixtureApk('dex-values'))).read('classes.dex'));
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const classDefsOff = dv.getUint32(0x64, true);
    dv.setUint32(classDefsOff + 24, bytes.length + 64, true); // class_data_off past the end of the file
    const errors: string[] = [];
    const index = buildCodeIndex([{ path: 'classes.dex', format: 'dex', origin: 'primary', bytes }], { onError: (e) => errors.push(e.code) });
    const c = index.getClass(P)!;
    expect(c.methods()).toEqual([]);
    expect(c.fields()).toEqual([]);
    expect(c.fieldsUncached!()).toEqual([]);
    expect(decodeAll(index).methods).toBe(0);
    expect(errors).toEqual(['DEX_BAD_OFFSET']);
  });
});
