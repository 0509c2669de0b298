// The agent's logic under Node: its hook list covers the whole sensitive-API catalogue, its event formatting
// writes valid trace lines from recorded hook inputs, and those lines are attributed like the static
// analysis. esbuild bundles it with the generated list. What only a device tests: that Java.use finds each
// class and overload on a given Android version, and the timing of real callbacks.
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildAgent } from '../../../scripts/build-agent.ts';
import { sensitiveApis } from '../../knowledge/index.ts';
import { digestOf } from '../digest.ts';
import { runtimeFromLines } from '../facts.ts';
import { parseTraceLine } from '../parse-line.ts';
import type { TraceLine } from '../types.ts';
import { apiEvent, header, LifecycleState, marker, maskValue, matchesFilter, permissionResults, stackFrames, type Clock } from './format.ts';
import { hookList, javaType, paramDescriptors } from './hook-list.ts';

const apis = sensitiveApis();
const plans = hookList(apis);

describe('hook list', () => {
  it('has one plan per catalogue entry, every id once', () => {
    expect(plans.map((p) => p.id)).toEqual(apis.map((a) => a.id));
  });
  it('hooks every method and reflection target by class and name, with the exact overload when the catalogue gives one', () => {
    for (const a of apis.filter((x) => x.kind === 'method' || x.kind === 'reflection-name')) {
      const p = plans.find((x) => x.id === a.id)!;
      expect(p.how, a.id).toBe('method');
      if (p.how !== 'method') continue;
      expect(`${p.className}.${p.method === '$init' ? '<init>' : p.method}`.replace(/\$/gu, '.'), a.id).toBe(a.kind === 'method' ? a.api.replace(/\$/gu, '.').replace(/\.<init>$/u, '.<init>') : `${a.className ?? ''}.${a.member ?? ''}`);
    }
    const deviceId = plans.find((p) => p.id === 'telephony-telephonymanager-getdeviceid');
    expect(deviceId).toEqual({ id: 'telephony-telephonymanager-getdeviceid', how: 'method', className: 'android.telephony.TelephonyManager', method: 'getDeviceId', overload: [] });
  });
  it('routes fields through the hook that sees their value, or says why none can', () => {
    const ids = new Set(plans.map((p) => p.id));
    for (const p of plans) {
      if (p.how === 'via') expect(ids.has(p.through), p.id).toBe(true);
      if (p.how === 'unobservable') expect(apis.find((a) => a.id === p.id)?.kind, p.id).toBe('field');
    }
    expect(plans.filter((p) => p.how === 'unobservable').map((p) => p.id)).toEqual(['os-build-serial', 'os-build-model', 'os-build-manufacturer', 'os-build-brand', 'os-build-fingerprint', 'os-build-hardware']);
  });
  it('converts descriptors to the overload names Java.use expects', () => {
    expect(paramDescriptors('IJLjava/lang/String;[B[Ljava/lang/String;Z').map(javaType)).toEqual(['int', 'long', 'java.lang.String', '[B', '[Ljava.lang.String;', 'boolean']);
  });
});

// A recorded hook input: what Log.getStackTraceString gives inside the hook of Settings.Secure.getString.
const STACK = ['java.lang.Exception', '\tat android.provider.Settings$Secure.getString(Native Method)', '\tat com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId(Unknown Source:48)', '\tat java.lang.reflect.Method.invoke(Native Method)', '\tat com.umeng.umzid.ZIDManager.a(Unknown Source:13)', '\tat java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:487)'].join('\n');
const at = (ms: number): Clock => ({ wall: Date.UTC(2026, 0, 1) + ms, mono: 5000 + ms, pid: 77, tid: 3 });

