// The loader's lookups, on the real catalogues: method keys and `*` overloads, fields, content URIs,
// settings keys, reflection names, SDK by class (longest prefix) and by policy alias, packers.
import { describe, expect, it } from 'vitest';
import { apiMatcher, dataTypeById, dataTypes, matchPackers, normaliseAlias, packers, permissionByName, permissions, permissionsNamed, sdkByAlias, sdkById, sdkForClass, sdks, sdksForManifest, sdksMentionedIn, sensitiveApis, toDescriptor, toDotted } from './index.ts';

describe('loader', () => {
  it('is memoised: the same arrays come back', () => {
    expect(sensitiveApis()).toBe(sensitiveApis());
    expect(sdks()).toBe(sdks());
    expect(apiMatcher()).toBe(apiMatcher());
    expect(Object.isFrozen(permissions())).toBe(true);
  });

  it('indexes by id and name', () => {
    expect(dataTypeById('device.oaid')?.zh).toBe('OAID等广告标识符');
    expect(dataTypeById('nope')).toBeUndefined();
    expect(dataTypes().length).toBeGreaterThan(30);
    expect(permissionByName('android.permission.CAMERA')?.dataTypes).toEqual(['camera']);
    expect(sdkById('jpush')?.nameZh).toBe('极光推送');
    expect(packers().find((p) => p.id === 'bangcle')?.nameZh).toBe('梆梆加固');
  });
});

describe('permissions by Chinese name', () => {
  it('maps the names policies use to permissions', () => {
    const names = (t: string): string[] => permissionsNamed(t).map((p) => p.name.replace('android.permission.', '')).sort();
    expect(names('相机权限')).toEqual(['CAMERA']);
    expect(names('麦克风')).toEqual(['RECORD_AUDIO']);
    expect(names('存储权限')).toEqual(['READ_EXTERNAL_STORAGE', 'WRITE_EXTERNAL_STORAGE']);
    expect(names('位置信息')).toEqual(['ACCESS_COARSE_LOCATION', 'ACCESS_FINE_LOCATION']);
    expect(names('读取手机状态和身份')).toEqual(['READ_PHONE_STATE']);
    expect(names('通讯录 权限')).toEqual(['READ_CONTACTS', 'WRITE_CONTACTS']);
    expect(names('相册')).toContain('READ_MEDIA_IMAGES');
    expect(names('不存在的权限')).toEqual([]);
  });
});

describe('apiMatcher', () => {
  const m = apiMatcher();

  it('finds exact method keys and only those overloads', () => {
    expect(m.byMethodKey('Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;').map((a) => a.dataType)).toEqual(['device.imei']);
    expect(m.byMethodKey('Landroid/telephony/TelephonyManager;->getDeviceId(I)Ljava/lang/String;')).toHaveLength(1);
    expect(m.byMethodKey('Landroid/telephony/TelephonyManager;->getDeviceId(J)Ljava/lang/String;')).toEqual([]);
    expect(m.byMethodKey('Landroid/telephony/TelephonyManager;->getPhoneType()I')).toEqual([]);
    expect(m.methodOwners.has('Landroid/location/LocationManager;')).toBe(true);
  });

  it('matches any overload of a `*` entry', () => {
    const hit = m.byMethodKey('Lcom/google/android/gms/location/FusedLocationProviderClient;->requestLocationUpdates(Lcom/google/android/gms/location/LocationRequest;Lcom/google/android/gms/location/LocationCallback;Landroid/os/Looper;)Lcom/google/android/gms/tasks/Task;');
    expect(hit.map((a) => a.dataType)).toEqual(['location.precise']);
    expect(m.byMethodKey('Lcom/google/android/gms/location/FusedLocationProviderClient;->flushLocations()Lcom/google/android/gms/tasks/Task;')).toEqual([]);
  });

  it('lists all overloads of a name, dotted or descriptor owner', () => {
    const a = m.byOwnerAndName('android.location.LocationManager', 'requestLocationUpdates');
    const b = m.byOwnerAndName('Landroid/location/LocationManager;', 'requestLocationUpdates');
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(9);
  });

  it('finds fields with or without their type', () => {
    expect(m.byField('Landroid/os/Build;->SERIAL:Ljava/lang/String;').map((a) => a.dataType)).toEqual(['device.serial']);
    expect(m.byField('Landroid/os/Build;->SERIAL')).toHaveLength(1);
    expect(m.byField('Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;').map((a) => a.dataType)).toEqual(['contacts']);
    expect(m.byField('Landroid/os/Build;->SERIAL:I')).toEqual([]);
  });

  it('matches content URIs at a path boundary, longest first', () => {
    expect(m.byContentUri('content://sms/inbox').map((a) => a.dataType)).toEqual(['sms']);
    expect(m.byContentUri('content://mms-sms/conversations').map((a) => a.uri)).toEqual(['content://mms-sms']);
    expect(m.byContentUri('content://call_log/calls').map((a) => a.dataType)).toEqual(['call-log']);
    expect(m.byContentUri('CONTENT://com.android.contacts/data/phones').map((a) => a.dataType)).toEqual(['contacts']);
    expect(m.byContentUri('content://media/external/images/media?limit=1').map((a) => a.dataType)).toEqual(['media.images']);
    expect(m.byContentUri('content://com.vivo.vms.IdProvider/IdentifierId/OAID').map((a) => a.dataType)).toEqual(['device.oaid']);
    // Not a boundary: other providers that merely start with the same letters.
    expect(m.byContentUri('content://smsfoo/x')).toEqual([]);
    expect(m.byContentUri('content://com.android.contactsx')).toEqual([]);
    expect(m.byContentUri('https://sms')).toEqual([]);
  });

  it('finds settings keys and reflection names', () => {
    expect(m.bySettingsKey('android_id').length).toBe(2);
    expect(m.bySettingsKey('android_id', 'secure').map((a) => a.dataType)).toEqual(['device.android-id']);
    expect(m.bySettingsKey('screen_brightness')).toEqual([]);
    expect(m.byReflection('android.telephony.TelephonyManager', 'getDeviceId').map((a) => a.dataType)).toEqual(['device.imei']);
    expect(m.byReflection('com.android.id.impl.IdProviderImpl', 'getOAID').map((a) => a.dataType)).toEqual(['device.oaid']);
    expect(m.byReflection('android.telephony.TelephonyManager', 'getPhoneType')).toEqual([]);
  });

  it('turns dotted owners into descriptors', () => {
    expect(toDescriptor('a.b.C')).toBe('La/b/C;');
    expect(toDescriptor('La/b/C;')).toBe('La/b/C;');
  });
});

