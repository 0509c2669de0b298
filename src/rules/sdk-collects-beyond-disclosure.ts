// 164号文 1.1 场景6 (M164-1.1-S6), SDK-1: an SDK the policy lists, with the data it says the SDK collects, that
// collects more than that list.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeNames, PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence, spanEvidence } from './lib/evidence.ts';
import { inFamily, sdkDisclosure, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'sdk-collects-beyond-disclosure',
    title: { zh: 'SDK收集超出其公示范围', en: 'SDK collects beyond what its disclosure lists' },
    clauses: ['M164-1.1-S6', 'SDK-1'],
    methods: ['static', 'policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '隐私政策的SDK清单列出了某SDK收集的信息，但该SDK的可达代码还收集清单以外的设备标识、应用列表、位置等。', en: 'The policy\'s SDK list states what an SDK collects, and the SDK\'s reachable code collects device IDs, the app list, location or the like beyond it.' },
      rationale: 'The host app may switch features off by configuration, which static analysis cannot see: medium and `possible`.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const collected = [...collectedDataTypes(ctx.facts).values()];
    for (const sdk of ctx.facts.sdks) {
      const d = sdkDisclosure(p, sdk);
      if (d === undefined || d.dataTypes.length === 0) continue;
      const beyond = collected.filter((c) => PRE_CONSENT_DATA_TYPES.has(c.dataType) && c.strong && c.calls.some((x) => x.callerOwner.sdk === sdk.id) && !inFamily(d.dataTypes, c.dataType));
      if (beyond.length === 0) continue;
      const names = dataTypeNames(beyond.map((c) => c.dataType));
      ctx.report({
        severity: 'medium',
        confidence: 'possible',
        sdk: sdk.id,
        dataTypes: beyond.map((c) => c.dataType),
        message: { zh: `隐私政策公示的「${d.name}」收集范围不含：${names.zh}，但该SDK的可达代码收集了这些信息。`, en: `The policy's entry for ${d.name} does not list ${names.en}, which the SDK's reachable code collects.` },
        evidence: [spanEvidence(p, d), ...beyond.slice(0, 3).map((c) => codeEvidence(c.calls.find((x) => x.callerOwner.sdk === sdk.id)!))],
        runtimeCheck: { zh: '运行时确认该SDK是否实际调用这些接口。', en: 'At runtime, check that the SDK actually calls these APIs.' },
      });
    }
  },
});
