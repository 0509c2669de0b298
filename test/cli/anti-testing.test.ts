// Counter-testing checks on a real app (../shared/corpus/real-apps/bugly-tinker-test.apk): Tencent Bugly's
// crash reporter holds root, emulator, Xposed/Substrate and TracerPid strings in code reachable from the app's
// start. Hand-checked with dexdump -d: com.tencent.bugly.crashreport.common.info.b loads "/sbin/su" and
// "/sys/qemu_trace" in <clinit>, "TracerPid:" in j(Context), "de.robv.android.xposed.installer" and
// "com.saurik.substrate" in q(Context). Reported as facts (info), never violations. Skipped without ../shared.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import { ROOT } from '../helpers/paths.ts';
import { run } from './capture.ts';

const APK = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files', 'bugly-tinker-test.apk');

describe.skipIf(!existsSync(APK))('anti-testing-checks on a real app', () => {
  it('names Bugly\'s root, emulator, hook and debugger checks as info, each with a call path', async () => {
    const r = await run(['scan', APK, '--format', 'json', '--fail-on', 'never', '-q']);
    const report = JSON.parse(r.stdout) as Report;
    const f = report.findings.filter((x) => x.ruleId === 'anti-testing-checks');
    expect(f.every((x) => x.severity === 'info')).toBe(true);
    const bugly = f.filter((x) => x.sdk === 'bugly').map((x) => `${x.confidence} ${/used by ([^(]+) \(/u.exec(x.message.en)?.[1] ?? ''}`).sort();
    expect(bugly).toEqual(['likely Frida or Xposed detection', 'likely debugger or tracer checks', 'likely emulator checks', 'likely root or Magisk checks']);
    expect(JSON.stringify(f)).toContain('Lcom/tencent/bugly/crashreport/common/info/b;->j(Landroid/content/Context;)Ljava/lang/String;');
    for (const x of f.filter((y) => y.confidence === 'likely')) {
      const ev = x.evidence[0]!;
      expect(ev.kind === 'code' && ev.path !== undefined && ev.path.length > 1).toBe(true);
    }
  });
});
