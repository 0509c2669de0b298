// 认定方法 三.9: the policy says a data type is not collected, and the code collects it.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeInfo } from './lib/data-types.ts';
import { codeEvidence, spanEvidence } from './lib/evidence.ts';
import { negatedSpan, usablePolicy } from './lib/policy.ts';

export default defineRule({
  meta: {
    id: 'contradicts-policy',
    title: { zh: '违反隐私政策声明收集个人信息', en: 'Collects what the policy says it does not collect' },
    clauses: ['RD-3.9', 'C25-2'],
    methods: ['static', 'policy'],
    severity: 'high',
    docs: {
      description: { zh: '政策声明不收集某类信息，代码中却存在可达的收集调用。', en: 'The policy states a type is not collected, yet reachable code collects it.' },
      rationale: 'Only reachable calls count; a permission alone is not collection. `likely`: the call may sit behind a feature the user must open.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    for (const c of collectedDataTypes(ctx.facts).values()) {
      if (!c.strong) continue;
      const span = negatedSpan(p, c.dataType);
      if (span === undefined) continue;
      const info = dataTypeInfo(c.dataType);
      ctx.report({
        severity: 'high',
        confidence: 'likely',
        dataTypes: [c.dataType],
        message: { zh: `政策声明不收集「${info.zh}」，但代码可达路径上存在收集调用。`, en: `The policy says ${info.en} is not collected, yet reachable code collects it.` },
        evidence: [spanEvidence(p, span), ...c.calls.filter((x) => x.reachable === true).slice(0, 3).map((x) => codeEvidence(x))],
        runtimeCheck: { zh: '运行时确认该调用是否实际执行并上传。', en: 'At runtime, confirm the call executes and the value leaves the device.' },
      });
    }
  },
});
