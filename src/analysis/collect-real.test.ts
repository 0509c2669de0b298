// Collection is reading the data, on real apps of ../shared/corpus/real-apps (read-only input, not in a clone:
// the suite says so and skips). Every direct or hierarchy entry must be an invoke dexdump shows, to the API it
// names; object getters, probes and through-the-hierarchy overrides must not stand for collection.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dexdumpFacts, matches } from '../../scripts/apicalls-vs-dexdump.ts';
import { ROOT } from '../../test/helpers/paths.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import type { AnalysisFacts } from './facts.ts';

const DIR = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const present = existsSync(DIR);
if (!present) console.warn(`collect-real.test.ts: ${DIR} is absent; the real-app checks are skipped`);

function run(file: string): AnalysisFacts {
  const path = join(DIR, file);
  return analyze(openPackage(new Uint8Array(readFileSync(path)), { path }));
}

function sites(f: AnalysisFacts): AnalysisFacts['apiCalls'] {
  return f.apiCalls.filter((c) => c.via === 'direct' || c.via === 'hierarchy');
}

describe.skipIf(!present)('amap-path-record.apk: AMapLocation overrides Location.getLatitude', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('amap-path-record.apk');
  }, 120_000);

  it('every call-site entry is an invoke dexdump shows, to the API it names', () => {
    const dd = dexdumpFacts(join(DIR, 'amap-path-record.apk'));
    const all = sites(f);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((c) => !matches(c, dd)).map((c) => `${c.api} <- ${c.caller}`)).toEqual([]);
  });

  it('no call on AMapLocation (or its subclass) is reported as android.location.Location', () => {
    expect(f.apiCalls.filter((c) => c.via === 'hierarchy')).toEqual([]);
    // Real Location objects are still read: the direct calls on android.location.Location remain.
    expect(f.apiCalls.filter((c) => c.api === 'android.location.Location.getLatitude' && c.via === 'direct').length).toBeGreaterThan(0);
  });

  it('AMap keeps its own id in Settings.System under its own key: that is no Android ID', () => {
    expect(f.apiCalls.filter((c) => c.dataType === 'device.android-id' && c.caller.startsWith('Lcom/loc/r;'))).toEqual([]);
  });
});

describe.skipIf(!present)('androidproject-demo.apk: Umeng reads the MAC from the connection info', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('androidproject-demo.apk');
  }, 120_000);

  it('getConnectionInfo then getMacAddress is the MAC, not WLAN info', () => {
    const inMac = f.apiCalls.filter((c) => c.caller.startsWith('Lcom/umeng/commonsdk/statistics/common/DeviceConfig;->getMacBySystemInterface('));
    expect(inMac.map((c) => c.dataType)).toEqual(['device.mac']);
    expect(f.nonCollecting?.some((c) => c.api === 'android.net.wifi.WifiManager.getConnectionInfo' && c.caller === inMac[0]!.caller)).toBe(true);
  });

  it('single-package probes and explicit intents are not the app list', () => {
    // What is left is a real getInstalledApplications, in dead code (U-Share's QQ helper).
    expect(f.apiCalls.filter((c) => c.dataType === 'app-list').map((c) => [c.api, c.reachable])).toEqual([['android.content.pm.PackageManager.getInstalledApplications', false]]);
    // Dead code alone collects nothing: the type is listed only as read by unreachable code.
    expect(f.dataTypes.find((d) => d.id === 'app-list')?.basis ?? 'unreachable').toBe('unreachable');
  });
});

describe.skipIf(!present)('xpush-xgdemo.apk and lightwindow.apk: broad queries and a vendor\'s own apps', () => {
  it('XG push lists every launcher activity: the app list, with the query as evidence', () => {
    const f = run('xpush-xgdemo.apk');
    expect(f.apiCalls.filter((c) => c.query !== undefined).map((c) => [c.caller, c.query])).toEqual([
      ['Lcom/tencent/android/tpush/XGPushActivity;->a(Ljava/lang/String;)Landroid/content/pm/ResolveInfo;', 'android.intent.action.MAIN + android.intent.category.LAUNCHER'],
    ]);
  }, 120_000);

  it('TBS looking for QQ Browser, WeChat and QQ (its vendor\'s apps, for the shared X5 core) is no survey', () => {
    const f = run('lightwindow.apk');
    expect(f.apiCalls.filter((c) => c.caller.startsWith('Lcom/tencent/smtt/') && c.dataType === 'app-list')).toEqual([]);
    expect(f.nonCollecting?.filter((c) => c.caller.startsWith('Lcom/tencent/smtt/') && c.api.endsWith('getPackageInfo')).length).toBeGreaterThan(5);
  }, 120_000);
});
