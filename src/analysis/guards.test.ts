// Guards and the entry points that run before consent, on our own smali fixtures (fixtures/apps/an-guard-*),
// each mechanism with its positive and negative side; and on the real-app corpus when ../shared is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import { openPackage } from '../package/open-package.ts';
import type { OpenedPackage } from '../package/types.ts';
import { analyze } from './analyze.ts';
import type { AnalysisFacts, SensitiveCall } from './facts.ts';
import { PRE_CONSENT_DATA_TYPES } from '../rules/lib/data-types.ts';
import { isWeakCall } from '../rules/lib/collection.ts';
import { findGuards, GuardFinder, guardKey, type PathGuard } from './guards.ts';

function open(path: string): OpenedPackage {
  return openPackage(new Uint8Array(readFileSync(path)), { path });
}

function callOf(facts: AnalysisFacts, api: string): SensitiveCall {
  const l = facts.apiCalls.filter((c) => c.api === api);
  expect(l, api).toHaveLength(1);
  return l[0]!;
}

describe('an-guard-flags: branches on configuration and stored values', () => {
  let facts: AnalysisFacts;
  let guards: Map<string, PathGuard>;
  const guardOf = (api: string): PathGuard | undefined => guards.get(guardKey(callOf(facts, api)));
  beforeAll(() => {
    const pkg = open(fixtureApk('an-guard-flags'));
    facts = analyze(pkg);
    guards = findGuards(facts, pkg.code, pkg.manifest);
  });

  it('a provider whose auto-init returns unless a manifest switch is set, in an app that does not set it: off', () => {
    const g = guardOf('android.telephony.TelephonyManager.getDeviceId');
    expect(g).toMatchObject({ verdict: 'off', source: 'meta-data', method: 'Lcom/example/anguard/OffProvider;->onCreate()Z', metaData: { name: 'com.example.anguard.OFF_INIT', value: null, line: null } });
  });

  it('the same provider code, with the switch set in the manifest: it may run, and the switch is the evidence', () => {
    const g = guardOf('java.net.NetworkInterface.getHardwareAddress');
    expect(g).toMatchObject({ verdict: 'may-stop', source: 'meta-data', metaData: { name: 'com.example.anguard.ON_INIT', value: 'true' } });
    expect(g?.metaData?.line).toBeGreaterThan(0);
  });

  it('an obfuscated consent check a.b.a()Z that returns a stored boolean (false when fresh): the call needs a stored value', () => {
    const g = guardOf('android.telephony.TelephonyManager.getSubscriberId');
    expect(g).toMatchObject({ verdict: 'needs-stored-value', source: 'persisted', method: 'Lcom/example/anguard/App;->onCreate()V' });
    expect(g?.reads).toContain('android.content.SharedPreferences.getBoolean("k", 0)');
  });

  it('a build flag (static final false) that skips the call: off', () => {
    expect(guardOf('android.telephony.TelephonyManager.getSimSerialNumber')).toMatchObject({ verdict: 'off', source: 'build-flag', reads: 'com.example.anguard.BuildConfig.STATS' });
  });

  it('several runtime-permission checks, none granted on a fresh install, together keep the read from running: may stop, never confirmed', () => {
    const g = guardOf('android.telephony.TelephonyManager.getLine1Number');
    expect(g).toMatchObject({ verdict: 'may-stop', source: 'permission', method: 'Lcom/example/anguard/Perms;->line(Landroid/content/Context;)Ljava/lang/String;' });
    expect(g?.reads).toContain('checkSelfPermission("android.permission.READ_SMS")');
    expect(g?.reads).toContain('checkSelfPermission("android.permission.READ_PHONE_STATE")');
  });

  it('a read in a catch block runs only when something throws first: may stop, never confirmed', () => {
    expect(guardOf('android.telephony.TelephonyManager.getVoiceMailNumber')).toMatchObject({ verdict: 'may-stop', source: 'exception', method: 'Lcom/example/anguard/Perms;->onError(Landroid/content/Context;)V' });
  });

  it('a check of a permission granted at install (INTERNET) stops nothing: no guard', () => {
    expect(guardOf('android.telephony.TelephonyManager.getMeid')).toBeUndefined();
  });

  it('an init-once static flag stops nothing on the first run: no guard', () => {
    expect(guardOf('android.os.Build.getSerial')).toBeUndefined();
  });

  it('a branch on the API level is not configuration: no guard', () => {
    expect(guardOf('android.provider.Settings.Secure.getString')).toBeUndefined();
  });
});

