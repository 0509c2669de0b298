// 认定方法 三.1, 164号文 1.1 场景2/5, SDK-2: personal information read on a path that runs before the user
// can agree to the policy (Application.onCreate, a content provider, a boot receiver…).
import { guardKey, type PathGuard } from '../analysis/guards.ts';
import type { SensitiveCall } from '../analysis/facts.ts';
import type { Evidence, Severity } from '../report/types.ts';
import { defineRule, type RuleContext } from './define-rule.ts';
import { ownerId, preConsentCalls } from './lib/collection.ts';
import { dataTypeNames, PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence } from './lib/evidence.ts';
import { ownerWords, partyOf } from './lib/owner.ts';

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
      rationale: 'The path itself is the evidence, so a full path from a launch entry point on which nothing can stop the call is `confirmed`. A path with hops the analysis could only approximate (hierarchy or reflection), from a receiver or push service, through a branch on configuration (manifest meta-data, a stored or static flag; the branch is shown), or in code of no identified SDK outside the app, is `likely`. A path that runs only once the code has stored a value (as on consent) is `low`/`possible`; one a manifest switch or constant leaves out is not reported. Broadcasts the app\'s targetSdk no longer receives, paths through a crash handler, and paths that need an event after the start (a failure callback, a receiver the code registers at run time for broadcasts that are not sticky; the step is shown) are `medium`/`possible`. Platform-library code (AndroidX…) is `low`/`possible`: it reads only as the app configures it. One finding per owner and level of certainty lists all its data types, so a finding never claims more for a data type than its own best path shows.',
    },
  },
  check(ctx) {
    // One owner's calls together (the app, one SDK, one third-party prefix): a big SDK's 25 reads are one
    // accusation with their evidence, not 25 findings. A call a manifest switch or constant leaves out does not
    // run in this package as built.
    const groups = new Map<string, SensitiveCall[]>();
    for (const c of preConsentCalls(ctx.facts)) {
      if (!PRE_CONSENT_DATA_TYPES.has(c.dataType) || guardOf(ctx, c)?.verdict === 'off') continue;
      const key = ownerId(c);
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const events = new Set(ctx.facts.entryPoints.filter((e) => e.trigger === 'event').map((e) => e.method));
    // Receivers of broadcasts that Android 7/8+ no longer delivers to this app (its targetSdk): old devices only.
    const oldOnly = new Set(ctx.facts.entryPoints.filter((e) => e.oldDevicesOnly === true).map((e) => e.method));
    for (const calls of groups.values()) {
      const owner = calls[0]!.callerOwner;
      const party = partyOf(owner);
      const sdk = party === 'sdk' ? owner.sdk : undefined;
      const clauses = sdk !== undefined ? ['RD-3.1', 'SDK-2', 'M164-1.1-S5'] : ['RD-3.1', 'M164-1.1-S2'];
      // Per data type, its best call: the least guarded, then one that needs no crash first, then the
      // strongest path (preConsentCalls' order). A type is as strong as its best call, and no stronger.
      const byType = new Map<string, SensitiveCall[]>();
      for (const c of calls) byType.set(c.dataType, [...(byType.get(c.dataType) ?? []), c]);
      const tiers = new Map<Tier, TypeCalls[]>();
      for (const list of byType.values()) {
        // A type is as strong as its best call: the least guarded, then one that needs no crash, then the
        // shortest path (preConsentCalls' order). Kept conservative on purpose: a longer path that would earn a
        // stronger tier is not searched for, since a false `confirmed` costs more than an understated one.
        const sorted = [...list].sort((a, b) => rank(ctx, a) - rank(ctx, b) || crash(a) - crash(b));
        const best = sorted.filter((c) => rank(ctx, c) === rank(ctx, sorted[0]!));
        const tier = tierOf(ctx, best[0]!, party, events, oldOnly);
        tiers.set(tier, [...(tiers.get(tier) ?? []), { calls: best, guard: guardOf(ctx, best[0]!) }]);
      }
      for (const [tier, lists] of tiers) report(ctx, tier, lists, owner, clauses, sdk, oldOnly);
    }
  },
});

type Tier = 'confirmed' | 'likely' | 'edge' | 'stored' | 'platform';
interface TypeCalls { calls: SensitiveCall[]; guard: PathGuard | undefined }

const LEVEL: Record<Tier, { severity: Severity; confidence: 'confirmed' | 'likely' | 'possible' }> = {
  confirmed: { severity: 'high', confidence: 'confirmed' },
  likely: { severity: 'high', confidence: 'likely' },
  edge: { severity: 'medium', confidence: 'possible' },
  stored: { severity: 'low', confidence: 'possible' },
  platform: { severity: 'low', confidence: 'possible' },
};

