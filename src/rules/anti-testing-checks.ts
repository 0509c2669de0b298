// 技术对抗 (issue #16): code that looks for what a testing lab uses (root, an emulator, Frida or Xposed, a
// debugger) or that pins certificates against an intercepting proxy, and a recorded run that stopped right
// after a cold start. Facts for an inspector, never violations: lawful apps check for root too.
import { defineRule } from './define-rule.ts';
import type { Behavior } from '../analysis/facts.ts';
import type { Evidence } from '../report/types.ts';
import { iso, limitsText } from './lib/runtime.ts';

const WHAT: Record<string, { zh: string; en: string }> = {
  root: { zh: 'Root/Magisk 检测', en: 'root or Magisk checks' },
  emulator: { zh: '模拟器检测', en: 'emulator checks' },
  hook: { zh: 'Frida/Xposed 等注入框架检测', en: 'Frida or Xposed detection' },
  debugger: { zh: '调试器/跟踪检测', en: 'debugger or tracer checks' },
  pinning: { zh: '证书固定（会阻断实验室抓包）', en: 'certificate pinning (blocks a lab\'s intercepting proxy)' },
};
/** A run that ends this soon after a cold start, with no consent answer, is worth an inspector's look. */
const EARLY_STOP_MS = 10_000;

function ownerName(b: Behavior): string {
  return b.callerOwner.kind === 'sdk' ? `SDK ${b.callerOwner.sdk ?? '?'}` : b.callerOwner.kind === 'app' ? 'the app' : `code of ${b.caller?.split(';')[0]?.replace(/^L/u, '').split('/').slice(0, 3).join('.') ?? '?'}`;
}

export default defineRule({
  meta: {
    id: 'anti-testing-checks',
    title: { zh: '存在对抗检测（技术对抗）的迹象', en: 'Signs of counter-measures against testing' },
    clauses: ['RD-2.1'],
    methods: ['static'],
    severity: 'info',
    appliesTo: ['apk'],
    docs: {
      description: {
        zh: '代码中含有仅用于检测 Root/Magisk、模拟器、Frida/Xposed、调试器的字符串，或 OkHttp 证书固定的公钥摘要；或运行记录显示冷启动后 10 秒内、用户作出隐私选择前应用即停止。这些是供检测人员判断的事实，不是违规认定。',
        en: 'The code holds strings only root/Magisk, emulator, Frida/Xposed or debugger checks use, or OkHttp certificate pins; or a recorded run stopped within 10 s of a cold start, before any consent answer. Facts for an inspector, not violations.',
      },
      rationale: 'Always info. `likely` when the string sits in code reachable from an entry point (with its call path), `possible` when it is not reached or reachability is unknown: a string is not a call, and what the app does on detection needs a run. An early stop is `possible`: a crash, a kill or the app\'s own exit look the same to a recorder.',
    },
  },
  check(ctx) {
    const groups = new Map<string, Behavior[]>();
    for (const b of ctx.facts.behaviors) {
      if (b.kind !== 'root-or-emulator-check') continue;
      const what = b.detail.split(':')[0]!;
      if (WHAT[what] === undefined) continue;
      const key = `${what}\u0000${b.callerOwner.kind}\u0000${b.callerOwner.sdk ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), b]);
    }
    for (const [key, list] of groups) {
      const what = key.split('\u0000')[0]!;
      const reached = list.filter((b) => b.reachable === true);
      const shown = (reached.length > 0 ? reached : list).slice(0, 3);
      const strings = [...new Set(list.map((b) => b.detail.slice(what.length + 2)))];
      const sdk = list[0]!.callerOwner.kind === 'sdk' ? list[0]!.callerOwner.sdk : undefined;
      ctx.report({
        severity: 'info',
        confidence: reached.length > 0 ? 'likely' : 'possible',
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${ownerName(list[0]!)} 的代码含 ${WHAT[what]!.zh} 所用的字符串（${strings.slice(0, 5).join('、')}${strings.length > 5 ? '…' : ''}），${reached.length > 0 ? '位于可达代码中' : '未见可达路径'}。检测到后应用如何表现，需在真机与模拟器上运行对比。`,
          en: `${ownerName(list[0]!)} holds strings used by ${WHAT[what]!.en} (${strings.slice(0, 5).join(', ')}${strings.length > 5 ? ', …' : ''}), ${reached.length > 0 ? 'in reachable code' : 'with no path from an entry point'}. What the app does when it detects them needs a run on a lab device and on a plain one.`,
        },
        evidence: shown.map((b): Evidence => ({ kind: 'code', caller: b.caller ?? '(unknown)', ...(b.path !== undefined ? { path: b.path } : {}), owner: b.callerOwner.sdk === undefined ? { kind: b.callerOwner.kind } : { kind: b.callerOwner.kind, sdk: b.callerOwner.sdk }, note: b.detail })),
        runtimeCheck: { zh: '在测试设备（Root、Frida）与普通设备上分别运行，比较行为与采集。', en: 'Run on the lab device (root, Frida) and on a plain one; compare what the app does and collects.' },
      });
    }
    const rt = ctx.runtime;
    if (rt === undefined) return;
    for (const s of rt.sessions) {
      if (!s.coldStart || s.startClock === null || s.stopWall === null || s.consent !== null || s.stopWall - s.startClock > EARLY_STOP_MS) continue;
      const secs = ((s.stopWall - s.startClock) / 1000).toFixed(1);
      ctx.report({
        severity: 'info',
        confidence: 'possible',
        methods: ['dynamic'],
        message: {
          zh: `记录的运行在冷启动后 ${secs} 秒停止，用户尚未对隐私弹窗作出选择（会话 ${s.id}）：可能是崩溃、被终止或应用自行退出，如在实验室设备上可复现，请检测人员判断是否为对抗检测。`,
          en: `The recorded run stopped ${secs} s after a cold start, before any consent answer (session ${s.id}): a crash, a kill or the app's own exit. If it recurs on the lab device only, an inspector should judge whether it is a counter-measure.`,
        },
        evidence: [{ kind: 'trace', events: [{ ts: s.startClock, api: 'app-start' }, { ts: s.stopWall, api: 'app-stop' }], source: s.source, session: s.id, ...(limitsText(s) !== undefined ? { limits: limitsText(s)! } : {}), note: `stopped at ${iso(s.stopWall)}` }],
      });
    }
  },
});
