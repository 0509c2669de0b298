// 认定方法 三.6, 2025 专项 (C25-4), 2026 专项 (C26-1, C26-3), 个人信息保护法 第二十四条: personalised push or ads
// with no way to turn them off.
import { defineRule } from './define-rule.ts';
import { findSentence, usablePolicy } from './lib/policy.ts';
import { missingEvidence, spanEvidence } from './lib/evidence.ts';
import { isAdSdk } from './lib/sdk.ts';

const PERSONALIZATION = /(个性化(推荐|推送|广告|展示|内容|服务)|定向(推送|广告)|精准(推送|营销|广告)|用户画像|兴趣标签|程序化广告)/;

export default defineRule({
  meta: {
    id: 'personalization-no-opt-out',
    title: { zh: '个性化推送或广告未提供关闭选项', en: 'Personalised push or ads with no opt-out' },
    clauses: ['RD-3.6', 'C25-4', 'C26-3', 'PIPL-24'],
    mayCite: ['C26-1', 'M164-1.4-S4', 'GB35273-7.5'],
    methods: ['policy', 'static'],
    severity: 'medium',
    docs: {
      description: { zh: '政策声明（或广告SDK表明）利用个人信息进行个性化推荐、推送或广告，但政策未说明关闭方式。', en: 'The policy states (or an ad SDK shows) personalised recommendations, push or ads, and the policy gives no way to turn them off.' },
      rationale: 'The switch may exist in the app without being described, so the finding is `likely` when the policy states personalisation and `possible` when only an ad SDK suggests it.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || p.personalization.noPersonalization) return;
    if (p.hasPersonalizationOptOut !== false) return;
    const stated = findSentence(p, PERSONALIZATION);
    const adSdks = ctx.facts.sdks.filter((s) => isAdSdk(s));
    if (stated === undefined && adSdks.length === 0) return;
    const clauses = ['RD-3.6', 'C25-4', 'C26-3', 'PIPL-24', 'M164-1.4-S4', 'GB35273-7.5'];
    if (adSdks.length > 0) clauses.push('C26-1');
    ctx.report({
      severity: stated !== undefined ? 'medium' : 'low',
      confidence: stated !== undefined ? 'likely' : 'possible',
      clauses,
      ...(adSdks.length === 1 ? { sdk: adSdks[0]!.id } : {}),
      message: stated !== undefined
        ? { zh: '隐私政策声明进行个性化推荐/推送/广告，但未说明如何关闭或选择非个性化内容。', en: 'The policy states personalised recommendations, push or ads but gives no way to turn them off or choose non-personalised content.' }
        : { zh: `应用嵌入广告SDK（${adSdks.map((s) => s.nameZh || s.name).join('、')}），隐私政策未说明个性化广告的关闭方式。`, en: `The app embeds ad SDKs (${adSdks.map((s) => s.name).join(', ')}) and the policy gives no way to turn off personalised ads.` },
      evidence: [
        ...(stated !== undefined ? [spanEvidence(p, stated)] : adSdks.map((s) => ({ kind: 'code' as const, caller: s.evidenceClasses[0] ?? s.id, owner: { kind: 'sdk' as const, sdk: s.id }, note: `ad SDK ${s.name}` }))),
        missingEvidence(p, 'a way to turn off personalisation (关闭个性化/退出定向推送)'),
      ],
      runtimeCheck: { zh: '在设置中查找“个性化推荐/广告”开关，确认关闭后推送内容不再个性化。', en: 'Look for a personalised-content switch in settings and check that it takes effect.' },
    });
  },
});
