// Held-out SDK versions: other releases of the corpus SDKs (test/helpers/corpus-list.ts), taken from other
// versions of the same npm wrapper packages. The fingerprints and string markers are never built from them
// (scripts/obfuscate-sdks.ts builds from CORPUS only), so they measure identification on versions the
// profiles did not see. Downloaded by scripts/fetch-heldout.ts into .cache/heldout/<id>/, never committed.
import type { CorpusItem } from './corpus-list.ts';

export const HELD_OUT: readonly (CorpusItem & { sdks: readonly string[] })[] = [
  { id: 'jpush-3.1.6', npm: 'jpush-react-native', version: '2.2.13', path: 'android/libs/jpush-android-3.1.6.jar', kind: 'jar', sdks: ['jpush'] },
  { id: 'jpush-3.5.4', npm: 'jpush-react-native', version: '2.7.5', path: 'android/libs/jpush-android-3.5.4.jar', kind: 'jar', sdks: ['jpush'] },
  { id: 'jcore-2.2.6', npm: 'jcore-react-native', version: '1.7.5', path: 'android/libs/jcore-android-2.2.6.jar', kind: 'jar', sdks: ['jcore'] },
  { id: 'janalytics-1.1.2', npm: 'janalytics-react-native', version: '1.1.2', path: 'android/libs/janalytics-android-1.1.2.jar', kind: 'jar', sdks: ['janalytics'] },
  { id: 'getui-2.10.3.5', npm: 'react-native-getui', version: '1.1.18', path: 'android/libs/GetuiSDK2.10.3.5.jar', kind: 'jar', sdks: ['getui'] },
  { id: 'alipay-20170725', npm: 'cordova-plugin-alipay-v2', version: '1.0.0', path: 'src/android/lib/alipaySdk-20170725.jar', kind: 'jar', sdks: ['alipay'] },
  { id: 'aliyun-push-3.0.5', npm: 'react-native-aliyun-push', version: '1.0.17', path: 'android/libs/alicloud-android-third-push-3.0.5.aar', kind: 'aar', sdks: ['aliyun-push'] },
  { id: 'baidu-lbs-0.6.0', npm: 'react-native-baidu-map', version: '0.6.0', path: 'android/libs/BaiduLBS_Android.jar', kind: 'jar', sdks: ['baidu-map', 'baidu-location'] },
];

/**
 * Real apps of ../shared/corpus/real-apps (read-only, may be absent) whose SDKs have profiles, in versions
 * other than the corpus binaries': the SDK each must show. Their dex are repackaged as ProGuard's
 * `-repackageclasses ''` would (tools/java/RepackageDex.java).
 */
export const HELD_OUT_REAL_APPS: readonly { file: string; sdks: readonly string[] }[] = [
  { file: 'weibo-sdk-demo-2017.apk', sdks: ['weibo'] },
  { file: 'apppay-demo.apk', sdks: ['alipay', 'wechat-opensdk'] },
  { file: 'androidproject-demo.apk', sdks: ['umeng-analytics', 'qq-connect'] },
  { file: 'amap-path-record.apk', sdks: ['amap-location'] },
  { file: 'jpush-example-debug.apk', sdks: ['jpush'] },
  { file: 'xpush-xgdemo.apk', sdks: ['xiaomi-push'] },
  { file: 'yuekuan.apk', sdks: ['wechat-opensdk'] },
  { file: 'agentweb-sample.apk', sdks: ['alipay'] },
  { file: 'lightwindow.apk', sdks: ['umeng-analytics'] },
];
