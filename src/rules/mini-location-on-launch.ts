// 164号文 2.1 场景7 for a mini-program: the location is read in the app's or a page's onLaunch/onShow, with no
// user action (a tap handler, a modal the user answers) between the lifecycle and the call, or in a module's
// own code (run when the module is first required: define() factories, IIFEs and callbacks of non-user APIs
// only). Lexical: a call in a helper that onLaunch calls is not followed, nor when a module is required.
import { wxApis } from '../knowledge/wx-apis.ts';
import { isThirdParty } from './lib/mini.ts';
import { defineRule } from './define-rule.ts';

const LIFECYCLE = new Set(['onLaunch', 'onShow']);
// Callbacks that run only when the user answers, and handlers named after a user event.
const USER_ACTION = /^cb:(?:showModal|showActionSheet)$|tap|click|press|touch|submit|^bind|^catch|^handle/i;
// The user picks the place on a map: an action in itself.
const PICKERS = new Set(['chooseLocation', 'choosePoi']);

export default defineRule({
  meta: {
    id: 'mini-location-on-launch',
    title: { zh: '小程序启动或显示时即获取位置', en: 'Mini-program reads the location on launch or show' },
    clauses: ['M164-2.1-S7'],
    mayCite: ['M164-2.1-S1'],
    methods: ['static'],
    severity: 'medium',
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: '位置接口（wx.getLocation 等）写在 onLaunch 或 onShow 中（或模块加载时即执行的代码中），之间没有用户操作（点击、用户应答的弹窗）：用户未使用相关功能时即获取位置。',
        en: 'A location API (wx.getLocation…) is called within onLaunch or onShow (or in module code that runs when the module loads) with no user action (a tap, a modal the user answers) between: the location is read before the user uses any feature that needs it.',
      },
      rationale: 'Read from where the call is written, not a call graph: `likely` when the call sits directly in the lifecycle of the app\'s own code, `possible` when inside a callback (a getSetting or request result may gate it), in module code (when the module is required is not followed) or in a plugin or npm package. chooseLocation/choosePoi (the user picks on a map) are never counted.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    if (m === undefined) return;
    const apis = wxApis();
    const hits: { c: (typeof m.calls)[number]; at: string; direct: boolean }[] = [];
    for (const c of m.calls) {
      const k = apis.get(c.api);
      if (k === undefined || PICKERS.has(c.api) || !k.dataTypes.some((d) => d.startsWith('location.'))) continue;
      const chain = c.context ?? [];
      const i = chain.findIndex((n) => LIFECYCLE.has(n));
      if (i !== -1) {
        const after = chain.slice(i + 1);
        if (after.some((n) => USER_ACTION.test(n))) continue;
        hits.push({ c, at: chain[i]!, direct: after.length === 0 });
      } else if (chain.length > 0 && chain.every((n) => n === 'iife' || (n.startsWith('cb:') && !/^cb:(?:on[A-Z]|addEventListener|\?)/.test(n) && !USER_ACTION.test(n)))) {
        // Module code: runs when the module is first required (a statistics SDK that app.js loads at launch).
        hits.push({ c, at: 'module load', direct: false });
      }
    }
    if (hits.length === 0) return;
    const strong = hits.some((h) => h.direct && !isThirdParty(h.c.file));
    const apisUsed = [...new Set(hits.map((h) => `wx.${h.c.api}`))];
    ctx.report({
      severity: 'medium',
      confidence: strong ? 'likely' : 'possible',
      dataTypes: [...new Set(hits.flatMap((h) => apis.get(h.c.api)!.dataTypes))],
      message: {
        zh: `${hits.map((h) => h.at).filter((x, i, a) => a.indexOf(x) === i).join('、')} 中调用 ${apisUsed.join('、')}（${hits.length} 处），之间没有用户操作：打开小程序即获取位置。`,
        en: `${apisUsed.join(', ')} ${apisUsed.length === 1 ? 'is' : 'are'} called in ${[...new Set(hits.map((h) => h.at))].join(', ')} (${hits.length} site(s)) with no user action between: the location is read as soon as the mini-program opens.`,
      },
      evidence: hits.slice(0, 4).map((h) => ({ kind: 'code' as const, caller: `${h.c.file}:${h.c.line}:${h.c.column}`, callee: `wx.${h.c.api}`, note: `in ${(h.c.context ?? []).join(' > ')}` })),
      runtimeCheck: { zh: '全新安装后打开小程序、不做任何操作，看是否弹出位置授权或调用位置接口。', en: 'Open the mini-program fresh and do nothing: see whether it asks for or reads the location.' },
    });
  },
});
