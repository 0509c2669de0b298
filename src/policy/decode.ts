// Bytes → text with the encoding detected, never assumed: BOM first, then UTF-16 without BOM by its NUL-byte
// pattern, then strict UTF-8, then whichever of GB18030 (a superset of GBK/GB2312) and UTF-16 LE/BE reads most
// like Chinese (pure-hanzi UTF-16 has almost no NUL bytes). A declared charset is only a tie-breaker.
import { commonShare } from './garbled.ts';

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

function decodeWith(label: string, bytes: Uint8Array, fatal: boolean): string | null {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of even- and odd-position bytes that are NUL: UTF-16 text of ASCII or CJK has many on one side. */
function nulPattern(bytes: Uint8Array): { even: number; odd: number } {
  const n = Math.min(bytes.length, 65536);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const half = Math.max(1, n / 2);
  return { even: even / half, odd: odd / half };
}

/** Fraction of characters that are plausible in a policy: CJK, CJK punctuation, ASCII printable, whitespace. */
function plausibility(text: string): number {
  if (text.length === 0) return 0;
  let ok = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09 ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      c === 0x201c ||
      c === 0x201d ||
      c === 0x2018 ||
      c === 0x2019 ||
      c === 0x2026 ||
      c === 0x2014 ||
      c === 0xb7
    )
      ok++;
  }
  return ok / n;
}

function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return m?.[1]?.toLowerCase() ?? null;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: decodeWith('utf-8', bytes.subarray(3), false) ?? '', encoding: 'utf-8' };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: decodeWith('utf-16le', bytes.subarray(2), false) ?? '', encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: decodeWith('utf-16be', bytes.subarray(2), false) ?? '', encoding: 'utf-16be' };

  const nul = nulPattern(bytes);
  if (nul.even > 0.05 || nul.odd > 0.05) {
    // UTF-16 without BOM: ASCII puts its NUL in the high byte; pick the order whose text reads better.
    const le = decodeWith('utf-16le', bytes, false) ?? '';
    const be = decodeWith('utf-16be', bytes, false) ?? '';
    const ple = plausibility(le);
    const pbe = plausibility(be);
    if (Math.max(ple, pbe) > 0.8) return ple >= pbe ? { text: le, encoding: 'utf-16le' } : { text: be, encoding: 'utf-16be' };
  }
  const utf8 = decodeWith('utf-8', bytes, true);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = decodeWith('gb18030', bytes, false) ?? '';
  if (bytes.length % 2 === 0) {
    const score = (t: string): number => plausibility(t) * commonShare(t);
    const le = decodeWith('utf-16le', bytes, false) ?? '';
    const be = decodeWith('utf-16be', bytes, false) ?? '';
    const best = [
      { text: le, encoding: 'utf-16le' as const, s: score(le) },
      { text: be, encoding: 'utf-16be' as const, s: score(be) },
    ].sort((a, b) => b.s - a.s)[0]!;
    if (best.s > 0.9 && best.s > score(gb) + 0.1) return { text: best.text, encoding: best.encoding };
  }
  const declared = declaredCharset(bytes);
  if (declared !== null && /^utf-?8$/.test(declared)) {
    // Declared UTF-8 but invalid: keep UTF-8 (with replacement chars, which garble detection reports) unless
    // GB18030 reads clearly better.
    const loose = decodeWith('utf-8', bytes, false) ?? '';
    if (plausibility(gb) <= plausibility(loose)) return { text: loose, encoding: 'utf-8' };
  }
  return { text: gb, encoding: 'gb18030' };
}
