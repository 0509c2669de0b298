// Reachability, consent and reflection on our own smali fixtures (fixtures/apps/an-*), each case with its
// positive and negative side.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureApk } from '../../test/helpers/paths.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import type { AnalysisFacts, SensitiveCall } from './facts.ts';

function run(name: string): AnalysisFacts {
  const path = fixtureApk(name);
  return analyze(openPackage(new Uint8Array(readFileSync(path)), { path }));
}

function callsOf(facts: AnalysisFacts, api: string): SensitiveCall[] {
  return [...facts.apiCalls, ...(facts.nonCollecting ?? [])].filter((c) => c.api === api);
}

function one(facts: AnalysisFacts, api: string): SensitiveCall {
  const l = callsOf(facts, api);
  expect(l, api).toHaveLength(1);
  return l[0]!;
}

const TM = 'android.telephony.TelephonyManager';

describe('an-consent: entry points, phases and dead code', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('an-consent');
  });

  it('a call in Application.onCreate runs before consent', () => {
    const c = one(f, `${TM}.getDeviceId`);
    expect(c).toMatchObject({ caller: 'Lcom/example/anconsent/App;->onCreate()V', reachable: true, beforeConsent: true, via: 'direct', callerOwner: { kind: 'app' } });
    expect(c.path).toEqual(['Lcom/example/anconsent/App;->onCreate()V']);
  });

  it('a Runnable handed to an executor from Application.onCreate runs before consent, with its path', () => {
    const c = one(f, `${TM}.getSubscriberId`);
    expect(c).toMatchObject({ caller: 'Lcom/example/anconsent/BgTask;->run()V', reachable: true, beforeConsent: true });
    expect(c.path).toEqual(['Lcom/example/anconsent/App;->onCreate()V', 'Lcom/example/anconsent/BgTask;->run()V']);
  });

  it('a static initialiser triggered from Application.onCreate runs before consent', () => {
    const c = one(f, 'android.os.Build.getSerial');
    expect(c).toMatchObject({ caller: 'Lcom/example/anconsent/Holder;-><clinit>()V', reachable: true, beforeConsent: true });
    expect(c.path?.[0]).toBe('Lcom/example/anconsent/App;->onCreate()V');
  });

  it('ContentProvider.onCreate runs before consent', () => {
    const c = one(f, 'android.location.LocationManager.getLastKnownLocation');
    expect(c).toMatchObject({ caller: 'Lcom/example/anconsent/InitProvider;->onCreate()Z', reachable: true, beforeConsent: true });
  });

  it('a click listener is reachable but its consent status is unknown (null, never false)', () => {
    const c = one(f, `${TM}.getLine1Number`);
    expect(c).toMatchObject({ caller: 'Lcom/example/anconsent/ClickHandler;->onClick(Landroid/view/View;)V', reachable: true, beforeConsent: null });
    expect(c.path?.[0]).toBe('Lcom/example/anconsent/MainActivity;->onCreate(Landroid/os/Bundle;)V');
  });

  it('a thread started by an activity is reachable after the first screen', () => {
    expect(one(f, `${TM}.getAllCellInfo`)).toMatchObject({ caller: 'Lcom/example/anconsent/Worker;->run()V', reachable: true, beforeConsent: null });
  });

  it('dead code: an uncalled method, an untouched static initialiser, a never-instantiated Runnable', () => {
    for (const api of [`${TM}.getMeid`, 'java.net.NetworkInterface.getHardwareAddress', `${TM}.getImei`]) {
      const c = one(f, api);
      expect(c, api).toMatchObject({ reachable: false, beforeConsent: false });
      expect(c.path).toBeUndefined();
    }
  });

  it('lists the entry points with their reasons, and derives data types from permissions and reachable calls', () => {
    const before = f.entryPoints.filter((e) => e.beforeConsent).map((e) => e.method);
    expect(before).toEqual(expect.arrayContaining(['Lcom/example/anconsent/App;->onCreate()V', 'Lcom/example/anconsent/InitProvider;->onCreate()Z']));
    expect(before).not.toContain('Lcom/example/anconsent/MainActivity;->onCreate(Landroid/os/Bundle;)V');
    const imei = f.dataTypes.find((d) => d.id === 'device.imei');
    expect(imei).toMatchObject({ collectedBy: ['app'], evidence: ['api', 'permission'], declared: null });
    // getMeid is only in dead code: the permission is the only evidence.
    expect(f.dataTypes.find((d) => d.id === 'device.meid')?.evidence).toEqual(['permission']);
    // Dead code alone collects nothing: the type is listed as backed by dead code only, collected by no one.
    expect(f.dataTypes.find((d) => d.id === 'device.mac')).toMatchObject({ collectedBy: [], evidence: [], basis: 'unreachable', collectors: [{ party: 'app', reachable: false }] });
    expect(f.appPackages).toEqual(['com.example.anconsent']);
  });

  it('invents no SDK in our own code', () => {
    expect(f.sdks).toEqual([]);
  });
});

