// 2026 专项 (C26-1), 个人信息保护法 第二十四条: profiling tags the user cannot see or delete.
import { defineRule } from './define-rule.ts';
import { missingEvidence, spanEvidence } from './lib/evidence.ts';
import { findSentence, usablePolicy } from './lib/policy.ts';

const TAGS = /(用户画像|兴趣标签|用户标签|画像标签|偏好标签)/;
const MANAGE = /(删除|管理|关闭|清除|重置)[^。]{0,20}(标签|画像)|(标签|画像)[^。]{0,20}(删除|管理|关闭|清除|重置)/;

export default defineRule({
  meta: {
    id: 'advertising-tags-not-deletable',
    title: { zh: '用户画像标签无法删除或管理', en: 'Profiling tags cannot be deleted or managed' },
    clauses: ['C26-1', 'PIPL-24'],
    methods: ['policy'],
    severity: 'medium',
    sector: 'advertising',
    // Read from the policy alone: a mini-program's privacy guide or policy too.
    appliesTo: ['apk', 'jar', 'aar', 'dex', 'wxapkg'],
    docs: {
      description: { zh: '政策说明建立用户画像或兴趣标签，但未提供删除、管理或关闭标签的方式。', en: 'The policy describes profiles or interest tags but no way to delete, manage or turn them off.' },
      rationale: 'Read from the policy: `likely`; the app may still have a switch, so a runtime check is given.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const tags = findSentence(p, TAGS);
    if (tags === undefined || MANAGE.test(p.text)) return;
    ctx.report({
      severity: 'medium',
      confidence: 'likely',
      message: { zh: '政策说明建立用户画像/兴趣标签，但未提供删除或管理标签的方式。', en: 'The policy describes user profiles or interest tags but no way to delete or manage them.' },
      evidence: [spanEvidence(p, tags), missingEvidence(p, '删除/管理/关闭 标签或画像')],
      runtimeCheck: { zh: '在设置中查找“兴趣标签/广告偏好”管理入口。', en: 'Look for tag or ad-preference management in settings.' },
    });
  },
});
