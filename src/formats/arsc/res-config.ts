// ResTable_config: only the locale matters to us (labels in zh / zh-rCN), plus whether any other qualifier
// is set, so that a plain `values-zh-rCN` wins over `values-zh-rCN-land`.
import type { ByteReader } from '../../binary/byte-reader.ts';

export interface ResConfig {
  /** '' (default), 'zh', 'zh-rCN', 'b+…' style scripts are folded to language-region. */
  readonly locale: string;
  /** True when no qualifier but the locale is set. */
  readonly plain: boolean;
}

function unpack(r: ByteReader, at: number, base: number): string {
  const a = r.u8(at);
  const b = r.u8(at + 1);
  if (a === 0) return '';
  // Three-letter codes are packed into 15 bits when the high bit is set.
  if ((a & 0x80) !== 0) {
    const first = b & 0x1f;
    const second = ((b & 0xe0) >> 5) | ((a & 0x03) << 3);
    const third = (a & 0x7c) >> 2;
    return String.fromCharCode(first + base, second + base, third + base);
  }
  return b === 0 ? String.fromCharCode(a) : String.fromCharCode(a, b);
}

export function readConfig(r: ByteReader, at: number, limit: number): ResConfig {
  const size = r.u32(at);
  const end = Math.min(at + size, limit);
  if (size < 12) return { locale: '', plain: size <= 4 };
  const lang = unpack(r, at + 8, 'a'.charCodeAt(0));
  const region = unpack(r, at + 10, '0'.charCodeAt(0));
  let plain = true;
  for (let p = at + 4; p < end; p++) {
    if (p >= at + 8 && p < at + 12) continue; // language and country
    if (p >= at + 36 && p < at + 48) continue; // script and variant belong to the locale
    if (r.u8(p) !== 0) {
      plain = false;
      break;
    }
  }
  const locale = lang === '' ? '' : region === '' ? lang : `${lang}-r${region}`;
  return { locale, plain };
}
