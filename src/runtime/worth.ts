// Which returned values are worth matching in a network capture, and how a value is masked in evidence. No
// Node imports: the Frida agent bundles it.

/** Placeholders Android returns instead of the value, or that mean nothing: never evidence of a value. */
const PLACEHOLDERS = new Set(['unknown', 'null', 'undefined', '02:00:00:00:00:00', '00:00:00:00:00:00', '000000000000000', '00000000-0000-0000-0000-000000000000', '9774d56d682e549c', '0000000000000000', 'ffffffffffffffff']);

/** Whether a value is specific enough to prove something when found in traffic (≥ 8 characters, not a placeholder, not one repeated character). */
export function worthMatching(value: string): boolean {
  const v = value.trim();
  return v.length >= 8 && v.length <= 512 && !PLACEHOLDERS.has(v.toLowerCase()) && !/^(.)\1*$/u.test(v);
}

/** A personal value cut to what the evidence needs: its first and last 4 characters, at most 12 dots between. */
export function maskToken(v: string): string {
  if (v.length <= 8) return '•'.repeat(v.length);
  return `${v.slice(0, 4)}${'•'.repeat(Math.min(v.length - 8, 12))}${v.slice(-4)}`;
}
