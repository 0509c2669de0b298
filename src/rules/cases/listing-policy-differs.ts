import { listingManifest, listingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { comparePolicies } from '../../policy/similarity.ts';

const m = listingManifest([]);
const APP = '我们收集您的设备信息（IMEI、Android ID）用于安全风控。我们不会向第三方出售您的个人信息。您可以通过设置注销账号。联系我们：privacy@example.com。';
const OTHER = '本网站使用Cookie改进浏览体验。您可以在浏览器中关闭Cookie。本网站不收集任何账户信息，也不提供注册功能。如有疑问请联系站长。';

export const valid: RuleCase[] = [
  { name: 'not fetched (fetching not allowed)', manifest: m, listings: [listingOf({}, { status: 'not-fetched' })] },
  { name: 'the same policy, wrapped in a web page', manifest: m, listings: [listingOf({}, { status: 'fetched', comparison: comparePolicies(APP, `首页 | 关于我们\n${APP}\n版权所有`, 'assets/privacy.html') })] },
  { name: 'fetched, the app has no policy to compare', manifest: m, listings: [listingOf({}, { status: 'fetched', comparison: null })] },
  { name: 'no policy URL listed', manifest: m, listings: [listingOf({ privacyPolicyUrl: undefined }, { status: 'none' })] },
];

export const invalid: InvalidCase[] = [
  { name: 'link does not open', manifest: m, listings: [listingOf({}, { status: 'unreachable', error: 'HTTP status 404' })], findings: [{ severity: 'low', confidence: 'possible', clauses: ['M23-1'], message: 'HTTP status 404' }] },
  { name: 'another text', manifest: m, listings: [listingOf({}, { status: 'fetched', comparison: comparePolicies(APP, OTHER, 'assets/privacy.html') })], findings: [{ severity: 'low', confidence: 'likely', message: 'not the app\'s own policy' }] },
];
