// 认定方法 三.1, 164号文 1.1 场景2/5, SDK-2: personal information read on a path that runs before the user
// can agree to the policy (Application.onCreate, a content provider, a boot receiver…).
import { defineRule } from './define-rule.ts';
import type { SensitiveCall } from '../analysis/facts.ts';
import type { Evidence } from '../report/types.ts';
import { byStrength, ownerId, preConsentCalls } from './lib/collection.ts';
import { dataTypeNames, PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { ownerWords, partyOf } from './lib/owner.ts';
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
      rationale: 'The path itself is the evidence, so a full path from a pre-consent entry point is `confirmed`; a path with hops the analysis could only approximate (hierarchy or reflection), or code of no identified SDK outside the app, is `likely`. One finding per owner lists all its data types. Platform-library code (AndroidX…) is low and `possible`: it reads only as the app configures it.',
    },
  },
  check(ctx) {
    // One finding per owner (the app, one SDK, one third-party prefix) with all its data types and paths: a
    // big SDK's 25 reads are one accusation with 25 pieces of evidence, not 25 findings.
    const groups = new Map<string, SensitiveCall[]>();
    for (const c of preConsentCalls(ctx.facts)) {
      if (!PRE_CONSENT_DATA_TYPES.has(c.dataType)) continue;
      const key = ownerId(c);
      const g = groups.get(key) ?? [];
      g.push(c);
      groups.set(key, g);
    }
    for (const calls of groups.values()) {
      const owner = calls[0]!.callerOwner;
      const party = partyOf(owner);
      const sdk = party === 'sdk' ? owner.sdk : undefined;
      const words = ownerWords(owner);
      // "未识别的第三方代码 com.x 在…": a space after a package name before the Chinese text goes on.
      const who = { zh: /[\w)]$/.test(words.zh) ? `${words.zh} ` : words.zh, en: words.en };
      const clauses = sdk !== undefined ? ['RD-3.1', 'SDK-2', 'M164-1.1-S5'] : ['RD-3.1', 'M164-1.1-S2'];
      // Per data type, its calls (strongest first, as preConsentCalls sorts them) and any consent check on
      // the strongest one's path: a consent flag read on the way means the call may run only after consent.
      const byType = new Map<string, SensitiveCall[]>();
      for (const c of calls) byType.set(c.dataType, [...(byType.get(c.dataType) ?? []), c]);
      const open: SensitiveCall[][] = [];
      const guarded: { calls: SensitiveCall[]; m: string; why: string }[] = [];
      for (const list of byType.values()) {
        const first = list[0]!;
        const guard = [...(first.path ?? []), first.caller].map((m) => ({ m, why: ctx.consentChecks.get(m) })).find((g) => g.why !== undefined);
        if (guard?.why !== undefined) guarded.push({ calls: list, m: guard.m, why: guard.why });
        else open.push(list);
      }
      if (guarded.length > 0) {
        const types = guarded.map((g) => g.calls[0]!.dataType);
        const g0 = guarded[0]!;
        const entry = g0.calls[0]!.path?.[0] ?? g0.calls[0]!.caller;
        ctx.report({
          severity: 'low',
          confidence: 'possible',
          clauses,
          dataTypes: types,
          ...(sdk !== undefined ? { sdk } : {}),
          message: {
            zh: `${who.zh}的代码从 ${entry} 可调用接口收集「${dataTypeNames(types).zh}」，但路径上的 ${g0.m} 检查了同意状态（${g0.why}），可能仅在同意后执行。`,
            en: `${who.en} code can reach APIs that collect ${dataTypeNames(types).en} from ${entry}, but ${g0.m} on the way checks a consent flag (${g0.why}): it may run only after consent.`,
          },
          evidence: guarded.flatMap((g) => g.calls.slice(0, 3).map((c) => codeEvidence(c, `consent check in ${g.m}`))),
          runtimeCheck: RUNTIME_CHECK,
        });
      }
      if (open.length === 0) continue;
      const types = open.map((l) => l[0]!.dataType);
      const firsts = open.map((l) => l[0]!);
      // The shortest path stands for the finding in the message; the evidence has the best path of every type.
      const first = [...firsts].sort(byStrength)[0]!;
      const entry = first.path?.[0] ?? first.caller;
      // Unattributed code is reported, but not as proven; nor is a type whose best path has approximate hops.
      const exact = party !== 'third-party' && party !== 'platform' && firsts.every((c) => c.via === 'direct' && c.path !== undefined && c.path.length > 0);
      const names = dataTypeNames(types);
      const n = types.length;
      if (party === 'platform') {
        // AndroidX's night-mode helper reads the last known location: platform code that reads only as the
        // app configures it and with a permission it holds. Named, never blamed on the app, and low.
        ctx.report({
          severity: 'low',
          confidence: 'possible',
          clauses,
          dataTypes: types,
          message: {
            zh: `${who.zh}的代码在用户同意前可调用接口读取「${names.zh}」（${entry} 经 ${first.path?.length ?? 1} 个方法调用 ${first.api}）；是否读取取决于应用如何使用该库及是否获得权限。`,
            en: `${who.en} code can reach APIs that read ${names.en} before consent (${entry} reaches ${first.api} through ${first.path?.length ?? 1} method(s)); whether it reads depends on how the app uses the library and on its permissions.`,
          },
          evidence: evidenceOf(open),
          runtimeCheck: RUNTIME_CHECK,
        });
        continue;
      }
      ctx.report({
        severity: 'high',
        confidence: exact ? 'confirmed' : 'likely',
        clauses,
        dataTypes: types,
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${who.zh}在用户同意隐私政策前即收集${n > 1 ? ` ${n} 类个人信息：` : ''}「${names.zh}」：如 ${entry} 经 ${first.path?.length ?? 1} 个方法的调用路径调用 ${first.api}。`,
          en: `${who.en} collects ${names.en} before the user consents: ${entry}, for one, reaches ${first.api} through a call path of ${first.path?.length ?? 1} method(s).`,
        },
        evidence: evidenceOf(open),
        runtimeCheck: RUNTIME_CHECK,
      });
    }
  },
});

/**
 * The best call of every data type first, then up to two more each: a reader who looks at the first few
 * (the text report shows three) sees different data types, each with its path.
 */
function evidenceOf(lists: SensitiveCall[][]): Evidence[] {
  const ev = (c: SensitiveCall): Evidence => codeEvidence(c, `runs before consent; ${c.dataType}`);
  return [...lists.map((l) => ev(l[0]!)), ...lists.flatMap((l) => l.slice(1, 3).map(ev))];
}

const RUNTIME_CHECK = { zh: '全新安装后冷启动，在点击同意前记录该接口调用。', en: 'Fresh install, cold start: record calls to these APIs before tapping Agree.' };
