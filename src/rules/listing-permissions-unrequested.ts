// The other direction: the listing shows a permission the package neither requests nor is granted by the
// platform. Minor (the user is warned of more than the app can do), but the list is not 真实、准确 (M23-1).
import { defineRule } from './define-rule.ts';
import { listingEvidence, packagePermissions } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-permissions-unrequested',
    title: { zh: '应用商店展示了安装包未申请的权限', en: 'Store listing shows permissions the package does not request' },
    clauses: ['M23-1'],
    methods: ['manifest'],
    severity: 'info',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '商店页面的权限列表含有安装包既未申请、系统也不会隐含授予的权限：列表不准确，但未向用户隐瞒权限。', en: 'The listing shows permissions the package neither requests nor is implicitly granted: the list is inaccurate, but nothing is hidden from the user.' },
      rationale: 'Always `info`, `possible`: over-disclosure harms no one, and a listing of another version explains it.',
    },
  },
  check(ctx) {
    const m = ctx.manifest;
    if (m === null) return;
    const held = new Set(packagePermissions(m).map((p) => p.name));
    for (const { listing: l } of ctx.listings ?? []) {
      if (l.permissions === undefined) continue;
      const extra = [...new Set(l.permissions)].filter((p) => !held.has(p));
      if (extra.length === 0) continue;
      ctx.report({
        severity: 'info',
        confidence: 'possible',
        message: {
          zh: `应用商店「${l.store}」展示的权限中有 ${extra.length} 项安装包未申请：${extra.join('、')}。`,
          en: `The listing on ${l.store} shows ${extra.length} permission(s) the package does not request: ${extra.join(', ')}.`,
        },
        evidence: [listingEvidence(l, 'permissions', l.permissions.join(', ')), { kind: 'manifest', element: 'manifest', value: `uses-permission: ${[...held].join(', ') || '(none)'}` }],
      });
    }
  },
});
