// Our own ZIP reader over a Uint8Array, with Android's semantics (libziparchive): the central directory is the
// truth for method and sizes, the local header only tells where the data starts. Where a strict reader would
// refuse and Android reads on, we read on too and record a ZipOddity, because tampered APKs rely on exactly
// those gaps to break analysis tools.
import { constants as zc, inflateRawSync } from 'node:zlib';
import { ByteReader, decodeUtf8 } from '../../binary/byte-reader.ts';
import { toSource, type ByteSource } from '../../binary/byte-source.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { applyZip64, findEnd } from './end-record.ts';
import { checkCrc, findOverlaps, hiddenTail, localMismatch, storedAsIs } from './entry-checks.ts';
import { ZIP_METHOD_DEFLATED, ZIP_METHOD_STORED, type ZipArchive, type ZipEntry, type ZipOddity, type ZipOptions } from './zip-types.ts';

export { ZIP_METHOD_DEFLATED, ZIP_METHOD_STORED, type ZipArchive, type ZipEntry, type ZipOddity, type ZipOptions };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const DEFAULT_MAX_ENTRY = 512 * 1024 * 1024;
const DEFAULT_MAX_TOTAL = 4 * 1024 * 1024 * 1024;

/**
 * Reads small pieces through one window of the source: local headers mostly come in file order, so a few
 * hundred reads cover thousands of entries instead of one read (and one buffer) per entry. From a file, every
 * read lands in the same buffer, so an APK's local headers leave no trail of garbage buffers behind.
 */
class Window {
  private bytes: Uint8Array = new Uint8Array(0);
  private buffer: Uint8Array = new Uint8Array(0);
  private start = 0;
  private readonly src: ByteSource;
  constructor(src: ByteSource) {
    this.src = src;
  }

  /** A view of [off, off+len), valid until the next call. */
  at(off: number, len: number): Uint8Array {
    if (off < this.start || off + len > this.start + this.bytes.length) {
      const n = Math.min(Math.max(len, WINDOW), this.src.size - off);
      if (this.src.whole === null && this.buffer.length < n) this.buffer = new Uint8Array(n);
      this.start = off;
      this.bytes = this.src.read(off, n, this.buffer);
    }
    return this.bytes.subarray(off - this.start, off - this.start + len);
  }
}

const WINDOW = 64 << 10;

