// 认定方法 三.8: no way to withdraw consent.
import { defineRule } from './define-rule.ts';
import { scaledToProcessing } from './lib/processing.ts';
import { missingEvidence } from './lib/evidence.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'no-withdraw-consent',
    title: { zh: '未提供撤回同意的途径', en: 'No way to withdraw consent' },
    clauses: ['RD-3.8'],
    methods: ['policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策未说明用户如何撤回对收集使用个人信息的同意（如关闭权限、撤回授权）。', en: 'The policy does not say how users withdraw consent (turning off permissions, revoking authorisation).' },
      rationale: 'Policy evidence only; the in-app switch is dynamic, so `likely` at most. Scaled to what the app processes: low at most when neither its code nor its policy shows personal information, medium when it only requests permissions.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || p.withdrawConsent.value !== false) return;
    ctx.report(scaledToProcessing(ctx, {
      severity: 'medium',
      confidence: completePolicy(p) ? 'likely' : 'possible',
      message: { zh: '隐私政策未说明撤回同意的途径和方式。', en: 'The policy does not say how to withdraw consent.' },
      evidence: [missingEvidence(p, '撤回同意 / 撤回授权 / withdraw consent')],
    }));
  },
});