describe('an-reflect: reflection, content URIs in static fields, settings keys, hierarchy, behaviours', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('an-reflect');
  });

  it('resolves Class.forName + getMethod + Method.invoke with constant names', () => {
    const c = f.apiCalls.filter((x) => x.via === 'reflection');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ api: `${TM}.getDeviceId`, dataType: 'device.imei', caller: 'Lcom/example/anreflect/App;->onCreate()V', beforeConsent: true });
  });

  it('a class literal asked only for its name starts nothing; one handed to an Intent starts its service', () => {
    expect(f.apiCalls.find((x) => x.api === `${TM}.getLine1Number`)).toMatchObject({ caller: 'Lcom/example/anreflect/NamedService;->onCreate()V', reachable: false });
    expect(f.apiCalls.find((x) => x.api === `${TM}.getVoiceMailNumber`)).toMatchObject({ caller: 'Lcom/example/anreflect/StartedService;->onCreate()V', reachable: true, beforeConsent: true });
  });

  it('does not claim reflection with computed names', () => {
    expect(f.apiCalls.filter((x) => x.caller.includes('->dynamic('))).toEqual([]);
  });

  it('follows a content URI kept in a static field set by <clinit> to the query', () => {
    const q = f.apiCalls.find((x) => x.via === 'content-uri' && x.caller === 'Lcom/example/anreflect/SmsStore;->read(Landroid/content/ContentResolver;)V');
    expect(q).toMatchObject({ dataType: 'sms', reachable: true, beforeConsent: true });
    expect(q?.callee).toContain('ContentResolver;->query(');
    // The app's own provider URI is not personal information.
    expect(f.apiCalls.filter((x) => x.via === 'content-uri').every((x) => x.dataType === 'sms')).toBe(true);
  });

  it('reads Settings.Secure android_id and Build.SERIAL', () => {
    expect(f.apiCalls.find((x) => x.dataType === 'device.android-id')).toMatchObject({ caller: 'Lcom/example/anreflect/App;->onCreate()V' });
    expect(f.apiCalls.find((x) => x.via === 'field' && x.dataType === 'device.serial')).toMatchObject({ callee: 'Landroid/os/Build;->SERIAL:Ljava/lang/String;' });
  });

  it('resolves a call through an app subclass of TelephonyManager', () => {
    const c = f.apiCalls.find((x) => x.via === 'hierarchy');
    expect(c).toMatchObject({ api: `${TM}.getImei`, callee: 'Lcom/example/anreflect/MyTelephony;->getImei()Ljava/lang/String;' });
  });

  it('finds behaviours: chain start, accelerometer listener, dynamic code loading, a boot receiver; and URLs', () => {
    const kinds = f.behaviors.map((b) => `${b.kind} ${b.detail}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'chain-start getLaunchIntentForPackage(com.tencent.mm)',
      'sensor-listener SensorManager.registerListener(TYPE_ACCELEROMETER)',
    ]));
    expect(f.behaviors.some((b) => b.kind === 'dynamic-code-loading')).toBe(true);
    expect(f.behaviors.find((b) => b.kind === 'self-start')).toMatchObject({ element: 'receiver', line: 10 });
    expect(f.urls).toEqual([{ url: 'https://api.example.com/collect', caller: 'Lcom/example/anreflect/MainActivity;->onResume()V', owner: { kind: 'app', party: 'app' } }]);
    expect(f.sdks).toEqual([]);
  });
});

describe('an-sdk: attribution, SDK auto-init providers, Handler, Timer and AsyncTask', () => {
  let f: AnalysisFacts;
  beforeAll(() => {
    f = run('an-sdk');
  });

  it('an SDK provider posting a Runnable to a Handler collects before consent, owned by the SDK', () => {
    const c = one(f, 'android.net.wifi.WifiInfo.getMacAddress');
    expect(c).toMatchObject({ caller: 'Lcom/umeng/analytics/Collector;->run()V', reachable: true, beforeConsent: true, callerOwner: { kind: 'sdk', sdk: 'umeng-analytics' } });
    expect(c.path).toEqual(['Lcom/umeng/analytics/AutoInitProvider;->onCreate()Z', 'Lcom/umeng/analytics/Collector;->run()V']);
    expect(f.sdks.map((s) => [s.id, s.matchedBy])).toEqual([['umeng-analytics', 'package']]);
    expect(f.dataTypes.find((d) => d.id === 'device.mac')?.collectedBy).toEqual(['umeng-analytics']);
    expect(f.urls.find((u) => u.url.includes('umeng'))?.owner).toEqual({ kind: 'sdk', sdk: 'umeng-analytics', party: 'sdk' });
  });

  it('a TimerTask scheduled in Application.onCreate runs before consent; a class outside app and SDK packages is unknown', () => {
    expect(one(f, 'android.accounts.AccountManager.getAccounts')).toMatchObject({
      caller: 'Lorg/example/util/Accounts;->read(Landroid/content/Context;)V', reachable: true, beforeConsent: true, callerOwner: { kind: 'unknown' },
    });
  });

  it('AsyncTask.doInBackground started by an activity is reachable, consent unknown', () => {
    expect(one(f, 'android.content.ClipboardManager.getPrimaryClip')).toMatchObject({
      caller: 'Lcom/example/ansdk/LoadTask;->doInBackground([Ljava/lang/Object;)Ljava/lang/Object;', reachable: true, beforeConsent: null, callerOwner: { kind: 'app' },
    });
    expect(f.appPackages).toEqual(['com.example.ansdk']);
  });
});

describe('cancellation', () => {
  it('an aborted signal stops the analysis with a CANCELLED PiscopeError', () => {
    const path = fixtureApk('an-consent');
    const pkg = openPackage(new Uint8Array(readFileSync(path)), { path });
    const ac = new AbortController();
    ac.abort();
    expect(() => analyze(pkg, { signal: ac.signal })).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });
});
