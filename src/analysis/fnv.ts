// FNV-1a (32-bit) over UTF-16 code units: fingerprint hashes (two seeds) and the scan's shape sums.

/** FNV-1a of s from seed, as an unsigned 32-bit number. */
export function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