describe('SDK lookups', () => {
  it('picks the longest matching prefix, in any class-name form', () => {
    expect(sdkForClass('com.tencent.mm.opensdk.openapi.WXAPIFactory')?.sdk.id).toBe('wechat-opensdk');
    expect(sdkForClass('Lcn/jiguang/analytics/android/api/JAnalyticsInterface;')?.sdk.id).toBe('janalytics');
    expect(sdkForClass('cn/jiguang/api/JCoreInterface')?.sdk.id).toBe('jcore');
    expect(sdkForClass('com.google.android.gms.ads.identifier.AdvertisingIdClient')?.sdk.id).toBe('google-ads-identifier');
    expect(sdkForClass('com.google.android.gms.ads.MobileAds')?.sdk.id).toBe('admob');
    expect(sdkForClass('com.huawei.hms.ads.identifier.AdvertisingIdClient$Info')?.sdk.id).toBe('huawei-oaid');
    expect(sdkForClass('com.umeng.analytics.MobclickAgent')).toMatchObject({ prefix: 'com.umeng.analytics' });
    expect(sdkForClass('okhttp3.OkHttpClient')?.sdk.category).toBe('library');
  });

  it('never matches on a partial segment, nor an app of its own', () => {
    expect(sdkForClass('com.igexinfoo.Bar')).toBeUndefined();
    expect(sdkForClass('com.tencent.mygame.MainActivity')).toBeUndefined();
    expect(sdkForClass('com.google.android.apps.myapp.Main')).toBeUndefined();
    expect(sdkForClass('com.example.app.MainActivity')).toBeUndefined();
    expect(sdkForClass('Foo')).toBeUndefined();
    expect(sdkForClass('')).toBeUndefined();
  });

  it('resolves the names Chinese policies use', () => {
    expect(sdkByAlias('友盟+')?.id).toBe('umeng-analytics');
    expect(sdkByAlias('友盟统计 SDK')?.id).toBe('umeng-analytics');
    expect(sdkByAlias('极光推送SDK')?.id).toBe('jpush');
    expect(sdkByAlias('ＪＰｕｓｈ')?.id).toBe('jpush');
    expect(sdkByAlias('穿山甲')?.id).toBe('pangle');
    expect(sdkByAlias('优量汇（广点通）')?.id).toBe('gdt');
    expect(sdkByAlias('高德定位SDK')?.id).toBe('amap-location');
    expect(sdkByAlias('阿里云推送')?.id).toBe('aliyun-push');
    expect(sdkByAlias('微信开放平台')?.id).toBe('wechat-opensdk');
    expect(sdkByAlias('某不存在的SDK')).toBeUndefined();
    expect(normaliseAlias(' 友盟+ SDK ')).toBe('友盟+');
    expect(toDotted('La/b/C;')).toBe('a.b.C');
  });

  it('finds every SDK named in a policy sentence, in order, without double counting', () => {
    const found = sdksMentionedIn('我们接入了极光推送SDK、个推、友盟+统计SDK、高德定位SDK和微信开放平台，用于推送与登录。');
    expect(found.map((f) => f.sdk.id)).toEqual(['jpush', 'getui', 'umeng-analytics', 'amap-location', 'wechat-opensdk']);
    expect(sdksMentionedIn('本应用不含任何第三方代码。')).toEqual([]);
    // "QQ" alone is too short to search inside prose, but exact lookups accept it.
    expect(sdksMentionedIn('请使用QQ邮箱联系我们').map((f) => f.sdk.id)).toEqual([]);
    expect(sdkByAlias('QQ')?.id).toBe('qq-connect');
  });

  it('matches Latin names as whole words only, and never names a library', () => {
    // Seen in CA4P policies: "web beacon", "management", "image", "page" must not name Beacon, MAN, IMA or PAG.
    expect(sdksMentionedIn('我们使用cookies和web beacon；management of images on this page').map((f) => f.sdk.id)).toEqual([]);
    expect(sdksMentionedIn('集成了MobSDK与Umeng SDK、Getui。').map((f) => f.sdk.id)).toEqual(['mobtech-mobsdk', 'umeng-analytics', 'getui']);
    expect(sdksMentionedIn('使用OkHttp与Glide加载图片').map((f) => f.sdk.id)).toEqual([]);
  });

  it('gives every alias to one SDK only', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of sdks()) {
      for (const a of s.aliases) {
        const n = normaliseAlias(a);
        const prev = owner.get(n);
        if (prev !== undefined && prev !== s.id) clashes.push(`${a}: ${prev} / ${s.id}`);
        owner.set(n, s.id);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('SDK manifest hints', () => {
  it('name SDKs from meta-data keys, intent actions and SDK-defined permissions', () => {
    const hits = sdksForManifest({
      metaData: ['JPUSH_APPKEY', 'com.amap.api.v2.apikey', 'my.own.key'],
      actions: ['com.coloros.mcs.action.RECEIVE_MCS_MESSAGE', 'android.intent.action.BOOT_COMPLETED'],
      permissions: ['com.example.app.permission.MIPUSH_RECEIVE', 'android.permission.INTERNET'],
    });
    expect(hits.map((h) => h.sdk.id).sort()).toEqual(['amap-location', 'amap-map', 'jpush', 'oppo-push', 'xiaomi-push']);
    expect(hits.find((h) => h.sdk.id === 'xiaomi-push')?.evidence).toEqual(['permission:com.example.app.permission.MIPUSH_RECEIVE']);
    expect(sdksForManifest({ metaData: ['android.max_aspect'], actions: ['android.intent.action.MAIN'] })).toEqual([]);
  });

  it('hold no hint claimed by an unrelated vendor', () => {
    // The same key for two SDKs of one vendor (AMap map and location) is fine; across vendors it would mislead.
    const byKey = new Map<string, Set<string>>();
    for (const s of sdks()) for (const k of [...(s.manifest?.metaData ?? []), ...(s.manifest?.actions ?? [])]) byKey.set(k, (byKey.get(k) ?? new Set()).add(s.vendor));
    for (const [k, vendors] of byKey) expect(vendors.size, k).toBe(1);
  });
});

describe('packers', () => {
  it('match stub classes, native libraries by pattern and assets', () => {
    const hits = matchPackers({
      classes: ['Lcom/stub/StubApp;', 'com.example.Main'],
      nativeLibs: ['lib/arm64-v8a/libjiagu_a64.so', 'lib/arm64-v8a/libc++_shared.so'],
      assets: ['assets/libjiagu.so'],
    });
    expect(hits.map((h) => h.packer.id)).toEqual(['qihoo-jiagu']);
    expect(hits[0]!.evidence).toEqual(['class:com.stub.StubApp', 'lib:lib/arm64-v8a/libjiagu_a64.so', 'asset:libjiagu.so']);
    expect(matchPackers({ nativeLibs: ['lib/armeabi-v7a/libshella-2.10.2.so'] }).map((h) => h.packer.id)).toEqual(['tencent-legu']);
    expect(matchPackers({ classes: ['com.secneo.apkwrapper.ApplicationWrapper'] }).map((h) => h.packer.id)).toEqual(['bangcle']);
    expect(matchPackers({ classes: ['s.h.e.l.l.S'] }).map((h) => h.packer.id)).toEqual(['ijiami']);
  });

  it('stay quiet on ordinary apps and SDKs', () => {
    expect(matchPackers({ classes: ['com.alibaba.wireless.security.open.SecurityGuardManager', 'com.tencent.mm.opensdk.openapi.WXAPIFactory'], nativeLibs: ['lib/arm64-v8a/libsgmain.so', 'libshell_helper_not.so'], assets: ['index.html'] })).toEqual([]);
    expect(matchPackers({})).toEqual([]);
  });
});
