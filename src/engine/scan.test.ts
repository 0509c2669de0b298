// The engine's contract beyond the rules: errors name the file, bad options fail before the work, progress
// is reported, cancellation stops it, and the report is complete for each input kind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile, fixtureApk } from '../../test/helpers/paths.ts';
import { isPiscopeError } from '../errors.ts';
import type { Sector } from '../rules/define-rule.ts';
import { scan, type ScanProgress } from './scan.ts';

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('scan()', () => {
  it('names the file when the package cannot be read', async () => {
    const e = await failure(scan({ bytes: new TextEncoder().encode('not a package at all'), path: 'junk.apk' }));
    expect(isPiscopeError(e) && e.file === 'junk.apk').toBe(true);
  });

  it('names the file for a truncated APK', async () => {
    const bytes = readFileSync(fixtureApk('rule-clean')).subarray(0, 3000);
    const e = await failure(scan({ bytes, path: 'cut.apk' }));
    expect(isPiscopeError(e)).toBe(true);
    expect((e as { file?: string }).file).toMatch(/cut\.apk/);
  });

  it('refuses an unknown category or sector before any work', async () => {
    const bytes = readFileSync(fixtureApk('rule-clean'));
    const e1 = await failure(scan({ bytes, path: 'a.apk' }, { category: 'spaceships' }));
    expect(isPiscopeError(e1) && e1.code === 'USAGE' && /39 types/.test(e1.message)).toBe(true);
    const e2 = await failure(scan({ bytes, path: 'a.apk' }, { sector: 'mining' as Sector }));
    expect(isPiscopeError(e2) && e2.code === 'USAGE').toBe(true);
  });

  it('accepts a category by number and reports it as given', async () => {
    const path = fixtureApk('rule-clean');
    const r = await scan({ bytes: readFileSync(path), path }, { category: '1' });
    expect(r.app.category).toEqual({ code: 'map_navigation', source: 'given', confidence: 1 });
  });

  it('reports progress through every phase and honours cancellation', async () => {
    const path = fixtureApk('rule-clean');
    const bytes = readFileSync(path);
    const phases: ScanProgress['phase'][] = [];
    await scan({ bytes, path }, { onProgress: (p) => phases.push(p.phase) });
    expect([...new Set(phases)]).toEqual(['open', 'analyze', 'policy', 'rules', 'done']);
    const ac = new AbortController();
    ac.abort();
    const e = await failure(scan({ bytes, path }, { signal: ac.signal }));
    expect(isPiscopeError(e) && e.code === 'CANCELLED').toBe(true);
    const late = new AbortController();
    const e2 = await failure(scan({ bytes, path }, { signal: late.signal, onProgress: (p) => p.phase === 'policy' && late.abort() }));
    expect(isPiscopeError(e2) && e2.code === 'CANCELLED').toBe(true);
  });

  it('fills the report for an app: sha256, declared flags from the policy, category inferred with reasons', async () => {
    const path = fixtureApk('rule-clean');
    const bytes = readFileSync(path);
    const r = await scan({ bytes, path });
    expect(r.input).toMatchObject({ path, size: bytes.length, kind: 'apk' });
    expect(r.policy).toMatchObject({ found: true, source: 'assets/privacy.html', hasAccountDeletion: true });
    expect(r.dataTypes.find((d) => d.id === 'location.precise')?.declared).toBe(true);
    expect(r.app.category?.source).toBe('inferred');
    expect(r.app.packageName).toBe('com.example.rclean');
  });

  it('reports a jar as an SDK: no category, no app-only rules', async () => {
    const path = corpusFile('jpush');
    const r = await scan({ bytes: readFileSync(path), path });
    expect(r.input.kind).toBe('jar');
    expect(r.app.category).toBeNull();
    expect(r.findings.some((f) => f.ruleId === 'no-privacy-policy')).toBe(false);
    expect(r.sdks.map((s) => s.id)).toContain('jpush');
  });
});