describe('event formatting', () => {
  it('writes valid trace lines, masks values but keeps keys, URIs and permissions', () => {
    const life = new LifecycleState();
    const lines: TraceLine[] = [
      header('com.example.app', 'Pixel 6', 's1', at(0).wall),
      marker('app-start', at(0)),
      marker(life.start()!, at(50)),
      apiEvent('settings-secure-android-id', 'android.provider.Settings$Secure.getString', ['ContentResolver@1a2b', 'android_id'], 'ba44af50580c13ed', null, STACK, at(120), life.state),
      marker('consent', at(900), { answer: 'given' }),
      marker('permission-request', at(1000), { permissions: ['android.permission.READ_PHONE_STATE'] }),
      ...permissionResults(['android.permission.READ_PHONE_STATE', 'android.permission.CAMERA'], [-1, 0], at(1500)),
      marker(life.stop()!, at(3000)),
    ];
    for (const l of lines) expect(parseTraceLine(JSON.stringify(l)), JSON.stringify(l)).not.toHaveProperty('error');
    const ev = lines[3]!;
    expect(ev).toMatchObject({ args: ['Cont••••••••••••1a2b', 'android_id'], ret: 'ba44••••••••13ed', state: 'foreground', stack: ['android.provider.Settings$Secure.getString(Native Method)', 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId(Unknown Source:48)', 'java.lang.reflect.Method.invoke(Native Method)', 'com.umeng.umzid.ZIDManager.a(Unknown Source:13)', 'java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:487)'] });
    expect(lines.slice(-3).map((l) => (l.type === 'marker' ? `${l.marker} ${l.granted ?? ''}` : ''))).toEqual(['permission-result false', 'permission-result true', 'background ']);
    expect(maskValue('content://sms/inbox')).toBe('content://sms/inbox');
    expect(stackFrames(STACK)).toHaveLength(5);

    // Stack attribution of the formatted events, as the scan does it: the SDK, before consent.
    const rt = runtimeFromLines({ sdks: [], appPackages: ['com.example.app'] }, lines);
    expect(rt.beforeConsent.map((g) => `${g.ownerKey} ${g.dataType} ${g.sample[0]?.caller ?? ''}`)).toEqual(['sdk:umeng-common device.android-id com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId(Unknown Source:48)']);
  });
  it('keeps the whole value\'s digests (the device\'s MessageDigest, here Node\'s) for a capture to match, never for a failed call or a placeholder', () => {
    const digester = (v: string): { sha256: string; md5: string; sha1: string } => ({ sha256: digestOf(v).sha256, md5: digestOf(v).md5, sha1: digestOf(v).sha1 });
    const ok = apiEvent('settings-secure-android-id', 'android.provider.Settings$Secure.getString', ['android_id'], 'ba44af50580c13ed', null, STACK, at(120), 'foreground', digester);
    expect(ok.retDigest).toEqual(digestOf('ba44af50580c13ed'));
    expect(parseTraceLine(JSON.stringify(ok))).not.toHaveProperty('error');
    expect(JSON.stringify(ok)).not.toContain('ba44af50580c13ed');
    expect(apiEvent('x', 'a.B.c', [], 'ba44af50580c13ed', 'java.lang.SecurityException', STACK, at(1), 'foreground', digester)).not.toHaveProperty('retDigest');
    expect(apiEvent('x', 'a.B.c', [], '02:00:00:00:00:00', null, STACK, at(1), 'foreground', digester)).not.toHaveProperty('retDigest');
  });
  it('lifecycle: foreground while any activity is started, across an activity switch', () => {
    const l = new LifecycleState();
    expect(l.state).toBe('unknown');
    // A starts; B starts before A stops (Android's order): never background in between.
    expect([l.start(), l.start(), l.state, l.stop(), l.state, l.stop(), l.state]).toEqual(['foreground', null, 'foreground', null, 'foreground', 'background', 'background']);
  });
  it('filters shared hooks by settings key, URI prefix and binder interface token', () => {
    expect(matchesFilter({ how: 'binder', token: 'com.heytap.openid.IOpenID' }, ['com.heytap.openid.IOpenID'])).toBe(true);
    expect(matchesFilter({ how: 'binder', token: 'com.heytap.openid.IOpenID' }, ['android.support.v4.os.IResultReceiver'])).toBe(false);
    expect(plans.find((p) => p.id === 'binder-com-heytap-openid-iopenid')).toEqual({ id: 'binder-com-heytap-openid-iopenid', how: 'binder', token: 'com.heytap.openid.IOpenID' });
    expect(matchesFilter({ how: 'settings', key: 'android_id' }, ['cr', 'android_id'])).toBe(true);
    expect(matchesFilter({ how: 'settings', key: 'android_id' }, ['cr', 'adb_enabled'])).toBe(false);
    expect(matchesFilter({ how: 'query', uri: 'content://sms' }, ['content://sms/inbox', null])).toBe(true);
    expect(matchesFilter({ how: 'query', uri: 'content://sms' }, ['content://media/external'])).toBe(false);
  });
});

describe('bundle', () => {
  it('esbuild bundles the agent into one script carrying the whole generated hook list', async () => {
    const { code, hooks } = await buildAgent();
    expect(hooks).toHaveLength(apis.length);
    expect(code).not.toMatch(/^\s*import\s/mu);
    for (const id of ['telephony-telephonymanager-getdeviceid', 'settings-secure-android-id', 'uri-sms', 'reflect-com-id-impl-idproviderimpl-getoaid']) expect(code).toContain(`"${id}"`);
    // It prints its lines with the prefixes device-run's writer reads, and offers the REPL its consent function.
    expect(code).toMatch(/"piscope-trace(?:\\t|\t)"/u);
    expect(code).toMatch(/"piscope-agent-ready(?:\\t|\t)"/u);
    expect(code).toMatch(/globalThis\.piscopeConsent = /u);
    // It parses as a script (compiled, not run: it needs Frida's runtime).
    expect(() => new Script(code)).not.toThrow();
  });
});
