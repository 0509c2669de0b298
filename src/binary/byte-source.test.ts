// Byte sources: a file read piece by piece gives exactly what the same bytes in memory give, and every way
// it can fail (missing, a folder, out of range, shrunk while open) ends in a clear error.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, PiscopeError } from '../errors.ts';
import { FileSource, memorySource } from './byte-source.ts';

const tmp = mkdtempSync(join(tmpdir(), 'piscope-source-'));
const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) & 0xff);
const path = join(tmp, 'data.bin');
writeFileSync(path, bytes);

describe('byte sources', () => {
  it('reads the same ranges from a file as from memory, each into its own buffer', () => {
    const file = new FileSource(path);
    const mem = memorySource(bytes);
    expect(file.size).toBe(bytes.length);
    expect(file.whole).toBeNull();
    expect(mem.whole).toBe(bytes);
    for (const [off, len] of [[0, 0], [0, 10], [12345, 70_000], [bytes.length - 1, 1], [bytes.length, 0]] as const) {
      const got = file.read(off, len);
      expect(got).toEqual(mem.read(off, len));
      // A caller may free what it was given (the ZIP reader does): never a view of a shared pool.
      expect(got.byteOffset).toBe(0);
      expect(got.buffer.byteLength).toBe(len);
    }
    file.close();
  });

  it('reads into a buffer the caller passes when it is large enough, and into a new one when not', () => {
    const file = new FileSource(path);
    const into = new Uint8Array(64);
    const a = file.read(100, 40, into);
    expect(a.buffer).toBe(into.buffer);
    expect(a).toEqual(bytes.subarray(100, 140));
    // The next read lands in the same buffer: the earlier view now shows it (the caller's contract).
    const b = file.read(5000, 64, into);
    expect(a.buffer).toBe(b.buffer);
    expect(b).toEqual(bytes.subarray(5000, 5064));
    const c = file.read(0, 65, into);
    expect(c.buffer).not.toBe(into.buffer);
    expect(c).toEqual(bytes.subarray(0, 65));
    // From memory, a view as always: nothing is copied into the caller's buffer.
    expect(memorySource(bytes).read(100, 40, into).buffer).toBe(bytes.buffer);
    file.close();
  });

  it('refuses ranges outside the input with OUT_OF_BOUNDS', () => {
    const file = new FileSource(path);
    for (const src of [file, memorySource(bytes)]) {
      for (const [off, len] of [[-1, 4], [bytes.length, 1], [10, bytes.length], [1.5, 2]] as const) {
        const e = ((): unknown => {
          try {
            src.read(off, len);
          } catch (err) {
            return err;
          }
          return null;
        })();
        expect(e).toBeInstanceOf(PiscopeError);
        expect((e as PiscopeError).code).toBe(ErrorCode.OUT_OF_BOUNDS);
      }
    }
    file.close();
  });

  it('says so when the file shrinks while it is being read, and after close', () => {
    const p = join(tmp, 'shrinks.bin');
    writeFileSync(p, bytes);
    const file = new FileSource(p);
    truncateSync(p, 1000);
    expect(() => file.read(900, 500)).toThrow(/ended at 1000 bytes.*did it change while being read/);
    file.close();
    expect(() => file.read(0, 10)).toThrow(/closed/);
  });

  it('throws the file system\'s own errors for a missing file and a folder', () => {
    expect(() => new FileSource(join(tmp, 'nope.apk'))).toThrow(expect.objectContaining({ code: 'ENOENT' }) as Error);
    expect(() => new FileSource(tmp)).toThrow(expect.objectContaining({ code: 'EISDIR' }) as Error);
  });
});
