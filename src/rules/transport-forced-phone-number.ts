// 2025 专项 (C25-7), 2026 专项 交通领域 (C26-2): parking, charging and ticketing services forcing a phone
// number or membership.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { codeEvidence, spanEvidence } from './lib/evidence.ts';
import { findSentence, usablePolicy } from './lib/policy.ts';

const FORCED = /(须|必须|需要|需)(提供|填写|绑定|验证)[^。；]{0,12}(手机号|手机号码|电话号码)[^。；]{0,30}(停车|缴费|支付|充电|乘车|出行)|(停车|缴费|充电|乘车)[^。；]{0,30}(须|必须|需要|需)(提供|填写|绑定|验证)[^。；]{0,12}(手机号|手机号码|电话号码)/;

export default defineRule({
  meta: {
    id: 'transport-forced-phone-number',
    title: { zh: '交通出行场景强制收集手机号码', en: 'Transport service forces a phone number' },
    clauses: ['C25-7', 'C26-2'],
    methods: ['policy', 'static'],
    severity: 'medium',
    sector: 'transport',
    docs: {
      description: { zh: '交通领域：政策要求停车缴费、充电、乘车等必须提供手机号码，或代码读取本机号码。', en: 'Transport sector: the policy makes a phone number mandatory for parking, charging or rides, or the code reads the device number.' },
      rationale: 'A policy sentence making it mandatory is `likely`; reading the SIM number alone is low and `possible`.',
    },
  },
  check(ctx) {
    const p = usablePolicy(ctx.policy) ? ctx.policy : null;
    const forced = p !== null ? findSentence(p, FORCED) : undefined;
    const phone = collectedDataTypes(ctx.facts).get('device.phone-number');
    const calls = phone?.calls.filter((c) => c.reachable === true) ?? [];
    if (forced === undefined && calls.length === 0) return;
    ctx.report({
      severity: forced !== undefined ? 'medium' : 'low',
      confidence: forced !== undefined ? 'likely' : 'possible',
      dataTypes: ['device.phone-number'],
      message: forced !== undefined
        ? { zh: '政策要求停车缴费、充电或乘车等必须提供手机号码，该场景手机号并非必要。', en: 'The policy makes a phone number mandatory for parking, charging or rides, where it is not necessary.' }
        : { zh: '交通类应用读取本机号码，请核实是否用于强制登记。', en: 'A transport app reads the device phone number; check that it is not made mandatory.' },
      evidence: [...(forced !== undefined && p !== null ? [spanEvidence(p, forced)] : []), ...calls.slice(0, 2).map((c) => codeEvidence(c))],
      runtimeCheck: { zh: '不提供手机号时确认能否完成缴费或乘车。', en: 'Without giving a phone number, check that payment or the ride can be completed.' },
    });
  },
});
