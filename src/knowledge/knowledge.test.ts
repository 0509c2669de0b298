// The knowledge files against their JSON Schemas (ajv) and against each other: ids unique, data-type ids
// known, signatures well-formed, prefixes safe, every data type reachable from some API.
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { dataTypes, manifestSwitches, packers, permissionByName, permissions, platformLibraries, platformLibraryFor, sdkById, sdkForClass, sdks, sensitiveApis } from './index.ts';

const here = (f: string): unknown => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8'));

describe('knowledge files validate against their schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const name of ['data-types', 'permissions', 'sensitive-apis', 'sdks', 'packers', 'platform-libraries', 'manifest-switches', 'launch-triggers', 'holidays-cn', 'problem-categories', 'implied-permissions']) {
    it(name, () => {
      const validate = ajv.compile(here(`./schemas/${name}.schema.json`) as object);
      const ok = validate(here(`./${name}.json`));
      expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects a malformed entry (the schemas can fail)', () => {
    const fresh = new Ajv({ allErrors: true, strict: false });
    const validate = fresh.compile(here('./schemas/sensitive-apis.schema.json') as object);
    const bad = { apis: [{ id: 'x', kind: 'method', signature: 'android.telephony.TelephonyManager.getDeviceId', api: 'a.b', dataType: 'device.imei', hook: 'hook it somehow', sources: ['https://x.y/z'] }] };
    expect(validate(bad)).toBe(false);
    const sdkValidate = fresh.compile(here('./schemas/sdks.schema.json') as object);
    const accused = { sdks: [{ id: 'okhttp', name: 'OkHttp', nameZh: 'OkHttp', vendor: 'Square', category: 'library', packages: ['okhttp3'], domains: [], collects: ['device.imei'], aliases: [], sources: ['https://square.github.io/okhttp/'] }] };
    expect(sdkValidate(accused)).toBe(false);
  });
});

const SHARED_SPEC = new URL('../../../shared/spec/data-types.json', import.meta.url);

describe('data types', () => {
  // The project must test without ../shared; when it is there, our copy must not have drifted from it.
  it.runIf(existsSync(SHARED_SPEC))('equal the shared spec (../shared/spec/data-types.json)', () => {
    expect(here('./data-types.json')).toEqual(JSON.parse(readFileSync(SHARED_SPEC, 'utf8')));
  });

  it('are the ids of the shared spec, with its $comment', () => {
    const doc = here('./data-types.json') as { $comment: string };
    expect(doc.$comment).toMatch(/Personal-information data types/u);
    expect(dataTypes().length).toBeGreaterThanOrEqual(32);
    expect(new Set(dataTypes().map((d) => d.id)).size).toBe(dataTypes().length);
  });
});

const typeIds = (): Set<string> => new Set(dataTypes().map((d) => d.id));

