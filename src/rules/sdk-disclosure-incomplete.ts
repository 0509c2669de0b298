// SDK-1, 26号文 (M23-12): each disclosed SDK needs name, vendor, purpose, data collected and a policy link.
import { defineRule } from './define-rule.ts';
import { spanEvidence, missingEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';

const FIELD_ZH: Readonly<Record<string, string>> = { name: 'SDK名称', vendor: '开发者', purpose: '使用目的', data: '收集的个人信息', link: 'SDK隐私政策链接' };

export default defineRule({
  meta: {
    id: 'sdk-disclosure-incomplete',
    title: { zh: 'SDK公示信息不完整', en: 'SDK disclosure missing required fields' },
    clauses: ['SDK-1', 'M23-12'],
    mayCite: ['M164-1.3-S2'],
    methods: ['policy'],
    severity: 'medium',
    docs: {
      description: { zh: '隐私政策的SDK清单缺少名称、开发者、目的、收集信息或隐私政策链接之一。', en: 'An SDK entry in the policy lacks the name, vendor, purpose, data or policy link.' },
      rationale: 'A missing link alone is low. The parser may miss a column, so findings are `likely`, never `confirmed`.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    for (const d of p.sdkDisclosures) {
      const missing = d.missingFields.filter((f) => f in FIELD_ZH);
      if (missing.length === 0) continue;
      const onlyLink = missing.every((f) => f === 'link');
      ctx.report({
        ...(missing.includes('purpose') || missing.includes('data') ? { clauses: ['SDK-1', 'M23-12', 'M164-1.3-S2'] } : {}),
        severity: onlyLink ? 'low' : 'medium',
        confidence: d.fromTable ? 'likely' : 'possible',
        ...(d.sdkId !== null ? { sdk: d.sdkId } : {}),
        message: {
          zh: `隐私政策对SDK「${d.name}」的公示缺少：${missing.map((f) => FIELD_ZH[f]).join('、')}。`,
          en: `The policy's entry for SDK "${d.name}" lacks: ${missing.join(', ')}.`,
        },
        evidence: [spanEvidence(p, d), missingEvidence(p, `${missing.join(', ')} of SDK ${d.name}`)],
      });
    }
  },
});