describe('an-guard-switch: an SDK\'s auto-start switch recorded in the knowledge base, read from the manifest', () => {
  it('the SDK\'s own provider, with firebase_messaging_auto_init_enabled=false: off; the app\'s own provider: no guard', () => {
    const pkg = open(fixtureApk('an-guard-switch'));
    const facts = analyze(pkg);
    const guards = findGuards(facts, pkg.code, pkg.manifest);
    const sdkCall = facts.apiCalls.find((c) => c.caller === 'Lcom/google/firebase/messaging/AutoInitProvider;->onCreate()Z')!;
    const ownCall = facts.apiCalls.find((c) => c.caller === 'Lcom/example/answitch/OwnProvider;->onCreate()Z')!;
    expect(sdkCall.callerOwner).toMatchObject({ kind: 'sdk', sdk: 'firebase-messaging' });
    expect(guards.get(guardKey(sdkCall))).toMatchObject({ verdict: 'off', source: 'meta-data', metaData: { name: 'firebase_messaging_auto_init_enabled', value: 'false' } });
    expect(guards.get(guardKey(sdkCall))?.knowledge).toMatch(/^https:\/\/firebase\.google\.com\//);
    expect(guards.get(guardKey(ownCall))).toBeUndefined();
  });
});

describe('an-guard-event: steps that need an event after the start (a failure, a broadcast)', () => {
  let facts: AnalysisFacts;
  let guards: Map<string, PathGuard>;
  const guardOf = (api: string): PathGuard | undefined => guards.get(guardKey(callOf(facts, api)));
  beforeAll(() => {
    const pkg = open(fixtureApk('an-guard-event'));
    facts = analyze(pkg);
    guards = findGuards(facts, pkg.code, pkg.manifest);
  });

  it('a read in the onFail of a callback the SDK answers: needs the operation to fail', () => {
    expect(callOf(facts, 'android.telephony.TelephonyManager.getDeviceId')).toMatchObject({ beforeConsent: true });
    const g = guardOf('android.telephony.TelephonyManager.getDeviceId');
    expect(g).toMatchObject({ verdict: 'needs-event', source: 'failure-callback', method: 'Lcom/example/anevent/Sdk;->register(Lcom/example/anevent/Callback;)V', callee: 'com.example.anevent.App$Cb.onFail' });
    expect(g?.detail).toContain('implements com.example.anevent.Callback.onFail');
  });

  it('the same callback\'s onSuccess, and a static helper merely named onError: no event needed', () => {
    expect(callOf(facts, 'android.telephony.TelephonyManager.getSubscriberId')).toMatchObject({ beforeConsent: true });
    expect(guardOf('android.telephony.TelephonyManager.getSubscriberId')).toBeUndefined();
    expect(guardOf('android.telephony.TelephonyManager.getSimSerialNumber')).toBeUndefined();
  });

  it('a receiver registered at run time for PACKAGE_ADDED/REMOVED: needs the broadcast, and the actions are named', () => {
    const g = guardOf('android.telephony.TelephonyManager.getLine1Number');
    expect(g).toMatchObject({ verdict: 'needs-event', source: 'receiver', method: 'Lcom/example/anevent/App;->listen(Landroid/content/Context;)V', callee: 'android.content.Context.registerReceiver' });
    expect(g?.reads).toBe('broadcasts android.intent.action.PACKAGE_ADDED, android.intent.action.PACKAGE_REMOVED');
  });

  it('a receiver of a sticky broadcast (BATTERY_CHANGED), and one the app sends its broadcast to itself: no event needed', () => {
    expect(callOf(facts, 'android.telephony.TelephonyManager.getMeid')).toMatchObject({ beforeConsent: true });
    expect(guardOf('android.telephony.TelephonyManager.getMeid')).toBeUndefined();
    expect(callOf(facts, 'android.telephony.TelephonyManager.getVoiceMailNumber')).toMatchObject({ beforeConsent: true });
    expect(guardOf('android.telephony.TelephonyManager.getVoiceMailNumber')).toBeUndefined();
  });
});

describe('an-guard-entry: entry points that run before any consent', () => {
  let facts: AnalysisFacts;
  beforeAll(() => {
    facts = analyze(open(fixtureApk('an-guard-entry')));
  });
  const entry = (method: string): AnalysisFacts['entryPoints'][number] | undefined => facts.entryPoints.find((e) => e.method === method);

  it('an Application created by reflection from a meta-data class name starts at process start', () => {
    expect(entry('Lcom/example/anentry/RealApp;->onCreate()V')).toMatchObject({ beforeConsent: true });
    expect(entry('Lcom/example/anentry/RealApp;->onCreate()V')?.reason).toContain('meta-data REAL_APPLICATION');
    expect(callOf(facts, 'android.telephony.TelephonyManager.getDeviceId')).toMatchObject({ reachable: true, beforeConsent: true });
  });

  it('an ApplicationLike named by a constant in the Application (built from the Application) starts too', () => {
    expect(entry('Lcom/example/anentry/Like;->onCreate()V')).toMatchObject({ beforeConsent: true });
    expect(callOf(facts, 'android.telephony.TelephonyManager.getSubscriberId')).toMatchObject({ reachable: true, beforeConsent: true });
  });

  it('a class named by a constant that is neither an Application nor built from one is not an entry', () => {
    expect(entry('Lcom/example/anentry/Helper;->onCreate()V')).toBeUndefined();
    expect(callOf(facts, 'android.os.Build.getSerial')).toMatchObject({ reachable: false });
  });

  it('a USER_PRESENT receiver runs before consent, as an event (its targetSdk 33: old devices only)', () => {
    const e = entry('Lcom/example/anentry/UnlockReceiver;->onReceive(Landroid/content/Context;Landroid/content/Intent;)V');
    expect(e).toMatchObject({ beforeConsent: true, trigger: 'event', oldDevicesOnly: true });
    expect(callOf(facts, 'android.telephony.TelephonyManager.getLine1Number')).toMatchObject({ beforeConsent: true });
  });

  it('a receiver of the app\'s own action is not a before-consent entry', () => {
    expect(callOf(facts, 'android.telephony.TelephonyManager.getSimSerialNumber')).toMatchObject({ reachable: true, beforeConsent: null });
  });

  it('a service a push channel starts runs before consent, as an event; a plain service does not', () => {
    expect(entry('Lcom/example/anentry/PushService;->onCreate()V')).toMatchObject({ beforeConsent: true, trigger: 'event' });
    expect(entry('Lcom/example/anentry/PushService;->onCreate()V')?.oldDevicesOnly).toBeUndefined();
    expect(callOf(facts, 'android.telephony.TelephonyManager.getMeid')).toMatchObject({ beforeConsent: true });
    expect(callOf(facts, 'android.telephony.TelephonyManager.getImei')).toMatchObject({ reachable: true, beforeConsent: null });
  });
});

// The real-app corpus (read-only input of the team); absent in a clone: then these say so and skip.
const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const real = (name: string): string => join(REAL, name);

describe.runIf(existsSync(REAL))('real apps (../shared/corpus/real-apps)', () => {
  it('bugly-tinker-test: the delegate App (meta-data TINKER_PATCH_APPLICATION) starts before consent', () => {
    const facts = analyze(open(real('bugly-tinker-test.apk')));
    const e = facts.entryPoints.find((x) => x.method === 'Lcom/xuexiang/buglytest/App;->onCreate()V');
    expect(e).toMatchObject({ beforeConsent: true });
    expect(e?.reason).toContain('TINKER_PATCH_APPLICATION');
    // Tinker's ApplicationLike, named by a constant in TinkerPatchReflectApplication.<init>.
    expect(facts.entryPoints.some((x) => x.method.endsWith('->onCreate()V') && x.reason.includes('Application delegate com.tencent.bugly.beta.tinker.TinkerApplicationLike'))).toBe(true);
  });

  it('lightwindow: UMConfigure.init behind the stored POLICY preference needs a stored value', () => {
    const pkg = open(real('lightwindow.apk'));
    const facts = analyze(pkg);
    const guards = findGuards(facts, pkg.code, pkg.manifest);
    const viaInit = facts.apiCalls.filter((c) => c.beforeConsent === true && c.path?.[0] === 'Lcom/qingcheng/lightwindow/App;->onCreate()V' && c.path[1]?.startsWith('Lcom/umeng/commonsdk/UMConfigure;->init('));
    expect(viaInit.length).toBeGreaterThan(0);
    for (const c of viaInit) {
      expect(guards.get(guardKey(c)), c.caller).toMatchObject({ verdict: 'needs-stored-value', method: 'Lcom/qingcheng/lightwindow/App;->onCreate()V' });
    }
  });

  it('xpush-xgdemo: no call path from the XG provider carries no guard', () => {
    const pkg = open(real('xpush-xgdemo.apk'));
    const facts = analyze(pkg);
    const guards = findGuards(facts, pkg.code, pkg.manifest);
    // The data types a collection-before-consent finding is about (storage and running apps are not).
    const fromXg = facts.apiCalls.filter((c) => c.beforeConsent === true && PRE_CONSENT_DATA_TYPES.has(c.dataType) && c.path?.[0]?.startsWith('Lcom/tencent/android/tpush/XGPushProvider;->') === true);
    // A Class object of a provider (XGPushProvider.class.getName()) no longer instantiates it: no path through
    // its query/getType callbacks.
    expect(fromXg.some((c) => c.path!.some((m) => m.startsWith('Lcom/tencent/android/tpush/XGPushProvider;->getType')))).toBe(false);
    const unguarded = fromXg.filter((c) => !guards.has(guardKey(c)) && !c.path!.some((m) => m.includes('->uncaughtException(')));
    expect(unguarded.map((c) => `${c.api} ${c.path!.join(' > ')}`)).toEqual([]);
  });

  it('xpush-xgdemo: the XG provider\'s reads of the Android ID and IMEI run through XGIOperateCallback.onFail and a PACKAGE_* receiver registered at run time: they need an event', () => {
    const pkg = open(real('xpush-xgdemo.apk'));
    const facts = analyze(pkg);
    const guards = findGuards(facts, pkg.code, pkg.manifest);
    // The calls a finding can carry (weak ones, such as Settings.System.getString of another key, cannot).
    const reads = facts.apiCalls.filter((c) => c.beforeConsent === true && !isWeakCall(c) && (c.dataType === 'device.imei' || c.dataType === 'device.android-id') && c.path?.[0]?.startsWith('Lcom/tencent/android/tpush/XGPushProvider;->') === true);
    expect(reads.length).toBeGreaterThan(0);
    for (const c of reads) expect(guards.get(guardKey(c))?.verdict, c.path!.join(' > ')).toBe('needs-event');
    expect(reads.some((c) => guards.get(guardKey(c))?.callee === 'com.tencent.android.tpush.XGPushManager$8.onFail')).toBe(true);
    // Past the failure callback: XGPushServiceV4 registers service/a$a for PACKAGE_ADDED/REMOVED/REPLACED.
    const c = reads.find((x) => x.path!.includes('Lcom/tencent/android/tpush/service/a$a;->onReceive(Landroid/content/Context;Landroid/content/Intent;)V'))!;
    const from = c.path!.indexOf('Lcom/tencent/android/tpush/service/a;->b(Landroid/content/Context;)V');
    const g = new GuardFinder(pkg.code, pkg.manifest).forCall({ ...c, path: c.path!.slice(from) });
    expect(g).toMatchObject({ verdict: 'needs-event', source: 'receiver', callee: 'android.content.Context.registerReceiver' });
    expect(g?.reads).toContain('android.intent.action.PACKAGE_ADDED');
  });
});
