import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { guardKey, type PathGuard } from '../../analysis/guards.ts';
import { call, sdkCall } from '../rule-fixtures.ts';

const appOnCreate = 'Lcom/example/app/App;->onCreate()V';
const early = call('device.imei', 'android.telephony.TelephonyManager.getDeviceId', { beforeConsent: true, caller: 'Lcom/example/app/Ids;->get()Ljava/lang/String;', path: [appOnCreate, 'Lcom/example/app/Ids;->get()Ljava/lang/String;'] });

const guard = (verdict: PathGuard['verdict'], source: PathGuard['source'] = 'persisted'): Record<string, PathGuard> => ({
  [guardKey(early)]: { verdict, source, method: appOnCreate, pc: 8, reads: 'android.content.SharedPreferences.getBoolean("a", false)', callee: 'android.content.SharedPreferences.getBoolean', detail: 'if-eqz at pc 0x8 tests it' },
});
// IMSI read in a catch block of the app's code: a guard that may stop it.
const inCatch = call('device.imsi', 'android.telephony.TelephonyManager.getSubscriberId', { beforeConsent: true, caller: 'Lcom/example/app/Sim;->get()V', path: [appOnCreate, 'Lcom/example/app/Sim;->get()V'] });
const onBoot = { ...early, path: ['Lcom/example/app/Boot;->onReceive(Landroid/content/Context;Landroid/content/Intent;)V', early.caller] };

export const valid: RuleCase[] = [
  { name: 'a manifest switch leaves the call out', facts: { apiCalls: [early] }, guards: guard('off', 'meta-data') },
  { name: 'after consent', facts: { apiCalls: [{ ...early, beforeConsent: false }] } },
  { name: 'consent unknown', facts: { apiCalls: [{ ...early, beforeConsent: null }] } },
  { name: 'dead code', facts: { apiCalls: [{ ...early, reachable: false }] } },
  { name: 'is WeChat installed? a single-package probe', facts: { apiCalls: [call('app-list', 'android.content.pm.PackageManager.getPackageInfo', { beforeConsent: true })] } },
  { name: 'device model before consent is not PI of the 164 list', facts: { apiCalls: [call('device.info', 'android.os.Build.MODEL', { beforeConsent: true })] } },
];

