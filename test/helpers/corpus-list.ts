// The real third-party packages we measure against (../shared/corpus/README.md). They are downloaded by
// scripts/fetch-corpus.ts from the npm registry by exact version into .cache/corpus, never committed.

export type CorpusKind = 'apk' | 'dex' | 'jar' | 'aar' | 'so';

export interface CorpusItem {
  /** Stable id used by tests: the file lands at .cache/corpus/<id>/<basename of path>. */
  readonly id: string;
  readonly npm: string;
  readonly version: string;
  /** Path inside the npm tarball's `package/` folder; may contain a `*` glob in the last segment. */
  readonly path: string;
  readonly kind: CorpusKind;
  /** SDK id of the catalogue that this binary is (for SDK identification tests). */
  readonly sdks?: readonly string[];
  readonly note?: string;
}

export const CORPUS: readonly CorpusItem[] = [
  { id: 'android-apidemos', npm: 'android-apidemos', version: '5.0.0', path: 'apks/ApiDemos-debug.apk', kind: 'apk' },
  { id: 'appium-settings', npm: 'io.appium.settings', version: '8.0.10', path: 'apks/settings_apk-debug.apk', kind: 'apk' },
  { id: 'appium-uiautomator2-server', npm: 'appium-uiautomator2-server', version: '10.6.6', path: 'apks/*.apk', kind: 'apk' },
  { id: 'appium-unlock', npm: 'appium-unlock', version: '2.0.0', path: 'bin/unlock_apk-debug.apk', kind: 'apk' },
  { id: 'stf-service', npm: '@devicefarmer/stf', version: '3.7.9', path: 'vendor/STFService/STFService.apk', kind: 'apk' },
  { id: 'android-app-bootstrap', npm: 'android-app-bootstrap', version: '1.0.8', path: 'android_app_bootstrap/build/outputs/apk/*.apk', kind: 'apk' },
  { id: 'appium-android-bootstrap', npm: 'appium-android-bootstrap', version: '3.0.0', path: 'bootstrap/bin/classes.dex', kind: 'dex' },
  { id: 'jpush', npm: 'jpush-react-native', version: '2.9.9', path: 'android/libs/jpush-android-5.0.4.jar', kind: 'jar', sdks: ['jpush'] },
  { id: 'jcore', npm: 'jcore-react-native', version: '1.9.9', path: 'android/libs/jcore-android-3.2.2.jar', kind: 'jar', sdks: ['jcore'] },
  { id: 'jcore-so', npm: 'jcore-react-native', version: '1.9.9', path: 'android/libs/*/libjcore322.so', kind: 'so' },
  { id: 'janalytics', npm: 'janalytics-react-native', version: '1.4.8', path: 'android/libs/janalytics-android-2.1.8.jar', kind: 'jar', sdks: ['janalytics'] },
  { id: 'jshare', npm: 'jshare-react-native', version: '1.4.3', path: 'android/libs/jshare-*-2.0.0.jar', kind: 'jar', sdks: ['jshare'], note: 'negative control: no sensitive API' },
  { id: 'getui-gtsdk', npm: 'react-native-getui', version: '1.1.55', path: 'android/libs/gtsdk-3.3.12.0.jar', kind: 'jar', sdks: ['getui'] },
  { id: 'getui-gtc', npm: 'react-native-getui', version: '1.1.55', path: 'android/libs/gtc-3.2.18.0.jar', kind: 'jar', sdks: ['getui'] },
  { id: 'wechat-opensdk', npm: 'react-native-wechat', version: '1.9.12', path: 'android/libs/libammsdk.jar', kind: 'jar', sdks: ['wechat-opensdk'] },
  { id: 'alipay', npm: 'cordova-plugin-alipay-v2', version: '2.0.0', path: 'src/android/lib/alipaySdk-15.6.5-20190718211148.aar', kind: 'aar', sdks: ['alipay'] },
  { id: 'qq-connect', npm: 'react-native-qq', version: '2.0.5', path: 'android/libs/open_sdk_r5756.jar', kind: 'jar', sdks: ['qq-connect'] },
  { id: 'tencent-mta', npm: 'react-native-qq', version: '2.0.5', path: 'android/libs/mta-sdk-1.6.2.jar', kind: 'jar', sdks: ['tencent-mta'] },
  { id: 'weibo', npm: 'react-native-weibo', version: '3.0.4', path: 'android/libs/weiboSDKCore_3.1.2.jar', kind: 'jar', sdks: ['weibo'] },
  { id: 'umeng-analytics', npm: 'rn-umeng', version: '1.0.6', path: 'android/libs/umeng-analytics-v5.6.7.jar', kind: 'jar', sdks: ['umeng-analytics'] },
  { id: 'amap-location', npm: 'react-native-amap-location', version: '0.0.4', path: 'libs/AMap_Location_V2.4.0_20160308.jar', kind: 'jar', sdks: ['amap-location'] },
  { id: 'baidu-lbs', npm: 'react-native-baidu-map', version: '1.0.37', path: 'android/libs/BaiduLBS_Android.jar', kind: 'jar', sdks: ['baidu-map', 'baidu-location'] },
  { id: 'xiaomi-push', npm: 'react-native-xmpush', version: '0.1.2', path: 'android/libs/MiPush_SDK_Client_3_0_3.jar', kind: 'jar', sdks: ['xiaomi-push'] },
  { id: 'aliyun-third-push', npm: 'react-native-aliyun-push', version: '1.0.22', path: 'android/libs/alicloud-android-third-push-3.0.9.aar', kind: 'aar', sdks: ['aliyun-push'] },
];
