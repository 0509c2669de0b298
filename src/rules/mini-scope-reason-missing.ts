// 认定方法 二.3 for a mini-program: app.json declares a `permission` scope without the reason WeChat shows the
// user when it asks (permission[scope].desc), or with an empty one.
import { wxApis } from '../knowledge/wx-apis.ts';
import { defineRule } from './define-rule.ts';

export default defineRule({
  meta: {
    id: 'mini-scope-reason-missing',
    title: { zh: '小程序权限声明缺少用途说明', en: 'Mini-program declares a permission scope without its reason' },
    clauses: ['RD-2.3'],
    methods: ['static'],
    severity: 'medium',
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: 'app.json 的 permission 声明了权限（如 scope.userLocation），但没有 desc 或 desc 为空：申请该权限时不能同步告知用户目的。',
        en: 'app.json declares a `permission` scope (scope.userLocation…) with no `desc`, or an empty one: the user is not told the purpose when asked.',
      },
      rationale: 'The configuration is read as packaged, so the missing reason is `confirmed`; medium when the code calls an API of that scope, low otherwise (the scope may never be asked for).',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    if (m?.config === undefined || m.config === null) return;
    const cfg = m.config;
    const apis = [...wxApis().values()];
    for (const p of cfg.permissions) {
      if (p.desc !== null && p.desc.trim() !== '') continue;
      const its = apis.filter((a) => a.permissionKey === p.scope);
      const used = m.calls.filter((c) => its.some((a) => a.api === c.api));
      ctx.report({
        severity: used.length > 0 ? 'medium' : 'low',
        confidence: 'confirmed',
        dataTypes: [...new Set(its.flatMap((a) => a.dataTypes))],
        message: {
          zh: `${cfg.file} 声明了权限 ${p.scope}，但${p.desc === null ? '没有 desc（用途说明）' : ' desc 为空'}。${used.length > 0 ? `代码 ${used.length} 处调用其接口（${[...new Set(used.map((c) => `wx.${c.api}`))].join('、')}）。` : ''}`,
          en: `${cfg.file} declares ${p.scope} ${p.desc === null ? 'with no desc (the reason shown to the user)' : 'with an empty desc'}.${used.length > 0 ? ` The code calls its APIs at ${used.length} site(s) (${[...new Set(used.map((c) => `wx.${c.api}`))].join(', ')}).` : ''}`,
        },
        evidence: [{ kind: 'file', path: cfg.file, detail: `permission["${p.scope}"] = ${JSON.stringify(p.desc === null ? {} : { desc: p.desc })}` }, ...used.slice(0, 3).map((c) => ({ kind: 'code' as const, caller: `${c.file}:${c.line}:${c.column}`, callee: `wx.${c.api}` }))],
      });
    }
  },
});
