// 认定方法 二.1 for a mini-program: the code reads a type of personal information (a wx.* call, an open-type
// button) that its privacy guide (用户隐私保护指引, given with --policy or found in the package) does not list.
import { dataTypeInfo, LESSER_DATA_TYPES } from './lib/data-types.ts';
import { missingEvidence } from './lib/evidence.ts';
import { miniReads, miniTypeName, WX_DATA_TERMS, type MiniRead } from './lib/mini.ts';
import { completePolicy, isDeclared, usablePolicy } from './lib/policy.ts';
import { defineRule } from './define-rule.ts';

export default defineRule({
  meta: {
    id: 'mini-undeclared-in-guide',
    title: { zh: '小程序收集的个人信息未在用户隐私保护指引中列明', en: 'Mini-program reads personal information its privacy guide does not list' },
    clauses: ['RD-2.1', 'M164-1.1-S3'],
    methods: ['static', 'policy'],
    severity: 'high',
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: '代码调用接口或使用开放能力按钮（如 open-type="getPhoneNumber"）读取某类个人信息，但用户隐私保护指引未列明。',
        en: 'The code reads a type of personal information through a wx API or an open-type button (open-type="getPhoneNumber"), and the privacy guide does not list it.',
      },
      rationale: 'High for the app\'s own reads of personal data, medium for means (album, camera, microphone…) and for reads only in a plugin or npm package. Only with a readable guide (given with --policy, or found in the package: WeChat keeps it on the platform, so usually given). `likely` for the app\'s own fixed reads against a whole guide; `possible` when the guide is short, the reads are only in a plugin or npm package, the open-type is computed, or the type is matched by words (address, nickname and avatar, invoice) rather than the analyser\'s data types.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    const p = ctx.policy;
    if (m === undefined || !usablePolicy(p)) return;
    const byType = new Map<string, { label: { zh: string; en: string }; reads: MiniRead[]; words: boolean }>();
    for (const r of miniReads(m)) {
      for (const dt of r.dataTypes) {
        if (isDeclared(p, dt)) continue;
        const info = dataTypeInfo(dt);
        const e = byType.get(dt) ?? { label: miniTypeName(dt, info), reads: [], words: false };
        e.reads.push(r);
        byType.set(dt, e);
      }
      if (r.dataTypes.length === 0 && r.wxData !== null) {
        const terms = WX_DATA_TERMS[r.wxData];
        if (terms === undefined || terms.test(p.text)) continue;
        const e = byType.get(r.wxData) ?? { label: { zh: r.zh, en: r.en }, reads: [], words: true };
        e.reads.push(r);
        byType.set(r.wxData, e);
      }
    }
    for (const [type, e] of byType) {
      const own = e.reads.filter((r) => !r.thirdParty && !r.dynamic);
      const strong = own.length > 0 && !e.words && completePolicy(p);
      const whats = [...new Set(e.reads.map((r) => r.what))];
      ctx.report({
        severity: own.length > 0 && !LESSER_DATA_TYPES.has(type) ? 'high' : 'medium',
        confidence: strong ? 'likely' : 'possible',
        dataTypes: e.words ? [] : [type],
        message: {
          zh: `小程序通过 ${whats.join('、')} 读取「${e.label.zh}」（${e.reads.length} 处），用户隐私保护指引未列明。${own.length === 0 ? '这些读取都在插件、npm 包或动态 open-type 中。' : ''}`,
          en: `The mini-program reads ${e.label.en} through ${whats.join(', ')} (${e.reads.length} site(s)), which the privacy guide does not list.${own.length === 0 ? ' All of them are in a plugin, an npm package or a computed open-type.' : ''}`,
        },
        evidence: [...e.reads.slice(0, 4).map((r) => r.evidence), missingEvidence(p, e.words ? `${type}: ${WX_DATA_TERMS[type]?.source ?? ''}` : `${e.label.zh} (${type})`)],
      });
    }
  },
});
