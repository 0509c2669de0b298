// 2026 专项 金融领域 (C26-2), 认定方法 四.1: lending and finance apps that read contacts, SMS, call logs, the
// app list or location "for risk control" (风控), a practice the campaigns name.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeInfo } from './lib/data-types.ts';
import { codeEvidence, permissionEvidence, spanEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';
import { miniByType } from './lib/mini.ts';

const TARGETS = ['contacts', 'sms', 'call-log', 'app-list', 'location.precise', 'location.coarse'];
const RISK = /(风控|风险控制|风险评估|反欺诈|信用评估|授信|征信|催收)/;

export default defineRule({
  meta: {
    id: 'finance-risk-control-collection',
    title: { zh: '金融类应用以风控为由收集通讯录、短信等', en: 'Finance app collects contacts, SMS and the like "for risk control"' },
    clauses: ['C26-2', 'RD-4.1'],
    methods: ['static', 'policy'],
    severity: 'medium',
    sector: 'finance',
    // A mini-program too: of these it can read only location (wx.getLocation and kin); no contacts, SMS, call log or app list.
    appliesTo: ['apk', 'jar', 'aar', 'dex', 'wxapkg'],
    docs: {
      description: { zh: '金融领域：收集通讯录、短信、通话记录、应用列表或位置，且政策以风控、授信、反欺诈为目的。', en: 'Finance sector: contacts, SMS, call log, app list or location collected, with risk control, credit or anti-fraud as the stated purpose.' },
      rationale: 'With the purpose stated in the policy: medium, `likely`. Collection with no stated purpose: low, `possible`.',
    },
  },
  check(ctx) {
    const collected = collectedDataTypes(ctx.facts);
    const mini = ctx.mini === undefined ? null : miniByType(ctx.mini);
    const p = usablePolicy(ctx.policy) ? ctx.policy : null;
    for (const id of TARGETS) {
      const c = collected.get(id);
      const reads = mini?.get(id) ?? [];
      if (reads.length === 0 && (c === undefined || (!c.reachable && c.permissions.length === 0))) continue;
      const decl = p?.declared.find((d) => d.dataType === id && RISK.test(`${d.purpose ?? ''}${d.sentence}`));
      const info = dataTypeInfo(id);
      ctx.report({
        severity: decl !== undefined ? 'medium' : 'low',
        confidence: decl !== undefined ? 'likely' : 'possible',
        dataTypes: [id],
        message: decl !== undefined
          ? { zh: `金融类应用以风控等为由收集「${info.zh}」，属行业重点整治情形。`, en: `A finance app collects ${info.en} for risk control or credit, a practice the sector campaign targets.` }
          : { zh: `金融类应用收集「${info.zh}」，请核实其业务必要性与告知目的。`, en: `A finance app collects ${info.en}; check its necessity and stated purpose.` },
        evidence: [
          ...(decl !== undefined && p !== null ? [spanEvidence(p, decl)] : []),
          ...reads.slice(0, 2).map((r) => r.evidence),
          ...(c?.calls.slice(0, 2).map((x) => codeEvidence(x)) ?? []),
          ...(c?.permissions.slice(0, 1).map((x) => permissionEvidence(x)) ?? []),
        ],
        runtimeCheck: { zh: '拒绝该权限后确认借贷/支付功能仍可使用。', en: 'Refuse this permission and check that lending or payment still works.' },
      });
    }
  },
});
