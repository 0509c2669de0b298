// Locating the central directory: the end record (EOCD), searched back over at most a maximal comment, and
// its ZIP64 counterpart; plus the ZIP64 extra field of an entry.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import type { ZipEntry } from './zip-types.ts';

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_EOCD64 = 0x06064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface EndRecord {
  eocdOffset: number;
  entryCount: number;
  cdOffset: number;
  cdSize: number;
}

/** Scans back from the end for the EOCD, never further than the largest possible comment. */
export function findEnd(r: ByteReader): EndRecord {
  const len = r.length;
  if (len < EOCD_SIZE) r.fail(`file of ${len} bytes is too small to hold an end of central directory`, 0, ErrorCode.ZIP_NO_EOCD);
  const stop = Math.max(0, len - EOCD_SIZE - MAX_COMMENT);
  for (let off = len - EOCD_SIZE; off >= stop; off--) {
    if (r.bytes[off] !== 0x50 || r.u32(off) !== SIG_EOCD) continue;
    const commentLen = r.u16(off + 20);
    // A comment that runs past the end means these 4 bytes merely look like a signature.
    if (off + EOCD_SIZE + commentLen > len) continue;
    let entryCount = r.u16(off + 10);
    let cdSize = r.u32(off + 12);
    let cdOffset = r.u32(off + 16);
    let end = off;
    const loc = off - 20;
    if (loc >= 0 && r.u32(loc) === SIG_EOCD64_LOCATOR) {
      const e64 = r.u64(loc + 8);
      const z = new ByteReader(r.bytes, 'zip.eocd64', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY);
      if (z.u32(e64) !== SIG_EOCD64) z.fail('ZIP64 end record signature missing', e64);
      entryCount = z.u64(e64 + 32);
      cdSize = z.u64(e64 + 40);
      cdOffset = z.u64(e64 + 48);
      end = e64;
    }
    if (cdOffset + cdSize > end) {
      throw new PiscopeError(ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, `central directory [${cdOffset}, +${cdSize}) runs past its end record at ${end}`, {
        structure: 'zip.eocd',
        offset: off,
      });
    }
    return { eocdOffset: end, entryCount, cdOffset, cdSize };
  }
  return r.fail('no end of central directory record in the last 64 KiB', Math.max(0, len - EOCD_SIZE), ErrorCode.ZIP_NO_EOCD);
}

/** Applies the ZIP64 extra field (id 1): only the fields that were 0xFFFFFFFF are present, in this order. */
export function applyZip64(r: ByteReader, extraOff: number, extraLen: number, e: ZipEntry): void {
  let p = extraOff;
  const end = extraOff + extraLen;
  while (p + 4 <= end) {
    const id = r.u16(p);
    const size = r.u16(p + 2);
    const body = p + 4;
    if (body + size > end) return;
    if (id === 0x0001) {
      let q = body;
      const take = (): number | undefined => {
        if (q + 8 > body + size) return undefined;
        const v = r.u64(q);
        q += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = take() ?? e.size;
      if (e.compressedSize === 0xffffffff) e.compressedSize = take() ?? e.compressedSize;
      if (e.localHeaderOffset === 0xffffffff) e.localHeaderOffset = take() ?? e.localHeaderOffset;
      return;
    }
    p = body + size;
  }
}
