// 个人信息保护法 第二十九条 (PIPL-29), 2026 专项 卫生健康领域 (C26-2): health, face and ID data are sensitive and
// need separate consent with the necessity and impact explained.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeInfo } from './lib/data-types.ts';
import { codeEvidence, missingEvidence, permissionEvidence } from './lib/evidence.ts';
import { completePolicy, findSentence, usablePolicy } from './lib/policy.ts';
import { miniByType } from './lib/mini.ts';

// Face data has its own rule (face-without-separate-consent) in every sector.
const SENSITIVE = ['health', 'identity.id-number', 'finance.bank-account'];
// Collection of medical records, not the definition of sensitive information that every policy carries.
const MEDICAL = /(收集|获取|提供|上传|记录|填写)[^。]{0,30}(病历|病情|诊断|处方|检查报告|就诊记录|健康档案)/;
// Separate consent said of the sensitive data itself, not of sharing in general.
const SEPARATE = /(敏感个人信息|人脸|生物识别|健康|医疗|病历|身份证)[^。]{0,60}(单独同意|单独授权|单独的同意|另行(征得|取得)|单独征得)|(单独同意|单独授权|单独征得)[^。]{0,30}(敏感个人信息|人脸|生物识别|健康|医疗|病历)/;

export default defineRule({
  meta: {
    id: 'health-sensitive-consent',
    title: { zh: '医疗健康敏感个人信息未取得单独同意', en: 'Health-sector sensitive data without separate consent' },
    clauses: ['PIPL-29', 'C26-2'],
    methods: ['static', 'policy'],
    severity: 'medium',
    sector: 'health',
    // A mini-program too (hospital registration mini-programs are named in the notices): its wx reads.
    appliesTo: ['apk', 'jar', 'aar', 'dex', 'wxapkg'],
    docs: {
      description: { zh: '卫生健康领域：处理健康、病历、人脸或身份证件等敏感个人信息，政策未说明单独同意及必要性、影响。', en: 'Health sector: health records, face or ID data are processed and the policy does not mention separate consent with necessity and impact.' },
      rationale: 'The consent dialog itself is dynamic; the policy\'s silence is `likely` when complete, `possible` otherwise.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p) || SEPARATE.test(p.text)) return;
    const collected = collectedDataTypes(ctx.facts);
    const mini = ctx.mini === undefined ? null : miniByType(ctx.mini);
    const types = SENSITIVE.filter((t) => collected.has(t) || mini?.has(t) === true || p.declaredDataTypes.includes(t));
    const medical = findSentence(p, MEDICAL);
    if (types.length === 0 && medical === undefined) return;
    const code = mini !== null ? types.flatMap((t) => (mini.get(t) ?? []).slice(0, 1).map((r) => r.evidence)) : types.flatMap((t) => [...(collected.get(t)?.calls.slice(0, 1).map((c) => codeEvidence(c)) ?? []), ...(collected.get(t)?.permissions.slice(0, 1).map((x) => permissionEvidence(x)) ?? [])]);
    const names = [...types.map((t) => dataTypeInfo(t).zh), ...(medical !== undefined ? ['医疗信息'] : [])];
    ctx.report({
      severity: 'medium',
      confidence: completePolicy(p) ? 'likely' : 'possible',
      dataTypes: types,
      message: { zh: `处理敏感个人信息（${names.join('、')}），政策未说明取得单独同意。`, en: `Sensitive personal information (${types.join(', ') || 'medical records'}) is processed and the policy does not mention separate consent.` },
      evidence: [...(medical !== undefined ? [{ kind: 'policy' as const, excerpt: medical.sentence, start: medical.start, end: medical.end, section: medical.section, source: p.source }] : []), ...code.slice(0, 3), missingEvidence(p, '单独同意 / separate consent')],
      runtimeCheck: { zh: '首次处理该信息前确认是否单独弹窗征得同意。', en: 'Before the first use of this data, check for a separate consent dialog.' },
    });
  },
});
