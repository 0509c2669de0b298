import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile, fixtureApk } from '../../test/helpers/paths.ts';
import { scanMany, type BatchResult } from './scan-many.ts';

describe('scanMany', () => {
  it('scans a batch on workers; a bad or missing file costs only its own row; results stream', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piscope-batch-'));
    const junk = join(dir, 'junk.apk');
    writeFileSync(junk, 'PK\u0003\u0004 this is not a zip');
    const files = [fixtureApk('rule-no-policy'), junk, join(dir, 'missing.apk'), corpusFile('jpush'), fixtureApk('rule-clean')];
    const streamed: number[] = [];
    const results = await scanMany(files, { category: 'utility_tools' }, { concurrency: 2, onResult: (_r, i) => streamed.push(i) });
    expect(results.map((r) => r.path)).toEqual(files);
    expect([...streamed].sort()).toEqual([0, 1, 2, 3, 4]);
    const ok = (r: BatchResult): boolean => 'report' in r;
    expect(results.map(ok)).toEqual([true, false, false, true, true]);
    expect('error' in results[1]! && results[1].error.code).toMatch(/ZIP|UNKNOWN_FORMAT/);
    expect('error' in results[2]! && results[2].error.code).toBe('NOT_FOUND');
    expect('report' in results[0]! && results[0].report.findings.some((f) => f.ruleId === 'no-privacy-policy')).toBe(true);
    expect('report' in results[4]! && results[4].report.app.category?.code).toBe('utility_tools');
  });

  it('stops a scan that runs over its time limit and goes on with the rest', { timeout: 180_000 }, async () => {
    const files = [corpusFile('android-apidemos'), fixtureApk('rule-clean')];
    const results = await scanMany(files, {}, { concurrency: 1, timeoutMs: 50 });
    expect('error' in results[0]! && results[0].error.code).toBe('TIMEOUT');
    expect(results).toHaveLength(2);
  });

  it('returns at once for an empty batch', async () => {
    expect(await scanMany([])).toEqual([]);
  });
});
