// 2025 专项 (C25-7), 2026 专项 交通领域 (C26-2): parking, charging and ticketing services forcing a phone
// number or membership.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { codeEvidence, spanEvidence } from './lib/evidence.ts';
import { findSentence, usablePolicy } from './lib/policy.ts';
import { miniByType } from './lib/mini.ts';

const FORCED = /(须|必须|需要|需)(提供|填写|绑定|验证)[^。；]{0,12}(手机号|手机号码|电话号码)[^。；]{0,30}(停车|缴费|支付|充电|乘车|出行)|(停车|缴费|充电|乘车)[^。；]{0,30}(须|必须|需要|需)(提供|填写|绑定|验证)[^。；]{0,12}(手机号|手机号码|电话号码)/;

export default defineRule({
  meta: {
    id: 'transport-forced-phone-number',
    title: { zh: '交通出行场景强制收集手机号码', en: 'Transport service forces a phone number' },
    clauses: ['C25-7', 'C26-2'],
    methods: ['policy', 'static'],
    severity: 'medium',
    sector: 'transport',
    // A mini-program too (parking and charging mini-programs): its guide, and its getPhoneNumber buttons.
    appliesTo: ['apk', 'jar', 'aar', 'dex', 'wxapkg'],
    docs: {
      description: { zh: '交通领域：政策要求停车缴费、充电、乘车等必须提供手机号码，或代码读取本机号码，或小程序以 getPhoneNumber 按钮请求微信绑定的手机号。', en: 'Transport sector: the policy makes a phone number mandatory for parking, charging or rides, or the code reads the device number, or a mini-program asks for the WeChat-bound number with a getPhoneNumber button.' },
      rationale: 'A policy sentence making it mandatory is `likely`; reading the SIM number alone, or a mini-program\'s getPhoneNumber button (a number bound to the WeChat account, handed over on a tap), is low and `possible`: whether the service works without it is dynamic.',
    },
  },
  check(ctx) {
    const p = usablePolicy(ctx.policy) ? ctx.policy : null;
    const forced = p !== null ? findSentence(p, FORCED) : undefined;
    const phone = collectedDataTypes(ctx.facts).get('device.phone-number');
    const calls = phone?.calls.filter((c) => c.reachable === true) ?? [];
    // A mini-program reads no SIM number: a getPhoneNumber button asks WeChat for a number bound to the account.
    const buttons = ctx.mini === undefined ? [] : (miniByType(ctx.mini).get('device.phone-number') ?? []);
    if (forced === undefined && calls.length === 0 && buttons.length === 0) return;
    ctx.report({
      severity: forced !== undefined ? 'medium' : 'low',
      confidence: forced !== undefined ? 'likely' : 'possible',
      dataTypes: ['device.phone-number'],
      message: forced !== undefined
        ? { zh: '政策要求停车缴费、充电或乘车等必须提供手机号码，该场景手机号并非必要。', en: 'The policy makes a phone number mandatory for parking, charging or rides, where it is not necessary.' }
        : buttons.length > 0
          ? { zh: `交通类小程序通过 ${[...new Set(buttons.map((b) => b.what))].join('、')} 请求用户微信绑定的手机号，请核实不提供手机号时能否完成缴费或乘车。`, en: `A transport mini-program asks for the phone number bound to the user's WeChat account (${[...new Set(buttons.map((b) => b.what))].join(', ')}); check that payment or the ride works without it.` }
          : { zh: '交通类应用读取本机号码，请核实是否用于强制登记。', en: 'A transport app reads the device phone number; check that it is not made mandatory.' },
      evidence: [...(forced !== undefined && p !== null ? [spanEvidence(p, forced)] : []), ...calls.slice(0, 2).map((c) => codeEvidence(c)), ...buttons.slice(0, 2).map((b) => b.evidence)],
      runtimeCheck: { zh: '不提供手机号时确认能否完成缴费或乘车。', en: 'Without giving a phone number, check that payment or the ride can be completed.' },
    });
  },
});
