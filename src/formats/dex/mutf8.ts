// MUTF-8 (DEX string_data_item and class-file CONSTANT_Utf8): UTF-8 with NUL as C0 80 and supplementary
// characters as two 3-byte surrogates. Decoded by hand because TextDecoder would reject or mangle both.
import type { ByteReader } from '../../binary/byte-reader.ts';

const units = new Uint16Array(4096);

/** Decodes [start, end) of the reader's bytes. Malformed sequences become U+FFFD rather than failing. */
export function decodeMutf8(r: ByteReader, start: number, end: number): string {
  r.need(start, end - start, 'mutf8 string');
  const b = r.bytes;
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return r.latin1(start, end);
  let out = '';
  let n = 0;
  let p = start;
  while (p < end) {
    const c = b[p++]!;
    let u: number;
    if (c < 0x80) u = c;
    else if ((c & 0xe0) === 0xc0 && p < end) u = ((c & 0x1f) << 6) | (b[p++]! & 0x3f);
    else if ((c & 0xf0) === 0xe0 && p + 1 < end) {
      u = ((c & 0x0f) << 12) | ((b[p]! & 0x3f) << 6) | (b[p + 1]! & 0x3f);
      p += 2;
    } else u = 0xfffd;
    units[n++] = u;
    if (n === units.length) {
      out += fromCodes(units);
      n = 0;
    }
  }
  return out + fromCodes(units.subarray(0, n));
}

/** fromCharCode over a typed array: apply() is ~5x faster than spreading it (no iterator). */
function fromCodes(codes: Uint8Array | Uint16Array): string {
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}

/** Offset of the first NUL at or after start, or -1 when the buffer ends first. */
export function findNul(r: ByteReader, start: number): number {
  const b = r.bytes;
  for (let i = start; i < b.length; i++) if (b[i] === 0) return i;
  return -1;
}

/** Offset just after the uleb128 at p (the utf16_size prefix, which decoding does not need). */
export function skipUleb128(r: ByteReader, p: number): number {
  for (let i = 0; i < 5; i++) if ((r.u8(p + i) & 0x80) === 0) return p + i + 1;
  return r.fail('uleb128 longer than 5 bytes', p);
}
