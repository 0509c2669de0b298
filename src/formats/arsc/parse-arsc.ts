// resources.arsc (ResTable). The chunk layout is walked eagerly (packages, type chunks and their configs);
// entries decode only when looked up, so framework-res's 32 MB table opens in milliseconds. Written for what
// aapt2 emits too: non-zero reserved fields are ignored and a table may have no package at all.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';
import { formatValue, isReference, ValueType } from '../axml/res-value.ts';
import { RES_STRING_POOL_TYPE, StringPool } from '../axml/string-pool.ts';
import { chunks, readEntry, readPackage, type Package, type ResEntry, type TypeChunk } from './package-chunk.ts';
import type { ResConfig } from './res-config.ts';

export type { ResEntry };

const RES_TABLE_TYPE = 0x0002;
const RES_TABLE_PACKAGE_TYPE = 0x0200;
const MAX_REF_DEPTH = 16;

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
  /** Every entry name of a type (`string`) with its id, first package first. */
  names(type: string): ReadonlyMap<string, number>;
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

  // Name → id per resource type, built on the first lookup of that type: apps ask for many names, and a
  // scan of every entry per lookup cost milliseconds each on real tables.
  const byName = new Map<string, Map<string, number>>();
  const namesOfType = (type: string): Map<string, number> => {
    let names = byName.get(type);
    if (names !== undefined) return names;
    names = new Map();
    for (const pkg of packages) {
      const tn = pkg.typeNames;
      if (tn === null) continue;
      for (let ti = 0; ti < tn.count; ti++) {
        if (tn.get(ti) !== type) continue;
        const tid = ti + 1 + pkg.typeIdOffset;
        for (const t of pkg.types.get(tid) ?? []) {
          for (let i = 0; i < t.entryCount; i++) {
            const e = readEntry(r, pkg, t, i);
            if (e !== null && !names.has(e.key)) names.set(e.key, ((pkg.id << 24) | (tid << 16) | i) >>> 0);
          }
        }
      }
    }
    byName.set(type, names);
    return names;
  };
  const idOf = (type: string, name: string): number | null => namesOfType(type).get(name) ?? null;

  const locales = (): string[] => {
    const s = new Set<string>();
    for (const p of packages) for (const list of p.types.values()) for (const t of list) s.add(t.config.locale);
    return [...s].sort();
  };

  return { packages: packages.map((p) => ({ id: p.id, name: p.name })), notes, locales, lookup, resolve, nameOf, idOf, names: namesOfType };
}
