// Which URLs in a package may stand for the app's own privacy policy: only those in the app's own code (an
// SDK's or other third-party code links to its vendor's policy or calls its endpoints) that name a policy page.
import type { AnalysisFacts } from '../../analysis/facts.ts';
import { isAppPolicyPageUrl, isPolicyPageUrl } from '../../policy/urls.ts';

type Owner = AnalysisFacts['urls'][number]['owner'];

/** The app's own code: `kind: 'app'`, and, once owners carry a party, party 'app' as well. */
export function isAppOwner(owner: Owner): boolean {
  const party = (owner as { party?: string }).party;
  return owner.kind === 'app' && (party === undefined || party === 'app');
}

/** Code string constants of the app itself that look like its policy page, first seen first. */
export function appPolicyUrls(facts: AnalysisFacts): AnalysisFacts['urls'] {
  return facts.urls.filter((u) => isAppOwner(u.owner) && isAppPolicyPageUrl(u.url));
}

/** Policy pages named in other code (an SDK's, or unidentified third-party code): shown as not counted. */
export function otherPolicyUrls(facts: AnalysisFacts): AnalysisFacts['urls'] {
  return facts.urls.filter((u) => !isAppOwner(u.owner) && isPolicyPageUrl(u.url));
}
