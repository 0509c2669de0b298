// SDK-1, 26号文 (M23-12): what an SDK scanned on its own collects, so that apps embedding it can disclose it.
// Information for the integrator, not a violation of the SDK.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeNames } from './lib/data-types.ts';
import { codeEvidence } from './lib/evidence.ts';

const IGNORED = new Set(['device.info']);

export default defineRule({
  meta: {
    id: 'sdk-collects',
    title: { zh: 'SDK收集的个人信息（供接入方公示）', en: 'What this SDK collects (for apps to disclose)' },
    clauses: ['SDK-1', 'M23-12'],
    methods: ['static'],
    severity: 'info',
    appliesTo: ['jar', 'aar', 'dex'],
    docs: {
      description: { zh: '单独扫描SDK（JAR/AAR）时，列出其代码可收集的个人信息类型，接入的App须在隐私政策中逐项公示。', en: 'When an SDK (JAR/AAR) is scanned alone, lists the personal information its code can collect, which every app embedding it must disclose.' },
      rationale: 'The calls are in the SDK\'s code; whether the host app calls them is unknown, so information only.',
    },
  },
  check(ctx) {
    const types = [...collectedDataTypes(ctx.facts).values()].filter((c) => c.calls.length > 0 && !IGNORED.has(c.dataType));
    if (types.length === 0) return;
    const ids = types.map((c) => c.dataType);
    const names = dataTypeNames(ids);
    ctx.report({
      severity: 'info',
      confidence: 'confirmed',
      dataTypes: ids,
      message: { zh: `该SDK的代码可收集：${names.zh}。接入的App须在隐私政策中公示。`, en: `This SDK's code can collect: ${names.en}. Apps embedding it must disclose this.` },
      evidence: types.slice(0, 6).map((c) => codeEvidence(c.calls[0]!)),
    });
  },
});
