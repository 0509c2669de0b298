// The owner model on our own fixture (fixtures/apps/an-owner) and on real apps of ../shared/corpus/real-apps
// (skipped when ../shared is absent): the app's own code, identified SDKs, unidentified third-party code by
// its prefix, platform libraries.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import type { Manifest } from '../package/types.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import type { AnalysisFacts, SensitiveCall } from './facts.ts';
import { apiMatcher, sdkMatcher, sensitiveApis } from '../knowledge/index.ts';
import { ApiCatalogue } from './catalogue.ts';
import { classFingerprints } from './fingerprint.ts';
import { identifyByFingerprint, type FingerprintFile } from './fingerprint-match.ts';
import { appPackagesOf, markOwnClasses, organisationOf, ownPackages } from './owner.ts';
import { Program } from './program.ts';
import { scan } from './scan.ts';
import { identifyByPrefix } from './sdk-detect.ts';

function facts(path: string): AnalysisFacts {
  return analyze(openPackage(new Uint8Array(readFileSync(path)), { path }));
}

const byCaller = (f: AnalysisFacts, cls: string): SensitiveCall[] => f.apiCalls.filter((c) => c.caller.startsWith(`L${cls.replaceAll('.', '/')}`));

describe('organisations and the app\'s own packages', () => {
  it('an organisation is the reverse domain: two segments, three under a country code or a shared namespace', () => {
    expect(organisationOf('com.sina.weibo.sdk.demo')).toBe('com.sina');
    expect(organisationOf('cn.com.chinatelecom.account')).toBe('cn.com.chinatelecom');
    expect(organisationOf('com.github.lzyzsd.jsbridge')).toBe('com.github.lzyzsd');
    expect(organisationOf('com.example.jpushdemo')).toBe('com.example.jpushdemo');
    expect(organisationOf('amap.com.recorduitl')).toBe('amap.com');
  });

  it('counts components of the app\'s organisation, not of another one nor under an SDK or platform prefix', () => {
    const comp = (name: string): Manifest['components'][number] => ({ name } as Manifest['components'][number]);
    const m = {
      packageName: 'com.king.pay.app', applicationClass: null, launchableActivity: 'com.king.pay.app.MainActivity',
      components: [comp('com.king.pay.wxpay.wxapi.WXPayEntryActivity'), comp('com.alipay.sdk.app.H5PayActivity'), comp('cn.bmob.v3.util.BmobContentProvider'), comp('androidx.core.content.FileProvider')],
    } as unknown as Manifest;
    const excluded = (p: string): boolean => p.startsWith('com.alipay') || p.startsWith('androidx');
    expect(ownPackages(m, excluded)).toEqual(['com.king.pay.app', 'com.king.pay.wxpay.wxapi']);
  });
});

