// Catalogue coverage on the real apps (../shared/corpus/real-apps): every SDK prefix the fact sheets list
// (from dexdump, not from piscope) is identified. Skipped, saying so, when the corpus is absent.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverage, realApps, realAppsDir } from '../../scripts/sdk-coverage.ts';

// Listed vendor prefixes that are not SDK code, each checked by hand with dexdump.
const NOT_SDK: Record<string, string> = {
  'dexhunter-test-alijiagu.apk com.ali.mobisecenhance': 'the packer stub (packers.json), not an SDK',
  'moviejx-x5.apk MTT': 'one X5 bean class at the root (MTT.ThirdAppInfoNew); a one-segment prefix would swallow unrelated code',
  'yidun-quickpass-demo.apk com.sdk': 'R classes of the Unicom login AAR only (R$anim, R$attr…)',
  'weibo-sdk-demo-2017.apk com.sina': 'R and BuildConfig of the demo (com.sina.weibo.R…)',
  'xpush-xgdemo.apk com.tencent': 'R and BuildConfig of XG modules (com.tencent.jg.R…)',
};

const apps = realApps();

describe.skipIf(apps === null)(`real-app SDK prefixes (${realAppsDir})`, () => {
  for (const app of apps ?? []) {
    const name = app.file.replace(/^files\//u, '');
    it(`${name}: every listed SDK prefix is identified`, { timeout: 120_000 }, () => {
      const cov = coverage(app);
      const missing = cov.prefixes
        .filter((r) => r.vendor !== '(unattributed)' && r.unowned > 0 && NOT_SDK[`${name} ${r.prefix}`] === undefined)
        // A few R/BuildConfig classes of an SDK's resources are not its code; more than 10% unowned is a gap.
        .filter((r) => r.unowned / r.classes > 0.1)
        .map((r) => `${r.prefix} ${r.classes - r.unowned}/${r.classes}`);
      expect(missing).toEqual([]);
    });
  }
  it('the corpus is the one the fact sheets describe', () => {
    expect(existsSync(realAppsDir)).toBe(true);
    expect(apps!.length).toBe(21);
  });
});
