// 认定方法 六.3 and 六.5: requests and complaints must be handled within the committed period, at most 15
// working days.
import { defineRule } from './define-rule.ts';
import { scaledToProcessing } from './lib/processing.ts';
import { spanEvidence, missingEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';

/** 15 working days span three calendar weeks at the least. */
const MAX_WORKING_DAYS = 15;
const MAX_CALENDAR_DAYS = 21;

export default defineRule({
  meta: {
    id: 'response-time-too-long',
    title: { zh: '承诺的响应时限超过15个工作日', en: 'Committed response time over 15 working days' },
    clauses: ['RD-6.3', 'RD-6.5'],
    methods: ['policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '政策承诺的投诉或请求处理时限超过15个工作日（按自然日计超过21天）。', en: 'The policy commits to handling complaints or requests in more than 15 working days (over 21 calendar days).' },
      rationale: 'The sentence states the period, so it is `confirmed` when the unit is explicit; with an unclear unit it is `likely`. Scaled to what the app processes: low at most when neither its code nor its policy shows personal information, medium when it only requests permissions.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const days = p.complaint.responseDays;
    if (days === null) return;
    const working = p.complaint.workingDays;
    const over = working === true ? days > MAX_WORKING_DAYS : days > MAX_CALENDAR_DAYS;
    if (!over) return;
    const span = p.complaint.evidence.find((e) => e.sentence.includes(String(days))) ?? p.complaint.evidence[0];
    const unitZh = working === true ? '个工作日' : working === false ? '天' : '日';
    ctx.report(scaledToProcessing(ctx, {
      severity: 'medium',
      confidence: working === null ? 'likely' : 'confirmed',
      message: { zh: `隐私政策承诺在${days}${unitZh}内答复，超过15个工作日的上限。`, en: `The policy commits to reply within ${days} ${working === true ? 'working ' : ''}days, beyond the limit of 15 working days.` },
      evidence: [span !== undefined ? spanEvidence(p, span) : missingEvidence(p, 'response period')],
    }));
  },
});