describe('an-owner: who owns each call', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = facts(fixtureApk('an-owner'));
  });

  it('the demo app under the vendor\'s SDK prefix is the app\'s, and no SDK is identified from it', () => {
    expect(byCaller(f, 'com.sina.weibo.sdk.demo.Ids').map((c) => c.callerOwner)).toEqual([{ kind: 'app', party: 'app' }]);
    expect(f.sdks.map((s) => s.id)).not.toContain('weibo');
    expect(f.appPackages).toContain('com.sina.weibo.sdk.demo');
  });

  it('an identified SDK\'s code is the SDK\'s', () => {
    const calls = byCaller(f, 'cn.jpush.android');
    expect(calls.map((c) => c.dataType).sort()).toEqual(['device.iccid', 'device.imei', 'device.imsi']);
    expect(calls.every((c) => c.callerOwner.kind === 'sdk' && c.callerOwner.sdk === 'jpush' && c.callerOwner.party === 'sdk')).toBe(true);
  });

  it('AndroidX reading the last known location is a platform library, not the app', () => {
    const [c] = byCaller(f, 'androidx.appcompat.app.TwilightManager');
    expect(c).toMatchObject({ api: 'android.location.LocationManager.getLastKnownLocation', callerOwner: { kind: 'unknown', party: 'platform', prefix: 'androidx.appcompat' } });
    expect(f.dataTypes.find((d) => d.id === 'location.precise')).toMatchObject({ collectedBy: [], collectors: [{ party: 'platform', prefix: 'androidx.appcompat', reachable: true }] });
  });

  it('unidentified third-party code is named by the longest package its classes share', () => {
    expect(byCaller(f, 'com.xxx.loc').map((c) => c.callerOwner)).toEqual([{ kind: 'unknown', party: 'third-party', prefix: 'com.xxx.loc' }]);
    // Obfuscated names give no package worth naming.
    expect(byCaller(f, 'a.b.C').map((c) => c.callerOwner)).toEqual([{ kind: 'unknown', party: 'third-party' }]);
  });

  it('a provider of another organisation is not the app\'s; a receiver of the app\'s own organisation is', () => {
    expect(f.appPackages).not.toContain('com.zzz.attrib');
    expect(byCaller(f, 'com.zzz.attrib').map((c) => c.callerOwner)).toEqual([{ kind: 'unknown', party: 'third-party', prefix: 'com.zzz.attrib' }]);
    expect(f.appPackages).toContain('com.sina.tools');
    expect(byCaller(f, 'com.sina.tools').every((c) => c.callerOwner.party === 'app')).toBe(true);
  });

  it('data types: collectedBy holds only the app and SDK ids; a permission alone collects nothing', () => {
    const imsi = f.dataTypes.find((d) => d.id === 'device.imsi')!;
    expect(imsi.collectedBy).toEqual(['jpush']);
    expect(imsi.collectors?.map((c) => c.prefix ?? c.sdk)).toEqual(['jpush', 'com.xxx.loc']);
    expect(f.dataTypes.find((d) => d.id === 'contacts')).toMatchObject({ collectedBy: [], collectors: [], basis: 'permission', evidence: ['permission'] });
    expect(f.dataTypes.find((d) => d.id === 'device.imei')).toMatchObject({ collectedBy: ['app', 'jpush'], basis: 'reachable' });
  });
});

describe('an-owner: no SDK is identified from the app\'s own classes', () => {
  it('a fingerprint profile made of an app component\'s class matches only when the class is not marked the app\'s', () => {
    const path = fixtureApk('an-owner');
    const pkg = openPackage(new Uint8Array(readFileSync(path)), { path });
    const program = new Program(pkg.code);
    const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: 'com.sina.weibo.sdk.demo' });
    const receiver = program.typeNames.indexOf('Lcom/sina/tools/NetReceiver;');
    const print = classFingerprints(program, g)[receiver];
    expect(print).toBeTypeOf('string');
    const data: FingerprintFile = { $comment: 'test', minRatio: 0.5, minClasses: 1, shapes: [], profiles: [{ sdk: 'umeng-analytics', sources: ['test'], hashes: [print!] }] };
    const found = (mark: boolean): string[] => {
      const ids = identifyByPrefix(program, sdkMatcher(), 'com.sina.weibo.sdk.demo');
      const input = { manifest: pkg.manifest, ids, isSdkPackage: (p: string) => sdkMatcher().forClass(`${p}.X`) !== undefined, packerClasses: [] };
      if (mark) markOwnClasses(program, ids, appPackagesOf(input));
      identifyByFingerprint(program, g, ids, { ...data, shapes: [...new Set(classFingerprintsShapes(program, g))] });
      return ids.hits.map((h) => h.id);
    };
    expect(found(false)).toContain('umeng-analytics'); // the profile does match the class
    expect(found(true)).not.toContain('umeng-analytics');
  });
});

function classFingerprintsShapes(program: Program, g: ReturnType<typeof scan>): string[] {
  const shapes: string[] = [];
  classFingerprints(program, g, undefined, shapes);
  return shapes;
}

const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const real = (name: string): string => join(REAL, name);

