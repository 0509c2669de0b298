// 认定方法 六.1, 2025 专项 (C25-3), GB/T 35273 8.5: no way to cancel the account.
import { defineRule } from './define-rule.ts';
import { scaledToProcessing } from './lib/processing.ts';
import { missingEvidence } from './lib/evidence.ts';
import { completePolicy, mentionsAccounts, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'no-account-cancellation',
    title: { zh: '未提供注销账号的方式', en: 'No way to cancel the account' },
    clauses: ['RD-6.1', 'C25-3', 'GB35273-8.5'],
    methods: ['policy'],
    severity: 'high',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '政策涉及用户账号，却没有任何注销账号的说明。', en: 'The policy concerns user accounts but says nowhere how to cancel one.' },
      rationale: 'A complete policy with no cancellation text anywhere is `confirmed` (the policy is the evidence); a short one may link elsewhere, so `likely`. A service without accounts has nothing to cancel. Scaled to what the app processes: low at most when neither its code nor its policy shows personal information, medium when it only requests permissions.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || p.hasAccountDeletion !== false || !mentionsAccounts(p)) return;
    ctx.report(scaledToProcessing(ctx, {
      severity: 'high',
      confidence: completePolicy(p) ? 'confirmed' : 'likely',
      message: { zh: '隐私政策未说明如何注销账号。', en: 'The policy does not say how to cancel the account.' },
      evidence: [missingEvidence(p, '注销账号 / account cancellation')],
      runtimeCheck: { zh: '在“设置/账号与安全”中查找注销入口并走完流程。', en: 'Look for account cancellation under settings and complete it.' },
    }));
  },
});
