// OAID read through a phone maker's id service: the AIDL proxy writes the service's interface descriptor
// (Parcel.writeInterfaceToken) before each call. On our fixture (fixtures/apps/an-oaid, a renamed HeyTap
// proxy) and on Lionu's demo app in the real-app corpus when ../shared is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import type { AnalysisFacts } from './facts.ts';

function run(path: string): AnalysisFacts {
  return analyze(openPackage(new Uint8Array(readFileSync(path)), { path }));
}

describe('an-oaid: a renamed AIDL proxy of HeyTap\'s OAID service', () => {
  it('the proxy method that returns a String reads the OAID; the one that returns a boolean, and an unknown service, read nothing', () => {
    const f = run(fixtureApk('an-oaid'));
    const binder = f.apiCalls.filter((c) => c.via === 'binder');
    expect(binder).toMatchObject([{ dataType: 'device.oaid', api: 'com.heytap.openid.IOpenID (binder service)', caller: 'Lcom/example/anoaid/a;->b(Landroid/os/IBinder;)Ljava/lang/String;', beforeConsent: true }]);
    expect(binder[0]!.path?.[0]).toBe('Lcom/example/anoaid/App;->onCreate()V');
  });
});

const LIONU = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files', 'lionu-sdk-demo.apk');

describe.runIf(existsSync(LIONU))('lionu-sdk-demo (../shared/corpus/real-apps)', () => {
  it('ApplicationProvider.onCreate → DevicesIDsHelper.getOAID reaches nine id services of phone makers, before consent', () => {
    const f = run(LIONU);
    const services = new Set(f.apiCalls.filter((c) => c.dataType === 'device.oaid' && c.beforeConsent === true && c.path?.[0] === 'Lcom/android/reportx/util/ApplicationProvider;->onCreate()Z').map((c) => c.api));
    // Proxies found by descriptor (ASUS, Huawei, Lenovo, HeyTap, Samsung, the MSA service) and content URIs (Meizu, Nubia, vivo).
    expect([...services].sort()).toEqual([
      'android.content.ContentResolver.query(content://cn.nubia.identity/identity)',
      'android.content.ContentResolver.query(content://com.meizu.flyme.openidsdk)',
      'android.content.ContentResolver.query(content://com.vivo.vms.idprovider/identifierid)',
      'com.asus.msa.SupplementaryDID.IDidAidlInterface (binder service)',
      'com.bun.lib.MsaIdInterface (binder service)',
      'com.heytap.openid.IOpenID (binder service)',
      'com.samsung.android.deviceidservice.IDeviceIdService (binder service)',
      'com.uodis.opendevice.aidl.OpenDeviceIdentifierService (binder service)',
      'com.zui.deviceidservice.IDeviceidInterface (binder service)',
    ]);
    // isSupport()Z and getBoos()Z ask about the service: no data type.
    expect(f.apiCalls.some((c) => c.via === 'binder' && c.caller.endsWith(')Z'))).toBe(false);
  });
});
