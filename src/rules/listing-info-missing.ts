// 164号文 4.1: a distribution platform must show the app's developer, its permissions and its privacy policy.
// A listing read without one of them is the store's duty, not the app's.
import { defineRule } from './define-rule.ts';
import { listingEvidence } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-info-missing',
    title: { zh: '应用商店未展示开发者、权限列表或隐私政策', en: 'Store listing does not show the developer, permissions or privacy policy' },
    clauses: ['M164-4.1'],
    methods: ['manifest'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '读取的商店页面缺少开发者名称、权限列表或隐私政策链接之一，属于应用分发平台上的APP信息明示不到位。', en: 'The listing as read shows no developer name, no permission list or no privacy-policy link: the app information on the distribution platform is not clearly shown.' },
      rationale: 'Names the store (164号文 4.1 is a platform duty). `possible`: a connector may not capture every field a store page shows; the listing\'s address is in the evidence to check.',
    },
  },
  check(ctx) {
    for (const { listing: l } of ctx.listings ?? []) {
      const missing: { zh: string; en: string; field: string }[] = [];
      if (l.developer === undefined || l.developer.trim() === '') missing.push({ zh: '开发者', en: 'the developer', field: 'developer' });
      if (l.permissions === undefined) missing.push({ zh: '权限列表', en: 'the permission list', field: 'permissions' });
      if (l.privacyPolicyUrl === undefined || l.privacyPolicyUrl.trim() === '') missing.push({ zh: '隐私政策', en: 'the privacy policy', field: 'privacyPolicyUrl' });
      if (missing.length === 0) continue;
      ctx.report({
        severity: 'low',
        confidence: 'possible',
        message: {
          zh: `应用商店「${l.store}」的页面未展示${missing.map((m) => m.zh).join('、')}。`,
          en: `The ${l.store} listing does not show ${missing.map((m) => m.en).join(', ')}.`,
        },
        evidence: [listingEvidence(l, 'missing', missing.map((m) => m.field).join(', '))],
        store: l.store,
      });
    }
  },
});
