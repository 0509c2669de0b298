// 26号文 (M23-6), 164号文 2.2 场景1/2: starting itself in the background or waking other apps without a
// reasonable scenario or consent.
import { defineRule } from './define-rule.ts';
import { behaviorEvidence } from './lib/evidence.ts';

export default defineRule({
  meta: {
    id: 'self-or-chain-start',
    title: { zh: '自启动或关联启动其他应用', en: 'Self-start or chain-start of other apps' },
    clauses: ['M23-6', 'M164-2.2-S1'],
    mayCite: ['M164-2.2-S2'],
    methods: ['static', 'manifest'],
    severity: 'medium',
    docs: {
      description: { zh: '应用注册开机、网络变化等系统广播以自启动，或在代码中启动、绑定、唤醒其他应用的组件。', en: 'The app registers for boot or connectivity broadcasts to start itself, or starts, binds or wakes other apps\' components.' },
      rationale: 'Whether a scenario is reasonable and how often it happens is dynamic: `possible` always. Starting before consent is medium; anything else low.',
    },
  },
  check(ctx) {
    for (const kind of ['self-start', 'chain-start'] as const) {
      // A self-start in code (an alarm, a job) set from a user's tap is the user's doing: only manifest
      // receivers and code running before consent count.
      const hits = ctx.facts.behaviors.filter((b) => b.kind === kind && b.reachable !== false && (kind === 'chain-start' || b.element !== undefined || b.beforeConsent === true));
      if (hits.length === 0) continue;
      const early = hits.some((b) => b.beforeConsent === true);
      const sdks = [...new Set(hits.map((b) => b.callerOwner.sdk).filter((s) => s !== undefined))];
      const chain = kind === 'chain-start';
      ctx.report({
        // Before consent it is 164号文 2.2 场景2 whoever starts; a boot receiver alone is common and low.
        severity: early ? 'medium' : 'low',
        confidence: 'possible',
        clauses: early ? ['M23-6', 'M164-2.2-S1', 'M164-2.2-S2'] : ['M23-6', 'M164-2.2-S1'],
        methods: hits.some((b) => b.element !== undefined) ? ['manifest', 'static'] : ['static'],
        ...(sdks.length === 1 ? { sdk: sdks[0]! } : {}),
        title: chain ? { zh: '关联启动其他应用', en: 'Chain-start of other apps' } : { zh: '自启动', en: 'Self-start' },
        message: chain
          ? { zh: `代码中有 ${hits.length} 处启动或唤醒其他应用组件${early ? '，部分发生在用户同意前' : ''}${sdks.length > 0 ? `（来自SDK：${sdks.join('、')}）` : ''}。`, en: `${hits.length} place(s) start or wake other apps' components${early ? ', some before consent' : ''}${sdks.length > 0 ? ` (from SDKs: ${sdks.join(', ')})` : ''}.` }
          : { zh: `应用通过 ${hits.length} 处系统广播或机制在后台自启动${sdks.length > 0 ? `（来自SDK：${sdks.join('、')}）` : ''}。`, en: `The app can start itself in the background through ${hits.length} broadcast(s) or mechanism(s)${sdks.length > 0 ? ` (from SDKs: ${sdks.join(', ')})` : ''}.` },
        evidence: hits.slice(0, 5).map((b) => behaviorEvidence(b)),
        runtimeCheck: { zh: '重启设备或切换网络后观察应用是否被拉起、是否唤醒其他应用及频率。', en: 'Reboot or switch networks and watch whether the app starts or wakes other apps, and how often.' },
      });
    }
  },
});
