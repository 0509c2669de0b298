import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../../errors.ts';
import { corpusFiles, corpusItems, fixtureApk } from '../../../test/helpers/paths.ts';
import { readZip } from '../zip/index.ts';
import { parseAxml, type AxmlElement } from './parse-axml.ts';

const FRAMEWORK = '/usr/share/android-framework-res/framework-res.apk';

interface Flat {
  tag: string;
  line: number;
  attrs: { name: string; value: string }[];
}

/** `aapt dump xmltree` as a flat list of elements, each with its attributes in order. */
function aaptTree(apk: string): Flat[] {
  const out = execFileSync('aapt', ['dump', 'xmltree', apk, 'AndroidManifest.xml'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const els: Flat[] = [];
  for (const line of out.split('\n')) {
    const e = /^\s*E: (\S+) \(line=(\d+)\)$/.exec(line);
    if (e !== null) els.push({ tag: e[1]!, line: Number(e[2]), attrs: [] });
    const a = /^\s*A: ([^=(]+)(?:\(0x[0-9a-f]+\))?=(.*)$/.exec(line);
    if (a !== null) els.at(-1)!.attrs.push({ name: a[1]!, value: a[2]! });
  }
  return els;
}

function ours(root: AxmlElement): Flat[] {
  const els: Flat[] = [];
  const walk = (e: AxmlElement): void => {
    els.push({
      tag: e.tag,
      line: e.line,
      attrs: e.attrs.map((a) => {
        // Rebuild aapt's text form of each value, to compare value by value.
        const t = a.value.type;
        const value = t === 0x03 ? `"${a.text}"`
          : t === 0x01 ? (a.value.data === 0 ? '@0x00000000' : a.text)
          : t === 0x02 ? a.text
          : `(type 0x${t.toString(16)})0x${(a.value.data >>> 0).toString(16)}`;
        return { name: a.qname, value: value + (a.raw === null ? '' : ` (Raw: "${a.raw}")`) };
      }),
    });
    e.children.forEach(walk);
  };
  walk(root);
  return els;
}

// A plain Uint8Array copy: Buffer.slice would share memory and Buffer.buffer may be a larger pool.
const manifestOf = (apk: string): Uint8Array => Uint8Array.from(readZip(readFileSync(apk)).read('AndroidManifest.xml'));

describe('parseAxml agrees with aapt dump xmltree', () => {
  const apks = [...corpusItems('apk').flatMap((c) => corpusFiles(c.id)), fixtureApk('pkg-full'), FRAMEWORK];
  it.each(apks)('%s', (apk) => {
    const want = aaptTree(apk);
    const got = ours(parseAxml(manifestOf(apk)).root);
    expect(got.length).toBe(want.length);
    // Strings with characters aapt escapes are compared by name only.
    const norm = (f: Flat[], w: Flat[]): Flat[] => f.map((e, i) => ({ ...e, attrs: e.attrs.map((a, j) => (/\\/.test(w[i]?.attrs[j]?.value ?? '') ? { ...a, value: '' } : a)) }));
    expect(norm(got, want)).toEqual(norm(want, want));
  });

  it('parses framework-res.apk\'s 222 KB manifest whole', () => {
    const doc = parseAxml(manifestOf(FRAMEWORK));
    expect(doc.root.tag).toBe('manifest');
    expect(doc.root.children.filter((c) => c.tag === 'permission').length).toBeGreaterThan(500);
    expect(doc.notes).toEqual([]);
  });
});

describe('parseAxml tolerates tampering the way Android does', () => {
  const base = manifestOf(fixtureApk('pkg-full'));

  it('names attributes from the resource map when the name strings are blanked', () => {
    const b = base.slice();
    // Overwrite every UTF-16 "versionCode" / "name" in the string pool with junk of the same length.
    const hay = Buffer.from(b.buffer);
    for (const word of ['versionCode', 'minSdkVersion']) {
      const needle = Buffer.from(word, 'utf16le');
      let i = hay.indexOf(needle);
      while (i >= 0) {
        hay.fill(0x78, i, i + needle.length); // "xxxx…" (as UTF-16 bytes: 0x7878 = 硸)
        i = hay.indexOf(needle, i + 1);
      }
    }
    const root = parseAxml(b).root;
    expect(root.attrs.find((a) => a.qname === 'android:versionCode')?.text).toBe('7');
    expect(root.children.find((c) => c.tag === 'uses-sdk')!.attrs[0]!.qname).toBe('android:minSdkVersion');
  });

  it('reads past a scrambled file chunk type, an oversized file size and an unknown chunk', () => {
    const b = new Uint8Array(base.length + 16);
    b.set(base);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, 0x1234, true);
    dv.setUint32(4, 0x7fffffff, true);
    // An unknown 16-byte chunk appended at the end.
    dv.setUint16(base.length, 0x0777, true);
    dv.setUint16(base.length + 2, 8, true);
    dv.setUint32(base.length + 4, 16, true);
    const doc = parseAxml(b);
    expect(doc.root.tag).toBe('manifest');
    expect(doc.notes.join('\n')).toMatch(/file chunk type 0x1234/);
    expect(doc.notes.join('\n')).toMatch(/unknown chunk type 0x777/);
  });

  /** Inserts 4 bytes after the header of the chunk at `at`, growing its header size as a packer would. */
  function widenHeader(b: Uint8Array, at: number, shiftFields: number[] = []): Uint8Array {
    const dv0 = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const hs = dv0.getUint16(at + 2, true);
    const out = new Uint8Array(b.length + 4);
    out.set(b.subarray(0, at + hs));
    out.set([0xde, 0xad, 0xbe, 0xef], at + hs);
    out.set(b.subarray(at + hs), at + hs + 4);
    const dv = new DataView(out.buffer);
    dv.setUint16(at + 2, hs + 4, true);
    dv.setUint32(at + 4, dv.getUint32(at + 4, true) + 4, true);
    dv.setUint32(4, dv.getUint32(4, true) + 4, true);
    for (const f of shiftFields) if (dv.getUint32(at + f, true) !== 0) dv.setUint32(at + f, dv.getUint32(at + f, true) + 4, true);
    return out;
  }

  /** Offsets of the chunks after the file header. */
  function chunkOffsets(b: Uint8Array): { type: number; at: number }[] {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out: { type: number; at: number }[] = [];
    for (let p = 8; p < b.length; p += dv.getUint32(p + 4, true)) out.push({ type: dv.getUint16(p, true), at: p });
    return out;
  }

  it('uses each chunk\'s own header size, as Android does, when packers widen headers', () => {
    const want = parseAxml(base).root;
    const chunks = chunkOffsets(base);
    // Widen the string pool header (strings/styles start move with it) and the first element's header.
    const pool = chunks.find((c) => c.type === 0x0001)!;
    let b = widenHeader(base, pool.at, [20, 24]);
    const el = chunkOffsets(b).find((c) => c.type === 0x0102)!;
    b = widenHeader(b, el.at);
    const doc = parseAxml(b);
    expect(doc.root).toEqual(want);
  });

  it('ignores unusual string pool flags', () => {
    const b = base.slice();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const flagsAt = chunkOffsets(b).find((c) => c.type === 0x0001)!.at + 16;
    dv.setUint32(flagsAt, (dv.getUint32(flagsAt, true) & 0x100) | 0x1 | 0x7ffe0000, true);
    expect(parseAxml(b).root).toEqual(parseAxml(base).root);
  });

  it('fails with a typed error, naming the offset, on absurd counts and every truncation', () => {
    // The string pool's count (offset 8 + 8) set absurdly high.
    const b = base.slice();
    new DataView(b.buffer).setUint32(16, 0x40000000, true);
    let err: unknown;
    try {
      parseAxml(b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PiscopeError);
    expect((err as PiscopeError).code).toBe('AXML_MALFORMED');
    expect((err as PiscopeError).offset).toBeTypeOf('number');
    for (let n = 0; n < base.length; n++) {
      try {
        parseAxml(base.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
      }
    }
  });

  it('ends every random mutation in a typed error or a document', () => {
    let seed = 9;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 3000; i++) {
      const b = base.slice();
      for (let k = 0, n = 1 + rnd(6); k < n; k++) b[rnd(b.length)] = rnd(256);
      try {
        parseAxml(b);
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
      }
    }
  });

  it('fails with a typed error on random bytes', () => {
    let seed = 1;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16 & 0xff;
    for (let i = 0; i < 300; i++) {
      const b = Uint8Array.from({ length: 16 + i * 7 }, rnd);
      if (i % 2 === 0) b.set([3, 0, 8, 0], 0); // a plausible header half the time
      try {
        parseAxml(b);
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
      }
    }
  });
});
