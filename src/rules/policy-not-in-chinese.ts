// 认定方法 一.4: a policy with no Simplified Chinese version is hard to read.
import { defineRule } from './define-rule.ts';
import { fileEvidence } from './lib/evidence.ts';
import { hanShare, MIN_HAN_SHARE } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'policy-not-in-chinese',
    title: { zh: '隐私政策无简体中文版本', en: 'Policy has no Simplified Chinese version' },
    clauses: ['RD-1.4'],
    methods: ['policy'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '找到的隐私政策几乎没有中文文字。', en: 'The policy found has almost no Chinese text.' },
      rationale: 'The app may ship a Chinese version elsewhere (another locale or URL): low and `likely`. The other policy rules do not judge a non-Chinese policy at all.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (p === null || !p.found || p.garbled || p.text.length < 200) return;
    const share = hanShare(p.text);
    if (share >= MIN_HAN_SHARE) return;
    const han = (p.text.match(/\p{Script=Han}/gu) ?? []).length;
    const latin = (p.text.match(/[A-Za-z]/g) ?? []).length;
    ctx.report({
      severity: 'low',
      confidence: 'likely',
      message: { zh: `隐私政策（${p.source ?? '未知来源'}）几乎没有中文（汉字占比 ${Math.round(share * 100)}%），未提供简体中文版本。`, en: `The policy (${p.source ?? 'unknown source'}) is almost free of Chinese (${Math.round(share * 100)}% Han characters): no Simplified Chinese version.` },
      evidence: [fileEvidence(p.source ?? 'policy', `${han} Han characters, ${latin} Latin letters`)],
    });
  },
});
