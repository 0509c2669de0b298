// map_list: the table of contents of a dex file. Needed for call_site_ids and method_handles (which the
// header does not locate) and walked with every count checked.
import type { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';

export interface MapItem {
  readonly type: number;
  readonly size: number;
  readonly offset: number;
}

export const MAP_ITEM_SIZE = 12;

export function readMapList(r: ByteReader, at: number): MapItem[] {
  if (at % 4 !== 0 || at + 4 > r.length) r.fail(`map_list offset 0x${at.toString(16)} invalid`, at, ErrorCode.DEX_BAD_OFFSET);
  const n = r.u32(at);
  if (n * MAP_ITEM_SIZE > r.length - at - 4) r.fail(`map_list size ${n} does not fit the file`, at, ErrorCode.DEX_MALFORMED);
  const out: MapItem[] = [];
  for (let i = 0; i < n; i++) {
    const p = at + 4 + i * MAP_ITEM_SIZE;
    out.push({ type: r.u16(p), size: r.u32(p + 4), offset: r.u32(p + 8) });
  }
  return out;
}
