// The package chunks of a resource table: their pools and type chunks (configs), walked once; and one entry
// of a type chunk, decoded on demand (dense u32 offsets, 16-bit offsets, sparse pairs, compact entries).
import type { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';
import { StringPool } from '../axml/string-pool.ts';
import type { ResValue } from '../axml/res-value.ts';
import { readConfig, type ResConfig } from './res-config.ts';

const RES_TABLE_TYPE_TYPE = 0x0201;
const FLAG_SPARSE = 0x01;
const FLAG_OFFSET16 = 0x02;
const ENTRY_COMPLEX = 0x0001;
const ENTRY_COMPACT = 0x0008;

export interface TypeChunk {
  readonly at: number;
  readonly headerSize: number;
  readonly end: number;
  readonly flags: number;
  readonly entryCount: number;
  readonly entriesStart: number;
  readonly config: ResConfig;
}

export interface Package {
  readonly id: number;
  readonly name: string;
  readonly typeNames: StringPool | null;
  readonly keys: StringPool | null;
  readonly typeIdOffset: number;
  /** Type id → its type chunks, in file order. */
  readonly types: Map<number, TypeChunk[]>;
}

export interface ResEntry {
  readonly key: string;
  readonly config: ResConfig;
  /** Null for a complex (bag) entry. */
  readonly value: ResValue | null;
}

export interface Chunk {
  type: number;
  headerSize: number;
  size: number;
  at: number;
}

/** The chunks laid end to end in [from, to); a chunk that cannot advance the walk is an error. */
export function* chunks(r: ByteReader, from: number, to: number, notes: string[]): Generator<Chunk> {
  let p = from;
  while (p + 8 <= to) {
    const type = r.u16(p);
    const headerSize = r.u16(p + 2);
    let size = r.u32(p + 4);
    if (headerSize < 8 || size < headerSize) r.fail(`chunk type 0x${type.toString(16)}: header size ${headerSize}, size ${size}`, p);
    if (p + size > to) {
      notes.push(`chunk type 0x${type.toString(16)} at 0x${p.toString(16)} runs ${p + size - to} bytes past its parent`);
      size = to - p;
    }
    yield { type, headerSize, size, at: p };
    p += size;
  }
}

export function readPackage(r: ByteReader, at: number, headerSize: number, end: number, notes: string[]): Package {
  r.need(at, Math.min(headerSize, 284), 'package header');
  const id = r.u32(at + 8);
  let name = '';
  for (let i = 0; i < 128; i++) {
    const c = r.u16(at + 12 + i * 2);
    if (c === 0) break;
    name += String.fromCharCode(c);
  }
  const typeStrings = r.u32(at + 268);
  const keyStrings = r.u32(at + 276);
  const typeIdOffset = headerSize >= 288 ? r.u32(at + 284) : 0;
  const pool = (off: number, what: string): StringPool | null => {
    if (off === 0 || at + off + 8 > end) {
      notes.push(`package ${name}: no ${what} pool`);
      return null;
    }
    return new StringPool(r.bytes.subarray(0, end), at + off, `arsc.package.${what}`, ErrorCode.ARSC_MALFORMED);
  };
  const types = new Map<number, TypeChunk[]>();
  for (const c of chunks(r, at + headerSize, end, notes)) {
    if (c.type !== RES_TABLE_TYPE_TYPE) continue; // specs, pools, libraries, overlayables: not needed
    const cend = c.at + c.size;
    r.need(c.at, 20, 'type chunk header');
    const tid = r.u8(c.at + 8);
    const t: TypeChunk = {
      at: c.at,
      headerSize: c.headerSize,
      end: cend,
      flags: r.u8(c.at + 9),
      entryCount: r.u32(c.at + 12),
      entriesStart: r.u32(c.at + 16),
      config: readConfig(r, c.at + 20, cend),
    };
    const width = (t.flags & (FLAG_SPARSE | FLAG_OFFSET16)) !== 0 ? (t.flags & FLAG_SPARSE ? 4 : 2) : 4;
    if (t.entryCount * width > c.size - c.headerSize) r.fail(`type ${tid}: ${t.entryCount} entries cannot fit in ${c.size} bytes`, c.at + 12);
    if (t.entriesStart > c.size) r.fail(`type ${tid}: entries start ${t.entriesStart} past the chunk`, c.at + 16);
    let list = types.get(tid);
    if (list === undefined) types.set(tid, (list = []));
    list.push(t);
  }
  return { id, name, typeNames: pool(typeStrings, 'type_strings'), keys: pool(keyStrings, 'key_strings'), typeIdOffset, types };
}

/** One entry of a type chunk, or null when the chunk has none at that index. */
export function readEntry(r: ByteReader, pkg: Package, t: TypeChunk, index: number): ResEntry | null {
  const offs = t.at + t.headerSize;
  let off: number;
  if ((t.flags & FLAG_SPARSE) !== 0) {
    // Sorted (index, offset/4) pairs.
    let lo = 0;
    let hi = t.entryCount - 1;
    off = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = r.u16(offs + mid * 4);
      if (k === index) {
        off = r.u16(offs + mid * 4 + 2) * 4;
        break;
      }
      if (k < index) lo = mid + 1;
      else hi = mid - 1;
    }
    if (off < 0) return null;
  } else {
    if (index >= t.entryCount) return null;
    if ((t.flags & FLAG_OFFSET16) !== 0) {
      const v = r.u16(offs + index * 2);
      if (v === 0xffff) return null;
      off = v * 4;
    } else {
      off = r.u32(offs + index * 4);
      if (off === 0xffffffff) return null;
    }
  }
  const p = t.at + t.entriesStart + off;
  if (p + 8 > t.end) r.fail(`entry ${index} at offset ${off} outside its type chunk`, p);
  const size = r.u16(p);
  const flags = r.u16(p + 2);
  const keyOf = (k: number): string => pkg.keys?.opt(k) ?? `0x${k.toString(16)}`;
  if ((flags & ENTRY_COMPACT) !== 0) return { key: keyOf(size), config: t.config, value: { type: flags >>> 8, data: r.u32(p + 4) } };
  const key = keyOf(r.u32(p + 4));
  if ((flags & ENTRY_COMPLEX) !== 0) return { key, config: t.config, value: null };
  const v = p + size;
  if (v + 8 > t.end) r.fail(`entry ${index}: value outside its type chunk`, v);
  return { key, config: t.config, value: { type: r.u8(v + 3), data: r.u32(v + 4) } };
}
