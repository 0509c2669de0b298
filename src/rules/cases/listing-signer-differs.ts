import { LISTING_CERT_SHA256, listingManifest, listingOf, signingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const SUBJECT = 'C=CN, O=Example Tech Co. Ltd., CN=Example';

export const valid: RuleCase[] = [
  { name: 'the store names the package\'s signer', manifest: listingManifest([]), signing: signingOf(SUBJECT), listings: [listingOf({ signerSha256: [LISTING_CERT_SHA256, 'd'.repeat(64)] })] },
  { name: 'the store names no signer', manifest: listingManifest([]), signing: signingOf(SUBJECT), listings: [listingOf()] },
  { name: 'unsigned package', manifest: listingManifest([]), signing: null, listings: [listingOf({ signerSha256: ['d'.repeat(64)] })] },
];

export const invalid: InvalidCase[] = [
  { name: 'another signer; the copy may not be the store\'s', manifest: listingManifest([]), signing: signingOf(SUBJECT), listings: [listingOf({ signerSha256: ['d'.repeat(64)] })], findings: [{ severity: 'info', confidence: 'possible', clauses: ['M164-4.2'], message: 'Check where the package came from' }] },
  { name: 'another signer for the very file the store lists', manifest: listingManifest([]), signing: signingOf(SUBJECT), packageSha256: 'b'.repeat(64), listings: [listingOf({ signerSha256: ['d'.repeat(64)], packageSha256: 'b'.repeat(64) })], findings: [{ severity: 'medium', confidence: 'likely', message: 'the very file' }] },
];