describe('permissions', () => {
  it('have unique names and known data types', () => {
    const names = permissions().map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of permissions()) for (const d of p.dataTypes) expect(typeIds(), `${p.name} → ${d}`).toContain(d);
  });

  it('mark dangerous exactly when the base protection level is dangerous', () => {
    for (const p of permissions()) expect(p.dangerous, p.name).toBe(p.protectionLevel.split('|')[0] === 'dangerous');
  });

  it('cover every runtime group the brief lists and the special permissions of interest', () => {
    const groups = new Set(permissions().map((p) => p.group));
    for (const g of ['LOCATION', 'CONTACTS', 'SMS', 'CALL_LOG', 'PHONE', 'CAMERA', 'MICROPHONE', 'CALENDAR', 'STORAGE', 'SENSORS', 'ACTIVITY_RECOGNITION', 'NEARBY_DEVICES', 'NOTIFICATIONS', 'READ_MEDIA_VISUAL']) {
      expect(groups, g).toContain(`android.permission-group.${g}`);
    }
    for (const n of ['QUERY_ALL_PACKAGES', 'GET_ACCOUNTS', 'READ_PRIVILEGED_PHONE_STATE', 'PACKAGE_USAGE_STATS', 'SYSTEM_ALERT_WINDOW', 'REQUEST_INSTALL_PACKAGES', 'ACCESS_WIFI_STATE', 'CHANGE_WIFI_STATE', 'ACCESS_NETWORK_STATE', 'RECEIVE_BOOT_COMPLETED', 'GET_TASKS', 'READ_MEDIA_IMAGES', 'BLUETOOTH_SCAN', 'POST_NOTIFICATIONS']) {
      expect(permissionByName(`android.permission.${n}`), n).toBeDefined();
    }
  });

  it('agree with the real API 29 framework manifest where they cite it', () => {
    // Values observed with `aapt dump xmltree framework-res.apk AndroidManifest.xml` (API 29).
    expect(permissionByName('android.permission.READ_PHONE_STATE')?.protectionLevel).toBe('dangerous');
    expect(permissionByName('android.permission.ACCESS_FINE_LOCATION')?.protectionLevel).toBe('dangerous|instant');
    expect(permissionByName('android.permission.PACKAGE_USAGE_STATS')?.protectionLevel).toBe('signature|privileged|development|appop');
    expect(permissionByName('android.permission.READ_PHONE_STATE')?.systemLabel?.zh).toBe('读取手机状态和身份');
  });
});