/**
 * Callbacks on a path that run only when something happens (a crash, a broadcast, a tap or a result the user
 * brings about): the path may never run before consent.
 */
const EVENT_CALLBACK = /->(uncaughtException\(Ljava\/lang\/Thread;Ljava\/lang\/Throwable;\)V|onReceive\(Landroid\/content\/Context;Landroid\/content\/Intent;\)V|on(Long)?Click\(Landroid\/view\/View;\)[VZ]|onItem(Long)?Click\(Landroid\/widget\/AdapterView;Landroid\/view\/View;IJ\)[VZ]|onTouch\(Landroid\/view\/View;Landroid\/view\/MotionEvent;\)Z|onActivityResult\(IILandroid\/content\/Intent;\)V|onOptionsItemSelected\(Landroid\/view\/MenuItem;\)Z|onCheckedChanged\([^)]*\)V)$/;

function guardOf(ctx: RuleContext, c: SensitiveCall): PathGuard | undefined {
  return ctx.guards?.get(guardKey(c));
}

/** The name-based consent check of contexts without guards (rule cases written before guards existed). */
function legacyCheck(ctx: RuleContext, c: SensitiveCall): { m: string; why: string } | undefined {
  if (ctx.guards !== undefined) return undefined;
  for (const m of [...(c.path ?? []), c.caller]) {
    const why = ctx.consentChecks.get(m);
    if (why !== undefined) return { m, why };
  }
  return undefined;
}

/** How strongly a guard keeps the call from a fresh launch: the rank of `stored` (a stored value first) is STORED. */
const STORED = 3;

function rank(ctx: RuleContext, c: SensitiveCall): number {
  if (legacyCheck(ctx, c) !== undefined) return STORED;
  return ({ none: 0, 'may-stop': 1, 'needs-event': 2, 'needs-stored-value': STORED, off: 4 } as const)[guardOf(ctx, c)?.verdict ?? 'none'];
}

function crash(c: SensitiveCall): number {
  return (c.path ?? []).slice(1).some((m) => m.includes('->uncaughtException(Ljava/lang/Thread;Ljava/lang/Throwable;)V')) ? 1 : 0;
}

function tierOf(ctx: RuleContext, c: SensitiveCall, party: string, events: Set<string>, oldOnly: Set<string>): Tier {
  if (rank(ctx, c) === STORED) return 'stored';
  if (party === 'platform') return 'platform';
  const entry = c.path?.[0] ?? c.caller;
  // A path that needs an event after the start (an operation failing, a broadcast to a receiver registered at
  // run time), like one through a crash handler, is not what the start of the app guarantees.
  if (oldOnly.has(entry) || crash(c) === 1 || guardOf(ctx, c)?.verdict === 'needs-event') return 'edge';
  // Unattributed code is reported, but not as proven; nor is a path through a branch on configuration, one
  // with approximate hops, or one that starts only on a system event or a push message.
  const exact = guardOf(ctx, c) === undefined && !events.has(entry) && !(c.path ?? []).slice(1).some((m) => EVENT_CALLBACK.test(m)) &&
    c.via === 'direct' && c.path !== undefined && c.path.length > 0 && party !== 'third-party';
  return exact ? 'confirmed' : 'likely';
}

