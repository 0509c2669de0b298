// Store listings from a real F-Droid repository (index-v1.json: per package its versions, permissions,
// signer and file digest), and the differences the listing checks must find when one is planted. Shared by
// src/engine/listing.test.ts and eval/listing.ts; builds listings from the index, it is not a connector.
import type { StoreListing } from '../../src/package/store-listing.ts';
import type { Report } from '../../src/report/types.ts';

interface IndexV1 {
  repo: { address: string; timestamp: number };
  apps: { packageName: string; name?: string; authorName?: string; localized?: Record<string, { name?: string }> }[];
  packages: Record<string, { apkName: string; versionName?: string; versionCode: number; signer?: string; hash: string; hashType: string; 'uses-permission'?: [string, number | null][]; 'uses-permission-sdk-23'?: [string, number | null][] }[]>;
}

export interface FdroidEntry {
  apkName: string;
  listing: StoreListing;
}

/** One listing per APK of the index, as the F-Droid client shows them (store id: fdroid:<repo address>). */
export function fdroidListings(indexJson: string): FdroidEntry[] {
  const index = JSON.parse(indexJson) as IndexV1;
  const store = `fdroid:${index.repo.address}`;
  const fetchedAt = new Date(index.repo.timestamp).toISOString();
  const out: FdroidEntry[] = [];
  for (const [packageName, versions] of Object.entries(index.packages)) {
    const app = index.apps.find((a) => a.packageName === packageName);
    for (const v of versions) {
      if (!v.apkName.endsWith('.apk')) continue;
      const permissions = [...(v['uses-permission'] ?? []), ...(v['uses-permission-sdk-23'] ?? [])].map(([name]) => name);
      const appName = app?.name ?? app?.localized?.['en-US']?.name;
      const listing: StoreListing = {
        store, url: `${index.repo.address}/${v.apkName}`, packageName, fetchedAt, permissions,
        ...(appName !== undefined ? { appName } : {}),
        ...(app?.authorName !== undefined ? { developer: app.authorName } : {}),
        ...(v.versionName !== undefined ? { versionName: v.versionName } : {}),
        versionCode: v.versionCode,
        ...(v.signer !== undefined ? { signerSha256: [v.signer] } : {}),
        ...(v.hashType === 'sha256' ? { packageSha256: v.hash } : {}),
      };
      out.push({ apkName: v.apkName, listing });
    }
  }
  return out;
}

/** A planted difference: the listing altered one way, and the rule that must report it. */
export interface Plant {
  kind: 'drop-permission' | 'add-permission' | 'change-version' | 'change-signer' | 'change-file' | 'change-developer';
  rule: string;
  listing: StoreListing;
}

const PLANTED_SIGNER = '0'.repeat(63) + '1';

/**
 * Every difference that can be planted in this listing, each under its own store id so its findings are told
 * apart. `requested`: the manifest's permissions; `held`: those and what Android implies from them.
 */
export function plants(l: StoreListing, requested: readonly string[], held: readonly string[]): Plant[] {
  const tag = (kind: Plant['kind']): string => `${l.store}#${kind}`;
  const out: Plant[] = [];
  const listedHeld = (l.permissions ?? []).filter((p) => requested.includes(p));
  if (listedHeld.length > 0) out.push({ kind: 'drop-permission', rule: 'listing-permissions-undisclosed', listing: { ...l, store: tag('drop-permission'), permissions: (l.permissions ?? []).filter((p) => p !== listedHeld[0]) } });
  const extra = ['android.permission.READ_CONTACTS', 'android.permission.ACCESS_FINE_LOCATION'].find((p) => !held.includes(p))!;
  out.push({ kind: 'add-permission', rule: 'listing-permissions-unrequested', listing: { ...l, store: tag('add-permission'), permissions: [...(l.permissions ?? []), extra] } });
  out.push({ kind: 'change-version', rule: 'listing-version-differs', listing: { ...l, store: tag('change-version'), versionCode: (l.versionCode ?? 0) + 1, versionName: `${l.versionName ?? ''}-next` } });
  out.push({ kind: 'change-signer', rule: 'listing-signer-differs', listing: { ...l, store: tag('change-signer'), signerSha256: [PLANTED_SIGNER] } });
  if (l.packageSha256 !== undefined) out.push({ kind: 'change-file', rule: 'listing-version-differs', listing: { ...l, store: tag('change-file'), packageSha256: `${l.packageSha256.startsWith('0') ? '1' : '0'}${l.packageSha256.slice(1)}` } });
  out.push({ kind: 'change-developer', rule: 'listing-developer-differs', listing: { ...l, store: tag('change-developer'), developer: 'Acme Widgets Ltd' } });
  return out;
}

/** Rules that compare the listing with the package (listing-info-missing judges the store's page alone). */
export const DIFFERENCE_RULES = new Set(['listing-permissions-undisclosed', 'listing-permissions-unrequested', 'listing-version-differs', 'listing-signer-differs', 'listing-developer-differs', 'listing-policy-differs']);

/** The listing findings of a report that concern one store id (through the listing evidence). */
export function findingsFor(report: Report, store: string): Report['findings'] {
  return report.findings.filter((f) => f.ruleId.startsWith('listing-') && f.evidence.some((e) => e.kind === 'file' && e.store === store));
}
