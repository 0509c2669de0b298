// 164号文 1.2 场景2 (T/TAF 077 lowest frequency): one owner reading one data type more often than the
// limit of src/runtime/frequency.json, in a recorded run.
import { defineRule } from './define-rule.ts';
import { dataTypeInfo } from './lib/data-types.ts';
import { iso, ownerText, traceEvidence } from './lib/runtime.ts';

export default defineRule({
  meta: {
    id: 'collection-frequency',
    title: { zh: '运行时收集频率超出最低必要', en: 'Personal information read more often than necessary, as recorded at runtime' },
    clauses: ['M164-1.2-S2'],
    mayCite: ['M164-1.2-S8', 'D26-2'],
    methods: ['dynamic'],
    severity: 'medium',
    docs: {
      description: {
        zh: '运行记录显示同一调用方在时间窗口内读取同一类个人信息的次数超过阈值。默认阈值（src/runtime/frequency.json）：每秒至多 1 次、单次运行至多 3 次（应用商店审核口径），位置信息只限每秒 1 次；可按数据类型配置。',
        en: 'A recorded run shows one owner reading one data type more times in a window than the limit. Defaults (src/runtime/frequency.json): at most once a second and 3 times a run (the app-store review rule), location only once a second; configurable per data type.',
      },
      rationale: 'Counts use the stamped times and the recorder\'s clock resolution: reads count as one window only when their stamps are within the window minus the resolution, so a 1-second clock proves a per-second excess only with equal stamps. `likely` for a per-second excess, `possible` for a run-wide count (a long session can read an id on each screen for a reason); never `confirmed`, since the limits are review practice rather than a legal number.',
    },
  },
  check(ctx) {
    const rt = ctx.runtime;
    if (rt === undefined) return;
    const seen = new Set<string>();
    // The strongest excess per owner and data type: a per-second one before a run-wide one.
    const excesses = [...rt.frequency].sort((a, b) => (a.limit.windowMs ?? Infinity) - (b.limit.windowMs ?? Infinity));
    for (const x of excesses) {
      const key = `${x.ownerKey}\u0000${x.dataType}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const info = dataTypeInfo(x.dataType);
      const first = x.sample[0]!;
      const who = ownerText(x.owner, first.caller);
      const sdk = x.owner.kind === 'sdk' ? x.owner.sdk : undefined;
      const perWindow = x.limit.windowMs !== null;
      const location = x.dataType.startsWith('location.');
      ctx.report({
        severity: perWindow ? 'medium' : 'low',
        confidence: perWindow ? 'likely' : 'possible',
        clauses: ['M164-1.2-S2', ...(sdk !== undefined ? ['M164-1.2-S8'] : []), ...(location ? ['D26-2'] : [])],
        dataTypes: [x.dataType],
        ...(sdk !== undefined ? { sdk } : {}),
        message: perWindow
          ? {
              zh: `${who.zh}在 ${x.spanMs} 毫秒内读取「${info.zh}」${x.count} 次（阈值：每 ${x.limit.windowMs} 毫秒至多 ${x.limit.max} 次），自 ${iso(first.wall)} 起。`,
              en: `${who.en} read ${info.en} ${x.count} times within ${x.spanMs} ms (limit: ${x.limit.max} per ${x.limit.windowMs} ms), from ${iso(first.wall)}.`,
            }
          : {
              zh: `${who.zh}在一次运行中读取「${info.zh}」${x.count} 次（阈值：单次运行至多 ${x.limit.max} 次）。`,
              en: `${who.en} read ${info.en} ${x.count} times in one run (limit: ${x.limit.max} per run).`,
            },
        evidence: [traceEvidence(rt, x.sample, perWindow ? `reads ${x.limit.max + 1} within the window` : `first ${x.sample.length} of ${x.count} reads`)],
        runtimeCheck: { zh: '确认该读取频率是否为功能所必需（如导航），并与隐私政策所述频率比对。', en: 'Check whether the function needs this rate (navigation does) and compare with what the policy says.' },
      });
    }
  },
});