function report(ctx: RuleContext, tier: Tier, lists: TypeCalls[], owner: SensitiveCall['callerOwner'], clauses: string[], sdk: string | undefined, oldOnly: Set<string>): void {
  const words = ownerWords(owner);
  // "未识别的第三方代码 com.x 在…": a space after a package name before the Chinese text goes on.
  const who = { zh: /[\w)]$/.test(words.zh) ? `${words.zh} ` : words.zh, en: words.en };
  const types = lists.map((l) => l.calls[0]!.dataType);
  const names = dataTypeNames(types);
  const first = lists[0]!.calls[0]!;
  const entry = first.path?.[0] ?? first.caller;
  const hops = first.path?.length ?? 1;
  // The guard the message names is the one on the path it quotes (the first type's best call).
  const guard = lists[0]!.guard;
  const legacy = legacyCheck(ctx, first);
  let message: { zh: string; en: string };
  if (tier === 'stored') {
    const where = guard?.method ?? legacy?.m ?? '';
    const why = guard?.detail ?? legacy?.why ?? '';
    message = {
      zh: `${who.zh}的代码从 ${entry} 可调用接口收集「${names.zh}」，但路径上的 ${where} 先检查一个已保存的值（${why}），全新安装时该调用不执行，可能仅在同意后执行。`,
      en: `${who.en} code can reach APIs that collect ${names.en} from ${entry}, but ${where} on the way first tests a stored value (${why}): on a fresh install the call does not run; it may run only after consent.`,
    };
  } else if (tier === 'platform') {
    // AndroidX's night-mode helper reads the last known location: platform code that reads only as the app
    // configures it and with a permission it holds. Named, never blamed on the app, and low.
    message = {
      zh: `${who.zh}的代码在用户同意前可调用接口读取「${names.zh}」（${entry} 经 ${hops} 个方法调用 ${first.api}）；是否读取取决于应用如何使用该库及是否获得权限。`,
      en: `${who.en} code can reach APIs that read ${names.en} before consent (${entry} reaches ${first.api} through ${hops} method(s)); whether it reads depends on how the app uses the library and on its permissions.`,
    };
  } else {
    const n = types.length;
    const guardNote = guard === undefined ? null : guard.source === 'exception'
      ? { zh: `该调用位于 ${guard.method} 的异常处理（catch）中，仅在先抛出异常时执行。`, en: ` The call sits in an exception handler of ${guard.method}: it runs only when something throws first.` }
      : guard.source === 'failure-callback'
        ? { zh: `路径经过失败回调 ${guard.callee}（由 ${guard.method} 传出），仅在操作失败时执行，并非应用启动必然执行。`, en: ` The path goes through the failure callback ${guard.callee} (handed on by ${guard.method}): it runs only when the operation fails, not on every start.` }
        : guard.source === 'receiver'
          ? { zh: `路径经过 ${guard.method} 在运行时注册的广播接收器（${guard.reads}），仅在收到该广播时执行，并非应用启动必然执行。`, en: ` The path goes through a broadcast receiver that ${guard.method} registers at run time (${guard.reads}): it runs only when such a broadcast comes, not on every start.` }
          : guard.source === 'permission'
        ? { zh: `路径上的 ${guard.method} 先检查运行时权限（${guard.detail}），全新安装时未授权，该调用可能不执行。`, en: ` ${guard.method} on the way checks runtime permissions first (${guard.detail}): not granted on a fresh install, so the call may not run.` }
        : { zh: `路径上的 ${guard.method} 依据配置或标志分支（${guard.detail}），该调用可能被阻止。`, en: ` ${guard.method} on the way branches on configuration or a flag (${guard.detail}): it may stop the call.` };
    const oldDevices = tier === 'edge' && oldOnly.has(entry);
    const onCrash = tier === 'edge' && crash(first) === 1;
    message = {
      zh: `${who.zh}在用户同意隐私政策前即收集${n > 1 ? ` ${n} 类个人信息：` : ''}「${names.zh}」：如 ${entry} 经 ${hops} 个方法的调用路径调用 ${first.api}。${guardNote?.zh ?? ''}${oldDevices ? '该入口为广播接收器，Android 7/8 以上系统不再向本应用投递该广播，仅旧系统设备可触发。' : ''}${onCrash ? '该路径经过崩溃处理器（uncaughtException），仅在应用崩溃后执行。' : ''}`,
      en: `${who.en} collects ${names.en} before the user consents: ${entry}, for one, reaches ${first.api} through a call path of ${hops} method(s).${guardNote?.en ?? ''}${oldDevices ? ' The entry is a receiver of a broadcast that Android 7/8+ no longer delivers to this app: on older devices only.' : ''}${onCrash ? ' The path goes through a crash handler (uncaughtException): it runs only if the app crashes first.' : ''}`,
    };
  }
  const note = tier === 'stored' ? 'guarded by a stored value' : 'runs before consent';
  const guards = [...new Set(lists.map((l) => l.guard).filter((g) => g !== undefined))].slice(0, 3);
  ctx.report({
    ...LEVEL[tier],
    clauses,
    dataTypes: types,
    ...(sdk !== undefined ? { sdk } : {}),
    message,
    evidence: [...evidenceOf(lists.map((l) => l.calls), note), ...guards.flatMap(guardEvidence)],
    runtimeCheck: RUNTIME_CHECK,
  });
}

/**
 * The best call of every data type first, then up to two more each: a reader who looks at the first few
 * (the text report shows three) sees different data types, each with its path.
 */
function evidenceOf(lists: SensitiveCall[][], note: string): Evidence[] {
  const ev = (c: SensitiveCall): Evidence => codeEvidence(c, `${note}; ${c.dataType}`);
  return [...lists.map((l) => ev(l[0]!)), ...lists.flatMap((l) => l.slice(1, 3).map(ev))];
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

const RUNTIME_CHECK = { zh: '全新安装后冷启动，在点击同意前记录该接口调用。', en: 'Fresh install, cold start: record calls to these APIs before tapping Agree.' };
