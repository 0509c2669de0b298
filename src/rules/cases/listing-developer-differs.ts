import { listingManifest, listingOf, makePolicy, signingOf } from '../rule-fixtures.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const m = listingManifest([]);
const operator = (name: string): ReturnType<typeof makePolicy> => makePolicy({ operator: { name, evidence: [{ sentence: `本政策由${name}发布。`, start: 0, end: 10, section: null }] } });

export const valid: RuleCase[] = [
  { name: 'certificate O= names the developer', manifest: m, signing: signingOf('C=US, O=Guardian Project, CN=Hans-Christoph Steiner'), listings: [listingOf({ developer: 'Guardian Project' })] },
  { name: 'certificate CN= names the developer', manifest: m, signing: signingOf('OU=Unknown, CN=Hans-Christoph Steiner'), listings: [listingOf({ developer: 'Hans-Christoph Steiner' })] },
  { name: 'Chinese developer, English certificate: not comparable', manifest: m, signing: signingOf('C=CN, O=Tencent Technology (Shenzhen) Company Limited, CN=Tencent'), listings: [listingOf({ developer: '深圳市腾讯计算机系统有限公司' })] },
  { name: 'debug certificate names no one', manifest: m, signing: signingOf('C=US, O=Android, CN=Android Debug'), listings: [listingOf({ developer: 'Acme Widgets Ltd' })] },
  { name: 'the store signs the apps it lists', manifest: m, signing: signingOf('C=UK, O=fdroid.org, OU=FDroid, CN=FDroid'), listings: [listingOf({ store: 'fdroid:https://f-droid.org/repo', developer: 'Acme Widgets Ltd' })] },
  { name: 'policy operator is the developer (suffixes differ)', manifest: m, policy: operator('北京示例科技有限公司'), listings: [listingOf({ developer: '北京示例科技有限责任公司' })] },
  { name: 'no developer listed', manifest: m, signing: signingOf('O=Someone Else'), listings: [listingOf({ developer: undefined })] },
];

export const invalid: InvalidCase[] = [
  { name: 'English names that share nothing', manifest: m, signing: signingOf('C=US, O=Guardian Project, CN=Hans-Christoph Steiner'), listings: [listingOf({ developer: 'Acme Widgets Ltd' })], findings: [{ severity: 'info', confidence: 'possible', clauses: ['M23-1'], message: 'Guardian Project / Hans-Christoph Steiner' }] },
  { name: 'policy names another Chinese company', manifest: m, policy: operator('上海另一家网络有限公司'), listings: [listingOf({ developer: '北京示例科技有限公司' })], findings: [{ severity: 'low', confidence: 'possible', message: 'the privacy policy names the operator' }] },
];
