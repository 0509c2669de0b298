// GB/T 35273 5.5 and 附录D: the policy names the operator and a way to reach it.
import { defineRule } from './define-rule.ts';
import { missingEvidence } from './lib/evidence.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'no-operator-contact',
    title: { zh: '隐私政策无运营者联系方式', en: 'No way to contact the operator' },
    clauses: ['GB35273-5.5', 'RD-6.5'],
    methods: ['policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策没有电子邮箱、电话、地址或在线表单等任何联系方式。', en: 'The policy gives no e-mail, phone, address or online form.' },
      rationale: 'Contacts are easy to find in text, so a complete policy with none is `likely`.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || p.hasContact !== false) return;
    ctx.report({
      severity: 'medium',
      confidence: completePolicy(p) ? 'likely' : 'possible',
      message: { zh: '隐私政策未提供任何联系方式（邮箱、电话、地址或在线表单）。', en: 'The policy gives no contact (e-mail, phone, address or online form).' },
      evidence: [missingEvidence(p, 'e-mail, phone, postal address, online form')],
    });
  },
});
