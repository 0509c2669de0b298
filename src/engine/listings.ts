// Store listings held against the package (--listing): which apply, what their policy URLs hold (fetched only
// through the caller's `fetchPolicy`), and the summary the report carries. The rules (rules/listing-*) judge.
import type { Manifest, Signing } from '../package/types.ts';
import type { StoreListing } from '../package/store-listing.ts';
import { analyzePolicy } from '../policy/analyze.ts';
import { comparePolicies } from '../policy/similarity.ts';
import type { PolicyAnalysis } from '../policy/types.ts';
import type { Report, ReportListing } from '../report/types.ts';
import type { ListingFacts } from '../rules/define-rule.ts';
import { certificateName, compareNames, packageCertificates, signedByStore } from '../rules/lib/listing.ts';
import type { ScanOptions } from './scan.ts';

type Diagnostics = NonNullable<Report['diagnostics']>;

/** The listings of this package, each with its policy URL checked when fetching is allowed. */
export async function prepareListings(listings: readonly StoreListing[], manifest: Manifest | null, policy: PolicyAnalysis | null, fetchPolicy: ScanOptions['fetchPolicy'], diagnostics: Diagnostics, path: string): Promise<ListingFacts[]> {
  const out: ListingFacts[] = [];
  const fetched = new Map<string, Promise<ListingFacts['policy']>>();
  for (const l of listings) {
    // A listing of another app says nothing about this one; comparing it would only invent differences.
    if (manifest?.packageName !== l.packageName) {
      diagnostics.push({ severity: 'warning', code: 'LISTING_OTHER_PACKAGE', message: `the ${l.store} listing is of ${l.packageName}, not of ${manifest?.packageName ?? 'this package'}: not compared`, file: path });
      continue;
    }
    const url = l.privacyPolicyUrl;
    let check: ListingFacts['policy'];
    if (url === undefined || url.trim() === '') check = { status: 'none' };
    else if (fetchPolicy === undefined) check = { status: 'not-fetched' };
    else {
      if (!fetched.has(url)) fetched.set(url, checkPolicyUrl(url, policy, fetchPolicy));
      check = await fetched.get(url)!;
    }
    out.push({ listing: l, policy: check });
  }
  return out;
}

async function checkPolicyUrl(url: string, policy: PolicyAnalysis | null, fetchPolicy: NonNullable<ScanOptions['fetchPolicy']>): Promise<ListingFacts['policy']> {
  const app = policy !== null && policy.found && !policy.garbled && policy.text.trim() !== '' ? policy : null;
  // The engine already fetched the app's policy from this very URL: the same text.
  if (app !== null && app.source === url) return { status: 'fetched', comparison: comparePolicies(app.text, app.text, app.source) };
  try {
    const got = await fetchPolicy(url);
    if (got === null) return { status: 'unreachable', error: 'no document' };
    const listed = await analyzePolicy(got);
    return { status: 'fetched', comparison: app === null ? null : comparePolicies(app.text, listed.text, app.source) };
  } catch (e) {
    return { status: 'unreachable', error: e instanceof Error ? e.message : String(e) };
  }
}

/** What the report says of each listing: where it was read and what its names and policy allow to say. */
export function listingSummaries(facts: readonly ListingFacts[], signing: Signing | null, policy: PolicyAnalysis | null): ReportListing[] {
  const certs = packageCertificates(signing);
  const operator = policy?.operator.name ?? null;
  return facts.map(({ listing: l, policy: p }) => {
    const own = certs.filter((c) => !signedByStore(c, l.store));
    const certificate = certs.length === 0 ? null : certs.map((c) => certificateName(c)).join('; ');
    const verdicts = own.map((c) => compareNames(l.developer, certificateName(c)));
    const certificateVerdict = certs.length === 0 ? 'unknown' : own.length === 0 ? 'signed-by-store' : verdicts.includes('same') ? 'same' : verdicts.every((v) => v === 'different') ? 'different' : (verdicts.find((v) => v !== 'different') ?? 'unknown');
    return {
      store: l.store,
      url: l.url ?? null,
      packageName: l.packageName,
      fetchedAt: l.fetchedAt,
      developer: { listed: l.developer ?? null, certificate, certificateVerdict, operator, operatorVerdict: compareNames(l.developer, operator) },
      policy: { url: l.privacyPolicyUrl ?? null, ...p },
    };
  });
}
