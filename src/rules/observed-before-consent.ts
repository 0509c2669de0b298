// 认定方法 三.1/三.2, 164号文 1.1 场景2/5: a recorded run shows personal information read before the user
// answered the privacy dialog, or after a refusal. Attributed by the stack like the static analysis.
import { defineRule } from './define-rule.ts';
import type { CallGroup, RuntimeFacts } from '../runtime/facts.ts';
import type { Confidence, Evidence, Method, Severity } from '../report/types.ts';
import { dataTypeInfo, PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence } from './lib/evidence.ts';
import { iso, ownerText, sessionOf, traceEvidence } from './lib/runtime.ts';

type Kind = 'before' | 'refused' | 'unanswered' | 'unmarked';

function kindOf(runtime: RuntimeFacts, g: CallGroup): Kind {
  const s = sessionOf(runtime, g.session);
  if (s?.consent == null) return s?.limits.consentMarkers === true ? 'unanswered' : 'unmarked';
  // A group of a refused session holds reads before the refusal and after it; the first sampled read tells which.
  return s.consent.answer === 'refused' && g.sample.some((c) => c.at.line > s.consent!.at.line) ? 'refused' : 'before';
}

const RANK: Record<Kind, number> = { refused: 0, before: 1, unanswered: 2, unmarked: 3 };

export default defineRule({
  meta: {
    id: 'observed-before-consent',
    title: { zh: '运行时观察到征得同意前收集个人信息', en: 'Personal information read before consent, as recorded at runtime' },
    clauses: ['RD-3.1', 'M164-1.1-S2'],
    mayCite: ['RD-3.2', 'SDK-2', 'M164-1.1-S5'],
    methods: ['dynamic'],
    severity: 'high',
    docs: {
      description: {
        zh: '运行记录（--trace）显示：在用户对隐私政策弹窗作出选择之前，或在用户拒绝之后，调用了读取个人信息的接口。调用方按调用栈中第一个非系统框架的帧归属（与静态分析同一归属逻辑）。',
        en: 'A recorded run (--trace) shows a sensitive API called before the user answered the privacy dialog, or after a refusal. The caller is the first non-platform frame of the stack, attributed with the static analysis\'s owner logic.',
      },
      rationale: '`confirmed` only from a session whose recorder marks the consent tap; a recorder that marks consent but saw no answer gives `likely`; a cold start without consent markers gives `possible`, and only for reads within 3 s of the start before any user action (no one reads a policy dialog and taps Agree sooner). A trace alone is medium (the tester keeps high for evidence a person can re-derive from the package); high when the static analysis finds the same owner reading the same data type.',
    },
  },
  check(ctx) {
    const rt = ctx.runtime;
    if (rt === undefined) return;
    const byKey = new Map<string, { kind: Kind; groups: CallGroup[] }>();
    for (const g of [...rt.beforeConsent, ...rt.unmarkedStartup]) {
      if (!PRE_CONSENT_DATA_TYPES.has(g.dataType)) continue;
      const kind = kindOf(rt, g);
      const key = `${g.ownerKey}\u0000${g.dataType}`;
      const cur = byKey.get(key);
      if (cur === undefined) byKey.set(key, { kind, groups: [g] });
      else {
        cur.groups.push(g);
        if (RANK[kind] < RANK[cur.kind]) cur.kind = kind;
      }
    }
    for (const { kind, groups } of byKey.values()) {
      groups.sort((a, b) => RANK[kindOf(rt, a)] - RANK[kindOf(rt, b)]);
      const g = groups[0]!;
      const first = g.sample[0]!;
      const info = dataTypeInfo(g.dataType);
      const sdk = g.owner.kind === 'sdk' ? g.owner.sdk : undefined;
      const who = ownerText(g.owner, first.caller);
      const count = groups.reduce((n, x) => n + x.count, 0);
      const shallow = first.stackDepth <= 2 || sessionOf(rt, g.session)?.limits.stack !== 'full';
      // The static analysis sees the same owner reading the same data type: the package corroborates the trace.
      const statics = ctx.facts.apiCalls.filter((c) => c.dataType === g.dataType && c.callerOwner.kind === g.owner.kind && c.callerOwner.sdk === g.owner.sdk && c.reachable !== false);
      const methods: Method[] = statics.length > 0 ? ['static', 'dynamic'] : ['dynamic'];
      let confidence: Confidence = kind === 'before' || kind === 'refused' ? 'confirmed' : kind === 'unanswered' ? 'likely' : 'possible';
      if (confidence === 'confirmed' && shallow) confidence = 'likely';
      const severity: Severity = kind === 'unmarked' ? 'low' : statics.length > 0 ? 'high' : 'medium';
      const clauses = [kind === 'refused' ? 'RD-3.2' : 'RD-3.1', ...(sdk !== undefined ? ['SDK-2', 'M164-1.1-S5'] : ['M164-1.1-S2'])];
      const when: Record<Kind, { zh: string; en: string }> = {
        before: { zh: '在用户对隐私政策弹窗作出选择之前', en: 'before the user answered the privacy dialog' },
        refused: { zh: '在用户拒绝隐私政策之后', en: 'after the user refused the privacy policy' },
        unanswered: { zh: '在记录中用户始终未同意隐私政策时', en: 'while the user had not agreed (no consent answer in the recording)' },
        unmarked: { zh: '在冷启动后 3 秒内、任何用户操作之前（该记录未标记同意时刻）', en: 'within 3 s of a cold start, before any user action (the recording marks no consent)' },
      };
      const evidence: Evidence[] = groups.slice(0, 2).map((x) => traceEvidence(rt, x.sample, `${x.count} call(s) ${when[kindOf(rt, x)].en}`));
      for (const c of statics.slice(0, 1)) evidence.push(codeEvidence(c, 'the same owner and data type in the package'));
      ctx.report({
        severity,
        confidence,
        clauses,
        methods,
        dataTypes: [g.dataType],
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${who.zh}${when[kind].zh}调用 ${first.method} 收集「${info.zh}」，共 ${count} 次；首次于 ${iso(first.wall)}（${first.at.file}:${first.at.line}）。${first.threw !== null ? `调用抛出异常（${first.threw}），即尝试读取但可能未获得数据。` : ''}`,
          en: `${who.en} called ${first.method} (${info.en}) ${when[kind].en}, ${count} time(s); first at ${iso(first.wall)} (${first.at.file}:${first.at.line}).${first.threw !== null ? ` The call threw (${first.threw}): the data was asked for and may not have been obtained.` : ''}`,
        },
        evidence,
        runtimeCheck: { zh: '全新安装后冷启动，在隐私弹窗处不作选择，记录该接口调用及调用栈。', en: 'Fresh install, cold start: leave the privacy dialog unanswered and record this API with its stack.' },
      });
    }
  },
});
