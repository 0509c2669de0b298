import { listingManifest, listingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

export const valid: RuleCase[] = [
  { name: 'same version', manifest: listingManifest([]), listings: [listingOf()] },
  { name: 'listing gives no version', manifest: listingManifest([]), listings: [listingOf({ versionName: undefined, versionCode: undefined })] },
  { name: 'same file digest', manifest: listingManifest([]), packageSha256: 'b'.repeat(64), listings: [listingOf({ packageSha256: 'B'.repeat(64) })] },
];

export const invalid: InvalidCase[] = [
  { name: 'another versionCode', manifest: listingManifest([]), listings: [listingOf({ versionCode: 21, versionName: '2.1' })], findings: [{ severity: 'info', confidence: 'possible', clauses: ['M164-4.2'], message: 'version 2.1 (21), the package is 2.0 (20)' }] },
  { name: 'same version, another file', manifest: listingManifest([]), packageSha256: 'b'.repeat(64), listings: [listingOf({ packageSha256: 'c'.repeat(64) })], findings: [{ severity: 'info', message: 'another file' }] },
];
