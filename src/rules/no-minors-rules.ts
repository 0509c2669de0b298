// 个人信息保护法 第三十一条 (MIN-1), 2026 专项 (C26-4), GB/T 35273 5.4: rules for children under 14 and the
// guardian's consent.
import { defineRule } from './define-rule.ts';
import { missingEvidence, spanEvidence } from './lib/evidence.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';

/** Types whose users are likely to include children. */
const CHILD_FACING = new Set(['education', 'online_games', 'short_video', 'live_streaming', 'online_audio_video', 'ebook']);

export default defineRule({
  meta: {
    id: 'no-minors-rules',
    title: { zh: '未制定儿童个人信息处理规则或未要求监护人同意', en: 'No rules for children\'s data, or no guardian consent' },
    clauses: ['MIN-1', 'C26-4', 'GB35273-5.4'],
    methods: ['policy'],
    severity: 'high',
    usesAppType: true,
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策没有未成年人/不满十四周岁儿童条款，或有条款但未要求监护人同意。', en: 'The policy has no clause on minors or children under 14, or has one without guardian consent.' },
      rationale: 'The duty applies when children\'s data is processed, which static analysis cannot know: medium for child-facing types (education, games, video) or the education sector, low otherwise.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const childFacing = ctx.sector === 'education' || (ctx.appType.type !== null && CHILD_FACING.has(ctx.appType.type.code));
    if (p.hasMinorsClause === false) {
      ctx.report({
        severity: childFacing ? 'medium' : 'low',
        confidence: childFacing && completePolicy(p) ? 'likely' : 'possible',
        message: { zh: '隐私政策未包含未成年人（不满十四周岁儿童）个人信息处理规则。', en: 'The policy has no rules for the personal information of minors or children under 14.' },
        evidence: [missingEvidence(p, '未成年人 / 儿童 / 不满十四周岁 rules')],
      });
      return;
    }
    if (p.hasMinorsClause === true && p.minors.guardianConsent === false) {
      const span = p.minors.evidence[0];
      ctx.report({
        severity: childFacing ? 'medium' : 'low',
        confidence: 'likely',
        message: { zh: '隐私政策有未成年人条款，但未要求取得父母或监护人同意。', en: 'The policy has a minors clause but does not require the consent of a parent or guardian.' },
        evidence: [...(span !== undefined ? [spanEvidence(p, span)] : []), missingEvidence(p, '监护人同意 / guardian consent')],
      });
    }
  },
});
