// 个人信息保护法 第二十三条 (PIPL-23), 2026 专项 (C26-5), 认定方法 五.2: providing personal information to another
// processor needs the recipient named and the user's separate consent.
import { defineRule } from './define-rule.ts';
import { missingEvidence, spanEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';
import type { Span } from '../policy/types.ts';

/** "我们会向合作伙伴提供您的设备信息": a statement that personal information goes to others. */
const SHARES = /(我们|本应用|本公司)[^。；]{0,10}(会|将|可能|需要)[^。；]{0,20}(与|向)[^。；]{0,40}(共享|提供)[^。；]{0,30}(个人信息|信息|数据|标识)/;
const DENIES = /(不会|不向|不与|不对外|绝不|除外|例外|除非)/;
/** Entrusted processing (委托处理) does not need separate consent. */
const ENTRUSTED = /委托/;
const SEPARATE = /(共享|提供|转让)[^。]{0,80}单独(的)?(同意|授权)|单独(的)?(同意|授权)[^。]{0,60}(共享|提供|转让)/;

export default defineRule({
  meta: {
    id: 'sharing-without-separate-consent',
    title: { zh: '向第三方提供个人信息未说明单独同意', en: 'Sharing with third parties without separate consent' },
    clauses: ['PIPL-23', 'C26-5', 'RD-5.2'],
    methods: ['policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '政策声明向第三方共享或提供个人信息，却没有任何单独同意的表述。', en: 'The policy says personal information is shared with or provided to third parties, and never mentions separate consent.' },
      rationale: 'Whether a recipient is an entrusted processor (no separate consent needed) is a legal judgement: `possible`.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || SEPARATE.test(p.text)) return;
    let span: Span | undefined;
    for (const m of p.text.matchAll(new RegExp(SHARES.source, 'g'))) {
      const start = Math.max(p.text.lastIndexOf('。', m.index) + 1, 0);
      const stop = p.text.indexOf('。', m.index);
      const sentence = p.text.slice(start, stop === -1 ? p.text.length : stop + 1);
      if (DENIES.test(sentence) || ENTRUSTED.test(sentence)) continue;
      span = { sentence: sentence.trim(), start, end: start + sentence.length, section: null };
      break;
    }
    if (span === undefined) return;
    ctx.report({
      severity: 'medium',
      confidence: 'possible',
      message: { zh: '政策声明向第三方共享或提供个人信息，但未说明取得用户的单独同意。', en: 'The policy says personal information goes to third parties but never mentions the user\'s separate consent.' },
      evidence: [spanEvidence(p, span), missingEvidence(p, '单独同意 for sharing')],
      runtimeCheck: { zh: '确认共享前是否单独弹窗征得同意，并告知接收方名称、联系方式、目的和信息种类。', en: 'Check for a separate consent prompt naming the recipient, contact, purpose and data before sharing.' },
    });
  },
});
