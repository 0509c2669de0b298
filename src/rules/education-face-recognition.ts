// 人脸识别技术应用安全管理办法 (FR-2, FR-3), 2026 专项 教育领域 (C26-2): face recognition as the only identity
// check, and children's face data without a guardian's consent.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { codeEvidence, missingEvidence, spanEvidence } from './lib/evidence.ts';
import { findSentence, usablePolicy } from './lib/policy.ts';
import { miniByType } from './lib/mini.ts';

const FACE_SDK = /(face|liveness|人脸|活体|megvii|sensetime|arcsoft|faceid)/i;
// An alternative named as a way to verify identity, not any "其他方式" of the boilerplate.
const ALTERNATIVE = /((其他|非人脸|替代)[^。；]{0,10}(验证|认证|核验)|(短信验证码|密码)[^。；]{0,10}(登录|验证|核验)|人工(审核|核验))/;
const GUARDIAN = /(监护人|父母).{0,20}(同意|授权)/;

export default defineRule({
  meta: {
    id: 'education-face-recognition',
    title: { zh: '教育类应用的人脸识别：唯一验证方式或缺少监护人同意', en: 'Education app face recognition: the only check, or no guardian consent' },
    clauses: ['FR-2', 'FR-3', 'C26-2'],
    methods: ['static', 'policy'],
    severity: 'medium',
    sector: 'education',
    // A mini-program too: wx.startFacialRecognitionVerify and its kin are its face reads.
    appliesTo: ['apk', 'jar', 'aar', 'dex', 'wxapkg'],
    docs: {
      description: { zh: '教育领域应用处理人脸信息：政策未提供人脸以外的验证方式，或未要求监护人对未成年人人脸信息的同意。', en: 'Education sector app processing face data: the policy offers no alternative to face verification, or no guardian consent for minors\' face data.' },
      rationale: 'The UI decides whether face is the only way: `possible`. The guardian-consent gap is read from the policy: `likely`.',
    },
  },
  check(ctx) {
    const face = collectedDataTypes(ctx.facts).get('biometric.face');
    const faceSdks = ctx.facts.sdks.filter((s) => s.category === 'face' || FACE_SDK.test(`${s.id} ${s.name}`));
    const p = usablePolicy(ctx.policy) ? ctx.policy : null;
    const faceInPolicy = p !== null ? findSentence(p, /(人脸|面部识别|刷脸)/) : undefined;
    const miniFace = ctx.mini === undefined ? [] : (miniByType(ctx.mini).get('biometric.face') ?? []);
    if (face === undefined && faceSdks.length === 0 && faceInPolicy === undefined && miniFace.length === 0) return;
    const code = [
      ...miniFace.slice(0, 2).map((r) => r.evidence),
      ...(face?.calls.slice(0, 2).map((c) => codeEvidence(c)) ?? []),
      ...faceSdks.slice(0, 2).map((s) => ({ kind: 'code' as const, caller: s.evidenceClasses[0] ?? s.id, owner: { kind: 'sdk' as const, sdk: s.id }, note: `face SDK ${s.name}` })),
    ];
    const base = faceInPolicy !== undefined && p !== null ? [spanEvidence(p, faceInPolicy)] : [];
    if (p === null || !ALTERNATIVE.test(p.text)) {
      ctx.report({
        severity: 'medium',
        confidence: 'possible',
        clauses: ['FR-2', 'C26-2'],
        dataTypes: ['biometric.face'],
        message: { zh: '应用使用人脸识别，政策未说明可选择的其他身份验证方式。', en: 'The app uses face recognition and the policy names no alternative way to verify identity.' },
        evidence: [...base, ...code, ...(p !== null ? [missingEvidence(p, 'alternatives to face verification')] : [])].slice(0, 5),
        runtimeCheck: { zh: '在需验证身份处确认是否提供短信、密码等非人脸方式。', en: 'Where identity is checked, see whether SMS or password options exist.' },
      });
    }
    if (p !== null && !GUARDIAN.test(p.text)) {
      ctx.report({
        severity: 'medium',
        confidence: 'likely',
        clauses: ['FR-3', 'C26-2'],
        dataTypes: ['biometric.face'],
        message: { zh: '教育类应用处理人脸信息，政策未要求不满十四周岁未成年人的父母或监护人同意。', en: 'An education app processes face data and the policy does not require a parent\'s or guardian\'s consent for children under 14.' },
        evidence: [...base, missingEvidence(p, '监护人同意 for face data')],
      });
    }
  },
});
