import { listingManifest, listingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const P = (n: string): string => `android.permission.${n}`;

export const valid: RuleCase[] = [
  { name: 'the same permissions', manifest: listingManifest(['CAMERA']), listings: [listingOf({ permissions: [P('CAMERA')] })] },
  { name: 'implied by targetSdk < 4, listed as F-Droid does', manifest: listingManifest(['CAMERA'], { targetSdk: null, minSdk: null }), listings: [listingOf({ permissions: [P('CAMERA'), P('WRITE_EXTERNAL_STORAGE'), P('READ_PHONE_STATE'), P('READ_EXTERNAL_STORAGE')] })] },
  { name: 'fewer listed (the other rule)', manifest: listingManifest(['CAMERA', 'INTERNET']), listings: [listingOf({ permissions: [P('CAMERA')] })] },
];

export const invalid: InvalidCase[] = [
  { name: 'listed, not requested', manifest: listingManifest(['CAMERA']), listings: [listingOf({ permissions: [P('CAMERA'), P('READ_CONTACTS')] })], findings: [{ severity: 'info', confidence: 'possible', clauses: ['M23-1'], message: 'READ_CONTACTS' }] },
  { name: 'READ_PHONE_STATE is not implied at targetSdk 4', manifest: listingManifest(['CAMERA'], { targetSdk: 4 }), listings: [listingOf({ permissions: [P('CAMERA'), P('READ_PHONE_STATE')] })], findings: [{ severity: 'info', message: 'READ_PHONE_STATE' }] },
];
