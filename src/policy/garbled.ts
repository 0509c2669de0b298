// Mojibake detection: text decoded with the wrong encoding must be reported, not analysed. Three signs:
// replacement characters, UTF-8 read as Latin-1 (runs of U+00C0–U+00FF), and UTF-8 read as GBK, which yields
// rare hanzi. Real Chinese prose, simplified or traditional, is mostly common characters: the 3,755 of GB2312
// level 1 and the 5,401 of Big5 level 1 (98%+ on the 324 CA4P policies; UTF-8-as-GBK mojibake of them: ≤32%).

let common: Set<number> | null = null;

function decodeRows(label: string, hiFrom: number, hiTo: number, ranges: [number, number][]): string {
  const bytes: number[] = [];
  for (let hi = hiFrom; hi <= hiTo; hi++) for (const [a, b] of ranges) for (let lo = a; lo <= b; lo++) bytes.push(hi, lo);
  return new TextDecoder(label).decode(new Uint8Array(bytes));
}

/** Common hanzi, decoded once from the code tables themselves. */
function commonHanzi(): Set<number> {
  if (common !== null) return common;
  common = new Set<number>();
  const text = decodeRows('gb18030', 0xb0, 0xd7, [[0xa1, 0xfe]]) + decodeRows('big5', 0xa4, 0xc6, [[0x40, 0x7e], [0xa1, 0xfe]]);
  for (let i = 0; i < text.length; i++) common.add(text.charCodeAt(i));
  return common;
}

/** Share of hanzi that are common characters (1 when there are none): how much a decoding reads like Chinese. */
export function commonShare(text: string): number {
  const set = commonHanzi();
  let cjk = 0;
  let ok = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) {
      cjk++;
      if (set.has(c)) ok++;
    }
  }
  return cjk === 0 ? 1 : ok / cjk;
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
