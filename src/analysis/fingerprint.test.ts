// SDK fingerprints against renamed binaries: jarjar (packages moved) and ProGuard (-repackageclasses '':
// every package and class renamed), made from the corpus SDKs by scripts/obfuscate-sdks.ts.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { outDir, sdkBinaries, variants } from '../../scripts/obfuscate-sdks.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import { hash64, normaliseDescriptor } from './fingerprint.ts';

function sdksIn(file: string): ReturnType<typeof analyze>['sdks'] {
  return analyze(openPackage(new Uint8Array(readFileSync(file)), { path: file })).sdks;
}

describe('fingerprint building blocks', () => {
  it('blanks app types but keeps framework types in descriptors', () => {
    expect(normaliseDescriptor('(Lcom/x/Y;Landroid/content/Context;I)Lcn/a/b;')).toBe('(L;Landroid/content/Context;I)L;');
    expect(hash64('a')).not.toBe(hash64('b'));
    expect(hash64('abc')).toMatch(/^[0-9a-f]{16}$/u);
  });
});

describe('SDKs are still found after renaming', () => {
  const binaries = sdkBinaries().filter((b) => b.id !== 'jshare');
  beforeAll(() => {
    if (!existsSync(join(outDir, 'proguard')) || !existsSync(join(outDir, 'jarjar'))) variants();
  }, 1_800_000);

  for (const variant of ['jarjar', 'proguard']) {
    it(`${variant}: ≥ 90% of the corpus SDKs, none invented`, { timeout: 1_800_000 }, () => {
      let expected = 0;
      let found = 0;
      const invented: string[] = [];
      for (const b of binaries) {
        const name = basename(b.file).replace(/\.(jar|aar)$/u, '');
        const file = join(outDir, variant, b.id, `${name}.jar`);
        expect(existsSync(file), file).toBe(true);
        const hits = sdksIn(file);
        const original = new Set(sdksIn(b.file).map((h) => h.id));
        for (const id of b.sdks) {
          expected++;
          if (hits.some((h) => h.id === id && h.matchedBy !== 'package')) found++;
        }
        // Whatever a fingerprint finds must be in the original binary.
        for (const h of hits) if (!original.has(h.id)) invented.push(`${b.id}:${h.id}`);
      }
      expect(invented).toEqual([]);
      expect(found / expected).toBeGreaterThanOrEqual(0.9);
    });
  }
});
