// Anti-testing: a packer (加固) or a tampered archive hides code from review, so the collection that the
// policy states cannot be verified (认定方法 二.1). Reported as information, never as a violation.
import { defineRule } from './define-rule.ts';
import { fileEvidence } from './lib/evidence.ts';

// ZIP anomalies that tools and attackers plant to break analysers; a stub before the first entry, CRC slips
// and short entries also come from ordinary build tools and prove nothing.
const TAMPERING = new Set(['fake-encryption-flag', 'local-header-mismatch', 'duplicate-name', 'overlapping-entries', 'unknown-method']);

export default defineRule({
  meta: {
    id: 'packed-or-tampered',
    title: { zh: '安装包经加固或存在篡改/反检测特征', en: 'Packed, tampered or anti-analysis package' },
    clauses: ['RD-2.1'],
    methods: ['static'],
    severity: 'info',
    docs: {
      description: { zh: '检测到加固壳、ZIP结构异常或动态加载代码：静态分析可能看不到全部代码，结论需动态复核。', en: 'A packer, ZIP anomalies or dynamic code loading: static analysis may not see all code; verify dynamically.' },
      rationale: 'Packing is lawful; it only limits what a static scan can prove, so always info.',
    },
  },
  check(ctx) {
    const { packers, behaviors } = ctx.facts;
    for (const pk of packers) {
      ctx.report({
        severity: 'info',
        confidence: 'likely',
        message: { zh: `安装包经「${pk.nameZh || pk.name}」（${pk.vendor}）加固，真实代码在运行时解密，静态结论可能不完整。`, en: `The package is packed with ${pk.name} (${pk.vendor}); the real code is decrypted at runtime, so static results may be incomplete.` },
        evidence: pk.evidence.slice(0, 5).map((e) => fileEvidence(e, `packer ${pk.id}`)),
        runtimeCheck: { zh: '动态运行并脱壳后复测。', en: 'Run and unpack dynamically, then scan again.' },
      });
    }
    const oddities = ctx.zipOddities.filter((o) => TAMPERING.has(o.kind));
    if (oddities.length > 0) {
      ctx.report({
        severity: 'info',
        confidence: 'confirmed',
        message: { zh: `ZIP结构存在 ${oddities.length} 处异常（${[...new Set(oddities.map((o) => o.kind))].join('、')}），常见于对抗分析工具的处理。`, en: `The ZIP has ${oddities.length} anomalies (${[...new Set(oddities.map((o) => o.kind))].join(', ')}), a common anti-analysis trick.` },
        evidence: oddities.slice(0, 5).map((o) => fileEvidence(o.entry ?? '(archive)', `${o.kind}: ${o.detail}`)),
      });
    }
    // Root and emulator checks only: the other counter-testing facts are anti-testing-checks' (hooks, debuggers, pinning).
    const hidden = behaviors.filter((b) => (b.kind === 'dynamic-code-loading' || (b.kind === 'root-or-emulator-check' && /^(root|emulator):/u.test(b.detail))) && b.callerOwner.kind === 'app');
    if (hidden.length > 0 && packers.length === 0) {
      ctx.report({
        severity: 'info',
        confidence: 'possible',
        message: { zh: '应用自身代码动态加载代码或检测Root/模拟器，部分行为可能只在真机运行时出现。', en: 'The app\'s own code loads code dynamically or checks for root or emulators; some behaviour may appear only on a real device.' },
        evidence: hidden.slice(0, 3).map((b) => ({ kind: 'code' as const, caller: b.caller ?? '(unknown)', note: `${b.kind}: ${b.detail}` })),
      });
    }
  },
});
