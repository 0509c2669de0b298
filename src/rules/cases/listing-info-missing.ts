import { listingManifest, listingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const m = listingManifest([]);

export const valid: RuleCase[] = [
  { name: 'developer, permissions and policy shown', manifest: m, listings: [listingOf()] },
  { name: 'an empty permission list is a list', manifest: m, listings: [listingOf({ permissions: [] })] },
];

export const invalid: InvalidCase[] = [
  { name: 'no privacy policy', manifest: m, listings: [listingOf({ privacyPolicyUrl: undefined }, { status: 'none' })], findings: [{ severity: 'low', confidence: 'possible', clauses: ['M164-4.1'], message: 'the privacy policy' }] },
  { name: 'nothing shown', manifest: m, listings: [listingOf({ developer: undefined, permissions: undefined, privacyPolicyUrl: undefined }, { status: 'none' })], findings: [{ message: 'the developer, the permission list, the privacy policy' }] },
];
