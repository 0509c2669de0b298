// 认定方法 三.1, 164号文 1.1 场景2/5, SDK-2: personal information read on a path that runs before the user
// can agree to the policy (Application.onCreate, a content provider, a boot receiver…).
import { guardKey, type PathGuard } from '../analysis/guards.ts';
import type { Evidence } from '../report/types.ts';
import { defineRule, type RuleContext } from './define-rule.ts';
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
      rationale: 'The path itself is the evidence, so a full path from a launch entry point on which nothing can stop the call is `confirmed`. A path with hops the analysis could only approximate (hierarchy or reflection), from a receiver or push service, or through a branch on configuration (manifest meta-data, a stored or static flag) is `likely`, with the branch as evidence. A path that runs only once the code has stored a value (as on consent) is `low`/`possible`; one a manifest switch or constant leaves out is not reported.',
    },
  },
  check(ctx) {
    const groups = new Map<string, SensitiveCall[]>();
    for (const c of preConsentCalls(ctx.facts)) {
      if (!PRE_CONSENT_DATA_TYPES.has(c.dataType)) continue;
      // A manifest switch or a constant that leaves the call out: it does not run in this package as built.
      if (guardOf(ctx, c)?.verdict === 'off') continue;
      const key = `${ownerId(c)}\u0000${c.dataType}`;
      const g = groups.get(key) ?? [];
      g.push(c);
      groups.set(key, g);
    }
    const events = new Set(ctx.facts.entryPoints.filter((e) => e.trigger === 'event').map((e) => e.method));
    // Receivers of broadcasts that Android 7/8+ no longer delivers to this app (its targetSdk): old devices only.
    const oldOnly = new Set(ctx.facts.entryPoints.filter((e) => e.oldDevicesOnly === true).map((e) => e.method));
    for (const all of groups.values()) {
      // The group is as strong as its least guarded call: unguarded calls first, then those a flag may stop.
      const rank = (c: SensitiveCall): number => ({ none: 0, 'may-stop': 1, 'needs-stored-value': 2, off: 3 })[guardOf(ctx, c)?.verdict ?? 'none'];
      const best = Math.min(...all.map(rank));
      // Among those, a path that needs no crash first is the stronger evidence.
      const crash = (c: SensitiveCall): number => ((c.path ?? []).slice(1).some((m) => m.includes('->uncaughtException(Ljava/lang/Thread;Ljava/lang/Throwable;)V')) ? 1 : 0);
      const calls = all.filter((c) => rank(c) === best).sort((a, b) => crash(a) - crash(b));
      const first = calls[0]!;
      const info = dataTypeInfo(first.dataType);
      const sdk = first.callerOwner.kind === 'sdk' ? first.callerOwner.sdk : undefined;
      const entry = first.path?.[0] ?? first.caller;
      const guard = guardOf(ctx, first);
      // The name-based check of older contexts (consentChecks without guards): a consent flag read on the way.
      const legacy = ctx.guards === undefined ? [...(first.path ?? []), first.caller].map((m) => ({ m, why: ctx.consentChecks.get(m) })).find((g) => g.why !== undefined) : undefined;
      const clauses = sdk !== undefined ? ['RD-3.1', 'SDK-2', 'M164-1.1-S5'] : ['RD-3.1', 'M164-1.1-S2'];
      const runtimeCheck = { zh: '全新安装后冷启动，在点击同意前记录该接口调用。', en: 'Fresh install, cold start: record calls to this API before tapping Agree.' };
      if (guard?.verdict === 'needs-stored-value' || legacy !== undefined) {
        const where = guard?.method ?? legacy!.m;
        const why = guard?.detail ?? legacy!.why ?? '';
        ctx.report({
          severity: 'low',
          confidence: 'possible',
          clauses,
          dataTypes: [first.dataType],
          ...(sdk !== undefined ? { sdk } : {}),
          message: {
            zh: `${entry} 可调用 ${first.api} 收集「${info.zh}」，但路径上的 ${where} 先检查一个已保存的值（${why}），全新安装时该调用不执行，可能仅在同意后执行。`,
            en: `${entry} can reach ${first.api} (${info.en}), but ${where} on the way first tests a stored value (${why}): on a fresh install the call does not run; it may run only after consent.`,
          },
          evidence: [...calls.slice(0, 3).map((c) => codeEvidence(c, `guarded in ${where}`)), ...(guard !== undefined ? guardEvidence(guard) : [])],
          runtimeCheck,
        });
        continue;
      }
      // Unattributed code (neither the app's packages nor a known SDK) is reported, but not as proven; nor is a
      // path through a branch on configuration, or one that starts only on a system event or a push message.
      const exact = guard === undefined && !events.has(entry) && !(first.path ?? []).slice(1).some((m) => EVENT_CALLBACK.test(m)) && first.via === 'direct' && first.path !== undefined && first.path.length > 0 && first.callerOwner.kind !== 'unknown';
      const guardNote = guard === undefined ? null : { zh: `路径上的 ${guard.method} 依据配置或标志分支（${guard.detail}），该调用可能被阻止。`, en: ` ${guard.method} on the way branches on configuration or a flag (${guard.detail}): it may stop the call.` };
      // Old-device broadcasts, and paths through a crash handler (they run only if the app crashes first).
      const oldDevices = oldOnly.has(entry);
      const onCrash = crash(first) === 1;
      ctx.report({
        severity: oldDevices || onCrash ? 'medium' : 'high',
        confidence: oldDevices || onCrash ? 'possible' : exact ? 'confirmed' : 'likely',
        clauses,
        dataTypes: [first.dataType],
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${sdk !== undefined ? `SDK（${sdk}）` : '应用'}在用户同意隐私政策前即收集「${info.zh}」：${entry} 经 ${first.path?.length ?? 1} 个方法的调用路径调用 ${first.api}。${guardNote?.zh ?? ''}${oldDevices ? '该入口为广播接收器，Android 7/8 以上系统不再向本应用投递该广播，仅旧系统设备可触发。' : ''}${onCrash ? '该路径经过崩溃处理器（uncaughtException），仅在应用崩溃后执行。' : ''}`,
          en: `${sdk !== undefined ? `SDK ${sdk}` : 'The app'} collects ${info.en} before the user consents: ${entry} reaches ${first.api} through a call path of ${first.path?.length ?? 1} method(s).${guardNote?.en ?? ''}${oldDevices ? ' The entry is a receiver of a broadcast that Android 7/8+ no longer delivers to this app: on older devices only.' : ''}${onCrash ? ' The path goes through a crash handler (uncaughtException): it runs only if the app crashes first.' : ''}`,
        },
        evidence: [...calls.slice(0, 3).map((c) => codeEvidence(c, 'runs before consent')), ...(guard !== undefined ? guardEvidence(guard) : [])],
        runtimeCheck,
      });
    }
  },
});

/** Callbacks on a path that run only when something happens (a crash, a broadcast): the path may never run. */
const EVENT_CALLBACK = /->(uncaughtException\(Ljava\/lang\/Thread;Ljava\/lang\/Throwable;\)V|onReceive\(Landroid\/content\/Context;Landroid\/content\/Intent;\)V)$/;

function guardOf(ctx: RuleContext, c: SensitiveCall): PathGuard | undefined {
  return ctx.guards?.get(guardKey(c));
}

/** The guard as evidence a person can check: the branch in its method, and the manifest line for a switch. */
function guardEvidence(g: PathGuard): Evidence[] {
  const out: Evidence[] = [{ kind: 'code', caller: g.method, callee: g.callee, note: `guard: ${g.detail}` }];
  if (g.metaData !== undefined) {
    out.push(g.metaData.line !== null
      ? { kind: 'manifest', element: 'meta-data', line: g.metaData.line, attribute: 'android:value', value: `${g.metaData.name}=${g.metaData.value ?? ''}` }
      : { kind: 'file', path: 'AndroidManifest.xml', detail: `meta-data "${g.metaData.name}" is not set${g.knowledge !== undefined ? ` (switch recorded from ${g.knowledge})` : ''}` });
  }
  return out;
}
