// SDK categories the rules reason with. The knowledge catalogue names categories; accept its spellings.
import type { SdkHit } from '../../analysis/facts.ts';

const AD_CATEGORIES = new Set(['ads', 'ad', 'advertising', 'advert']);

export function isAdSdk(s: SdkHit): boolean {
  return AD_CATEGORIES.has(s.category.toLowerCase());
}
