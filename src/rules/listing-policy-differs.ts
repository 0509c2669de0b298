// 26号文 (M23-1): the privacy policy shown before download. Its link on the store must open (checked only when
// the scan may fetch) and be the policy the app shows: a user who read one at the store agreed to another.
import type { Evidence } from '../report/types.ts';
import { DIFFERENT_BELOW, SAME_AT } from '../policy/similarity.ts';
import { defineRule } from './define-rule.ts';
import { listingEvidence } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-policy-differs',
    title: { zh: '应用商店展示的隐私政策无法访问或与应用内隐私政策不一致', en: 'Store listing\'s privacy policy is unreachable or not the app\'s' },
    clauses: ['M23-1'],
    methods: ['policy', 'network'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: `仅在允许联网获取时检查：商店页面的隐私政策链接无法打开，或其内容与应用内（或给定）的隐私政策不同。比较方法：两文本经 NFKC 规范化、转小写、只保留字母和数字后，取5字符片段集合的 Jaccard 相似度；≥${SAME_AT} 或应用内政策的片段有95%以上出现在网页中即视为同一政策，<${DIFFERENT_BELOW} 为不同文本，其间为部分不同。`, en: `Checked only when the scan may fetch: the listing's policy link does not open, or its text is not the policy the app shows (or was given). Measure: both texts NFKC-normalised, lower-cased, letters and digits only, compared as sets of 5-character shingles (Jaccard); ≥ ${SAME_AT}, or 95% of the app policy's shingles in the page, is the same policy; < ${DIFFERENT_BELOW} a different text; between, partly different.` },
      rationale: 'The operator supplies the link, so the finding is the app\'s. An unreachable link is `possible` (it may be down only at the time it was fetched); a different text is `likely` and `low`; a partly different one `info`, `possible` (an older or newer edition).',
    },
  },
  check(ctx) {
    for (const { listing: l, policy } of ctx.listings ?? []) {
      const url = l.privacyPolicyUrl;
      if (url === undefined) continue;
      if (policy.status === 'unreachable') {
        ctx.report({
          severity: 'low',
          confidence: 'possible',
          message: { zh: `应用商店「${l.store}」展示的隐私政策链接无法访问（${policy.error}）。`, en: `The privacy policy link on the ${l.store} listing could not be opened (${policy.error}).` },
          evidence: [listingEvidence(l, 'privacyPolicyUrl', url), { kind: 'network', url, note: `fetch failed: ${policy.error}` }],
          methods: ['network'],
        });
        continue;
      }
      if (policy.status !== 'fetched' || policy.comparison === null || policy.comparison.verdict === 'same') continue;
      const c = policy.comparison;
      const measure = `Jaccard ${c.jaccard}, containment ${c.containment} (5-character shingles after normalisation; ${c.appLength} vs ${c.listingLength} characters)`;
      const evidence: Evidence[] = [
        listingEvidence(l, 'privacyPolicyUrl', url),
        { kind: 'network', url, note: `fetched; compared with the app's policy: ${measure}` },
        { kind: 'policy', source: c.appSource, excerpt: `the app's policy (${c.appLength} characters after normalisation)` },
      ];
      const different = c.verdict === 'different';
      ctx.report({
        severity: different ? 'low' : 'info',
        confidence: different ? 'likely' : 'possible',
        message: different
          ? { zh: `应用商店「${l.store}」展示的隐私政策与应用内的隐私政策不是同一文本（相似度 ${c.jaccard}）。用户在下载前阅读的规则与应用实际适用的规则不同。`, en: `The privacy policy the ${l.store} listing links to is not the app's own policy (similarity ${c.jaccard}). What the user reads before downloading is not what the app applies.` }
          : { zh: `应用商店「${l.store}」展示的隐私政策与应用内的隐私政策部分不同（相似度 ${c.jaccard}），可能是新旧版本。`, en: `The privacy policy the ${l.store} listing links to differs in part from the app's own (similarity ${c.jaccard}); possibly another edition.` },
        evidence,
      });
    }
  },
});
