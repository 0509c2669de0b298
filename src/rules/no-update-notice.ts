// 认定方法 二.2: when the rules change, users must be told in a proper way.
import { defineRule } from './define-rule.ts';
import { missingEvidence } from './lib/evidence.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';

const NOTICE = /(更新|变更|修订|修改)[^。]{0,60}(通知|告知|提示|弹窗|弹框|公告|推送|站内信|提醒)|(通知|告知|提示|提醒)[^。]{0,40}(更新|变更|修订)/;

export default defineRule({
  meta: {
    id: 'no-update-notice',
    title: { zh: '未说明政策变更时如何通知用户', en: 'No notice of policy changes' },
    clauses: ['RD-2.2'],
    methods: ['policy'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策未说明其更新、变更时将以何种方式通知用户。', en: 'The policy does not say how users are told when it changes.' },
      rationale: 'Whether users are actually notified is dynamic; the policy\'s silence is low, `likely` in a complete policy.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || NOTICE.test(p.text)) return;
    ctx.report({
      severity: 'low',
      confidence: completePolicy(p) ? 'likely' : 'possible',
      message: { zh: '隐私政策未说明变更时如何通知用户。', en: 'The policy does not say how users are notified when it changes.' },
      evidence: [missingEvidence(p, '更新/变更 … 通知/告知/弹窗')],
    });
  },
});
