// Mutators of scripts/fuzz.ts: generic (bit flips, byte runs, truncation, interesting integers) and
// structure-aware ones that set the size/count/offset fields of ZIP, DEX, binary XML / resources.arsc chunks
// and class files to extremes. Each returns a new array and a short description for the finding's record.

export type Rng = () => number;

/** mulberry32: small, seeded, reproducible. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

export interface Mutated { bytes: Uint8Array; desc: string }
type Mutator = (b: Uint8Array, r: Rng) => Mutated;

function extreme(r: Rng, len: number, bits: 16 | 32): number {
  const v = pick(r, [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, len - 1, len, len + 1, len * 2, int(r, 2 ** 32)]);
  return bits === 16 ? v & 0xffff : v >>> 0;
}

function u16(b: Uint8Array, p: number): number { return p + 2 <= b.length ? b[p]! | (b[p + 1]! << 8) : -1; }
function u32(b: Uint8Array, p: number): number { return p + 4 <= b.length ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0 : -1; }

/** Sets a 16- or 32-bit little-endian field of a copy to an extreme value. */
function setField(b: Uint8Array, p: number, bits: 16 | 32, r: Rng, what: string): Mutated {
  const out = b.slice();
  if (p < 0 || p + bits / 8 > out.length) return bitFlips(b, r);
  const v = extreme(r, b.length, bits);
  const dv = new DataView(out.buffer);
  if (bits === 16) dv.setUint16(p, v, true); else dv.setUint32(p, v, true);
  return { bytes: out, desc: `${what}@0x${p.toString(16)}=0x${v.toString(16)}` };
}

export const bitFlips: Mutator = (b, r) => {
  const out = b.slice();
  const n = 1 + int(r, 16);
  for (let i = 0; i < n && out.length > 0; i++) { const p = int(r, out.length); out[p]! ^= 1 << int(r, 8); }
  return { bytes: out, desc: `bitflip×${n}` };
};

const byteRun: Mutator = (b, r) => {
  const out = b.slice();
  if (out.length === 0) return { bytes: out, desc: 'byterun(empty)' };
  const p = int(r, out.length);
  const len = Math.min(out.length - p, 1 + int(r, 64));
  const fill = pick(r, [0, 0xff, -1]);
  for (let i = 0; i < len; i++) out[p + i] = fill < 0 ? int(r, 256) : fill;
  return { bytes: out, desc: `byterun@0x${p.toString(16)}+${len}=${fill < 0 ? 'rand' : fill}` };
};

const truncate: Mutator = (b, r) => {
  const n = int(r, b.length);
  return { bytes: b.slice(0, n), desc: `truncate@${n}` };
};

const interesting: Mutator = (b, r) => {
  const bits = pick(r, [16, 32] as const);
  const p = int(r, Math.max(1, b.length >> (bits === 16 ? 1 : 2))) * (bits / 8);
  return setField(b, p, bits, r, `int${bits}`);
};

const GENERIC: Mutator[] = [bitFlips, byteRun, truncate, interesting];

// ZIP (outer): end of central directory, central records, local headers, entry order.
function eocdAt(b: Uint8Array): number {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) if (u32(b, i) === 0x06054b50) return i;
  return -1;
}

function centralRecords(b: Uint8Array): number[] {
  const e = eocdAt(b);
  if (e < 0) return [];
  const out: number[] = [];
  let p = u32(b, e + 16);
  for (let i = 0; i < u16(b, e + 10) && u32(b, p) === 0x02014b50; i++) {
    out.push(p);
    p += 46 + u16(b, p + 28) + u16(b, p + 30) + u16(b, p + 32);
  }
  return out;
}

const zipField: Mutator = (b, r) => {
  const e = eocdAt(b);
  const recs = centralRecords(b);
  const which = int(r, 3);
  if (e >= 0 && (which === 0 || recs.length === 0)) {
    const [off, bits] = pick(r, [[8, 16], [10, 16], [12, 32], [16, 32], [20, 16]] as const);
    return setField(b, e + off, bits, r, 'zip.eocd');
  }
  if (recs.length === 0) return bitFlips(b, r);
  const c = pick(r, recs);
  if (which === 1) {
    const [off, bits] = pick(r, [[8, 16], [10, 16], [20, 32], [24, 32], [28, 16], [30, 16], [32, 16], [34, 16], [42, 32]] as const);
    return setField(b, c + off, bits, r, 'zip.central');
  }
  const lho = u32(b, c + 42);
  const [off, bits] = pick(r, [[6, 16], [8, 16], [18, 32], [22, 32], [26, 16], [28, 16]] as const);
  return setField(b, lho + off, bits, r, 'zip.local');
};