describe('sensitive APIs', () => {
  it('number at least 150, with unique ids and known data types', () => {
    const apis = sensitiveApis();
    expect(apis.length).toBeGreaterThanOrEqual(150);
    expect(new Set(apis.map((a) => a.id)).size).toBe(apis.length);
    for (const a of apis) if (a.dataType !== null) expect(typeIds(), `${a.id} → ${a.dataType}`).toContain(a.dataType);
  });

  it('cover every data type', () => {
    const covered = new Set(sensitiveApis().map((a) => a.dataType));
    const missing = [...typeIds()].filter((t) => !covered.has(t));
    expect(missing).toEqual([]);
  });

  it('name only permissions of the permission catalogue', () => {
    for (const a of sensitiveApis()) if (a.permission !== undefined) expect(permissionByName(a.permission), `${a.id} → ${a.permission}`).toBeDefined();
  });

  it('never list the same signature twice, and never mix `*` with listed overloads of one name', () => {
    const methods = sensitiveApis().filter((a) => a.kind === 'method' || a.kind === 'field');
    const sigs = methods.map((a) => a.signature!);
    expect(sigs.filter((s, i) => sigs.indexOf(s) !== i)).toEqual([]);
    const starred = new Set(sigs.filter((s) => s.endsWith('*')).map((s) => s.slice(0, -1)));
    for (const s of sigs) if (!s.endsWith('*')) expect(starred.has(s.slice(0, s.indexOf('('))), s).toBe(false);
  });

  it('use a report name that matches the smali owner and member', () => {
    for (const a of sensitiveApis()) {
      if (a.kind !== 'method' && a.kind !== 'field') continue;
      const sig = a.signature!;
      const owner = sig.slice(1, sig.indexOf(';')).replaceAll('/', '.').replaceAll('$', '.');
      const member = /->([^(:*]+)/u.exec(sig)![1]!;
      expect(a.api, sig).toBe(`${owner}.${member}`);
    }
  });

  it('mark as direct only framework (android.*, java.*, dalvik.*) members', () => {
    for (const a of sensitiveApis()) if (a.direct === true) expect(a.signature, a.id).toMatch(/^L(android|java|dalvik)\//u);
  });

  it('give behaviour entries a behaviour and the rest a data type', () => {
    for (const a of sensitiveApis()) expect(a.dataType !== null || a.behavior !== undefined, a.id).toBe(true);
    expect(sensitiveApis().some((a) => a.behavior === 'sensor-listener')).toBe(true);
  });

  it('cite T/TAF 081.3 for framework data APIs and a URL or observation everywhere', () => {
    const taf = sensitiveApis().filter((a) => a.sources.some((s) => s.includes('T/TAF 081.3')));
    expect(taf.length).toBeGreaterThan(100);
    for (const a of sensitiveApis()) expect(a.sources.some((s) => /^(https?:\/\/|observed: )/u.test(s)) || a.sources.some((s) => s.includes('http')), a.id).toBe(true);
  });
});

describe('SDKs', () => {
  it('number at least 300 with unique ids, and known data types', () => {
    expect(sdks().length).toBeGreaterThanOrEqual(300);
    // Libraries are recognised but collect nothing: the 300 must hold without them.
    expect(sdks().filter((s) => s.category !== 'library').length).toBeGreaterThanOrEqual(300);
    expect(new Set(sdks().map((s) => s.id)).size).toBe(sdks().length);
    for (const s of sdks()) for (const d of s.collects) expect(typeIds(), `${s.id} → ${d}`).toContain(d);
  });

  it('hold the ids other parts rely on', () => {
    const ids = new Set(sdks().map((s) => s.id));
    for (const id of ['jpush', 'jcore', 'janalytics', 'jshare', 'getui', 'wechat-opensdk', 'alipay', 'qq-connect', 'tencent-mta', 'weibo', 'umeng-analytics', 'amap-location', 'baidu-map', 'baidu-location', 'xiaomi-push', 'aliyun-push', 'oppo-push', 'vivo-push', 'huawei-push', 'meizu-push']) {
      expect(ids, id).toContain(id);
    }
  });

  it('know the OAID provider of every phone maker that ships one as code, and cite a source for each', () => {
    // Meizu, ZTE and Nubia expose OAID only through a system ContentProvider: no package to recognise.
    const oaid = ['msa-oaid', 'android-cn-oaid', 'huawei-oaid', 'xiaomi-deviceid', 'oppo-openid', 'vivo-identifier', 'honor-oaid', 'samsung-deviceid', 'asus-oaid', 'lenovo-oaid', 'coolpad-oaid', 'freeme-oaid'];
    for (const id of oaid) {
      const s = sdks().find((x) => x.id === id);
      expect(s?.category, id).toBe('device-id');
      expect(s?.collects, id).toContain('device.oaid');
    }
  });

  it('cite the public list or corpus file each catalogue addition came from', () => {
    // Entries drawn from ../shared/corpus name the file (and the list in it) they came from.
    const cited = sdks().flatMap((s) => s.sources).filter((x) => x.includes('../shared/corpus/'));
    expect(cited.length).toBeGreaterThanOrEqual(30);
    for (const c of cited) expect(c, c).toMatch(/\.\.\/shared\/corpus\/(real-apps\/MANIFEST\.json|domains\/[\w-]+\/[^ ]+|sdk-policies\/[^ ]+)/u);
  });

  it('never give one package prefix to two SDKs', () => {
    const owner = new Map<string, string>();
    for (const s of sdks()) {
      for (const p of s.packages) {
        expect(owner.get(p), `${p} in ${s.id} and ${owner.get(p)}`).toBeUndefined();
        owner.set(p, s.id);
      }
    }
  });

  it('never list a prefix so broad it would swallow an app or the platform', () => {
    const broad = new Set([
      'android', 'androidx', 'java', 'javax', 'kotlin', 'kotlinx', 'dalvik', 'com', 'org', 'net', 'io', 'cn', 'me', 'de',
      'com.google', 'com.google.android', 'com.google.android.gms', 'com.android', 'com.tencent', 'com.tencent.mm', 'com.qq',
      'com.alibaba', 'com.alibaba.sdk', 'com.alibaba.sdk.android', 'com.alipay', 'com.taobao', 'com.baidu', 'com.huawei',
      'com.huawei.hms', 'com.xiaomi', 'com.facebook', 'com.sina', 'com.netease', 'com.bytedance', 'com.ss', 'com.ss.android',
      'org.apache', 'com.github', 'cn.com', 'com.vivo', 'com.oppo', 'com.heytap', 'com.meizu', 'com.samsung', 'com.sun',
      'com.amap', 'com.amap.api', 'com.umeng', 'com.example', 'org.json', 'com.squareup', 'com.jakewharton', 'com.tencent.map',
    ]);
    // Single-segment prefixes are allowed only for libraries whose real root package has one segment.
    const singles = new Set(['okhttp3', 'okio', 'retrofit2', 'dagger', 'butterknife', 'leakcanary', 'xcrash', 'coil', 'coil3', 'lombok']);
    for (const s of sdks()) {
      for (const p of s.packages) {
        expect(broad.has(p), `${s.id}: ${p}`).toBe(false);
        if (!p.includes('.')) expect(singles.has(p), `${s.id}: ${p}`).toBe(true);
        expect(/^(android|java|dalvik)\./u.test(p), `${s.id}: ${p}`).toBe(false);
      }
    }
  });

  it('give libraries no collected data and collectors at least one citation', () => {
    for (const s of sdks()) {
      if (s.category === 'library') expect(s.collects, s.id).toEqual([]);
      expect(s.sources.length, s.id).toBeGreaterThan(0);
    }
  });

  it('cover the Chinese categories the brief asks for', () => {
    const cats = new Map<string, number>();
    for (const s of sdks()) cats.set(s.category, (cats.get(s.category) ?? 0) + 1);
    for (const c of ['push', 'analytics', 'crash', 'hotfix', 'ads', 'map', 'location', 'login', 'share', 'payment', 'risk-control', 'device-id', 'im', 'rtc', 'media', 'customer-service', 'attribution', 'library']) {
      expect(cats.get(c) ?? 0, c).toBeGreaterThan(0);
    }
    expect(cats.get('library') ?? 0).toBeGreaterThanOrEqual(50);
  });
});

describe('packers', () => {
  it('have unique ids and at least one fingerprint each', () => {
    const ids = packers().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of packers()) expect(p.classes.length + p.nativeLibs.length + p.assets.length, p.id).toBeGreaterThan(0);
    for (const id of ['bangcle', 'ijiami', 'tencent-legu', 'qihoo-jiagu', 'baidu-protect', 'alibaba-jiagu', 'netease-yidun-jiagu', 'naga', 'dingxiang-jiagu', 'apkprotect', 'dexprotector']) expect(ids, id).toContain(id);
  });

  it('never claim an SDK package (the Alibaba SecurityGuard SDK is not a packer)', () => {
    const classes = packers().flatMap((p) => p.classes);
    expect(classes).not.toContain('com.alibaba.wireless.security');
  });
});

describe('platform libraries', () => {
  it('match at a segment boundary, longest prefix first', () => {
    expect(platformLibraryFor('androidx.appcompat.app')?.prefix).toBe('androidx');
    expect(platformLibraryFor('android.support.v4.app')?.prefix).toBe('android.support');
    expect(platformLibraryFor('com.google.android.gms.location')?.prefix).toBe('com.google.android.gms');
    expect(platformLibraryFor('kotlin')?.prefix).toBe('kotlin');
    // Not platform: a vendor under com.android (Lionu's SDK), androidxyz, Google's other libraries.
    expect(platformLibraryFor('com.android.reportx.util')).toBeUndefined();
    expect(platformLibraryFor('androidxyz.foo')).toBeUndefined();
    expect(platformLibraryFor('com.google.gson')).toBeUndefined();
  });

  it('are no SDK prefix, and every SDK prefix under one of them is longer (the SDK wins)', () => {
    for (const lib of platformLibraries()) expect(sdkForClass(`${lib.prefix}.X`), lib.prefix).toBeUndefined();
  });
});

describe('manifest switches', () => {
  it('name catalogued SDKs, once per meta-data name', () => {
    expect(manifestSwitches().length).toBeGreaterThan(0);
    for (const s of manifestSwitches()) expect(sdkById(s.sdk), s.sdk).toBeDefined();
    const names = manifestSwitches().map((s) => s.metaData);
    expect(new Set(names).size).toBe(names.length);
  });
});
