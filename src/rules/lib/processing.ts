// How much personal information a package processes, by its code and its policy: the weight of a missing
// user right. A policy that offers no deletion is serious in an app that collects IMEI and contacts; in an
// app whose code and policy show no personal information at all, it is a drafting gap.
import type { PolicyAnalysis } from '../../policy/types.ts';
import type { FindingInput, RuleContext } from '../define-rule.ts';
import type { Severity } from '../../report/types.ts';
import { collectedDataTypes, isWeakCall } from './collection.ts';
import { usablePolicy } from './policy.ts';

export type Processing = 'collects' | 'capable' | 'none';

/**
 * - `collects`: code shown reachable reads personal information (any owner: the app answers for its SDKs), or
 *   the policy declares some;
 * - `capable`: only permissions, or calls not shown reachable;
 * - `none`: neither code nor policy shows any.
 */
export function processing(ctx: Pick<RuleContext, 'facts' | 'policy'>): Processing {
  const p: PolicyAnalysis | null = ctx.policy;
  if (usablePolicy(p) && (p.declared.length > 0 || p.declaredDataTypes.length > 0)) return 'collects';
  const all = [...collectedDataTypes(ctx.facts).values()];
  // Platform libraries (androidx's night-mode location read, say) act only when the app asks: not the app's
  // processing by themselves. Their calls are told apart once owners carry a party.
  const platform = (call: (typeof all)[number]['calls'][number]): boolean => (call.callerOwner as { party?: string }).party === 'platform';
  if (all.some((c) => c.calls.some((call) => call.reachable === true && !isWeakCall(call) && !platform(call)))) return 'collects';
  return all.some((c) => c.calls.some((call) => !platform(call)) || c.permissions.length > 0) ? 'capable' : 'none';
}

const CAP: Readonly<Record<Processing, Severity>> = { collects: 'high', capable: 'medium', none: 'low' };
const RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

/** A rights finding with its severity capped by what the package processes, saying so when it was lowered. */
export function scaledToProcessing(ctx: Pick<RuleContext, 'facts' | 'policy'>, f: FindingInput): FindingInput {
  const level = processing(ctx);
  const cap = CAP[level];
  if (RANK[f.severity] <= RANK[cap]) return f;
  const why = level === 'none'
    ? { zh: '代码与隐私政策均未显示处理个人信息，故列为低风险。', en: 'Neither the code nor the policy shows any personal information processed, so low.' }
    : { zh: '仅见权限申请，未见可达代码收集或政策声明的个人信息，故最高列为中风险。', en: 'Only permissions are requested; no reachable code or policy statement shows personal information processed, so medium at most.' };
  return { ...f, severity: cap, message: { zh: `${f.message.zh}${why.zh}`, en: `${f.message.en} ${why.en}` } };
}
