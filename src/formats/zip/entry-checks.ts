// Per-entry consistency checks that record oddities rather than refuse: local header against central
// directory, CRC, and entries sharing data.
import { crc32 } from 'node:zlib';
import { ByteReader } from '../../binary/byte-reader.ts';
import type { ByteSource } from '../../binary/byte-source.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { ZIP_METHOD_DEFLATED, type ZipEntry } from './zip-types.ts';

const LOCAL_SIZE = 30;

/** Stored, or an unknown method that Android reads as stored. */
export function storedAsIs(e: ZipEntry): boolean {
  return e.method !== ZIP_METHOD_DEFLATED;
}

export function checkCrc(data: Uint8Array, e: ZipEntry, odd: (k: string, n: string, d: string) => void): Uint8Array {
  const c = crc32(data) >>> 0;
  if (c !== e.crc32) odd('crc-mismatch', e.name, `CRC-32 of the data is 0x${c.toString(16)}, central directory says 0x${e.crc32.toString(16)}`);
  return data;
}

/** `lh` reads from the local header on (with as much of the name as the file holds); `cName` is the central name. */
export function localMismatch(lh: ByteReader, e: ZipEntry, lNameLen: number, cName: Uint8Array): string | null {
  const method = lh.u16(8);
  if (method !== e.method) return `local method ${method}, central ${e.method}`;
  if (lNameLen !== cName.length) return `local name length ${lNameLen}, central ${cName.length}`;
  lh.need(LOCAL_SIZE, lNameLen, 'local name');
  for (let i = 0; i < lNameLen; i++) {
    if (lh.bytes[LOCAL_SIZE + i] !== cName[i]) return 'local name differs from the central name';
  }
  // With bit 3 (data descriptor) the local CRC and sizes are legitimately zero.
  if ((lh.u16(6) & 8) === 0) {
    const crc = lh.u32(14);
    const cs = lh.u32(18);
    const us = lh.u32(22);
    if (crc !== e.crc32) return `local CRC 0x${crc.toString(16)}, central 0x${e.crc32.toString(16)}`;
    if (cs !== 0xffffffff && cs !== e.compressedSize) return `local compressed size ${cs}, central ${e.compressedSize}`;
    if (us !== 0xffffffff && us !== e.size) return `local size ${us}, central ${e.size}`;
  }
  return null;
}

/** Several central entries sharing data ranges: the overlapping-entry (quoted) zip bomb, or a tampered APK. */
export function findOverlaps(entries: readonly ZipEntry[], odd: (k: string, n: string | null, d: string) => void): void {
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

const SIG_BLOCK_MAGIC = 'APK Sig Block 42';

/** Whether the 16 bytes ending at `end` (the central directory's offset) are the APK Signing Block's magic. */
export function signingBlockMagicAt(r: ByteReader, end: number): boolean {
  for (let i = 0; i < 16; i++) if (r.u8(end - 16 + i) !== SIG_BLOCK_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Bytes between the last entry's data and the central directory that are not an APK Signing Block: a place
 * to hide a payload that no listed entry points at.
 */
export function hiddenTail(src: ByteSource, entries: readonly ZipEntry[], cdOffset: number, odd: (k: string, n: string | null, d: string) => void): void {
  let last = 0;
  let descriptor = false;
  for (const e of entries) {
    const end = e.dataOffset + (storedAsIs(e) ? e.size : e.compressedSize);
    if (end >= last) {
      last = end;
      descriptor = (e.flags & 8) !== 0;
    }
  }
  if (entries.length === 0 || last >= cdOffset) return;
  // The region [from, to) should be empty: from = end of the last data (and its descriptor, if it has one),
  // to = start of the signing block, or of the central directory when there is no block.
  const from = Math.min(cdOffset, last + (descriptor ? 24 : 0)); // a descriptor: 12 to 24 bytes
  let to = cdOffset;
  if (cdOffset >= 24) {
    const foot = new ByteReader(src.read(cdOffset - 24, 24), 'zip', ErrorCode.ZIP_BAD_CENTRAL_DIRECTORY, cdOffset - 24);
    // The signing block's size field counts everything but itself (8 bytes).
    // Read as a double: a hostile size must not make this check throw (the signing reader reports it).
    if (signingBlockMagicAt(foot, 24)) to = Math.max(0, cdOffset - Number(foot.view.getBigUint64(0, true)) - 8);
  }
  const gap = to - from;
  if (gap <= 0) return;
  // apksigner pads with zeros so that the signing block starts on a 4 KiB boundary.
  if (gap < 4096 && src.read(from, gap).every((b) => b === 0)) return;
  odd('data-before-central-directory', null, `${gap} bytes after the last entry's data that no entry or signing block accounts for`);
}