describe.runIf(existsSync(REAL))('real apps (../shared/corpus/real-apps)', () => {
  it('weibo-sdk-demo-2017: the demo under com.sina.weibo.sdk.demo is the app\'s, the SDK\'s code is weibo\'s', { timeout: 120_000 }, () => {
    const f = facts(real('weibo-sdk-demo-2017.apk'));
    const weibo = f.sdks.find((s) => s.id === 'weibo')!;
    expect(weibo.evidenceClasses.some((c) => c.startsWith('com.sina.weibo.sdk.demo.'))).toBe(false);
    for (const c of f.apiCalls) {
      const demo = c.caller.startsWith('Lcom/sina/weibo/sdk/demo/');
      if (demo) expect(c.callerOwner.party, c.caller).toBe('app');
      else if (c.caller.startsWith('Lcom/sina/')) expect(c.callerOwner.sdk, c.caller).toBe('weibo');
      else expect(c.callerOwner.party, c.caller).not.toBe('app');
    }
    // Object getters and presence checks are not collection, which leaves 23 of the SDK's call sites.
    expect(f.apiCalls.filter((c) => c.callerOwner.sdk === 'weibo').length).toBeGreaterThan(15);
  });

  it('amap-path-record: AMap\'s code is AMap\'s, the support library is platform, only amap.com.* is the app', { timeout: 120_000 }, () => {
    const f = facts(real('amap-path-record.apk'));
    for (const c of f.apiCalls) {
      if (c.caller.startsWith('Lcom/loc/') || c.caller.startsWith('Lcom/amap/') || c.caller.startsWith('Lcom/autonavi/')) expect(c.callerOwner.kind, c.caller).toBe('sdk');
      if (c.callerOwner.party === 'app') expect(c.caller, c.caller).toMatch(/^Lamap\/com\//);
      if (c.caller.startsWith('Landroid/support/')) expect(c.callerOwner).toMatchObject({ party: 'platform' });
    }
  });

  it('androidproject-demo: libraries declared in the manifest (crash screen, LeakCanary) are not the app', { timeout: 120_000 }, () => {
    const f = facts(real('androidproject-demo.apk'));
    expect(f.appPackages).toEqual(['com.hjq.demo']);
    for (const c of f.apiCalls) if (c.callerOwner.party === 'app') expect(c.caller).toMatch(/^Lcom\/hjq\//);
  });

  it('lionu-sdk-demo: the attribution SDK\'s self-starting provider (com.android.reportx) is the Lionu SDK\'s, not the app\'s', { timeout: 120_000 }, () => {
    const f = facts(real('lionu-sdk-demo.apk'));
    expect(f.appPackages).toEqual(['com.example.test_library']);
    const sdk = f.apiCalls.filter((c) => c.caller.startsWith('Lcom/android/reportx/'));
    expect(sdk.length).toBeGreaterThan(10);
    // The catalogue names Lionu's package, so its code is an identified SDK's; a component of another
    // organisation in the manifest never makes it the app's.
    expect(sdk.every((c) => c.callerOwner.party === 'sdk' && c.callerOwner.sdk === 'lionu')).toBe(true);
  });
});

const APIDEMOS = join(CORPUS_DIR, 'android-apidemos', 'ApiDemos-debug.apk');

describe.runIf(existsSync(APIDEMOS))('ApiDemos (corpus)', () => {
  it('androidx TwilightManager\'s getLastKnownLocation is platform code, not the app\'s', { timeout: 120_000 }, () => {
    const f = facts(APIDEMOS);
    const c = f.apiCalls.filter((x) => x.caller.startsWith('Landroidx/appcompat/app/TwilightManager;') && x.api.endsWith('getLastKnownLocation'));
    expect(c.length).toBeGreaterThan(0);
    expect(c.every((x) => x.callerOwner.party === 'platform' && x.callerOwner.prefix === 'androidx.appcompat')).toBe(true);
    expect(f.dataTypes.find((d) => d.id === 'location.precise')?.collectedBy).toEqual([]);
    // The app's own code is still the app's.
    expect(f.apiCalls.some((x) => x.caller.startsWith('Lio/appium/android/apis/') && x.callerOwner.party === 'app')).toBe(true);
  });
});