const zipSwap: Mutator = (b, r) => {
  const recs = centralRecords(b);
  if (recs.length < 2) return bitFlips(b, r);
  const x = pick(r, recs);
  const y = pick(r, recs);
  const out = b.slice();
  const dv = new DataView(out.buffer);
  dv.setUint32(x + 42, u32(b, y + 42), true);
  dv.setUint32(y + 42, u32(b, x + 42), true);
  return { bytes: out, desc: `zip.swap-offsets@0x${x.toString(16)},0x${y.toString(16)}` };
};

export const OUTER: Mutator[] = [...GENERIC, zipField, zipField, zipSwap];

// DEX: header sizes/offsets, map_list items, class_defs fields, the data section.
const dexHeader: Mutator = (b, r) => setField(b, 0x20 + 4 * int(r, 20), 32, r, 'dex.header');

const dexMap: Mutator = (b, r) => {
  const map = u32(b, 0x34);
  const n = u32(b, map);
  if (n <= 0 || map + 4 + 12 * n > b.length) return dexHeader(b, r);
  if (r() < 0.2) return setField(b, map, 32, r, 'dex.map_list.size');
  return setField(b, map + 4 + 12 * int(r, n) + pick(r, [4, 8]), 32, r, 'dex.map_item');
};

const dexClassDef: Mutator = (b, r) => {
  const n = u32(b, 0x60);
  const off = u32(b, 0x64);
  if (n <= 0 || off + 32 * n > b.length) return dexHeader(b, r);
  return setField(b, off + 32 * int(r, n) + 4 * int(r, 8), 32, r, 'dex.class_def');
};

const dexData: Mutator = (b, r) => {
  const start = u32(b, 0x6c);
  if (start <= 0 || start >= b.length) return byteRun(b, r);
  const m = pick(r, [byteRun, bitFlips, interesting]);
  const tail = m(b.subarray(start), r);
  const out = b.slice();
  out.set(tail.bytes.subarray(0, out.length - start), start);
  return { bytes: out, desc: `dex.data:${tail.desc}` };
};

// Binary XML and resources.arsc: every chunk header (type u16, headerSize u16, size u32, then fields).
function chunks(b: Uint8Array): number[] {
  const out: number[] = [];
  const walk = (p: number, end: number, depth: number): void => {
    while (p + 8 <= end && out.length < 5000) {
      const type = u16(b, p);
      const hs = u16(b, p + 2);
      const size = u32(b, p + 4);
      if (hs < 8 || size < hs || p + size > end) return;
      out.push(p);
      // Containers: xml (3), table (2), package (0x200).
      if (depth < 3 && (type === 3 || type === 2 || type === 0x200)) walk(p + hs, p + size, depth + 1);
      p += size;
    }
  };
  walk(0, b.length, 0);
  return out;
}

const chunkField: Mutator = (b, r) => {
  const cs = chunks(b);
  if (cs.length === 0) return interesting(b, r);
  const c = pick(r, cs);
  const hs = u16(b, c + 2);
  const which = int(r, 3);
  if (which === 0) return setField(b, c + 2, 16, r, `chunk(0x${u16(b, c).toString(16)}).headerSize`);
  if (which === 1 || hs <= 8) return setField(b, c + 4, 32, r, `chunk(0x${u16(b, c).toString(16)}).size`);
  return setField(b, c + 8 + 4 * int(r, Math.max(1, (hs - 8) >> 2)), 32, r, `chunk(0x${u16(b, c).toString(16)}).field`);
};

// Class files: constant_pool_count and the fields right after the pool are the usual suspects.
const classField: Mutator = (b, r) => (r() < 0.4 ? setField(b, 8, 16, r, 'class.constant_pool_count') : interesting(b, r));

