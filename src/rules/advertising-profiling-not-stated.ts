// 2026 专项 (C26-1): rules must state that personal information is used for ads and profiling.
import { defineRule } from './define-rule.ts';
import { missingEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';
import { isAdSdk } from './lib/sdk.ts';

const ADS_STATED = /(广告|用户画像|画像|营销|推广)/;

export default defineRule({
  meta: {
    id: 'advertising-profiling-not-stated',
    title: { zh: '未说明将个人信息用于广告或用户画像', en: 'Use for ads or profiling not stated' },
    clauses: ['C26-1'],
    methods: ['static', 'policy'],
    severity: 'medium',
    sector: 'advertising',
    docs: {
      description: { zh: '应用嵌入广告SDK，但隐私政策没有提到广告、营销或用户画像。', en: 'The app embeds ad SDKs but the policy never mentions ads, marketing or profiling.' },
      rationale: 'The SDK\'s presence is static evidence and the policy\'s silence is textual: `likely`.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || ADS_STATED.test(p.text)) return;
    const ads = ctx.facts.sdks.filter((s) => isAdSdk(s));
    if (ads.length === 0) return;
    ctx.report({
      severity: 'medium',
      confidence: 'likely',
      ...(ads.length === 1 ? { sdk: ads[0]!.id } : {}),
      message: { zh: `应用嵌入广告SDK（${ads.map((a) => a.nameZh || a.name).join('、')}），隐私政策未说明个人信息用于广告或用户画像。`, en: `The app embeds ad SDKs (${ads.map((a) => a.name).join(', ')}) and the policy does not say personal information is used for ads or profiling.` },
      evidence: [...ads.slice(0, 3).map((a) => ({ kind: 'code' as const, caller: a.evidenceClasses[0] ?? a.id, owner: { kind: 'sdk' as const, sdk: a.id }, note: `ad SDK ${a.name}` })), missingEvidence(p, '广告 / 画像 / 营销')],
    });
  },
});
