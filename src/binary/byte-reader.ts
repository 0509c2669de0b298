// The one checked reader over a Uint8Array (STYLE.md §2). Every read passes need(); no parser indexes raw
// bytes itself. Little-endian throughout, as ZIP, AXML, ARSC, DEX and ELF are (class files use the *BE reads).
import { ErrorCode, PiscopeError, type ErrorCode as Code } from '../errors.ts';

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Structure name used in error messages, e.g. `dex` or `zip`. */
  readonly structure: string;
  readonly code: Code;
  /** Where bytes[0] lies in the file, when this reads a window of it: error offsets name file positions. */
  readonly origin: number;
  /** The same bytes as a Buffer, made on first use by latin1(). */
  private buf: Buffer | undefined;

  constructor(bytes: Uint8Array, structure: string, code: Code = ErrorCode.OUT_OF_BOUNDS, origin = 0) {
    this.bytes = bytes;
    this.origin = origin;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.structure = structure;
    this.code = code;
  }

  get length(): number {
    return this.bytes.length;
  }

  /**
   * [start, end) as Latin-1 (callers check it is ASCII), read without a view object per string: a dex has
   * tens of thousands of strings, and a subarray for each was a tenth of what a read allocated.
   */
  latin1(start: number, end: number): string {
    this.need(start, end - start, 'latin1 string');
    this.buf ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.buf.toString('latin1', start, end);
  }

  /** Throws unless [off, off+len) lies inside the buffer. */
  need(off: number, len: number, what = 'read'): void {
    if (!(off >= 0 && len >= 0 && off + len <= this.bytes.length && Number.isInteger(off))) {
      throw new PiscopeError(this.code, `${what} of ${len} bytes outside [${this.origin}, ${this.origin + this.bytes.length})`, {
        structure: this.structure,
        offset: this.origin + off,
      });
    }
  }

  fail(message: string, off?: number, code: Code = this.code): never {
    throw new PiscopeError(code, message, off === undefined ? { structure: this.structure } : { structure: this.structure, offset: this.origin + off });
  }

  u8(off: number): number {
    this.need(off, 1);
    return this.bytes[off]!;
  }
  u16(off: number): number {
    this.need(off, 2);
    return this.view.getUint16(off, true);
  }
  i16(off: number): number {
    this.need(off, 2);
    return this.view.getInt16(off, true);
  }
  u32(off: number): number {
    this.need(off, 4);
    return this.view.getUint32(off, true);
  }
  i32(off: number): number {
    this.need(off, 4);
    return this.view.getInt32(off, true);
  }
  /** u64 as a number; throws if above 2^53 (no real file needs more). */
  u64(off: number): number {
    this.need(off, 8);
    const v = this.view.getBigUint64(off, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`64-bit value ${v} too large`, off);
    return Number(v);
  }
  u16be(off: number): number {
    this.need(off, 2);
    return this.view.getUint16(off, false);
  }
  i16be(off: number): number {
    this.need(off, 2);
    return this.view.getInt16(off, false);
  }
  u32be(off: number): number {
    this.need(off, 4);
    return this.view.getUint32(off, false);
  }
  i32be(off: number): number {
    this.need(off, 4);
    return this.view.getInt32(off, false);
  }
  /** A view (no copy) of [off, off+len). */
  slice(off: number, len: number, what?: string): Uint8Array {
    this.need(off, len, what);
    return this.bytes.subarray(off, off + len);
  }

  /** Unsigned LEB128 at off; returns [value, nextOffset]. At most 5 bytes, as DEX allows. */
  uleb128(off: number): [number, number] {
    let result = 0;
    let shift = 0;
    let p = off;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(p++);
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return [result >>> 0, p];
      shift += 7;
    }
    return this.fail('uleb128 longer than 5 bytes', off);
  }

  /** Signed LEB128 at off; returns [value, nextOffset]. */
  sleb128(off: number): [number, number] {
    let result = 0;
    let shift = 0;
    let p = off;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(p++);
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (shift < 32 && (b & 0x40) !== 0) result |= -1 << shift;
        return [result | 0, p];
      }
    }
    return this.fail('sleb128 longer than 5 bytes', off);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
