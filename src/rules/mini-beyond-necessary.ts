// 必要个人信息范围规定 第五条 for a mini-program (its 第二条 covers 小程序, NS-2): a type the code reads (wx calls,
// open-type buttons) outside the necessary information of the app type given with --category.
import { necessaryDataTypes } from './app-types.ts';
import { dataTypeInfo, NOTABLE_DATA_TYPES } from './lib/data-types.ts';
import { miniReads, miniTypeName } from './lib/mini.ts';
import { defineRule } from './define-rule.ts';

export default defineRule({
  meta: {
    id: 'mini-beyond-necessary',
    title: { zh: '小程序收集超出该类型必要范围的个人信息', en: 'Mini-program reads beyond the necessary information of its type' },
    clauses: ['NS-5', 'NS-2', 'RD-4.1'],
    mayCite: ['NS-5-NONE'],
    methods: ['static'],
    severity: 'medium',
    usesAppType: true,
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: '按39类必要个人信息范围（适用于小程序），小程序代码读取的某类信息（如手机号、位置）不属于其类型（--category 给出，如问诊挂号类、网络借贷类）基本功能的必要信息。',
        en: 'Under the 39-type necessary-information rules (which cover mini-programs), the code reads a type (phone number, location…) outside what the basic function of its type (given with --category: medical registration, online lending…) needs.',
      },
      rationale: 'Only with a type given: mini-programs carry no store category to infer one from. An extended feature with consent may justify the read, and whether refusal blocks the basic function is dynamic, so `possible`; medium for the app\'s own code, low when only a plugin or npm package reads it.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    const t = ctx.appType.type;
    if (m === undefined || t === null || ctx.appType.source !== 'given') return;
    const allowed = new Set(necessaryDataTypes(t));
    const reads = miniReads(m).filter((r) => r.dataTypes.some((d) => NOTABLE_DATA_TYPES.has(d) && !allowed.has(d)));
    if (reads.length === 0) return;
    const types = [...new Set(reads.flatMap((r) => r.dataTypes.filter((d) => NOTABLE_DATA_TYPES.has(d) && !allowed.has(d))))];
    const named = types.map((t) => miniTypeName(t, dataTypeInfo(t)));
    const names = { zh: named.map((n) => n.zh).join('、'), en: named.map((n) => n.en).join(', ') };
    const own = reads.some((r) => !r.thirdParty);
    ctx.report({
      severity: own ? 'medium' : 'low',
      confidence: 'possible',
      dataTypes: types,
      clauses: t.none_needed ? ['NS-5', 'NS-5-NONE', 'NS-2', 'RD-4.1'] : ['NS-5', 'NS-2', 'RD-4.1'],
      message: {
        zh: `「${t.name_zh}」小程序的基本功能${t.none_needed ? '无须任何个人信息' : `必要信息为：${t.necessary_pi.join('；')}`}，代码却读取：${names.zh}（${[...new Set(reads.map((r) => r.what))].join('、')}）。`,
        en: `The basic function of a ${t.name_en} mini-program ${t.none_needed ? 'needs no personal information' : `needs only: ${t.necessary_pi_en.join('; ')}`}, yet the code reads ${names.en} (${[...new Set(reads.map((r) => r.what))].join(', ')}).`,
      },
      evidence: reads.slice(0, 6).map((r) => r.evidence),
      runtimeCheck: { zh: '拒绝授权这些信息（如不点击手机号按钮、拒绝位置授权），确认基本功能仍可使用。', en: 'Refuse each of these (do not tap the phone-number button, deny location) and check the basic function still works.' },
    });
  },
});
