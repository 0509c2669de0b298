import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../../errors.ts';
import { corpusFile, corpusItems, corpusFiles } from '../../../test/helpers/paths.ts';
import { deflatedZeros, makeZip } from '../../../test/formats-zip/make-zip.ts';
import { readZip, safeEntryPath } from './index.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PiscopeError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('readZip on real archives', () => {
  const apks = corpusItems('apk').flatMap((c) => corpusFiles(c.id));
  it.each(apks)('lists the same entries as unzip -Z1, and every entry inflates: %s', (f) => {
    const z = readZip(readFileSync(f));
    const names = execFileSync('unzip', ['-Z1', f], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter((l) => l !== '');
    expect(z.entries.map((e) => e.name)).toEqual(names);
    for (const e of z.entries) expect(z.read(e).length).toBe(e.size);
    expect(z.oddities.filter((o) => o.kind === 'crc-mismatch')).toEqual([]);
  });

  it('reads an entry byte-identical to unzip -p', () => {
    const f = corpusFile('appium-unlock');
    const z = readZip(readFileSync(f));
    const want = execFileSync('unzip', ['-p', f, 'AndroidManifest.xml']);
    expect(Buffer.from(z.read('AndroidManifest.xml')).equals(want)).toBe(true);
  });
});

describe('readZip semantics', () => {
  it('reads stored, deflated, comment and ZIP64 records', () => {
    const z = readZip(makeZip([
      { name: 'a.txt', data: enc('hello'), method: 0 },
      { name: 'b.txt', data: enc('world '.repeat(100)) },
      { name: 'c.txt', data: enc('big'), zip64: true },
    ], { comment: 'PK\x05\x06 fake signature in the comment', zip64End: true }));
    expect(z.entries.map((e) => e.name)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(dec(z.read('a.txt'))).toBe('hello');
    expect(dec(z.read('b.txt'))).toBe('world '.repeat(100));
    expect(dec(z.read('c.txt'))).toBe('big');
    expect(z.oddities).toEqual([]);
  });

  it('returns a view, not a copy, for stored entries', () => {
    const bytes = makeZip([{ name: 'a', data: enc('xyz'), method: 0 }]);
    const out = readZip(bytes).read('a');
    expect(out.buffer).toBe(bytes.buffer);
  });

  it('ignores a fake encryption flag, as Android does, and records it', () => {
    const z = readZip(makeZip([{ name: 'a', data: enc('plain'), flags: 1 }]));
    expect(dec(z.read('a'))).toBe('plain');
    expect(z.oddities.map((o) => o.kind)).toEqual(['fake-encryption-flag']);
  });

  it('trusts the central directory when the local header disagrees', () => {
    const z = readZip(makeZip([{ name: 'a', data: enc('data'.repeat(50)), localMethod: 0 }]));
    expect(dec(z.read('a'))).toBe('data'.repeat(50));
    expect(z.oddities.map((o) => o.kind)).toEqual(['local-header-mismatch']);
  });

  it('reads an unknown compression method as stored', () => {
    const z = readZip(makeZip([{ name: 'AndroidManifest.xml', data: enc('raw bytes'), method: 0x1234 }]));
    expect(dec(z.read('AndroidManifest.xml'))).toBe('raw bytes');
    expect(z.oddities.map((o) => o.kind)).toEqual(['unknown-method']);
  });

  it('reads a stored entry for its size when the compressed size disagrees', () => {
    const z = readZip(makeZip([{ name: 'a', data: enc('abcdef'), method: 0, raw: enc('abcdef'), centralSize: 6 }, { name: 'b', data: enc('xyz'), method: 0 }]));
    expect(z.oddities).toEqual([]);
    const bytes = makeZip([{ name: 'a', data: enc('abcdef'), method: 0 }]);
    // Central compressed size (offset 20 of the central record) set to 2.
    const cd = bytes.length - 22 - 47;
    new DataView(bytes.buffer).setUint32(cd + 20, 2, true);
    const z2 = readZip(bytes);
    expect(dec(z2.read('a'))).toBe('abcdef');
    expect(z2.oddities.map((o) => o.kind)).toContain('stored-size-mismatch');
  });

  it('keeps the first of duplicate names and records the duplicate', () => {
    const z = readZip(makeZip([{ name: 'classes.dex', data: enc('first') }, { name: 'classes.dex', data: enc('second') }]));
    expect(z.entries).toHaveLength(2);
    expect(dec(z.read('classes.dex'))).toBe('first');
    expect(z.oddities.map((o) => o.kind)).toEqual(['duplicate-name']);
  });

  it('records data before the first entry and CRC mismatches', () => {
    const z = readZip(makeZip([{ name: 'a', data: enc('abc'), centralCrc: 1 }], { prepend: enc('MZ-stub') }));
    expect(z.oddities.map((o) => o.kind)).toEqual(['local-header-mismatch', 'data-before-first-entry']);
    expect(dec(z.read('a'))).toBe('abc');
    expect(z.oddities.map((o) => o.kind)).toContain('crc-mismatch');
    // Read again (the code index reloads dropped dex files): one mismatch, reported once.
    z.read('a');
    expect(z.oddities.filter((o) => o.kind === 'crc-mismatch')).toHaveLength(1);
  });
});

describe('readZip finds hidden data', () => {
  it('records bytes between the last entry and the central directory, but not zero padding', () => {
    const data = [{ name: 'a', data: enc('x'.repeat(100)) }];
    expect(readZip(makeZip(data, { beforeCentral: enc('hidden payload') })).oddities.map((o) => o.kind)).toEqual(['data-before-central-directory']);
    expect(readZip(makeZip(data, { beforeCentral: new Uint8Array(1000) })).oddities).toEqual([]);
  });
});

describe('readZip on hostile input', () => {
  it('fails fast on a 1 GiB zero bomb, naming the entry', () => {
    const raw = deflatedZeros(1 << 30);
    expect(raw.length).toBeLessThan(2 << 20);
    const bytes = makeZip([{ name: 'bomb.bin', data: new Uint8Array(0), raw, centralSize: 1 << 30, centralCrc: 0 }]);
    const z = readZip(bytes);
    let err: unknown;
    try {
      z.read('bomb.bin');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PiscopeError);
    expect((err as PiscopeError).code).toBe('ZIP_BOMB');
    expect((err as PiscopeError).message).toContain('bomb.bin');
  });

  it('stops inflating at the declared size when the size lies', () => {
    const raw = deflatedZeros(64 << 20);
    const z = readZip(makeZip([{ name: 'liar', data: new Uint8Array(0), raw, centralSize: 1000 }]));
    expect(codeOf(() => z.read('liar'))).toBe('ZIP_BOMB');
  });

  it('enforces the archive-wide budget', () => {
    const data = new Uint8Array(4096);
    const z = readZip(makeZip([{ name: 'a', data }, { name: 'b', data }]), { maxTotalSize: 6000 });
    z.read('a');
    expect(codeOf(() => z.read('b'))).toBe('ZIP_BOMB');
  });

  it('refuses the overlapping-entry bomb', () => {
    const raw = deflatedZeros(8 << 20);
    const entries = [{ name: 'e0', data: new Uint8Array(0), raw, centralSize: 8 << 20 }];
    for (let i = 1; i < 50; i++) entries.push({ name: `e${i}`, data: new Uint8Array(0), raw, centralSize: 8 << 20, sameDataAs: 0 } as never);
    expect(codeOf(() => readZip(makeZip(entries)))).toBe('ZIP_BOMB');
  });

  it('fails with a typed error on every prefix of a small APK', () => {
    const bytes = readFileSync(corpusFile('appium-unlock'));
    const step = Math.max(1, Math.floor(bytes.length / 3000));
    for (let n = 0; n < bytes.length; n += step) {
      const prefix = bytes.subarray(0, n);
      expect(codeOf(() => {
        const z = readZip(prefix);
        for (const e of z.entries) z.read(e);
      })).toMatch(/^ZIP_/);
    }
  });

  it('fails with a typed error on random bytes and absurd counts', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 200; i++) {
      const b = Uint8Array.from({ length: 100 + i * 13 }, rnd);
      expect(codeOf(() => readZip(b))).toMatch(/^ZIP_/);
    }
    const ok = makeZip([{ name: 'a', data: enc('x') }]);
    const eocd = ok.length - 22;
    const bad = ok.slice();
    bad[eocd + 10] = 0xff;
    bad[eocd + 11] = 0xff;
    expect(codeOf(() => readZip(bad))).toBe('ZIP_BAD_CENTRAL_DIRECTORY');
  });
});

describe('safeEntryPath', () => {
  it('accepts ordinary names and refuses escapes', () => {
    expect(safeEntryPath('assets/x/./y.dex')).toBe('assets/x/y.dex');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', '..\\..\\x', 'C:\\x', 'a\0b', '', './']) {
      expect(codeOf(() => safeEntryPath(bad))).toBe('ZIP_UNSAFE_NAME');
    }
  });
});
