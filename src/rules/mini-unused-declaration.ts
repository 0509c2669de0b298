// Over-claim in a mini-program: a requiredPrivateInfos entry or `permission` scope declared in app.json whose
// APIs the scanned code never calls. A call can hide from static reading (a computed name, a subpackage not
// given), so never `confirmed`, and `possible` when declared subpackages were not scanned.
import { wxApis } from '../knowledge/wx-apis.ts';
import { defineRule } from './define-rule.ts';

export default defineRule({
  meta: {
    id: 'mini-unused-declaration',
    title: { zh: '小程序声明了未使用的隐私接口或权限', en: 'Mini-program declares private-info APIs or scopes it does not use' },
    clauses: ['M164-2.1-S8'],
    methods: ['static'],
    severity: 'low',
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: 'app.json 的 requiredPrivateInfos 或 permission 声明了接口或权限，但代码中找不到对应调用。',
        en: 'app.json declares an API in requiredPrivateInfos or a scope under `permission`, and no call of it is found in the code.',
      },
      rationale: '`likely` when every subpackage the config lists was scanned, `possible` otherwise; never `confirmed`, since a call through a computed name escapes static reading.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    if (m?.config === undefined || m.config === null) return;
    const cfg = m.config;
    const apis = wxApis();
    const called = new Set(m.calls.map((c) => c.api));
    const unused: { declared: string; apis: string[]; dataTypes: string[] }[] = [];
    for (const api of cfg.requiredPrivateInfos ?? []) {
      if (!called.has(api)) unused.push({ declared: `requiredPrivateInfos: ${api}`, apis: [api], dataTypes: [...(apis.get(api)?.dataTypes ?? [])] });
    }
    for (const p of cfg.permissions) {
      const its = [...apis.values()].filter((a) => a.permissionKey === p.scope);
      if (its.length === 0 || its.some((a) => called.has(a.api))) continue;
      unused.push({ declared: `permission: ${p.scope}`, apis: its.map((a) => a.api), dataTypes: [...new Set(its.flatMap((a) => a.dataTypes))] });
    }
    if (unused.length === 0) return;
    const partial = m.missingSubpackages.length > 0;
    const names = unused.map((u) => u.declared).join('; ');
    ctx.report({
      severity: 'low',
      confidence: partial ? 'possible' : 'likely',
      dataTypes: [...new Set(unused.flatMap((u) => u.dataTypes))],
      message: {
        zh: `${cfg.file} 声明了 ${names}，但扫描的代码中没有调用 ${unused.flatMap((u) => u.apis.map((a) => `wx.${a}`)).join('、')}。${partial ? `未扫描的分包：${m.missingSubpackages.join('、')}，调用可能在其中。` : ''}`,
        en: `${cfg.file} declares ${names}, and the scanned code never calls ${unused.flatMap((u) => u.apis.map((a) => `wx.${a}`)).join(', ')}.${partial ? ` Subpackages not scanned: ${m.missingSubpackages.join(', ')}; the call may be there.` : ''}`,
      },
      evidence: unused.map((u) => ({ kind: 'file' as const, path: cfg.file, detail: u.declared })),
    });
  },
});
