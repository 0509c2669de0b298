// 人脸识别技术应用安全管理办法 (FR-1), 个人信息保护法 第二十九条: face data needs separate consent.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { codeEvidence, missingEvidence, spanEvidence } from './lib/evidence.ts';
import { completePolicy, findSentence, usablePolicy } from './lib/policy.ts';

const SEPARATE = /(人脸|面部|生物识别|敏感个人信息)[^。]{0,80}(单独同意|单独授权|单独征得|另行(征得|取得)[^。]{0,6}同意)|(单独同意|单独授权|单独征得)[^。]{0,40}(人脸|面部|生物识别|敏感个人信息)/;

export default defineRule({
  meta: {
    id: 'face-without-separate-consent',
    title: { zh: '处理人脸信息未说明单独同意', en: 'Face data without separate consent' },
    clauses: ['FR-1', 'PIPL-29'],
    methods: ['static', 'policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '代码或政策表明处理人脸信息，政策未说明取得单独同意。', en: 'Code or policy shows face data processed, and the policy does not mention separate consent.' },
      rationale: 'The consent dialog is dynamic: medium, `likely` when the policy is complete and states face processing, `possible` from code alone.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || SEPARATE.test(p.text)) return;
    const face = collectedDataTypes(ctx.facts).get('biometric.face');
    const live = face?.calls.filter((c) => c.reachable === true) ?? [];
    const stated = findSentence(p, /(人脸|面部识别|刷脸)/);
    if (live.length === 0 && stated === undefined) return;
    ctx.report({
      severity: 'medium',
      confidence: stated !== undefined && completePolicy(p) ? 'likely' : 'possible',
      dataTypes: ['biometric.face'],
      message: { zh: '应用处理人脸信息，隐私政策未说明取得用户的单独同意。', en: 'The app processes face data and the policy does not mention the user\'s separate consent.' },
      evidence: [...(stated !== undefined ? [spanEvidence(p, stated)] : []), ...live.slice(0, 2).map((c) => codeEvidence(c)), missingEvidence(p, '单独同意 for face data')],
      runtimeCheck: { zh: '首次使用人脸功能前确认是否单独弹窗征得同意。', en: 'Before the first face scan, check for a separate consent dialog.' },
    });
  },
});
