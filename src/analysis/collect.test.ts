// Collection is reading the data, on our own smali fixtures (fixtures/apps/an-collect, an-probe-one,
// an-probe-many), each mechanism with its positive and negative side: presence probes against the app list,
// sending against reading, object getters against the fields read, and calls through the hierarchy that only
// package code can answer.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk } from '../../test/helpers/paths.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import type { AnalysisFacts, SensitiveCall } from './facts.ts';
import { MANY_PROBES } from './probes.ts';

function run(name: string): AnalysisFacts {
  const path = fixtureApk(name);
  return analyze(openPackage(new Uint8Array(readFileSync(path)), { path }));
}

const PM = 'android.content.pm.PackageManager';

function calls(f: AnalysisFacts, filter: Partial<Pick<SensitiveCall, 'api' | 'dataType'>> & { caller?: string }): SensitiveCall[] {
  return f.apiCalls.filter((c) => (filter.api === undefined || c.api === filter.api) && (filter.dataType === undefined || c.dataType === filter.dataType)
    && (filter.caller === undefined || c.caller.includes(filter.caller)));
}

describe('an-collect', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('an-collect');
  });

  it('getInstalledPackages is the app list', () => {
    expect(calls(f, { api: `${PM}.getInstalledPackages` })).toMatchObject([{ dataType: 'app-list', caller: 'Lcom/example/ancollect/Apps;->installed(Landroid/content/Context;)V', reachable: true }]);
  });

  it('queryIntentActivities of MAIN + LAUNCHER with no package is the app list, and says why', () => {
    const l = calls(f, { api: `${PM}.queryIntentActivities` });
    expect(l).toHaveLength(1);
    expect(l[0]).toMatchObject({ dataType: 'app-list', query: 'android.intent.action.MAIN + android.intent.category.LAUNCHER' });
    expect(f.dataTypes.find((d) => d.id === 'app-list')?.evidence).toContain('api');
  });

  it('sendTextMessage reads no message: no sms call, and SEND_SMS backs no data type', () => {
    expect(calls(f, { dataType: 'sms' })).toEqual([]);
    expect(f.permissions.find((p) => p.name === 'android.permission.SEND_SMS')).toMatchObject({ dangerous: true, dataTypes: [] });
    expect(f.dataTypes.map((d) => d.id)).not.toContain('sms');
  });

  it('getConnectionInfo then getMacAddress is the MAC only', () => {
    const inMac = calls(f, { caller: 'Wifi;->mac(' });
    expect(inMac.map((c) => [c.api, c.dataType])).toEqual([['android.net.wifi.WifiInfo.getMacAddress', 'device.mac']]);
  });

  it('getConnectionInfo then getSSID is the WLAN info only', () => {
    const inSsid = calls(f, { caller: 'Wifi;->ssid(' });
    expect(inSsid.map((c) => [c.api, c.dataType])).toEqual([['android.net.wifi.WifiInfo.getSSID', 'location.wifi']]);
  });

  it('getConnectionInfo alone is nothing; turned into text it is the whole object', () => {
    expect(calls(f, { caller: 'Wifi;->only(' })).toEqual([]);
    expect(calls(f, { caller: 'Wifi;->dump(' }).map((c) => [c.api, c.dataType])).toEqual([['android.net.wifi.WifiManager.getConnectionInfo', 'location.wifi']]);
  });

  it('Settings.Secure.getString: a constant key decides the data type; a computed key keeps the weak entry', () => {
    expect(calls(f, { caller: 'Prefs;->accessibility(' })).toEqual([]);
    const id = calls(f, { caller: 'Prefs;->androidId(' });
    expect(id).toMatchObject([{ api: 'android.provider.Settings.Secure.getString', dataType: 'device.android-id', via: 'direct' }]);
    expect(id[0]!.weak).toBeUndefined(); // the key proves it
    expect(calls(f, { caller: 'Prefs;->any(' })).toMatchObject([{ api: 'android.provider.Settings.Secure.getString', dataType: 'device.android-id', via: 'direct', weak: true }]);
  });

  it('a package class that overrides Location.getLatitude to return its field is not the framework API', () => {
    expect(calls(f, { caller: 'Where;->fromPoint(' })).toEqual([]);
  });

  it('a real Location call is reported directly', () => {
    expect(calls(f, { caller: 'Where;->fromLocation(' })).toMatchObject([{ api: 'android.location.Location.getLatitude', via: 'direct' }]);
  });

  it('a package class that inherits the framework method is reported through the hierarchy', () => {
    expect(calls(f, { caller: 'Where;->fromPlain(' })).toMatchObject([{ api: 'android.location.Location.getLongitude', via: 'hierarchy', callee: 'Lcom/example/ancollect/PlainLoc;->getLongitude()D' }]);
  });

  it('virtual calls go where every concrete subtype goes; a super call reaches the framework', () => {
    // AbstractLoc declares no getLatitude, but its one concrete subclass overrides it.
    expect(calls(f, { caller: 'Where;->fromAbstract(' })).toEqual([]);
    expect(calls(f, { caller: 'ConcreteLoc;->getLatitude(' })).toMatchObject([{ api: 'android.location.Location.getLatitude', via: 'hierarchy' }]);
  });
});

describe('an-probe-one: presence checks', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('an-probe-one');
  });

  it('five named packages, one explicit intent, one service and its own package are not the app list', () => {
    expect(MANY_PROBES).toBe(6);
    expect(calls(f, { dataType: 'app-list' })).toEqual([]);
    expect(f.dataTypes.map((d) => d.id)).not.toContain('app-list');
  });
});

describe('an-probe-many: probing many named packages', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('an-probe-many');
  });

  it('six named packages (constants and a helper\'s callers) are the app list, and the evidence lists them', () => {
    const app = calls(f, { caller: 'Lcom/example/probemany/App;' });
    expect(app.length).toBe(4); // three constant probes and the helper's
    const names = ['com.jingdong.app.mall', 'com.sankuai.meituan', 'com.smile.gifmaker', 'com.ss.android.ugc.aweme', 'com.taobao.taobao', 'com.xunmeng.pinduoduo'];
    for (const c of app) expect(c).toMatchObject({ dataType: 'app-list', callerOwner: { kind: 'app' }, probes: names });
  });

  it('an array of package names walked in a loop counts its names', () => {
    const l = calls(f, { caller: 'Lcom/adsdk/scan/Survey;->run(' });
    expect(l).toHaveLength(1);
    // com.eg.android.AlipayGphone is not counted: in a list, a capitalised segment may be a class name.
    expect(l[0]!.probes).toEqual(['com.jingdong.app.mall', 'com.sina.weibo', 'com.ss.android.ugc.aweme', 'com.taobao.taobao', 'com.tencent.mm', 'com.tencent.mobileqq']);
    expect(l[0]!.callerOwner.kind).not.toBe('app');
  });
});
