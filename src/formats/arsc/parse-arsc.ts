// resources.arsc (ResTable). The chunk layout is walked eagerly (packages, type chunks and their configs);
// entries decode only when looked up, so framework-res's 32 MB table opens in milliseconds. Written for what
// aapt2 emits too: non-zero reserved fields are ignored and a table may have no package at all.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';
import { formatValue, isReference, ValueType, type ResValue } from '../axml/res-value.ts';
import { RES_STRING_POOL_TYPE, StringPool } from '../axml/string-pool.ts';
import { readConfig, type ResConfig } from './res-config.ts';

const RES_TABLE_TYPE = 0x0002;
const RES_TABLE_PACKAGE_TYPE = 0x0200;
const RES_TABLE_TYPE_TYPE = 0x0201;
const FLAG_SPARSE = 0x01;
const FLAG_OFFSET16 = 0x02;
const ENTRY_COMPLEX = 0x0001;
const ENTRY_COMPACT = 0x0008;
const MAX_REF_DEPTH = 16;

interface TypeChunk {
  readonly at: number;
  readonly headerSize: number;
  readonly end: number;
  readonly flags: number;
  readonly entryCount: number;
  readonly entriesStart: number;
  readonly config: ResConfig;
}

interface Package {
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

export interface ResourceTable {
  readonly packages: readonly { readonly id: number; readonly name: string }[];
  readonly notes: readonly string[];
  /** Every locale any type chunk is written for ('' included). */
  locales(): string[];
  /**
   * The entry for an id in the best config for a locale: that locale, then its language, then the default,
   * then any; with `exact`, only the locale or its language.
   */
  lookup(id: number, locale?: string, exact?: boolean): ResEntry | null;
  /** Follows references (bounded) to a simple value and formats it; null for bags, files of other packages, cycles. */
  resolve(id: number, locale?: string, exact?: boolean): string | null;
  /** `type/name` of an id, e.g. `string/app_name`. */
  nameOf(id: number): string | null;
  /** The id of `type/name` in the first package that has it. */
  idOf(type: string, name: string): number | null;
}

export function parseArsc(bytes: Uint8Array): ResourceTable {
  const r = new ByteReader(bytes, 'arsc', ErrorCode.ARSC_MALFORMED);
  const notes: string[] = [];
  r.need(0, 12, 'table header');
  if (r.u16(0) !== RES_TABLE_TYPE) r.fail(`table chunk type 0x${r.u16(0).toString(16)} instead of 0x0002`, 0);
  const headerSize = r.u16(2);
  let end = r.u32(4);
  if (end > bytes.length) {
    notes.push(`table claims ${end} bytes, file has ${bytes.length}`);
    end = bytes.length;
  }
  if (headerSize < 12 || headerSize > end) r.fail(`table header size ${headerSize}`, 2);
  const declaredPackages = r.u32(8);
  let globals: StringPool | null = null;
  const packages: Package[] = [];
  for (const c of chunks(r, headerSize, end, notes)) {
    if (c.type === RES_STRING_POOL_TYPE && globals === null) globals = new StringPool(bytes.subarray(0, c.at + c.size), c.at, 'arsc.string_pool', ErrorCode.ARSC_MALFORMED);
    else if (c.type === RES_TABLE_PACKAGE_TYPE) packages.push(readPackage(r, c.at, c.headerSize, c.at + c.size, notes));
    else notes.push(`chunk type 0x${c.type.toString(16)} at 0x${c.at.toString(16)} skipped`);
  }
  if (packages.length !== declaredPackages) notes.push(`header declares ${declaredPackages} packages, found ${packages.length}`);
  const gstr = (i: number): string | null => globals?.opt(i) ?? null;

  const typeChunks = (id: number): { pkg: Package; list: TypeChunk[] }[] => {
    const pid = id >>> 24;
    const tid = (id >>> 16) & 0xff;
    const out: { pkg: Package; list: TypeChunk[] }[] = [];
    for (const pkg of packages) {
      const list = pkg.id === pid ? pkg.types.get(tid) : undefined;
      if (list !== undefined) out.push({ pkg, list });
    }
    return out;
  };

  const lookup = (id: number, locale = '', exact = false): ResEntry | null => {
    const index = id & 0xffff;
    const lang = locale.split('-')[0] ?? '';
    const rank = (c: ResConfig): number => {
      // A bare language ('zh') also accepts any region of it; a region never falls to another region.
      const sameLang = lang !== '' && c.locale.startsWith(`${lang}-`) && lang === locale;
      const base = c.locale === locale ? 0 : lang !== '' && c.locale === lang ? 2 : sameLang ? 3 : exact ? -1 : c.locale === '' ? 4 : 6;
      return base < 0 ? -1 : base * 2 + (c.plain ? 0 : 1);
    };
    let best: ResEntry | null = null;
    let bestRank = Infinity;
    for (const { pkg, list } of typeChunks(id)) {
      for (const t of list) {
        const k = rank(t.config);
        if (k < 0 || k >= bestRank) continue;
        const e = readEntry(r, pkg, t, index);
        if (e === null) continue;
        best = e;
        bestRank = k;
        if (k === 0) return best;
      }
    }
    return best;
  };

  const resolve = (id: number, locale = '', exact = false): string | null => {
    let cur = id;
    for (let depth = 0; depth < MAX_REF_DEPTH; depth++) {
      const e = lookup(cur, locale, exact);
      if (e?.value == null) return null;
      if (!isReference(e.value)) return e.value.type === ValueType.STRING ? gstr(e.value.data) : formatValue(e.value, gstr);
      cur = e.value.data;
      exact = false; // a localised entry may point at an unlocalised one
    }
    notes.push(`reference chain from 0x${id.toString(16)} longer than ${MAX_REF_DEPTH}`);
    return null;
  };

  const nameOf = (id: number): string | null => {
    const found = typeChunks(id)[0];
    if (found === undefined) return null;
    const type = found.pkg.typeNames?.opt(((id >>> 16) & 0xff) - 1 - found.pkg.typeIdOffset) ?? null;
    const e = lookup(id);
    return type === null || e === null ? null : `${type}/${e.key}`;
  };

  const idOf = (type: string, name: string): number | null => {
    for (const pkg of packages) {
      const tn = pkg.typeNames;
      if (tn === null) continue;
      for (let ti = 0; ti < tn.count; ti++) {
        if (tn.get(ti) !== type) continue;
        const tid = ti + 1 + pkg.typeIdOffset;
        for (const t of pkg.types.get(tid) ?? []) {
          for (let i = 0; i < t.entryCount; i++) {
            const e = readEntry(r, pkg, t, i);
            if (e?.key === name) return ((pkg.id << 24) | (tid << 16) | i) >>> 0;
          }
        }
      }
    }
    return null;
  };

  const locales = (): string[] => {
    const s = new Set<string>();
    for (const p of packages) for (const list of p.types.values()) for (const t of list) s.add(t.config.locale);
    return [...s].sort();
  };

  return { packages: packages.map((p) => ({ id: p.id, name: p.name })), notes, locales, lookup, resolve, nameOf, idOf };
}

interface Chunk {
  type: number;
  headerSize: number;
  size: number;
  at: number;
}

/** The chunks laid end to end in [from, to); a chunk that cannot advance the walk is an error. */
function* chunks(r: ByteReader, from: number, to: number, notes: string[]): Generator<Chunk> {
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

function readPackage(r: ByteReader, at: number, headerSize: number, end: number, notes: string[]): Package {
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
function readEntry(r: ByteReader, pkg: Package, t: TypeChunk, index: number): ResEntry | null {
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
