// 164号文 2.1 场景5/6, 认定方法 三.2, T/TAF 077.5 (48 hours): a permission asked again soon after the user
// refused it, within one run or across recorded runs.
import { defineRule } from './define-rule.ts';
import { RE_REQUEST_WINDOW_MS } from '../runtime/facts.ts';
import { iso } from './lib/runtime.ts';

export default defineRule({
  meta: {
    id: 'permission-re-request',
    title: { zh: '用户拒绝后 48 小时内再次申请权限', en: 'Permission requested again within 48 hours of a refusal' },
    clauses: ['RD-3.2', 'M164-2.1-S5'],
    mayCite: ['M164-2.1-S6'],
    methods: ['dynamic'],
    severity: 'medium',
    docs: {
      description: {
        zh: '运行记录显示用户拒绝某权限后，应用在 48 小时内（T/TAF 077.5 的口径）再次申请同一权限；可跨多次记录的运行（多个 --trace）。',
        en: 'Recorded runs show the app requesting a permission again within 48 hours (the T/TAF 077.5 measure) of the user refusing it; across several recorded runs when several --trace files are given.',
      },
      rationale: '`likely`: the trace records the app\'s requestPermissions call; after "don\'t ask again" Android answers without showing a dialog, which the user does not see. The 48-hour window is the T/TAF 077.5 figure as quoted in issue 16 (standard text not retrieved here).',
    },
  },
  check(ctx) {
    const rt = ctx.runtime;
    if (rt === undefined) return;
    for (const r of rt.reRequests) {
      const sameRun = r.refused.session === r.askedAgain.session;
      const minutes = Math.round((r.askedAgain.wall - r.refused.wall) / 60_000);
      ctx.report({
        severity: 'medium',
        confidence: 'likely',
        clauses: ['RD-3.2', sameRun ? 'M164-2.1-S5' : 'M164-2.1-S6'],
        message: {
          zh: `用户于 ${iso(r.refused.wall)} 拒绝 ${r.permission}，应用于 ${iso(r.askedAgain.wall)}（${minutes} 分钟后，${sameRun ? '同一次运行' : '重新运行后'}）再次申请，未满 ${RE_REQUEST_WINDOW_MS / 3_600_000} 小时。`,
          en: `The user refused ${r.permission} at ${iso(r.refused.wall)}; the app asked again at ${iso(r.askedAgain.wall)} (${minutes} min later, ${sameRun ? 'in the same run' : 'after a relaunch'}), within ${RE_REQUEST_WINDOW_MS / 3_600_000} hours.`,
        },
        evidence: [
          { kind: 'trace', events: [{ ts: r.refused.wall, api: `permission refused: ${r.permission}`, at: `${r.refused.at.file}:${r.refused.at.line}` }, { ts: r.askedAgain.wall, api: `permission requested: ${r.permission}`, at: `${r.askedAgain.at.file}:${r.askedAgain.at.line}` }], session: r.askedAgain.session },
        ],
        runtimeCheck: { zh: '拒绝该权限后重新启动应用，观察是否再次弹窗。', en: 'Refuse the permission, relaunch the app and watch for the dialog again.' },
      });
    }
  },
});
