import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../../errors.ts';
import { corpusFiles, corpusItems, fixtureApk } from '../../../test/helpers/paths.ts';
import { readZip } from '../zip/index.ts';
import { parseArsc } from './parse-arsc.ts';

const FRAMEWORK = '/usr/share/android-framework-res/framework-res.apk';
const arscOf = (apk: string): Uint8Array => Uint8Array.from(readZip(readFileSync(apk)).read('resources.arsc'));
const LOCALE_ONLY = /^(?:\(default\)|[a-z]{2,3}(?:-r[A-Z]{2})?)$/;

interface Expected {
  locale: string;
  id: number;
  name: string;
  type: number;
  data: number;
  text: string | null;
}

/** Entries of the default and locale-only configs, from `aapt dump --values resources`. */
function aaptValues(apk: string): Expected[] {
  const out = execFileSync('aapt', ['dump', '--values', 'resources', apk], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');
  const rows: Expected[] = [];
  let config: string | null = null;
  for (let i = 0; i < out.length; i++) {
    const line = out[i]!;
    const c = /^\s+config (\S+)(?: flags=0x[0-9a-f]+ \[sparse\])?:$/.exec(line);
    if (c !== null) config = LOCALE_ONLY.test(c[1]!) ? (c[1] === '(default)' ? '' : c[1]!) : null;
    const r = /^\s+resource (0x[0-9a-f]{8}) [^:]+:([^:]+): t=(0x[0-9a-f]+) d=(0x[0-9a-f]+)/.exec(line);
    if (r === null || config === null) continue;
    const s = /^\s+\(string(?:8|16)\) "(.*)"$/.exec(out[i + 1] ?? '');
    rows.push({ locale: config, id: Number(r[1]), name: r[2]!, type: Number(r[3]), data: Number(r[4]), text: s === null ? null : s[1]! });
  }
  return rows;
}

describe('parseArsc agrees with aapt dump --values resources', () => {
  const apks = [...corpusItems('apk').flatMap((c) => corpusFiles(c.id)), fixtureApk('pkg-full')];
  it.each(apks)('%s', (apk) => {
    const t = parseArsc(arscOf(apk));
    const want = aaptValues(apk);
    // uiautomator2's test APK has an aapt2 table with no package at all.
    const groups = /^Package Groups \((\d+)\)/m.exec(execFileSync('aapt', ['dump', 'resources', apk], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    expect(t.packages.length).toBe(Number(groups![1]));
    for (const w of want) {
      const e = t.lookup(w.id, w.locale, true);
      expect({ id: w.id, locale: w.locale, name: t.nameOf(w.id), type: e?.value?.type, data: e?.value?.data }).toEqual({
        id: w.id, locale: w.locale, name: w.name, type: w.type, data: w.data,
      });
      // aapt escapes quotes and newlines in what it prints; compare the plain ones.
      if (w.type === 0x03 && w.text !== null && !w.text.includes('\\')) expect(t.resolve(w.id, w.locale, true)).toBe(w.text);
    }
  });
});

describe('parseArsc on a sparse table built by aapt2', () => {
  it('reads sparse type chunks (aapt2 --enable-sparse-encoding) as aapt does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'piscope-sparse-'));
    try {
      mkdirSync(join(dir, 'res', 'values'), { recursive: true });
      mkdirSync(join(dir, 'res', 'values-zh-rCN'));
      const strings = Array.from({ length: 40 }, (_, i) => `<string name="s${i}">default ${i}</string>`).join('\n');
      writeFileSync(join(dir, 'res', 'values', 'strings.xml'), `<resources>${strings}</resources>`);
      writeFileSync(join(dir, 'res', 'values-zh-rCN', 'strings.xml'), '<resources><string name="s3">中文 3</string><string name="s37">中文 37</string></resources>');
      writeFileSync(join(dir, 'AndroidManifest.xml'), '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.sparse">'
        + '<uses-sdk android:minSdkVersion="26"/><application android:label="@string/s3"/></manifest>');
      execFileSync('aapt2', ['compile', '--dir', join(dir, 'res'), '-o', join(dir, 'res.zip')]);
      const apk = join(dir, 'out.apk');
      execFileSync('aapt2', ['link', '-o', apk, '-I', FRAMEWORK, '--manifest', join(dir, 'AndroidManifest.xml'), join(dir, 'res.zip'), '--enable-sparse-encoding']);
      expect(execFileSync('aapt', ['dump', 'resources', apk], { encoding: 'utf8' })).toMatch(/\[sparse\]/);
      const t = parseArsc(arscOf(apk));
      const want = aaptValues(apk);
      expect(want.filter((w) => w.locale === 'zh-rCN')).toHaveLength(2);
      for (const w of want) {
        expect([w.id, w.locale, t.lookup(w.id, w.locale, true)?.value?.data]).toEqual([w.id, w.locale, w.data]);
        expect(t.resolve(w.id, w.locale, true)).toBe(w.text);
      }
      expect(t.lookup(t.idOf('string', 's4')!, 'zh-rCN', true)).toBeNull();
      expect(t.resolve(t.idOf('string', 's4')!, 'zh-rCN')).toBe('default 4');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseArsc on framework-res.apk (32 MB table)', () => {
  const t = parseArsc(arscOf(FRAMEWORK));

  it('names a sample of every resource as aapt does', () => {
    const spec = [...execFileSync('aapt', ['dump', 'resources', FRAMEWORK], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .matchAll(/^\s+spec resource (0x[0-9a-f]{8}) android:([^:]+):/gm)].map((m) => [Number(m[1]), m[2]!] as const);
    expect(spec.length).toBeGreaterThan(10000);
    for (let i = 0; i < spec.length; i += 11) expect(t.nameOf(spec[i]![0])).toBe(spec[i]![1]);
  });

  it('resolves strings by locale, following references', () => {
    const ok = t.idOf('string', 'ok')!;
    expect(t.resolve(ok)).toBe('OK');
    expect(t.resolve(ok, 'zh-rCN')).toBe('确定');
    expect(t.resolve(ok, 'zh-rTW')).toBe('確定');
    expect(t.resolve(ok, 'zh')).not.toBeNull();
    expect(t.locales()).toContain('zh-rCN');
    expect(t.notes).toEqual([]);
  });

  it('lists every string name with its id, as aapt names them', () => {
    const names = t.names('string');
    const strings = [...execFileSync('aapt', ['dump', 'resources', FRAMEWORK], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .matchAll(/^\s+spec resource (0x[0-9a-f]{8}) android:string\/([^:]+):/gm)].map((m) => [m[2]!, Number(m[1])] as const);
    expect(names.size).toBe(strings.length);
    for (const [name, id] of strings) expect(names.get(name)).toBe(id);
  });
});

describe('parseArsc on what aapt2 writes and on hostile tables', () => {
  const base = arscOf(fixtureApk('pkg-full'));

  it('ignores non-zero reserved fields in type chunks', () => {
    const b = base.slice();
    const dv = new DataView(b.buffer);
    // Every type chunk (0x0201) and type spec chunk (0x0202): set the reserved bytes.
    for (let p = 0; p + 12 < b.length; p += 4) {
      const type = dv.getUint16(p, true);
      if ((type === 0x0201 || type === 0x0202) && dv.getUint16(p + 2, true) >= 16) dv.setUint16(p + 10, 0xbeef, true);
    }
    const t = parseArsc(b);
    expect(t.resolve(t.idOf('string', 'app_name')!, 'zh-rCN')).toBe('完整包');
  });

  it('reads 16-bit offsets and compact entries (what recent aapt2 writes), rebuilt from a dense table', () => {
    const t0 = parseArsc(base);
    const b = compactTable(base);
    expect(b.length).toBeLessThan(base.length);
    const t = parseArsc(b);
    for (const name of ['app_name', 'version_name', 'greeting']) {
      const id = t0.idOf('string', name)!;
      expect(t.idOf('string', name)).toBe(id);
      for (const locale of ['', 'zh-rCN']) expect(t.resolve(id, locale)).toBe(t0.resolve(id, locale));
    }
    expect(t.lookup(t0.idOf('string', 'version_name')!, 'zh-rCN', true)).toBeNull();
  });

  it('accepts a table with no package', () => {
    const b = new Uint8Array(12 + 28);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, 0x0002, true);
    dv.setUint16(2, 12, true);
    dv.setUint32(4, b.length, true);
    dv.setUint32(8, 0, true);
    dv.setUint16(12, 0x0001, true);
    dv.setUint16(14, 28, true);
    dv.setUint32(16, 28, true);
    const t = parseArsc(b);
    expect(t.packages).toEqual([]);
    expect(t.resolve(0x7f010000)).toBeNull();
  });

  it('refuses an absurd entry count with ARSC_MALFORMED naming the offset', () => {
    const b = base.slice();
    const dv = new DataView(b.buffer);
    let at = -1;
    for (let p = 0; p + 16 < b.length && at < 0; p += 4) if (dv.getUint16(p, true) === 0x0201 && dv.getUint16(p + 2, true) >= 20) at = p;
    dv.setUint32(at + 12, 0x7fffffff, true);
    let err: unknown;
    try {
      parseArsc(b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PiscopeError);
    expect((err as PiscopeError).code).toBe('ARSC_MALFORMED');
    expect((err as PiscopeError).offset).toBe(at + 12);
  });

  it('ends every truncation, absurd count and random table in a typed error or a table', () => {
    const tryAll = (b: Uint8Array): void => {
      try {
        const t = parseArsc(b);
        for (const id of [0x7f020000, 0x7f020001, 0x7f020002]) t.resolve(id, 'zh-rCN');
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
        expect((e as PiscopeError).code).toBe('ARSC_MALFORMED');
      }
    };
    for (let n = 0; n <= base.length; n++) tryAll(base.subarray(0, n));
    let seed = 3;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff;
    for (let i = 0; i < 2000; i++) {
      const b = base.slice();
      for (let k = 0; k < 4; k++) b[rnd() * 4 % b.length] = rnd();
      tryAll(b);
    }
  });
});

/** Rewrites every dense type chunk of a table as FLAG_OFFSET16 with compact entries (simple values only). */
function compactTable(table: Uint8Array): Uint8Array {
  const dv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const parts: Uint8Array[] = [];
  let p = dv.getUint16(2, true);
  parts.push(table.slice(0, p));
  while (p < table.length) {
    const type = dv.getUint16(p, true);
    const size = dv.getUint32(p + 4, true);
    if (type !== 0x0200) {
      parts.push(table.slice(p, p + size));
    } else {
      const hs = dv.getUint16(p + 2, true);
      const kids: Uint8Array[] = [table.slice(p, p + hs)];
      for (let q = p + hs; q < p + size; q += dv.getUint32(q + 4, true)) {
        const csize = dv.getUint32(q + 4, true);
        kids.push(dv.getUint16(q, true) === 0x0201 ? compactType(table, q) : table.slice(q, q + csize));
      }
      const pkg = concat(kids);
      new DataView(pkg.buffer).setUint32(4, pkg.length, true);
      parts.push(pkg);
    }
    p += size;
  }
  const out = concat(parts);
  new DataView(out.buffer).setUint32(4, out.length, true);
  return out;
}

function compactType(table: Uint8Array, at: number): Uint8Array {
  const dv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const hs = dv.getUint16(at + 2, true);
  const count = dv.getUint32(at + 12, true);
  const entriesStart = dv.getUint32(at + 16, true);
  const offsLen = (count * 2 + 3) & ~3;
  const out = new Uint8Array(hs + offsLen + count * 8);
  const o = new DataView(out.buffer);
  out.set(table.subarray(at, at + hs));
  out[9] = out[9]! | 0x02;
  o.setUint32(12, count, true);
  o.setUint32(16, hs + offsLen, true);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const off = dv.getUint32(at + hs + i * 4, true);
    if (off === 0xffffffff) {
      o.setUint16(hs + i * 2, 0xffff, true);
      continue;
    }
    const e = at + entriesStart + off;
    const esize = dv.getUint16(e, true);
    const key = dv.getUint32(e + 4, true);
    const vtype = dv.getUint8(e + esize + 3);
    const data = dv.getUint32(e + esize + 4, true);
    o.setUint16(hs + i * 2, n, true); // offsets count in 4-byte units
    const c = hs + offsLen + n * 4;
    o.setUint16(c, key, true);
    o.setUint16(c + 2, 0x0008 | (vtype << 8), true);
    o.setUint32(c + 4, data, true);
    n += 2;
  }
  const used = hs + offsLen + n * 4;
  o.setUint32(4, used, true);
  return out.slice(0, used);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}
