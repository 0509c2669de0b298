// ResStringPool (the chunk shared by binary XML and resources.arsc). Strings decode on first use and stay
// cached: framework-res's table holds tens of thousands and a lookup needs a handful.
import { ByteReader } from '../../binary/byte-reader.ts';
import type { ErrorCode } from '../../errors.ts';

export const RES_STRING_POOL_TYPE = 0x0001;
const UTF8_FLAG = 0x100;

const utf16 = new TextDecoder('utf-16le', { fatal: false });
const utf8 = new TextDecoder('utf-8', { fatal: false });

export class StringPool {
  readonly count: number;
  readonly utf8: boolean;
  /** Oddities met while reading (inconsistent lengths…), for the caller to report. */
  readonly notes: string[] = [];
  private readonly r: ByteReader;
  private readonly offsetsAt: number;
  private readonly stringsAt: number;
  private readonly end: number;
  private readonly cache: (string | undefined)[];

  /** `at` is the chunk's offset in `r`; the chunk's own size bounds every string. */
  constructor(bytes: Uint8Array, at: number, structure: string, code: ErrorCode) {
    const r = new ByteReader(bytes, structure, code);
    this.r = r;
    const headerSize = r.u16(at + 2);
    const size = r.u32(at + 4);
    if (headerSize < 28 || headerSize > size) r.fail(`string pool header size ${headerSize} (chunk size ${size})`, at);
    r.need(at, size, 'string pool chunk');
    this.end = at + size;
    const count = r.u32(at + 8);
    const flags = r.u32(at + 16);
    const stringsStart = r.u32(at + 20);
    this.utf8 = (flags & UTF8_FLAG) !== 0;
    this.offsetsAt = at + headerSize;
    // Four bytes per offset: an absurd count fails before anything is allocated.
    if (count > (size - headerSize) / 4) r.fail(`${count} strings cannot fit in a pool of ${size} bytes`, at + 8);
    this.count = count;
    this.stringsAt = at + stringsStart;
    if (count > 0 && (stringsStart < headerSize || stringsStart > size)) r.fail(`strings start ${stringsStart} outside the pool chunk`, at + 20);
    this.cache = new Array<string | undefined>(count);
  }

  /** The string at index i; throws a typed error for a bad index or a string that runs off the pool. */
  get(i: number): string {
    const hit = this.cache[i];
    if (hit !== undefined) return hit;
    if (!(i >= 0 && i < this.count)) this.r.fail(`string index ${i} not in [0, ${this.count})`, this.offsetsAt);
    const s = this.decode(this.stringsAt + this.r.u32(this.offsetsAt + i * 4));
    this.cache[i] = s;
    return s;
  }

  /** Like get, but null for 0xFFFFFFFF (no string) or any out-of-range index. */
  opt(i: number): string | null {
    return i >= 0 && i < this.count ? this.get(i) : null;
  }

  private decode(p: number): string {
    const r = this.r;
    if (p >= this.end) r.fail('string offset past the pool', p);
    if (this.utf8) {
      // Two lengths: UTF-16 units (skipped), then UTF-8 bytes; each 1 byte, or 2 with the high bit set.
      let q = p;
      const l16 = r.u8(q++);
      if ((l16 & 0x80) !== 0) q++;
      let len = r.u8(q++);
      if ((len & 0x80) !== 0) len = ((len & 0x7f) << 8) | r.u8(q++);
      if (q + len > this.end) {
        this.notes.push(`UTF-8 string at 0x${p.toString(16)} claims ${len} bytes past the pool end; cut at the end`);
        len = this.end - q;
      }
      return utf8.decode(r.slice(q, len));
    }
    let q = p;
    let len = r.u16(q);
    q += 2;
    if ((len & 0x8000) !== 0) {
      len = ((len & 0x7fff) << 16) | r.u16(q);
      q += 2;
    }
    if (q + len * 2 > this.end) {
      this.notes.push(`UTF-16 string at 0x${p.toString(16)} claims ${len} units past the pool end; cut at the end`);
      len = Math.floor((this.end - q) / 2);
    }
    return utf16.decode(r.slice(q, len * 2));
  }
}
