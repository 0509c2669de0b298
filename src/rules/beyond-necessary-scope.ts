// 认定方法 四.1, 必要个人信息范围规定 第五条 (NS-5), GB/T 41391 6.1: data types that the app type's necessary
// information cannot explain. Refusal handling is dynamic, so this is never high.
import { defineRule } from './define-rule.ts';
import { necessaryDataTypes } from './app-types.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeNames, NOTABLE_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence, permissionEvidence } from './lib/evidence.ts';

export default defineRule({
  meta: {
    id: 'beyond-necessary-scope',
    title: { zh: '收集超出该类App必要范围的个人信息', en: 'Collects beyond the necessary information of the app type' },
    clauses: ['RD-4.1', 'NS-5', 'GB41391-6.1'],
    mayCite: ['NS-5-NONE', 'M164-2.1-S8'],
    methods: ['static', 'manifest'],
    severity: 'medium',
    usesAppType: true,
    docs: {
      description: { zh: '按39类App必要个人信息范围，应用收集的某类信息不属于其基本功能必要信息；13类无须个人信息的App收集任何此类信息均在此列。', en: 'A collected data type falls outside the necessary information of the app type (the 39 types); for the 13 types that need none, any such type.' },
      rationale: 'Extended features may justify it with consent, and whether refusal blocks the basic function is dynamic, so at most medium and `possible`; with an inferred type, low.',
    },
  },
  check(ctx) {
    const t = ctx.appType.type;
    if (t === null) return;
    const allowed = new Set(necessaryDataTypes(t));
    const given = ctx.appType.source === 'given';
    // One finding for the app: a permission such as READ_PHONE_STATE reaches several types at once.
    const beyond = [...collectedDataTypes(ctx.facts).values()].filter((c) => NOTABLE_DATA_TYPES.has(c.dataType) && !allowed.has(c.dataType) && (c.reachable || c.permissions.length > 0));
    if (beyond.length === 0) return;
    if (!given && (ctx.appType.confidence ?? 0) < 0.5) return;
    const live = beyond.filter((c) => c.reachable);
    const ids = beyond.map((c) => c.dataType);
    const seenPerm = new Set<string>();
    const evidence = [
      ...live.slice(0, 4).map((c) => codeEvidence(c.calls[0]!)),
      ...beyond.flatMap((c) => c.permissions).filter((p) => !seenPerm.has(p.name) && seenPerm.add(p.name)).slice(0, 4).map((x) => permissionEvidence(x)),
    ];
    // A permission alone is not collection: the types only a permission reaches are named apart.
    const liveNames = dataTypeNames(live.map((c) => c.dataType));
    const permOnly = dataTypeNames(beyond.filter((c) => !c.reachable).map((c) => c.dataType));
    const what = live.length === 0
      ? { zh: `申请权限可收集：${permOnly.zh}`, en: `requests permissions for: ${permOnly.en}` }
      : live.length === beyond.length
        ? { zh: `收集：${liveNames.zh}`, en: `collects: ${liveNames.en}` }
        : { zh: `收集：${liveNames.zh}；并申请权限可收集：${permOnly.zh}`, en: `collects: ${liveNames.en}; and requests permissions for: ${permOnly.en}` };
    ctx.report({
      severity: given && live.length > 0 ? 'medium' : 'low',
      confidence: 'possible',
      dataTypes: ids,
      clauses: [...(t.none_needed ? ['RD-4.1', 'NS-5', 'NS-5-NONE', 'GB41391-6.1'] : ['RD-4.1', 'NS-5', 'GB41391-6.1']), ...(live.length === 0 ? ['M164-2.1-S8'] : [])],
      message: {
        zh: `「${t.name_zh}」${given ? '' : `（推断，置信度 ${ctx.appType.confidence ?? '?'}）`}的基本功能${t.none_needed ? '无须任何个人信息' : `必要信息为：${t.necessary_pi.join('；')}`}，应用却${what.zh}。`,
        en: `The basic function of a ${t.name_en} app${given ? '' : ` (inferred, confidence ${ctx.appType.confidence ?? '?'})`} ${t.none_needed ? 'needs no personal information' : `needs only: ${t.necessary_pi_en.join('; ')}`}, yet the app ${what.en}.`,
      },
      evidence,
      runtimeCheck: { zh: '逐项拒绝这些权限或信息，确认基本功能仍可正常使用。', en: 'Refuse each of these permissions or data and check that the basic function still works.' },
    });
  },
});
