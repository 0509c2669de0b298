// Our own ZIP reader over a Uint8Array, with Android's semantics (libziparchive): the central directory is the
// truth for method and sizes, the local header only tells where the data starts. Where a strict reader would
// refuse and Android reads on, we read on too and record a ZipOddity, because tampered APKs rely on exactly
// those gaps to break analysis tools.
import { constants as zc, crc32, inflateRawSync } from 'node:zlib';
import { ByteReader, decodeUtf8 } from '../../binary/byte-reader.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  dataOffset: number;
  centralOffset: number;
}

/** Same shape as `ZipOddity` in src/package/types.ts (formats/ may not import package/). */
export interface ZipOddity {
  readonly kind: string;
  readonly entry: string | null;
  readonly detail: string;
}

export interface ZipArchive {
  entries: readonly ZipEntry[];
  /** Grows as entries are read (CRC mismatches are only known after inflating). */
  oddities: readonly ZipOddity[];
  get(name: string): ZipEntry | undefined;
  /** Stored entries come back as views into the input (no copy); deflated ones are inflated, bounded. */
  read(entry: ZipEntry | string, maxBytes?: number): Uint8Array;
  /** The first bytes (up to n, at most 4 KiB) of an entry, to recognise it by content; empty if unreadable. */
  peek(entry: ZipEntry, n: number): Uint8Array;
  /** Offset of the central directory: the APK Signing Block, when present, ends right before it. */
  readonly centralDirectoryOffset: number;
}

export interface ZipOptions {
  /** Largest size one entry may inflate to (default 512 MiB). */
  maxEntrySize?: number;
  /** Largest total of all inflated bytes over the archive's life (default 4 GiB). */
  maxTotalSize?: number;
}

export const ZIP_METHOD_STORED = 0;
export const ZIP_METHOD_DEFLATED = 8;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_EOCD64 = 0x06064b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const DEFAULT_MAX_ENTRY = 512 * 1024 * 1024;
const DEFAULT_MAX_TOTAL = 4 * 1024 * 1024 * 1024;

interface EndRecord {
  eocdOffset: number;
  entryCount: number;
  cdOffset: number;
  cdSize: number;
}

