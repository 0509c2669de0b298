// 认定方法 六.5, 2025 专项 (C25-3): no published complaint or reporting channel for personal information.
import { defineRule } from './define-rule.ts';
import { scaledToProcessing } from './lib/processing.ts';
import { missingEvidence } from './lib/evidence.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'no-complaint-channel',
    title: { zh: '未建立并公布个人信息投诉举报渠道', en: 'No complaint or reporting channel for personal information' },
    clauses: ['RD-6.5', 'C25-3'],
    methods: ['policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策未公布个人信息安全投诉、举报渠道（泛泛的“联系我们”不算）。', en: 'The policy publishes no complaint or reporting channel for personal information (a generic "contact us" is not one).' },
      rationale: 'With a contact but no complaint wording the user can still complain, so low; with no contact at all, medium. `likely`: wording varies. Scaled to what the app processes: low at most when neither its code nor its policy shows personal information, medium when it only requests permissions.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || p.hasComplaintChannel !== false) return;
    const hasContact = p.hasContact === true;
    ctx.report(scaledToProcessing(ctx, {
      severity: hasContact ? 'low' : 'medium',
      confidence: completePolicy(p) ? 'likely' : 'possible',
      message: hasContact
        ? { zh: '隐私政策有联系方式，但未明确个人信息投诉、举报渠道。', en: 'The policy has a contact but names no complaint or reporting channel for personal information.' }
        : { zh: '隐私政策既无联系方式，也无个人信息投诉、举报渠道。', en: 'The policy has neither a contact nor a complaint channel for personal information.' },
      evidence: [missingEvidence(p, '投诉/举报 channel, contact e-mail, phone or address')],
    }));
  },
});