export function readZip(input: Uint8Array | ByteSource, opts: ZipOptions = {}): ZipArchive {
  const maxEntry = opts.maxEntrySize ?? DEFAULT_MAX_ENTRY;
  const maxTotal = opts.maxTotalSize ?? DEFAULT_MAX_TOTAL;
  const src = toSource(input);
  const size = src.size;
  const end = findEnd(src);
  const oddities: ZipOddity[] = [];
  const odd = (kind: string, entry: string | null, detail: string): void => {
    oddities.push({ kind, entry, detail });
  };

  // Every central record takes at least 46 bytes: an absurd count fails here, before any allocation.
  if (end.entryCount * CENTRAL_SIZE > end.cdSize) {
    throw new PiscopeError(ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, `${end.entryCount} entries cannot fit in a central directory of ${end.cdSize} bytes`, { structure: 'zip', offset: end.cdOffset });
  }
  // The central directory is read whole (it is small); local headers and data one by one, as they are needed.
  const cd = new ByteReader(src.read(end.cdOffset, end.cdSize), 'zip.central_directory', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, end.cdOffset);
  const localFail = (message: string, offset: number): never => {
    throw new PiscopeError(ErrorCode.ZIP_BAD_LOCAL_HEADER, message, { structure: 'zip.local_header', offset });
  };
  const headers = new Window(src);
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let p = 0;
  const cdEnd = end.cdSize;
  for (let i = 0; i < end.entryCount; i++) {
    if (p + CENTRAL_SIZE > cdEnd) cd.fail(`central entry ${i} runs past the central directory`, p);
    if (cd.u32(p) !== SIG_CENTRAL) cd.fail(`central entry ${i}: bad signature 0x${cd.u32(p).toString(16)}`, p);
    const nameLen = cd.u16(p + 28);
    const extraLen = cd.u16(p + 30);
    const commentLen = cd.u16(p + 32);
    const nameOff = p + CENTRAL_SIZE;
    if (nameOff + nameLen + extraLen + commentLen > cdEnd) cd.fail(`central entry ${i}: name/extra/comment run past the central directory`, p);
    const nameBytes = cd.slice(nameOff, nameLen);
    const name = decodeUtf8(nameBytes);
    const e: ZipEntry = {
      name,
      flags: cd.u16(p + 8),
      method: cd.u16(p + 10),
      crc32: cd.u32(p + 16),
      compressedSize: cd.u32(p + 20),
      size: cd.u32(p + 24),
      localHeaderOffset: cd.u32(p + 42),
      dataOffset: -1,
      centralOffset: end.cdOffset + p,
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localHeaderOffset === 0xffffffff) {
      applyZip64(cd, nameOff + nameLen, extraLen, e);
    }
    p = nameOff + nameLen + extraLen + commentLen;

    if ((e.flags & 1) !== 0) odd('fake-encryption-flag', name, 'general purpose bit 0 (encrypted) is set; Android ignores it and reads the data as plain');
    if (e.method !== ZIP_METHOD_STORED && e.method !== ZIP_METHOD_DEFLATED) {
      odd('unknown-method', name, `compression method ${e.method}; Android 9+ reads it as stored, so we do too`);
    }
    // A stored entry is copied for its uncompressed length; a different compressed size is a lie to some reader.
    if (e.method === ZIP_METHOD_STORED && e.compressedSize !== e.size) {
      odd('stored-size-mismatch', name, `stored entry with compressed size ${e.compressedSize} and size ${e.size}; we read ${e.size} bytes, as Android does`);
    }
    // Android trusts the central directory; the local header only gives the name/extra lengths to skip.
    const lo = e.localHeaderOffset;
    if (!(lo >= 0 && lo + LOCAL_SIZE <= size)) localFail(`local header of ${name} of ${LOCAL_SIZE} bytes outside [0, ${size})`, lo);
    // The header with the name that should follow it (as much of it as the file holds).
    const lh = new ByteReader(headers.at(lo, Math.min(LOCAL_SIZE + nameLen, size - lo)), 'zip.local_header', ErrorCode.ZIP_BAD_LOCAL_HEADER, lo);
    if (lh.u32(0) !== SIG_LOCAL) lh.fail(`local header of ${name}: bad signature 0x${lh.u32(0).toString(16)}`, 0);
    const lNameLen = lh.u16(26);
    const lExtraLen = lh.u16(28);
    e.dataOffset = lo + LOCAL_SIZE + lNameLen + lExtraLen;
    const dataSize = storedAsIs(e) ? e.size : e.compressedSize;
    if (e.dataOffset + dataSize > size) localFail(`data of ${name} of ${dataSize} bytes outside [0, ${size})`, e.dataOffset);
    const mismatch = localMismatch(lh, e, lNameLen, nameBytes);
    if (mismatch !== null) odd('local-header-mismatch', name, `${mismatch}; the central directory wins, as on Android`);

    const first = byName.get(name);
    if (first === undefined) byName.set(name, e);
    else {
      odd('duplicate-name', name, `second central entry at 0x${e.centralOffset.toString(16)} with the same name; we keep the first. Android's libziparchive refuses such an archive (the 2013 "Master Key" fix), so the package cannot install as is`);
    }
    entries.push(e);
  }
  findOverlaps(entries, odd);
  const firstLocal = entries.reduce((m, e) => Math.min(m, e.localHeaderOffset), end.cdOffset);
  if (firstLocal > 0) {
    // AGP's zipflinger leaves unlisted "virtual" entries as alignment padding; anything else was prepended.
    const head = size >= 4 ? new ByteReader(src.read(0, 4), 'zip') : null;
    const what = head !== null && head.u32(0) === SIG_LOCAL ? 'starting with a local header the central directory does not list' : 'prepended to the archive';
    odd('data-before-first-entry', null, `${firstLocal} bytes before the first listed entry, ${what}`);
  }
  hiddenTail(src, entries, end.cdOffset, odd);

  let inflatedTotal = 0;
  // An entry read again (a dex the code index dropped and reloads) is not hashed, or reported, twice.
  const crcChecked = new Set<ZipEntry>();
  const crcOnce = (data: Uint8Array, e: ZipEntry): Uint8Array => {
    if (crcChecked.has(e)) return data;
    crcChecked.add(e);
    return checkCrc(data, e, odd);
  };
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
    if (storedAsIs(e)) return crcOnce(src.read(e.dataOffset, e.size), e);
    if (inflatedTotal + e.size > maxTotal) {
      throw new PiscopeError(ErrorCode.ZIP_BOMB, `entry ${e.name}: inflating ${e.size} more bytes passes the archive budget of ${maxTotal}`, {
        structure: 'zip.entry',
        offset: e.centralOffset,
        file: e.name,
      });
    }
    const data = src.read(e.dataOffset, e.compressedSize);
    let out: Uint8Array;
    try {
      // One byte of slack tells "inflates past its declared size" from "exactly its size".
      // One output chunk of the declared size spares zlib's chunk list and final concat.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size + 1), chunkSize: Math.max(64, Math.min(e.size + 1, 64 << 20)) });
    } catch (err) {
      const tooBig = err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new PiscopeError(
        tooBig ? ErrorCode.ZIP_BOMB : ErrorCode.ZIP_INFLATE_FAILED,
        tooBig ? `entry ${e.name} inflates past its declared size of ${e.size}` : `entry ${e.name} does not inflate: ${(err as Error).message}`,
        { structure: 'zip.entry', offset: e.dataOffset, file: e.name, cause: err },
      );
    }
    // Compressed bytes read from a file are ours alone: freed now, not at some later collection.
    if (src.whole === null) (data.buffer as ArrayBuffer).transfer(0);
    inflatedTotal += out.length;
    if (out.length > e.size) {
      throw new PiscopeError(ErrorCode.ZIP_BOMB, `entry ${e.name} inflates past its declared size of ${e.size}`, {
        structure: 'zip.entry',
        offset: e.dataOffset,
        file: e.name,
      });
    }
    if (out.length < e.size) odd('short-entry', e.name, `inflates to ${out.length} bytes, central directory says ${e.size}`);
    return crcOnce(out, e);
  };

  const peek = (e: ZipEntry, n: number): Uint8Array => {
    const want = Math.min(n, 4096, e.size);
    if (storedAsIs(e)) return src.read(e.dataOffset, want);
    try {
      // A prefix of the stream with a sync flush yields the leading output without needing the rest; 2 KiB
      // of input inflate to at most ~2 MiB, under the cap.
      const out = inflateRawSync(src.read(e.dataOffset, Math.min(e.compressedSize, 2048)), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 4 << 20 });
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
