// Locating the central directory: the end record (EOCD), searched back over at most a maximal comment, and
// its ZIP64 counterpart; plus the ZIP64 extra field of an entry.
import { ByteReader } from '../../binary/byte-reader.ts';
import type { ByteSource } from '../../binary/byte-source.ts';
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

const EOCD64_SIZE = 56;

/** Scans back from the end for the EOCD, never further than the largest possible comment. */
export function findEnd(src: ByteSource): EndRecord {
  const len = src.size;
  if (len < EOCD_SIZE) {
    throw new PiscopeError(ErrorCode.ZIP_NO_EOCD, `file of ${len} bytes is too small to hold an end of central directory`, { structure: 'zip', offset: 0 });
  }
  // The last 64 KiB (+ the record and a ZIP64 locator before it) is all the search can look at.
  const base = Math.max(0, len - EOCD_SIZE - MAX_COMMENT - 20);
  const r = new ByteReader(src.read(base, len - base), 'zip', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, base);
  const stop = Math.max(0, len - EOCD_SIZE - MAX_COMMENT);
  for (let off = len - EOCD_SIZE; off >= stop; off--) {
    const at = off - base;
    if (r.bytes[at] !== 0x50 || r.u32(at) !== SIG_EOCD) continue;
    const commentLen = r.u16(at + 20);
    // A comment that runs past the end means these 4 bytes merely look like a signature.
    if (off + EOCD_SIZE + commentLen > len) continue;
    let entryCount = r.u16(at + 10);
    let cdSize = r.u32(at + 12);
    let cdOffset = r.u32(at + 16);
    let end = off;
    const loc = off - 20;
    if (loc >= 0 && r.u32(loc - base) === SIG_EOCD64_LOCATOR) {
      const e64 = r.u64(loc - base + 8);
      if (!(e64 + EOCD64_SIZE <= len)) {
        throw new PiscopeError(ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, `ZIP64 end record of ${EOCD64_SIZE} bytes outside [0, ${len})`, { structure: 'zip.eocd64', offset: e64 });
      }
      const z = new ByteReader(src.read(e64, EOCD64_SIZE), 'zip.eocd64', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, e64);
      if (z.u32(0) !== SIG_EOCD64) z.fail('ZIP64 end record signature missing', 0);
      entryCount = z.u64(32);
      cdSize = z.u64(40);
      cdOffset = z.u64(48);
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
  return r.fail('no end of central directory record in the last 64 KiB', Math.max(0, len - EOCD_SIZE) - base, ErrorCode.ZIP_NO_EOCD);
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
