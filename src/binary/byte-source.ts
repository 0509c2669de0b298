// Where a package's bytes come from: memory, or a file read piece by piece. An APK read from a file is never
// held whole: the ZIP reader takes its central directory and each entry's data as it needs them, so peak
// memory follows what is being decoded, not the size of the package.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ErrorCode, PiscopeError } from '../errors.ts';

export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /**
   * [off, off+len): a view when the bytes are in memory, a fresh buffer (owned by the caller) when read from
   * a file. Throws OUT_OF_BOUNDS outside [0, size). A file source given `into` (at least len bytes) reads
   * into it and returns a view of it instead, so a caller that scans many small pieces reuses one buffer.
   */
  read(off: number, len: number, into?: Uint8Array): Uint8Array;
  /** The whole input when it is in memory (no copy); null for a file. */
  readonly whole: Uint8Array | null;
}

function outside(size: number, off: number, len: number, what: string): never {
  throw new PiscopeError(ErrorCode.OUT_OF_BOUNDS, `${what} of ${len} bytes outside [0, ${size})`, { structure: 'input', offset: off });
}

function inRange(size: number, off: number, len: number): boolean {
  return Number.isInteger(off) && Number.isInteger(len) && off >= 0 && len >= 0 && off + len <= size;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    whole: bytes,
    read(off, len) {
      if (!inRange(bytes.length, off, len)) outside(bytes.length, off, len, 'read');
      return bytes.subarray(off, off + len);
    },
  };
}

/**
 * A file opened for reading; close() when done with everything read from it lazily. Opening throws the
 * file system's own errors (ENOENT, EACCES, EISDIR), as readFileSync does.
 */
export class FileSource implements ByteSource {
  readonly size: number;
  readonly whole = null;
  readonly path: string;
  private fd: number | null;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'r');
    try {
      const st = fstatSync(this.fd);
      // As readFileSync would say it, so callers map file-system errors one way (EISDIR: "is a folder").
      if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
      this.size = st.size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  read(off: number, len: number, into?: Uint8Array): Uint8Array {
    if (!inRange(this.size, off, len)) outside(this.size, off, len, 'read');
    if (this.fd === null) throw new PiscopeError(ErrorCode.USAGE, `${this.path} was closed before all of it was read`, { structure: 'input', file: this.path });
    // Its own ArrayBuffer (no pooled slab), so a caller may free it once done.
    const out = into !== undefined && into.length >= len ? into.subarray(0, len) : new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, out, got, len - got, off + got);
      if (n === 0) {
        throw new PiscopeError(ErrorCode.OUT_OF_BOUNDS, `${this.path} ended at ${off + got} bytes while reading [${off}, +${len}); did it change while being read?`, {
          structure: 'input', offset: off + got, file: this.path,
        });
      }
      got += n;
    }
    return out;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export function toSource(input: Uint8Array | ByteSource): ByteSource {
  return input instanceof Uint8Array ? memorySource(input) : input;
}
