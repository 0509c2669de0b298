// Over-collection in a mini-program: a location/address API called but not declared in app.json's
// requiredPrivateInfos (or, for the location scopes, without the `permission` reason). WeChat refuses such a
// call at run time for versions published since 2022-07-14, so the finding says which case it is: the
// declaration is missing (the call fails or the package predates the rule), or it is outside what was scanned.
import { wxApis } from '../knowledge/wx-apis.ts';
import type { Evidence } from '../report/types.ts';
import { defineRule } from './define-rule.ts';

export default defineRule({
  meta: {
    id: 'mini-undeclared-api',
    title: { zh: '小程序调用了未声明的隐私接口', en: 'Mini-program calls a private-info API it does not declare' },
    clauses: ['RD-3.9'],
    methods: ['static'],
    severity: 'low',
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: '代码调用了需在 app.json 的 requiredPrivateInfos（位置接口还需 permission 说明）中声明的接口，但配置中没有声明。',
        en: 'The code calls an API that app.json must list in requiredPrivateInfos (and, for location, explain under `permission`), and the configuration does not.',
      },
      rationale: 'WeChat refuses undeclared calls at run time (since 2022-07-14), so this is `possible` when the key is absent altogether (an older package) and `likely` when the list exists without the API. No finding when no app-config was scanned.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    if (m?.config === undefined || m.config === null) return;
    const cfg = m.config;
    const apis = wxApis();
    const byApi = new Map<string, Evidence[]>();
    for (const c of m.calls) {
      const k = apis.get(c.api);
      if (k === undefined) continue;
      const missingInfo = k.requiredPrivateInfo && !(cfg.requiredPrivateInfos ?? []).includes(c.api);
      const missingScope = k.permissionKey !== null && !cfg.permissions.some((p) => p.scope === k.permissionKey && p.desc !== null && p.desc.trim() !== '');
      if (!missingInfo && !missingScope) continue;
      const list = byApi.get(c.api) ?? [];
      list.push({ kind: 'code', caller: `${c.file}:${c.line}:${c.column}`, callee: `wx.${c.api}`, note: `via ${c.via}` });
      byApi.set(c.api, list);
    }
    for (const [api, evidence] of byApi) {
      const k = apis.get(api)!;
      const noKey = cfg.requiredPrivateInfos === null;
      const what = [k.requiredPrivateInfo && !(cfg.requiredPrivateInfos ?? []).includes(api) ? 'requiredPrivateInfos' : null, k.permissionKey !== null && !cfg.permissions.some((p) => p.scope === k.permissionKey && p.desc !== null) ? `permission["${k.permissionKey}"].desc` : null].filter((x) => x !== null);
      evidence.push({ kind: 'file', path: cfg.file, detail: `requiredPrivateInfos: ${JSON.stringify(cfg.requiredPrivateInfos)}; permission: ${JSON.stringify(cfg.permissions.map((p) => p.scope))}` });
      ctx.report({
        severity: 'low',
        confidence: noKey ? 'possible' : 'likely',
        dataTypes: [...k.dataTypes],
        message: {
          zh: `代码 ${evidence.length - 1} 处调用 wx.${api}（${k.zh}），但 ${cfg.file} 未声明 ${what.join('、')}。${noKey ? '配置中没有 requiredPrivateInfos 字段：该包可能早于 2022-07-14 的要求。' : '微信会在运行时拒绝此调用，除非声明位于本次未扫描的部分（如第三方平台的 ext.json）。'}`,
          en: `The code calls wx.${api} (${k.en}) at ${evidence.length - 1} site(s), but ${cfg.file} does not declare ${what.join(' and ')}. ${noKey ? 'The configuration has no requiredPrivateInfos key: the package may predate the 2022-07-14 requirement.' : 'WeChat refuses the call at run time, unless the declaration is in a part not scanned here (a third-party platform ext.json).'}`,
        },
        evidence,
        runtimeCheck: { zh: `在真机上触发调用 wx.${api} 的功能，看是否返回 "requiredPrivateInfos" 相关错误。`, en: `Trigger the feature that calls wx.${api} on a device and see whether it fails with a requiredPrivateInfos error.` },
      });
    }
  },
});
