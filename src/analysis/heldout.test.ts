// SDK identification on versions the profiles never saw (test/helpers/heldout-list.ts): other npm releases of
// the corpus SDKs after ProGuard `-repackageclasses ''`, and the real apps of ../shared/corpus/real-apps with
// their dex repackaged the same way. Skipped, saying so, when those inputs are absent (`node
// scripts/fetch-heldout.ts` fetches the npm ones; the real apps are read-only input a clone may lack).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { heldOutBinaries, heldOutOutDir, heldOutRealApps, realAppsDir, variantFile, variants } from '../../scripts/obfuscate-sdks.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';

function sdksIn(file: string): ReturnType<typeof analyze>['sdks'] {
  return analyze(openPackage(new Uint8Array(readFileSync(file)), { path: file })).sdks;
}

const npm = heldOutBinaries();
const haveReal = existsSync(realAppsDir);

describe.skipIf(npm.length === 0)('held-out SDK versions after renaming', () => {
  beforeAll(() => {
    if (!existsSync(join(heldOutOutDir, 'proguard'))) variants(npm, heldOutOutDir);
  }, 1_800_000);

  it('≥ 90% found after ProGuard and after repackaging the real apps, nothing invented', { timeout: 1_800_000 }, () => {
    const cases = [
      ...npm.map((b) => ({ name: b.id, sdks: b.sdks, plain: b.file, renamed: variantFile(b, 'proguard', heldOutOutDir) })),
      ...(haveReal ? heldOutRealApps().map((a) => ({ name: a.id, sdks: a.sdks, plain: a.file, renamed: a.repackaged })) : []),
    ];
    let expected = 0;
    const missed: string[] = [];
    const invented: string[] = [];
    for (const c of cases) {
      const plain = new Set(sdksIn(c.plain).map((h) => h.id));
      const hits = sdksIn(c.renamed);
      for (const id of c.sdks) {
        expected++;
        if (!hits.some((h) => h.id === id && h.matchedBy !== 'package')) missed.push(`${c.name}:${id}`);
      }
      // Whatever markers or fingerprints find in the renamed copy must be in the plain one.
      for (const h of hits) if (!plain.has(h.id)) invented.push(`${c.name}:${h.id}`);
    }
    expect(invented).toEqual([]);
    expect(expected).toBeGreaterThanOrEqual(9);
    expect((expected - missed.length) / expected, missed.join(' ')).toBeGreaterThanOrEqual(0.9);
  });
});

describe.skipIf(!haveReal)('real apps: markers and fingerprints invent nothing', () => {
  // Each SDK a real app holds shows in its package names too (checked against the fact sheets' dexdump
  // prefixes); one found only by markers or fingerprints would be an SDK the app lacks.
  it('no SDK found by fingerprint alone in the 21 real apps', { timeout: 1_800_000 }, () => {
    const only: string[] = [];
    for (const f of readdirSync(realAppsDir).sort()) {
      for (const h of sdksIn(join(realAppsDir, f))) if (h.matchedBy === 'fingerprint') only.push(`${f}:${h.id} [${(h.markers ?? []).join(' | ')}]`);
    }
    expect(only).toEqual([]);
  });
});
