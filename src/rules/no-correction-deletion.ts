// 认定方法 六.1, 2025 专项 (C25-3): no way to correct or delete personal information.
import { defineRule } from './define-rule.ts';
import { scaledToProcessing } from './lib/processing.ts';
import { missingEvidence } from './lib/evidence.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'no-correction-deletion',
    title: { zh: '未提供更正、删除个人信息的方式', en: 'No way to correct or delete personal information' },
    clauses: ['RD-6.1', 'C25-3'],
    methods: ['policy'],
    severity: 'high',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '政策未说明用户如何更正或删除其个人信息。', en: 'The policy does not say how users correct or delete their personal information.' },
      rationale: 'Missing in a complete policy is `likely` (rights sections vary in wording more than cancellation does); short policies are `possible`. Scaled to what the app processes: low at most when neither its code nor its policy shows personal information, medium when it only requests permissions.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const missing = [p.correction.value === false ? 'correction' : null, p.deletion.value === false ? 'deletion' : null].filter((m) => m !== null);
    if (missing.length === 0) return;
    const zh = missing.map((m) => (m === 'correction' ? '更正' : '删除')).join('、');
    ctx.report(scaledToProcessing(ctx, {
      severity: missing.length === 2 ? 'high' : 'medium',
      confidence: completePolicy(p) ? 'likely' : 'possible',
      message: { zh: `隐私政策未说明如何${zh}个人信息。`, en: `The policy does not say how to ${missing.map((m) => (m === 'correction' ? 'correct' : 'delete')).join(' or ')} personal information.` },
      evidence: [missingEvidence(p, missing.map((m) => (m === 'correction' ? '更正/修改 (correction)' : '删除 (deletion)')).join(', '))],
      runtimeCheck: { zh: `在应用内查找${zh}个人信息的入口并确认生效。`, en: `Look in the app for a way to ${missing.map((m) => (m === 'correction' ? 'correct' : 'delete')).join(' or ')} personal information.` },
    }));
  },
});
