// 认定方法 三.1, 164号文 1.1 场景2/5, SDK-2: personal information read on a path that runs before the user
// can agree to the policy (Application.onCreate, a content provider, a boot receiver…).
import { defineRule } from './define-rule.ts';
import type { SensitiveCall } from '../analysis/facts.ts';
import { ownerId, preConsentCalls } from './lib/collection.ts';
import { dataTypeInfo, PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence } from './lib/evidence.ts';

export default defineRule({
  meta: {
    id: 'collection-before-consent',
    title: { zh: '征得同意前收集个人信息', en: 'Personal information collected before consent' },
    clauses: ['RD-3.1', 'M164-1.1-S2'],
    mayCite: ['SDK-2', 'M164-1.1-S5'],
    methods: ['static'],
    severity: 'high',
    docs: {
      description: { zh: '从应用启动入口（如 Application.onCreate）到敏感接口存在调用路径，该路径在用户同意隐私政策之前执行。', en: 'A call path from an entry point that runs before the privacy consent (e.g. Application.onCreate) reaches a sensitive API.' },
      rationale: 'The path itself is the evidence, so a full path from a pre-consent entry point is `confirmed`; a path with hops the analysis could only approximate (hierarchy or reflection) is `likely`.',
    },
  },
  check(ctx) {
    const groups = new Map<string, SensitiveCall[]>();
    for (const c of preConsentCalls(ctx.facts)) {
      if (!PRE_CONSENT_DATA_TYPES.has(c.dataType)) continue;
      const key = `${ownerId(c)}\u0000${c.dataType}`;
      const g = groups.get(key) ?? [];
      g.push(c);
      groups.set(key, g);
    }
    for (const calls of groups.values()) {
      const first = calls[0]!;
      const info = dataTypeInfo(first.dataType);
      const sdk = first.callerOwner.kind === 'sdk' ? first.callerOwner.sdk : undefined;
      // Unattributed code (neither the app's packages nor a known SDK) is reported, but not as proven.
      const exact = first.via === 'direct' && first.path !== undefined && first.path.length > 0 && first.callerOwner.kind !== 'unknown';
      const entry = first.path?.[0] ?? first.caller;
      // A consent flag read on the way: the call may run only after consent, which only a run can tell.
      const guard = [...(first.path ?? []), first.caller].map((m) => ({ m, why: ctx.consentChecks.get(m) })).find((g) => g.why !== undefined);
      if (guard !== undefined) {
        ctx.report({
          severity: 'low',
          confidence: 'possible',
          clauses: sdk !== undefined ? ['RD-3.1', 'SDK-2', 'M164-1.1-S5'] : ['RD-3.1', 'M164-1.1-S2'],
          dataTypes: [first.dataType],
          ...(sdk !== undefined ? { sdk } : {}),
          message: {
            zh: `${entry} 可调用 ${first.api} 收集「${info.zh}」，但路径上的 ${guard.m} 检查了同意状态（${guard.why}），可能仅在同意后执行。`,
            en: `${entry} can reach ${first.api} (${info.en}), but ${guard.m} on the way checks a consent flag (${guard.why ?? ''}): it may run only after consent.`,
          },
          evidence: calls.slice(0, 3).map((c) => codeEvidence(c, `consent check in ${guard.m}`)),
          runtimeCheck: { zh: '全新安装后冷启动，在点击同意前记录该接口调用。', en: 'Fresh install, cold start: record calls to this API before tapping Agree.' },
        });
        continue;
      }
      ctx.report({
        severity: 'high',
        confidence: exact ? 'confirmed' : 'likely',
        clauses: sdk !== undefined ? ['RD-3.1', 'SDK-2', 'M164-1.1-S5'] : ['RD-3.1', 'M164-1.1-S2'],
        dataTypes: [first.dataType],
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${sdk !== undefined ? `SDK（${sdk}）` : '应用'}在用户同意隐私政策前即收集「${info.zh}」：${entry} 经 ${first.path?.length ?? 1} 个方法的调用路径调用 ${first.api}。`,
          en: `${sdk !== undefined ? `SDK ${sdk}` : 'The app'} collects ${info.en} before the user consents: ${entry} reaches ${first.api} through a call path of ${first.path?.length ?? 1} method(s).`,
        },
        evidence: calls.slice(0, 3).map((c) => codeEvidence(c, 'runs before consent')),
        runtimeCheck: { zh: '全新安装后冷启动，在点击同意前记录该接口调用。', en: 'Fresh install, cold start: record calls to this API before tapping Agree.' },
      });
    }
  },
});