/** Scans back from the end for the EOCD, never further than the largest possible comment. */
function findEnd(r: ByteReader): EndRecord {
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
function applyZip64(r: ByteReader, extraOff: number, extraLen: number, e: ZipEntry): void {
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

export function readZip(bytes: Uint8Array, opts: ZipOptions = {}): ZipArchive {
  const maxEntry = opts.maxEntrySize ?? DEFAULT_MAX_ENTRY;
  const maxTotal = opts.maxTotalSize ?? DEFAULT_MAX_TOTAL;
  const r = new ByteReader(bytes, 'zip', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY);
  const end = findEnd(r);
  const oddities: ZipOddity[] = [];
  const odd = (kind: string, entry: string | null, detail: string): void => {
    oddities.push({ kind, entry, detail });
  };

  // Every central record takes at least 46 bytes: an absurd count fails here, before any allocation.
  if (end.entryCount * CENTRAL_SIZE > end.cdSize) {
    r.fail(`${end.entryCount} entries cannot fit in a central directory of ${end.cdSize} bytes`, end.cdOffset);
  }
  const cd = new ByteReader(bytes, 'zip.central_directory', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY);
  const lh = new ByteReader(bytes, 'zip.local_header', ErrorCode.ZIP_BAD_LOCAL_HEADER);
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let p = end.cdOffset;
  const cdEnd = end.cdOffset + end.cdSize;
  for (let i = 0; i < end.entryCount; i++) {
    cd.need(p, CENTRAL_SIZE, `central entry ${i}`);
    if (p + CENTRAL_SIZE > cdEnd) cd.fail(`central entry ${i} runs past the central directory`, p);
    if (cd.u32(p) !== SIG_CENTRAL) cd.fail(`central entry ${i}: bad signature 0x${cd.u32(p).toString(16)}`, p);
    const nameLen = cd.u16(p + 28);
    const extraLen = cd.u16(p + 30);
    const commentLen = cd.u16(p + 32);
    const nameOff = p + CENTRAL_SIZE;
    if (nameOff + nameLen + extraLen + commentLen > cdEnd) cd.fail(`central entry ${i}: name/extra/comment run past the central directory`, p);
    const name = decodeUtf8(cd.slice(nameOff, nameLen));
    const e: ZipEntry = {
      name,
      flags: cd.u16(p + 8),
      method: cd.u16(p + 10),
      crc32: cd.u32(p + 16),
      compressedSize: cd.u32(p + 20),
      size: cd.u32(p + 24),
      localHeaderOffset: cd.u32(p + 42),
      dataOffset: -1,
      centralOffset: p,
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localHeaderOffset === 0xffffffff) {
      applyZip64(cd, nameOff + nameLen, extraLen, e);
    }
    p = nameOff + nameLen + extraLen + commentLen;

    if ((e.flags & 1) !== 0) odd('fake-encryption-flag', name, 'general purpose bit 0 (encrypted) is set; Android ignores it and reads the data as plain');
    if (e.method !== ZIP_METHOD_STORED && e.method !== ZIP_METHOD_DEFLATED) {
      odd('unknown-method', name, `compression method ${e.method}; Android 9+ reads it as stored, so we do too`);
    }
    // Android trusts the central directory; the local header only gives the name/extra lengths to skip.
    const lo = e.localHeaderOffset;
    lh.need(lo, LOCAL_SIZE, `local header of ${name}`);
    if (lh.u32(lo) !== SIG_LOCAL) lh.fail(`local header of ${name}: bad signature 0x${lh.u32(lo).toString(16)}`, lo);
    const lNameLen = lh.u16(lo + 26);
    const lExtraLen = lh.u16(lo + 28);
    e.dataOffset = lo + LOCAL_SIZE + lNameLen + lExtraLen;
    const dataSize = storedAsIs(e) ? e.size : e.compressedSize;
    lh.need(e.dataOffset, dataSize, `data of ${name}`);
    const mismatch = localMismatch(lh, lo, e, lNameLen, nameOff, nameLen, bytes);
    if (mismatch !== null) odd('local-header-mismatch', name, `${mismatch}; the central directory wins, as on Android`);

    const first = byName.get(name);
    if (first === undefined) byName.set(name, e);
    else {
      odd('duplicate-name', name, `second central entry at 0x${p.toString(16)} with the same name; we keep the first. Android's libziparchive refuses such an archive (the 2013 "Master Key" fix), so the package cannot install as is`);
    }
    entries.push(e);
  }
  findOverlaps(entries, odd);
  const firstLocal = entries.reduce((m, e) => Math.min(m, e.localHeaderOffset), end.cdOffset);
  if (firstLocal > 0) {
    // AGP's zipflinger leaves unlisted "virtual" entries as alignment padding; anything else was prepended.
    const what = bytes.length >= 4 && r.u32(0) === SIG_LOCAL ? 'starting with a local header the central directory does not list' : 'prepended to the archive';
    odd('data-before-first-entry', null, `${firstLocal} bytes before the first listed entry, ${what}`);
  }

  let inflatedTotal = 0;
  const read = (ref: ZipEntry | string, maxBytes?: number): Uint8Array => {
    const e = typeof ref === 'string' ? byName.get(ref) : ref;
    if (e === undefined) throw new PiscopeError(ErrorCode.USAGE, `no entry named ${typeof ref === 'string' ? ref : ref.name}`, { structure: 'zip' });
    const limit = Math.min(maxBytes ?? maxEntry, maxEntry);
    if (e.size > limit) {
      throw new PiscopeError(ErrorCode.ZIP_BOMB, `entry ${e.name} declares ${e.size} bytes, above the limit of ${limit}`, {
        structure: 'zip.entry',
        offset: e.centralOffset,
        file: e.name,
      });
    }
    if (storedAsIs(e)) return checkCrc(r.slice(e.dataOffset, e.size), e, odd);
    if (inflatedTotal + e.size > maxTotal) {
      throw new PiscopeError(ErrorCode.ZIP_BOMB, `entry ${e.name}: inflating ${e.size} more bytes passes the archive budget of ${maxTotal}`, {
        structure: 'zip.entry',
        offset: e.centralOffset,
        file: e.name,
      });
    }
    const src = r.slice(e.dataOffset, e.compressedSize);
    let out: Uint8Array;
    try {
      // One byte of slack tells "inflates past its declared size" from "exactly its size".
      // One output chunk of the declared size spares zlib's chunk list and final concat.
      out = inflateRawSync(src, { maxOutputLength: Math.max(1, e.size + 1), chunkSize: Math.max(64, Math.min(e.size + 1, 64 << 20)) });
    } catch (err) {
      const tooBig = err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new PiscopeError(
        tooBig ? ErrorCode.ZIP_BOMB : ErrorCode.ZIP_INFLATE_FAILED,
        tooBig ? `entry ${e.name} inflates past its declared size of ${e.size}` : `entry ${e.name} does not inflate: ${(err as Error).message}`,
        { structure: 'zip.entry', offset: e.dataOffset, file: e.name, cause: err },
      );
    }
    inflatedTotal += out.length;
    if (out.length > e.size) {
      throw new PiscopeError(ErrorCode.ZIP_BOMB, `entry ${e.name} inflates past its declared size of ${e.size}`, {
        structure: 'zip.entry',
        offset: e.dataOffset,
        file: e.name,
      });
    }
    if (out.length < e.size) odd('short-entry', e.name, `inflates to ${out.length} bytes, central directory says ${e.size}`);
    return checkCrc(out, e, odd);
  };

  const peek = (e: ZipEntry, n: number): Uint8Array => {
    const want = Math.min(n, 4096, e.size);
    if (storedAsIs(e)) return r.slice(e.dataOffset, want);
    try {
      // A prefix of the stream with a sync flush yields the leading output without needing the rest; 2 KiB
      // of input inflate to at most ~2 MiB, under the cap.
      const out = inflateRawSync(r.slice(e.dataOffset, Math.min(e.compressedSize, 2048)), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 4 << 20 });
      return out.subarray(0, want);
    } catch {
      return new Uint8Array(0);
    }
  };

  return {
    entries,
    oddities,
    get: (name) => byName.get(name),
    read,
    peek,
    centralDirectoryOffset: end.cdOffset,
  };
}

/** Stored, or an unknown method that Android reads as stored. */
function storedAsIs(e: ZipEntry): boolean {
  return e.method !== ZIP_METHOD_DEFLATED;
}

function checkCrc(data: Uint8Array, e: ZipEntry, odd: (k: string, n: string, d: string) => void): Uint8Array {
  const c = crc32(data) >>> 0;
  if (c !== e.crc32) odd('crc-mismatch', e.name, `CRC-32 of the data is 0x${c.toString(16)}, central directory says 0x${e.crc32.toString(16)}`);
  return data;
}

function localMismatch(lh: ByteReader, lo: number, e: ZipEntry, lNameLen: number, cNameOff: number, cNameLen: number, bytes: Uint8Array): string | null {
  const method = lh.u16(lo + 8);
  if (method !== e.method) return `local method ${method}, central ${e.method}`;
  if (lNameLen !== cNameLen) return `local name length ${lNameLen}, central ${cNameLen}`;
  lh.need(lo + LOCAL_SIZE, lNameLen, 'local name');
  for (let i = 0; i < lNameLen; i++) {
    if (bytes[lo + LOCAL_SIZE + i] !== bytes[cNameOff + i]) return 'local name differs from the central name';
  }
  // With bit 3 (data descriptor) the local CRC and sizes are legitimately zero.
  if ((lh.u16(lo + 6) & 8) === 0) {
    const crc = lh.u32(lo + 14);
    const cs = lh.u32(lo + 18);
    const us = lh.u32(lo + 22);
    if (crc !== e.crc32) return `local CRC 0x${crc.toString(16)}, central 0x${e.crc32.toString(16)}`;
    if (cs !== 0xffffffff && cs !== e.compressedSize) return `local compressed size ${cs}, central ${e.compressedSize}`;
    if (us !== 0xffffffff && us !== e.size) return `local size ${us}, central ${e.size}`;
  }
  return null;
}

/** Several central entries sharing data ranges: the overlapping-entry (quoted) zip bomb, or a tampered APK. */
function findOverlaps(entries: readonly ZipEntry[], odd: (k: string, n: string | null, d: string) => void): void {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let overlaps = 0;
  let prevEnd = -1;
  let prevName = '';
  for (const e of sorted) {
    const dataEnd = e.dataOffset + (storedAsIs(e) ? e.size : e.compressedSize);
    if (e.localHeaderOffset < prevEnd) {
      overlaps++;
      if (overlaps <= 20) odd('overlapping-entries', e.name, `local header at 0x${e.localHeaderOffset.toString(16)} lies inside the data of ${prevName}`);
    }
    if (dataEnd > prevEnd) {
      prevEnd = dataEnd;
      prevName = e.name;
    }
  }
  // Many entries on one range is the quoted-overlap bomb (Fifield 2019): refuse it outright.
  if (overlaps > 1 && overlaps * 2 > entries.length) {
    throw new PiscopeError(ErrorCode.ZIP_BOMB, `${overlaps} of ${entries.length} entries overlap other entries' data`, {
      structure: 'zip.central_directory',
      offset: sorted[0]?.centralOffset ?? 0,
    });
  }
  if (overlaps > 20) odd('overlapping-entries', null, `${overlaps} overlapping entries in all`);
}
