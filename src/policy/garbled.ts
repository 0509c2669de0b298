// Mojibake detection: text decoded with the wrong encoding must be reported, not analysed. Three signs:
// replacement characters, UTF-8 read as Latin-1 (runs of U+00C0–U+00FF), and UTF-8 read as GBK, which yields
// rare hanzi: real Chinese prose is mostly the 3,755 common characters of GB2312 level 1.

let common: Set<number> | null = null;

/** GB2312 level-1 hanzi (rows 0xB0–0xD7), decoded once from the code table itself. */
function commonHanzi(): Set<number> {
  if (common !== null) return common;
  const bytes: number[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) bytes.push(hi, lo);
  const s = new TextDecoder('gb18030').decode(new Uint8Array(bytes));
  common = new Set<number>();
  for (const ch of s) common.add(ch.codePointAt(0)!);
  return common;
}

export interface GarbleCheck {
  garbled: boolean;
  reason: string | null;
}

export function detectGarbled(text: string): GarbleCheck {
  let replacement = 0;
  let latinHigh = 0;
  let cjk = 0;
  let cjkCommon = 0;
  let visible = 0;
  const set = commonHanzi();
  for (let i = 0; i < text.length; i++) {
    // UTF-16 units are enough: every character tested here is in the BMP.
    const c = text.charCodeAt(i);
    if (c <= 0x20) continue;
    visible++;
    if (c === 0xfffd) replacement++;
    else if (c >= 0xc0 && c <= 0xff) latinHigh++;
    else if (c >= 0x4e00 && c <= 0x9fff) {
      cjk++;
      if (set.has(c)) cjkCommon++;
    }
  }
  if (visible === 0) return { garbled: true, reason: 'no readable text' };
  if (replacement >= 3 && replacement / visible > 0.002)
    return { garbled: true, reason: `${replacement} replacement characters (U+FFFD): wrong encoding or damaged bytes` };
  if (latinHigh / visible > 0.05 && cjk / visible < 0.2)
    return { garbled: true, reason: 'accented Latin runs: UTF-8 text read as Latin-1' };
  if (cjk >= 50 && cjkCommon / cjk < 0.75)
    return {
      garbled: true,
      reason: `only ${Math.round((100 * cjkCommon) / cjk)}% of hanzi are common characters: UTF-8 text read as GBK or similar`,
    };
  return { garbled: false, reason: null };
}
