// 164号文 1.2 场景5–8: personal information read while the app is in the background, in a recorded run.
import { defineRule } from './define-rule.ts';
import { dataTypeInfo, NOTABLE_DATA_TYPES } from './lib/data-types.ts';
import { iso, ownerText, traceEvidence } from './lib/runtime.ts';

const SDK_CONTENT = new Set(['contacts', 'sms', 'call-log', 'camera']);

export default defineRule({
  meta: {
    id: 'background-collection',
    title: { zh: '运行时观察到后台收集个人信息', en: 'Personal information read in the background, as recorded at runtime' },
    clauses: ['M164-1.2-S6'],
    mayCite: ['M164-1.2-S5', 'M164-1.2-S7', 'M164-1.2-S8'],
    methods: ['dynamic'],
    severity: 'medium',
    docs: {
      description: {
        zh: '运行记录显示应用处于后台（Activity 不可见）时读取了设备标识、位置、通讯录、短信等个人信息。前后台状态来自记录器的生命周期回调；记录器不记录前后台状态时本规则不判断。',
        en: 'A recorded run shows device ids, location, contacts, SMS and the like read while the app was in the background (no visible activity). The state comes from the recorder\'s lifecycle callbacks; recorders that do not record it are not judged.',
      },
      rationale: '`likely`, not `confirmed`: some background reads are what the user asked for (navigation, a running workout), which only the scenario can tell. Medium from a trace alone.',
    },
  },
  check(ctx) {
    const rt = ctx.runtime;
    if (rt === undefined) return;
    const merged = new Map<string, typeof rt.background>();
    for (const g of rt.background) {
      if (!NOTABLE_DATA_TYPES.has(g.dataType) && g.dataType !== 'device.android-id' && g.dataType !== 'device.oaid') continue;
      const key = `${g.ownerKey}\u0000${g.dataType}`;
      merged.set(key, [...(merged.get(key) ?? []), g]);
    }
    for (const groups of merged.values()) {
      const g = groups[0]!;
      const first = g.sample[0]!;
      const info = dataTypeInfo(g.dataType);
      const sdk = g.owner.kind === 'sdk' ? g.owner.sdk : undefined;
      const who = ownerText(g.owner, first.caller);
      const count = groups.reduce((n, x) => n + x.count, 0);
      const clause = g.dataType === 'device.imsi' || g.dataType === 'device.serial' ? 'M164-1.2-S5' : sdk === undefined ? 'M164-1.2-S6' : SDK_CONTENT.has(g.dataType) ? 'M164-1.2-S7' : 'M164-1.2-S8';
      ctx.report({
        severity: 'medium',
        confidence: 'likely',
        clauses: [clause],
        dataTypes: [g.dataType],
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${who.zh}在应用处于后台时调用 ${first.method} 读取「${info.zh}」，共 ${count} 次；首次于 ${iso(first.wall)}。`,
          en: `${who.en} called ${first.method} (${info.en}) while the app was in the background, ${count} time(s); first at ${iso(first.wall)}.`,
        },
        evidence: groups.slice(0, 2).map((x) => traceEvidence(rt, x.sample, `${x.count} call(s) in the background`)),
        runtimeCheck: { zh: '确认后台读取是否为用户正在使用的功能所需（如导航），并检查是否有显著提示。', en: 'Check whether a feature the user is using needs it (navigation) and whether the app shows it prominently.' },
      });
    }
  },
});
