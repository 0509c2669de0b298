// Whether two privacy-policy texts are the same policy: the store's policy page against the app's own.
// Normalised (NFKC, lower case, letters and digits only) so layout, punctuation and white space do not count;
// then compared as sets of 5-character shingles. A web page wraps the policy in site navigation, so the share
// of the app policy's shingles found in the page (containment) is reported beside the Jaccard similarity.
import type { PolicyComparison } from '../report/types.ts';

const SHINGLE = 5;
/** At or above: the same policy with small edits (a date, an address). */
export const SAME_AT = 0.9;
/** Below: a different text, not an edited copy. */
export const DIFFERENT_BELOW = 0.5;

export function normalisePolicyText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function shingles(s: string): Set<string> {
  const out = new Set<string>();
  if (s.length > 0 && s.length < SHINGLE) out.add(s);
  for (let i = 0; i + SHINGLE <= s.length; i++) out.add(s.slice(i, i + SHINGLE));
  return out;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The app's policy text against the text the listing's policy URL gave. */
export function comparePolicies(appText: string, listingText: string, appSource: string | null): PolicyComparison {
  const a = normalisePolicyText(appText);
  const b = normalisePolicyText(listingText);
  const sa = shingles(a);
  const sb = shingles(b);
  let both = 0;
  for (const s of sa) if (sb.has(s)) both++;
  const union = sa.size + sb.size - both;
  const jaccard = union === 0 ? 1 : both / union;
  const containment = sa.size === 0 ? 0 : both / sa.size;
  const identical = a === b;
  // A page that holds the whole in-app text (plus navigation) is the same policy.
  const verdict = identical || jaccard >= SAME_AT || containment >= 0.95 ? 'same' : jaccard >= DIFFERENT_BELOW || containment >= 0.8 ? 'partly-different' : 'different';
  return { identical, jaccard: round(jaccard), containment: round(containment), verdict, appSource, appLength: a.length, listingLength: b.length };
}
