// String markers and loose framework-call keys (fingerprint-match.ts) on our own fixture an-markers: what
// they find in code no SDK owns, and what they must never find (the app's own classes, another SDK's code).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureApk } from '../../test/helpers/paths.ts';
import { apiMatcher, sdkMatcher, sensitiveApis } from '../knowledge/index.ts';
import { openPackage } from '../package/open-package.ts';
import { ApiCatalogue } from './catalogue.ts';
import { looseKeys } from './fingerprint.ts';
import { identifyByFingerprint, markerIndex, type FingerprintFile } from './fingerprint-match.ts';
import { Program } from './program.ts';
import { scan } from './scan.ts';
import { identifyByPrefix } from './sdk-detect.ts';
import { analyze } from './analyze.ts';

const OWN = 'com.example.anmarkers';
const keys = (p: string): string[] => [1, 2, 3, 4, 5, 6].map((i) => `${p}_key_${i}`);

function identify(data: FingerprintFile): ReturnType<typeof identifyByPrefix> & { program: Program } {
  const file = fixtureApk('an-markers');
  const pkg = openPackage(new Uint8Array(readFileSync(file)), { path: file });
  const program = new Program(pkg.code);
  const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: OWN, markers: markerIndex(data).byString });
  const ids = identifyByPrefix(program, sdkMatcher());
  identifyByFingerprint(program, g, ids, data, OWN);
  return { ...ids, program };
}

function looseOf(type: string): string {
  const file = fixtureApk('an-markers');
  const program = new Program(openPackage(new Uint8Array(readFileSync(file)), { path: file }).code);
  const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: OWN });
  const k = looseKeys(program, g)[program.typeId(type)];
  if (k === null || k === undefined) throw new Error(`${type} has no loose key`);
  return k;
}

const base = { $comment: 'test', minRatio: 0.5, minClasses: 5, shapes: [], profiles: [], minMarkers: 5, minMarkerRatio: 0.5, minLooseClasses: 1, minLooseRatio: 0.5 };

describe('string markers', () => {
  it('identify an SDK from its strings in code no SDK owns, and give it that class', () => {
    const ids = identify({ ...base, markers: [{ sdk: 'jpush', sources: ['test'], strings: [...keys('alpha'), 'alpha_absent'] }] });
    const hit = ids.hits.find((h) => h.id === 'jpush');
    expect(hit?.matchedBy).toBe('fingerprint');
    expect(hit?.markers).toEqual(keys('alpha'));
    expect(hit?.evidenceClasses).toEqual(['a.a']);
    expect(ids.ownerOf[ids.program.typeId('La/a;')]).toBe(ids.hits.indexOf(hit!));
  });

  it('need enough of the list: 6 of 13 markers is below a ratio of 0.5', () => {
    const more = [...keys('alpha'), ...[1, 2, 3, 4, 5, 6, 7].map((i) => `alpha_gone_${i}`)];
    expect(identify({ ...base, markers: [{ sdk: 'jpush', sources: ['test'], strings: more }] }).hits.map((h) => h.id)).not.toContain('jpush');
  });

  it('never count the app\'s own classes', () => {
    const ids = identify({ ...base, markers: [{ sdk: 'getui', sources: ['test'], strings: keys('beta') }] });
    expect(ids.hits.map((h) => h.id)).not.toContain('getui');
  });

  it('never count code another SDK owns by package (a bridge naming the SDK)', () => {
    const ids = identify({ ...base, markers: [{ sdk: 'weibo', sources: ['test'], strings: keys('gamma') }] });
    expect(ids.hits.map((h) => h.id)).not.toContain('weibo');
    expect(ids.hits.map((h) => h.id)).toContain('umeng-analytics');
  });
});

describe('loose framework-call keys', () => {
  it('identify an SDK whose exact class prints fail, from classes no SDK owns', () => {
    const loose = [looseOf('Lb/a;'), looseOf('Lb/b;')];
    expect(loose[0]).not.toBe(loose[1]);
    const ids = identify({ ...base, profiles: [{ sdk: 'xiaomi-push', sources: ['test'], hashes: ['0000000000000000'], loose }] });
    const hit = ids.hits.find((h) => h.id === 'xiaomi-push');
    expect(hit?.matchedBy).toBe('fingerprint');
    expect(hit?.evidenceClasses.sort()).toEqual(['b.a', 'b.b']);
  });

  it('never match the app\'s own classes', () => {
    const ids = identify({ ...base, profiles: [{ sdk: 'alipay', sources: ['test'], hashes: ['0000000000000000'], loose: [looseOf('Lcom/example/anmarkers/Own;')] }] });
    expect(ids.hits.map((h) => h.id)).not.toContain('alipay');
  });
});

describe('the shipped profiles', () => {
  it('invent no SDK on the fixture', () => {
    const file = fixtureApk('an-markers');
    const sdks = analyze(openPackage(new Uint8Array(readFileSync(file)), { path: file })).sdks;
    expect(sdks.map((s) => `${s.id}:${s.matchedBy}`)).toEqual(['umeng-analytics:package']);
  });
});
