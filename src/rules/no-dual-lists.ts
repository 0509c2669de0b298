// 工信部 双清单 (DL-1, DL-2): a list of personal information collected and a list of third-party sharing.
import { defineRule } from './define-rule.ts';
import { missingEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';

const COLLECTED_LIST = /(已收集|收集的?)个人信息(明示)?清单|个人信息收集(使用)?清单/;
const SHARING_LIST = /(第三方|与第三方)(信息|个人信息)?共享清单|(第三方)?SDK(目录|清单)|共享个人信息清单|第三方信息共享/;

export default defineRule({
  meta: {
    id: 'no-dual-lists',
    title: { zh: '未提供“双清单”', en: 'No collected-data list or sharing list (双清单)' },
    clauses: ['DL-1', 'DL-2'],
    methods: ['policy'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策未提及已收集个人信息清单或第三方共享清单。', en: 'The policy mentions neither a list of personal information collected nor a list of third-party sharing.' },
      rationale: 'The lists usually live in the app\'s settings, which only a runtime check sees: low and `possible`.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const collected = COLLECTED_LIST.test(p.text);
    const sharing = SHARING_LIST.test(p.text) || p.sdkDisclosures.some((d) => d.fromTable);
    if (collected && sharing) return;
    const missing = [collected ? null : '已收集个人信息清单', sharing ? null : '第三方共享清单'].filter((x) => x !== null);
    ctx.report({
      severity: 'low',
      confidence: 'possible',
      clauses: [...(collected ? [] : ['DL-1']), ...(sharing ? [] : ['DL-2'])],
      message: { zh: `隐私政策未提及${missing.join('和')}。`, en: `The policy mentions no ${[collected ? null : 'list of personal information collected', sharing ? null : 'third-party sharing list'].filter((x) => x !== null).join(' and no ')}.` },
      evidence: [missingEvidence(p, missing.join(', '))],
      runtimeCheck: { zh: '在“设置-隐私”中查找两张清单，确认在两级菜单内。', en: 'Look for both lists under settings, within two menu levels.' },
    });
  },
});
