// 164号文 2.1 场景7 for a mini-program: the location is read in the app's or a page's onLaunch/onShow, with no
// user action (a tap handler, a modal the user answers) between the lifecycle and the call, directly or through
// the object's own methods (`onShow() { this.initLocation() }`), or in a module's own code (run when the module
// is first required: define() factories, IIFEs and callbacks of non-user APIs only). Other helpers (a util
// module's function) and when a module is required are not followed.
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
      rationale: 'Read from where the call is written, not a call graph: `likely` when the call sits directly in the lifecycle of the app\'s own code, `possible` when inside a callback (a getSetting or request result may gate it), reached through the object\'s own methods (a branch may skip the call), in module code (when the module is required is not followed) or in a plugin or npm package. chooseLocation/choosePoi (the user picks on a map) are never counted.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    if (m === undefined) return;
    const apis = wxApis();
    const hits: { c: (typeof m.calls)[number]; at: string; direct: boolean }[] = [];
    // Methods of one object (App/Page options) that its onLaunch/onShow reach through this.method() calls with no
    // user action between, each with the way there.
    const methodOf = (file: string, context: readonly string[], owners: readonly (number | null)[] | undefined): { key: string; name: string; after: readonly string[] } | null => {
      for (let i = (owners?.length ?? 0) - 1; i >= 0; i--) if (owners![i] !== null && owners![i] !== undefined) return { key: `${file}#${owners![i]}`, name: context[i]!, after: context.slice(i + 1) };
      return null;
    };
    const edges = new Map<string, Set<string>>();
    for (const t of m.thisCalls ?? []) {
      const from = methodOf(t.file, t.context, t.owners);
      if (from === null || from.after.some((n) => USER_ACTION.test(n))) continue;
      const k = `${from.key}.${from.name}`;
      if (!edges.has(k)) edges.set(k, new Set());
      edges.get(k)!.add(`${from.key}.${t.method}`);
    }
    const reached = new Map<string, string>();
    const queue = [...edges.keys()].filter((k) => LIFECYCLE.has(k.slice(k.lastIndexOf('.') + 1))).map((k) => ({ k, path: k.slice(k.lastIndexOf('.') + 1) }));
    while (queue.length > 0) {
      const { k, path } = queue.shift()!;
      for (const to of edges.get(k) ?? []) {
        if (reached.has(to) || LIFECYCLE.has(to.slice(to.lastIndexOf('.') + 1))) continue;
        const p = `${path} > this.${to.slice(to.lastIndexOf('.') + 1)}()`;
        reached.set(to, p);
        queue.push({ k: to, path: p });
      }
    }
    for (const c of m.calls) {
      const k = apis.get(c.api);
      if (k === undefined || PICKERS.has(c.api) || !k.dataTypes.some((d) => d.startsWith('location.'))) continue;
      const chain = c.context ?? [];
      const i = chain.findIndex((n) => LIFECYCLE.has(n));
      const mm = methodOf(c.file, chain, c.owners);
      const via = mm === null || mm.after.some((n) => USER_ACTION.test(n)) ? undefined : reached.get(`${mm.key}.${mm.name}`);
      if (i !== -1) {
        const after = chain.slice(i + 1);
        if (after.some((n) => USER_ACTION.test(n))) continue;
        hits.push({ c, at: chain[i]!, direct: after.length === 0 });
      } else if (via !== undefined) {
        hits.push({ c, at: via, direct: false });
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
      evidence: hits.slice(0, 4).map((h) => ({ kind: 'code' as const, caller: `${h.c.file}:${h.c.line}:${h.c.column}`, callee: `wx.${h.c.api}`, note: h.at.includes('this.') ? `reached by ${h.at}; written in ${(h.c.context ?? []).join(' > ')}` : `in ${(h.c.context ?? []).join(' > ')}` })),
      runtimeCheck: { zh: '全新安装后打开小程序、不做任何操作，看是否弹出位置授权或调用位置接口。', en: 'Open the mini-program fresh and do nothing: see whether it asks for or reads the location.' },
    });
  },
});
