// Which policy a scan judges: the file given, else one inside the package (files, then string resources),
// else one fetched through the caller's function from a policy URL the code holds. Also the contract form.
import type { AnalysisFacts } from '../analysis/facts.ts';
import type { OpenedPackage } from '../package/types.ts';
import { analyzePolicy, analyzePolicyText } from '../policy/analyze.ts';
import { locatePolicy, packagePolicyUrls, resourcePolicyLinks, type PolicyLink } from '../policy/find-in-package.ts';
import type { PolicyAnalysis } from '../policy/types.ts';
import type { ReportPolicy } from '../report/types.ts';
import { isAppOwner } from '../rules/lib/policy-links.ts';
import type { ScanOptions } from './scan.ts';

export interface LoadedPolicy {
  policy: PolicyAnalysis | null;
  searched: string[];
  mentions: string[];
  /** When no policy was found: policy links in the app's own string resources. */
  links: PolicyLink[];
  problems: string[];
}

export async function loadPolicy(pkg: OpenedPackage, facts: AnalysisFacts, options: ScanOptions): Promise<LoadedPolicy> {
  const problems: string[] = [];
  if (options.policy !== undefined) {
    return { policy: await analyzePolicy({ bytes: options.policy.bytes, name: options.policy.name }), searched: [options.policy.name], mentions: [], links: [], problems };
  }
  const inPkg = locatePolicy(pkg);
  const mentions = inPkg.mentions;
  if (inPkg.found !== null) {
    const p = analyzePolicyText(inPkg.found.text, inPkg.found.source, { encoding: inPkg.found.encoding });
    return { policy: p, searched: inPkg.searched, mentions, links: [], problems };
  }
  let links: PolicyLink[] = [];
  try {
    links = resourcePolicyLinks(pkg);
  } catch (e) {
    problems.push(`policy link search failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (options.fetchPolicy !== undefined) {
    let linked: string[] = [];
    try {
      // Only the app's own code: an SDK's policy is not the app's, and its endpoints are no policy at all.
      linked = packagePolicyUrls(pkg, facts.urls.filter((u) => isAppOwner(u.owner)).map((u) => u.url));
    } catch (e) {
      problems.push(`policy URL search failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const url of linked.slice(0, 3)) {
      try {
        const got = await options.fetchPolicy(url);
        if (got !== null) {
          const p = await analyzePolicy(got);
          return { policy: { ...p, source: url }, searched: [...inPkg.searched, url], mentions, links, problems };
        }
      } catch (e) {
        problems.push(`policy ${url} not fetched: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return { policy: null, searched: inPkg.searched, mentions, links, problems };
}

export function contractPolicy(p: PolicyAnalysis | null): ReportPolicy {
  if (p === null) {
    return { found: false, source: null, declaredDataTypes: [], declaredSdks: [], hasContact: null, hasAccountDeletion: null, hasComplaintChannel: null, hasPersonalizationOptOut: null, hasMinorsClause: null };
  }
  // The whole analysis travels in the report (extensions are allowed), text included: every policy item and
  // every policy evidence carries offsets into it, so a reader (and the HTML report) can show the context.
  return { ...p };
}
