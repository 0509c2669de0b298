// A tiny ZIP writer for tests: builds well-formed archives and, on request, the tampered shapes that the
// reader must survive (fake encryption, local/central disagreement, duplicates, overlaps, ZIP64, bombs).
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface MakeEntry {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflated (default), anything else is written as is with the data stored. */
  method?: number;
  flags?: number;
  /** Pre-compressed bytes to write instead of compressing `data`. */
  raw?: Uint8Array;
  /** Override the central directory's size / crc. */
  centralSize?: number;
  centralCrc?: number;
  /** Override the local header's method. */
  localMethod?: number;
  /** Point this central entry at the local header of entry #i instead of its own. */
  sameDataAs?: number;
  /** Write sizes/offset as 0xFFFFFFFF with a ZIP64 extra field. */
  zip64?: boolean;
}

function u16(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff];
}
function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
function u64(n: number): number[] {
  return [...u32(n >>> 0), ...u32(Math.floor(n / 2 ** 32))];
}

export function makeZip(entries: readonly MakeEntry[], opts: { prepend?: Uint8Array; comment?: string; zip64End?: boolean; beforeCentral?: Uint8Array } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  let off = 0;
  const push = (b: Uint8Array | number[]): void => {
    const u = b instanceof Uint8Array ? b : Uint8Array.from(b);
    chunks.push(u);
    off += u.length;
  };
  if (opts.prepend) push(opts.prepend);
  const locals: number[] = [];
  const metas: { comp: Uint8Array; method: number }[] = [];
  for (const e of entries) {
    const method = e.method ?? 8;
    const comp = e.raw ?? (method === 8 ? deflateRawSync(e.data) : e.data);
    metas.push({ comp, method });
    if (e.sameDataAs !== undefined) {
      locals.push(locals[e.sameDataAs]!);
      continue;
    }
    locals.push(off);
    const name = new TextEncoder().encode(e.name);
    const crc = crc32(e.data) >>> 0;
    push([...u32(0x04034b50), ...u16(20), ...u16(e.flags ?? 0), ...u16(e.localMethod ?? method), ...u16(0), ...u16(0),
      ...u32(crc), ...u32(comp.length), ...u32(e.data.length), ...u16(name.length), ...u16(0)]);
    push(name);
    push(comp);
  }
  if (opts.beforeCentral) push(opts.beforeCentral);
  const cdStart = off;
  entries.forEach((e, i) => {
    const name = new TextEncoder().encode(e.name);
    const { comp, method } = metas[i]!;
    const crc = e.centralCrc ?? crc32(e.data) >>> 0;
    const size = e.centralSize ?? e.data.length;
    const extra = e.zip64 ? [...u16(1), ...u16(24), ...u64(size), ...u64(comp.length), ...u64(locals[i]!)] : [];
    push([...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(e.flags ?? 0), ...u16(method), ...u16(0), ...u16(0), ...u32(crc),
      ...u32(e.zip64 ? 0xffffffff : comp.length), ...u32(e.zip64 ? 0xffffffff : size), ...u16(name.length), ...u16(extra.length), ...u16(0),
      ...u16(0), ...u16(0), ...u32(0), ...u32(e.zip64 ? 0xffffffff : locals[i]!)]);
    push(name);
    push(extra);
  });
  const cdSize = off - cdStart;
  if (opts.zip64End) {
    const e64 = off;
    push([...u32(0x06064b50), ...u64(44), ...u16(45), ...u16(45), ...u32(0), ...u32(0), ...u64(entries.length), ...u64(entries.length),
      ...u64(cdSize), ...u64(cdStart)]);
    push([...u32(0x07064b50), ...u32(0), ...u64(e64), ...u32(1)]);
  }
  const comment = new TextEncoder().encode(opts.comment ?? '');
  const n = opts.zip64End ? 0xffff : entries.length;
  push([...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(n), ...u16(n), ...u32(opts.zip64End ? 0xffffffff : cdSize),
    ...u32(opts.zip64End ? 0xffffffff : cdStart), ...u16(comment.length)]);
  push(comment);
  const out = new Uint8Array(off);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** A raw deflate stream of `total` zero bytes, about 1/1000 of that size, built without allocating `total`. */
export function deflatedZeros(total: number, chunk = 1 << 20): Uint8Array {
  const block = deflateRawSync(new Uint8Array(chunk), { finishFlush: constants.Z_SYNC_FLUSH });
  const n = Math.floor(total / chunk);
  const tail = deflateRawSync(new Uint8Array(total - n * chunk));
  const out = new Uint8Array(block.length * n + tail.length);
  for (let i = 0; i < n; i++) out.set(block, i * block.length);
  out.set(tail, n * block.length);
  return out;
}