export const invalid: InvalidCase[] = [
  { name: 'a path through a tap (onClick): high, likely, never confirmed', facts: { apiCalls: [{ ...early, path: [appOnCreate, 'Lcom/example/app/Main$1;->onClick(Landroid/view/View;)V', early.caller] }] }, findings: [{ severity: 'high', confidence: 'likely' }] },
  { name: 'one owner, a confirmed type and a guarded one: two findings, neither claims more than its type shows', facts: { apiCalls: [early, inCatch] }, guards: { [guardKey(inCatch)]: { verdict: 'may-stop', source: 'exception', method: inCatch.caller, pc: 4, reads: 'an exception thrown in the method', callee: inCatch.caller, detail: 'in a catch block' } }, findings: [{ severity: 'high', confidence: 'confirmed', dataTypes: ['device.imei'] }, { severity: 'high', confidence: 'likely', dataTypes: ['device.imsi'] }] },
  { name: 'App.onCreate reaches getDeviceId', facts: { apiCalls: [early] }, findings: [{ severity: 'high', confidence: 'confirmed', clauses: ['RD-3.1', 'M164-1.1-S2'], dataTypes: ['device.imei'] }] },
  { name: 'SDK before consent, through hierarchy', facts: { apiCalls: [sdkCall('jpush', 'device.mac', 'java.net.NetworkInterface.getHardwareAddress', { beforeConsent: true, via: 'hierarchy', path: [appOnCreate, 'Lcom/jpush/Core;->collect()V'] })] }, findings: [{ severity: 'high', confidence: 'likely', sdk: 'jpush', clauses: ['RD-3.1', 'SDK-2', 'M164-1.1-S5'] }] },
  { name: 'consent flag read on the path: low, possible', facts: { apiCalls: [early] }, consentChecks: { [appOnCreate]: 'reads the flag "privacy_agreed"' }, findings: [{ severity: 'low', confidence: 'possible' }] },
  { name: 'a stored value the call needs (fresh install skips it): low, possible', facts: { apiCalls: [early] }, guards: guard('needs-stored-value'), findings: [{ severity: 'low', confidence: 'possible' }] },
  { name: 'a branch on configuration that may stop the call: high, at most likely', facts: { apiCalls: [early] }, guards: guard('may-stop', 'meta-data'), findings: [{ severity: 'high', confidence: 'likely' }] },
  { name: 'a guarded call and an unguarded one: the unguarded one carries the finding', facts: { apiCalls: [early, { ...early, caller: 'Lcom/example/app/Other;->x()V', path: [appOnCreate, 'Lcom/example/app/Other;->x()V'] }] }, guards: guard('needs-stored-value'), findings: [{ severity: 'high', confidence: 'confirmed' }] },
  { name: 'from a boot receiver: likely, not confirmed', facts: { apiCalls: [onBoot], entryPoints: [{ method: onBoot.path[0]!, reason: 'receiver', beforeConsent: true, trigger: 'event' }] }, findings: [{ severity: 'high', confidence: 'likely' }] },
  { name: 'through a crash handler: medium, possible', facts: { apiCalls: [{ ...early, path: [appOnCreate, 'Lcom/example/app/Crash;->uncaughtException(Ljava/lang/Thread;Ljava/lang/Throwable;)V', early.caller] }] }, findings: [{ severity: 'medium', confidence: 'possible', message: 'crash handler' }] },
  {
    name: 'through a failure callback (the path needs the operation to fail): medium, possible, the callback named',
    facts: { apiCalls: [early] },
    guards: { [guardKey(early)]: { verdict: 'needs-event', source: 'failure-callback', method: 'Lcom/xg/Push;->register(Lcom/xg/Callback;)V', pc: 6, reads: 'com.xg.Push$1.onFail (a failure callback)', callee: 'com.xg.Push$1.onFail', detail: 'a failure callback' } },
    findings: [{ severity: 'medium', confidence: 'possible', message: 'failure callback com.xg.Push$1.onFail' }],
  },
  {
    name: 'through a receiver registered at run time: medium, possible, the broadcasts named',
    facts: { apiCalls: [early] },
    guards: { [guardKey(early)]: { verdict: 'needs-event', source: 'receiver', method: 'Lcom/xg/Service;->listen(Landroid/content/Context;)V', pc: 42, reads: 'broadcasts android.intent.action.PACKAGE_ADDED', callee: 'android.content.Context.registerReceiver', detail: 'a receiver' } },
    findings: [{ severity: 'medium', confidence: 'possible', message: 'broadcasts android.intent.action.PACKAGE_ADDED' }],
  },
  { name: 'an SDK reads the OAID through a phone maker\'s id service at start: high, likely (the proxy is found by its descriptor)', facts: { apiCalls: [sdkCall('jpush', 'device.oaid', 'com.heytap.openid.IOpenID (binder service)', { beforeConsent: true, via: 'binder', path: ['Lcom/jpush/Provider;->onCreate()Z', 'Lcom/jpush/a;->b(Landroid/os/IBinder;)Ljava/lang/String;'] })] }, findings: [{ severity: 'high', confidence: 'likely', sdk: 'jpush', dataTypes: ['device.oaid'] }] },
  { name: 'unattributed code before consent: likely', facts: { apiCalls: [{ ...early, callerOwner: { kind: 'unknown' } }] }, findings: [{ severity: 'high', confidence: 'likely' }] },
  { name: 'two callers, one data type: one finding', facts: { apiCalls: [early, { ...early, caller: 'Lcom/example/app/Other;->x()V' }] }, findings: [{ dataTypes: ['device.imei'] }] },
  {
    name: 'one SDK, three data types: one finding with all of them',
    facts: { apiCalls: ['device.imei', 'device.mac', 'location.precise'].map((d) => sdkCall('jpush', d, `x.Api.read${d}`, { beforeConsent: true, path: [appOnCreate, 'Lcom/jpush/Core;->collect()V'] })) },
    findings: [{ severity: 'high', confidence: 'confirmed', sdk: 'jpush', dataTypes: ['device.imei', 'device.mac', 'location.precise'], message: 'SDK jpush collects' }],
  },
  {
    name: 'third-party code is named by its prefix, never as the app',
    facts: { apiCalls: [{ ...early, callerOwner: { kind: 'unknown', party: 'third-party', prefix: 'com.xxx.loc' } }] },
    findings: [{ severity: 'high', confidence: 'likely', message: 'Unidentified third-party code com.xxx.loc collects' }],
  },
  {
    name: 'platform library (AndroidX) reading location: low, possible, named',
    facts: { apiCalls: [call('location.precise', 'android.location.LocationManager.getLastKnownLocation', { beforeConsent: true, caller: 'Landroidx/appcompat/app/TwilightManager;->getLastKnownLocationForProvider(Ljava/lang/String;)Landroid/location/Location;', path: [appOnCreate], callerOwner: { kind: 'unknown', party: 'platform', prefix: 'androidx.appcompat' } })] },
    findings: [{ severity: 'low', confidence: 'possible', message: 'Platform library androidx.appcompat code' }],
  },
  {
    name: 'the app and an SDK: one finding each',
    facts: { apiCalls: [early, sdkCall('jpush', 'device.mac', 'java.net.NetworkInterface.getHardwareAddress', { beforeConsent: true, path: [appOnCreate, 'Lcom/jpush/Core;->collect()V'] })] },
    findings: [{ dataTypes: ['device.imei'], message: 'The app collects' }, { sdk: 'jpush', dataTypes: ['device.mac'] }],
  },
];
