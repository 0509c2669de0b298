// 认定方法 六.2 and 六.3, 2026 专项 (D26-4): account cancellation must not demand new face scans or hand-held ID
// photos, and must finish within 15 working days.
import { defineRule } from './define-rule.ts';
import { scaledToProcessing } from './lib/processing.ts';
import { spanEvidence } from './lib/evidence.ts';
import { findSentence, usablePolicy } from './lib/policy.ts';

const DEMANDS = /注销[^。]{0,80}(手持身份证|身份证(正反面|照片)|人脸(识别|验证|核验)|刷脸|视频认证|线下(办理|网点))|(手持身份证|人脸(识别|验证)|刷脸|视频认证)[^。]{0,40}注销/;
const PERIOD = /注销[^。]{0,80}?(\d{1,3})\s*个?(工作日|自然日|天|日)/;

export default defineRule({
  meta: {
    id: 'cancellation-conditions',
    title: { zh: '注销账号设置不合理条件或时限过长', en: 'Unreasonable conditions or delay for account cancellation' },
    clauses: ['RD-6.2', 'D26-4'],
    mayCite: ['RD-6.3'],
    methods: ['policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '注销账号要求人脸识别、手持身份证照片、线下办理等，或承诺的注销时限超过15个工作日。', en: 'Cancellation demands a face scan, a hand-held ID photo or an office visit, or the committed period exceeds 15 working days.' },
      rationale: 'The policy sentence states it, so `likely`; anti-fraud checks can justify extra steps, which only a person can weigh. Scaled to what the app processes: low at most when neither its code nor its policy shows personal information, medium when it only requests permissions.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const demand = findSentence(p, DEMANDS);
    if (demand !== undefined) {
      ctx.report(scaledToProcessing(ctx, {
        severity: 'medium',
        confidence: 'likely',
        message: { zh: '注销账号要求人脸识别、手持身份证或线下办理等额外条件。', en: 'Account cancellation demands a face scan, hand-held ID photo or an office visit.' },
        evidence: [spanEvidence(p, demand)],
        runtimeCheck: { zh: '走一遍注销流程，记录要求提供的材料。', en: 'Go through cancellation and record what it demands.' },
      }));
    }
    const m = PERIOD.exec(p.text);
    if (m !== null) {
      const days = Number(m[1]);
      const working = m[2] === '工作日';
      if (working ? days > 15 : days > 21) {
        const span = findSentence(p, PERIOD)!;
        ctx.report(scaledToProcessing(ctx, {
          severity: 'medium',
          confidence: 'likely',
          clauses: ['RD-6.3', 'D26-4'],
          title: { zh: '注销账号时限超过15个工作日', en: 'Account cancellation takes over 15 working days' },
          message: { zh: `隐私政策承诺注销在${days}${working ? '个工作日' : '天'}内完成，超过15个工作日。`, en: `The policy commits to cancel within ${days} ${working ? 'working ' : ''}days, over 15 working days.` },
          evidence: [spanEvidence(p, span)],
        }));
      }
    }
  },
});