/** A structure-aware mutation of one file's content, chosen by its name. */
export function mutateContent(name: string, b: Uint8Array, r: Rng): Mutated {
  let ms: Mutator[] = GENERIC;
  if (name.endsWith('.dex')) ms = [dexHeader, dexHeader, dexMap, dexClassDef, dexData, dexData, ...GENERIC];
  else if (name.endsWith('.xml') || name.endsWith('.arsc')) ms = [chunkField, chunkField, chunkField, ...GENERIC];
  else if (name.endsWith('.class')) ms = [classField, ...GENERIC];
  return pick(r, ms)(b, r);
}

export function mutateOuter(b: Uint8Array, r: Rng): Mutated {
  return pick(r, OUTER)(b, r);
}

export { int as randInt, pick as randPick };

// WeChat mini-program packages (.wxapkg): the big-endian header and file index, and the files' text (the
// JavaScript that the call finder parses, the compiled WXML that find-wxml reads).
function u32be(b: Uint8Array, p: number): number { return p + 4 <= b.length ? ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0 : -1; }

/** Offsets of the index's numeric fields: header lengths, the count, each record's name length, offset, size. */
function wxapkgFields(b: Uint8Array): number[] {
  const out = [5, 9, 14];
  const indexEnd = 14 + u32be(b, 5);
  let p = 18;
  for (let i = 0, n = u32be(b, 14); i < n && i < 10_000 && p + 4 <= Math.min(indexEnd, b.length); i++) {
    const len = u32be(b, p);
    out.push(p, p + 4 + len, p + 8 + len);
    p += 12 + len;
  }
  return out;
}

const wxapkgField: Mutator = (b, r) => {
  const p = pick(r, wxapkgFields(b));
  const out = b.slice();
  if (p + 4 > out.length) return bitFlips(b, r);
  const v = extreme(r, b.length, 32);
  new DataView(out.buffer).setUint32(p, v, false);
  return { bytes: out, desc: `wxapkg.index@0x${p.toString(16)}=0x${v.toString(16)}` };
};

const wxapkgIndexFlips: Mutator = (b, r) => {
  const end = Math.min(b.length, 14 + Math.max(0, u32be(b, 5)));
  const out = b.slice();
  const n = 1 + int(r, 8);
  for (let i = 0; i < n && end > 0; i++) out[int(r, end)] = int(r, 256);
  return { bytes: out, desc: `wxapkg.index bytes×${n}` };
};

/** Package-level mutations: the index, or the whole file generically. */
export function mutateWxapkg(b: Uint8Array, r: Rng): Mutated {
  return pick(r, [wxapkgField, wxapkgField, wxapkgIndexFlips, ...GENERIC])(b, r);
}

// Pieces of what the readers look for, spliced into a file's text to reach their less travelled paths.
const TOKENS = ['Z([', '[[[[[[[[', ']]]', "Z([3,'getPhoneNumber'])", "Z(z[idx_st_+9999])", "_mz(z,'button',[", "'openType',", "var x=['./a.wxml'];", 'e_[x[7]]={f:m0', 'var m0=function(e,s,r,gg){', 'var z=gz$gwx_1()', '(function(z){var a=11;function Z(ops){z.push(ops)}', "_rz(z,oB,'openType',-1,e,s,gg)", 'wx.getLocation(', 'wx["getUserProfile"](', 'openType:"getPhoneNumber"', '\\u', '\\x', "'", '"', '`', '${', 'function(', '=>', '{', '}', '(', ')', '个人信息', '《隐私保护指引》', '\n'];

const textSplice: Mutator = (b, r) => {
  const s = new TextDecoder().decode(b);
  const at = int(r, s.length + 1);
  const token = r() < 0.5 ? pick(r, TOKENS).repeat(1 + int(r, r() < 0.1 ? 5000 : 3)) : s.slice(int(r, s.length + 1)).slice(0, 1 + int(r, 200));
  const cut = r() < 0.3 ? int(r, 64) : 0;
  return { bytes: new TextEncoder().encode(s.slice(0, at) + token + s.slice(at + cut)), desc: `text@${at}+${JSON.stringify(token.slice(0, 40))}${token.length > 40 ? `…(${token.length})` : ''}-${cut}` };
};

/** A file's content inside a package: text splices for code and markup, generic bytes otherwise. */
export function mutateWxapkgFile(name: string, b: Uint8Array, r: Rng): Mutated {
  return /\.(?:js|html|json|wxss|txt)$/.test(name) ? pick(r, [textSplice, textSplice, textSplice, ...GENERIC])(b, r) : pick(r, GENERIC)(b, r);
}
