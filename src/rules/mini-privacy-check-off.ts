// A mini-program that runs WeChat's privacy-authorisation flow (getPrivacySetting, onNeedPrivacyAuthorization,
// requirePrivacyAuthorize, an agreePrivacyAuthorization button) without `__usePrivacyCheck__: true`. Before
// 2023-10-17 that flow was off without the key (wx-apis.json privacyCheck, with its sources): the guide's
// pop-up never showed and privacy APIs were not held back until the user agreed.
import { wxPrivacyCheck } from '../knowledge/wx-apis.ts';
import type { Evidence } from '../report/types.ts';
import { defineRule } from './define-rule.ts';

export default defineRule({
  meta: {
    id: 'mini-privacy-check-off',
    title: { zh: '小程序使用隐私授权接口但未启用 __usePrivacyCheck__', en: 'Mini-program uses the privacy-authorisation APIs without __usePrivacyCheck__' },
    clauses: ['RD-1.2'],
    methods: ['static'],
    severity: 'low',
    appliesTo: ['wxapkg'],
    docs: {
      description: {
        zh: '代码调用隐私授权接口（wx.getPrivacySetting、wx.onNeedPrivacyAuthorization、wx.requirePrivacyAuthorize）或使用 open-type="agreePrivacyAuthorization" 按钮，但 app.json 没有 __usePrivacyCheck__: true。按微信《小程序隐私协议开发指南》，2023年10月17日之前未配置该项时隐私相关功能不启用：隐私弹窗不出现，隐私接口不被拦截。',
        en: 'The code calls the privacy-authorisation APIs (wx.getPrivacySetting, wx.onNeedPrivacyAuthorization, wx.requirePrivacyAuthorize) or has an open-type="agreePrivacyAuthorization" button, and app.json lacks __usePrivacyCheck__: true. Per WeChat\'s privacy-agreement guide, before 2023-10-17 the privacy features were off without that key: no guide pop-up, no interception of privacy APIs.',
      },
      rationale: 'Whether it mattered depends on when this version was live, which the package does not say: `possible`, low. From 2023-10-17 WeChat turns the features on whatever the key says, so the finding names the date. The platform rule is data, with its sources, in src/knowledge/wx-apis.json `privacyCheck` (developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/PrivacyAuthorize.html, its 2023.08.22 and 2023.09.14 updates), and each finding quotes it.',
    },
  },
  check(ctx) {
    const m = ctx.mini;
    if (m?.config === undefined || m.config === null || m.config.usePrivacyCheck === true) return;
    const rule = wxPrivacyCheck();
    const code: Extract<Evidence, { kind: 'code' }>[] = [
      ...m.calls.filter((c) => rule.privacyApis.includes(c.api)).map((c) => ({ kind: 'code' as const, caller: `${c.file}:${c.line}:${c.column}`, callee: `wx.${c.api}`, note: `via ${c.via}` })),
      ...m.buttons.filter((b) => rule.privacyOpenTypes.includes(b.openType)).map((b) => ({ kind: 'code' as const, caller: `${b.file}:${b.line}:${b.column}`, callee: `button[open-type=${b.openType}]`, ...(b.wxml === null ? {} : { note: `template ${b.wxml}` }) })),
    ];
    if (code.length === 0) return;
    const said = m.config.usePrivacyCheck === false ? `${rule.key}: false` : `no ${rule.key}`;
    const apis = [...new Set(code.map((e) => e.callee))].join(', ');
    const evidence: Evidence[] = [...code.slice(0, 6), { kind: 'file', path: m.config.file, detail: said }, { kind: 'file', path: 'src/knowledge/wx-apis.json#privacyCheck', detail: `${rule.rule.en} Sources: ${rule.sources.join('; ')}` }];
    ctx.report({
      severity: 'low',
      confidence: 'possible',
      message: {
        zh: `代码使用隐私授权流程（${apis}），但 ${m.config.file} ${m.config.usePrivacyCheck === false ? `将 ${rule.key} 设为 false` : `没有 ${rule.key}`}。${rule.enforcement} 之前（基础库 ${rule.minBaseLibrary} 起）未配置 ${rule.key}: true 时隐私相关功能不启用：若此版本在该日期前上线，隐私保护指引弹窗不会出现，隐私接口也不会等待用户同意。此后微信不论配置与否都启用。`,
        en: `The code runs the privacy-authorisation flow (${apis}), but ${m.config.file} ${m.config.usePrivacyCheck === false ? `sets ${rule.key} to false` : `has no ${rule.key}`}. Before ${rule.enforcement} (base library ${rule.minBaseLibrary} and later) the privacy features were off without ${rule.key}: true, so if this version was live before that date its privacy-guide pop-up never showed and privacy APIs did not wait for the user's agreement. From that date WeChat turns them on whatever the key says.`,
      },
      evidence,
    });
  },
});
