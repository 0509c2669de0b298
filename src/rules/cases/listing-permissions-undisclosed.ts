import { listingManifest, listingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const P = (n: string): string => `android.permission.${n}`;

export const valid: RuleCase[] = [
  { name: 'listing shows every permission', manifest: listingManifest(['CAMERA', 'INTERNET']), listings: [listingOf({ permissions: [P('CAMERA'), P('INTERNET')] })] },
  { name: 'listing shows more than requested', manifest: listingManifest(['CAMERA']), listings: [listingOf({ permissions: [P('CAMERA'), P('READ_CONTACTS')] })] },
  { name: 'store lists no permissions at all (a store-side gap, not this rule)', manifest: listingManifest(['CAMERA']), listings: [listingOf({ permissions: undefined })] },
  { name: 'no listing', manifest: listingManifest(['CAMERA']) },
  { name: 'vendor and app-defined permissions need not be listed', manifest: listingManifest(['CAMERA'], { permissions: [{ name: 'android.permission.CAMERA', maxSdk: null, line: 10 }, { name: 'com.huawei.android.launcher.permission.CHANGE_BADGE', maxSdk: null, line: 11 }, { name: 'com.example.app.permission.C2D_MESSAGE', maxSdk: null, line: 12 }] }), listings: [listingOf({ permissions: [P('CAMERA')] })] },
  { name: 'implied permissions not listed (targetSdk 3: READ_PHONE_STATE, WRITE and READ_EXTERNAL_STORAGE)', manifest: listingManifest(['CAMERA'], { targetSdk: 3, minSdk: 3 }), listings: [listingOf({ permissions: [P('CAMERA')] })] },
  { name: 'implied READ_EXTERNAL_STORAGE listed with WRITE', manifest: listingManifest(['WRITE_EXTERNAL_STORAGE']), listings: [listingOf({ permissions: [P('WRITE_EXTERNAL_STORAGE'), P('READ_EXTERNAL_STORAGE')] })] },
];

export const invalid: InvalidCase[] = [
  { name: 'a dangerous permission the listing omits', manifest: listingManifest(['CAMERA', 'READ_CONTACTS']), listings: [listingOf({ permissions: [P('CAMERA')] })], findings: [{ severity: 'medium', confidence: 'likely', clauses: ['M23-1'], message: 'READ_CONTACTS' }] },
  { name: 'a normal permission omitted', manifest: listingManifest(['CAMERA', 'INTERNET']), listings: [listingOf({ permissions: [P('CAMERA')] })], findings: [{ severity: 'low', confidence: 'likely', message: 'INTERNET' }] },
  { name: 'listing of another version: possible', manifest: listingManifest(['CAMERA', 'READ_CONTACTS']), listings: [listingOf({ permissions: [P('CAMERA')], versionCode: 19, versionName: '1.9' })], findings: [{ severity: 'medium', confidence: 'possible', message: 'versions may explain' }] },
];
