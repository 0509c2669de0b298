// device-run without a device: the screen reader on a uiautomator dump, the state machine's commands and
// decisions as data, the trace writer on the agent's printed lines, and one whole run through the real
// spawning runner against stand-in `adb` and `frida` executables (real processes that answer as the tools
// do and print lines the agent's own formatting made). What only a device tests is in docs/device-run.md.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiEvent, header, marker, TRACE_PREFIX, READY_PREFIX, type Clock } from '../agent/format.ts';
import { runtimeFromLines } from '../facts.ts';
import { parseTraceLine } from '../parse-line.ts';
import type { TraceLine } from '../types.ts';
import { AgentOutput } from './agent-output.ts';
import { runDevice } from './run.ts';
import { spawnRunner } from './spawn-runner.ts';
import { actions, advance, fridaSpawn, initial, parseDevices, type ActionResult, type DeviceRunOptions, type RunState } from './steps.ts';
import { findConsentDialog, parseUiDump } from './ui.ts';
import { runDeviceRun } from '../../cli/device-run-command.ts';

// A first-start privacy dialog as `uiautomator dump` writes it (one line, AccessibilityNodeInfoDumper's
// attribute order), with the status bar of the system UI over it. Written for this test in the tool's format,
// not recorded from a phone.
const node = (i: number, text: string, id: string, cls: string, pkg: string, clickable: boolean, bounds: string, inner = ''): string =>
  `<node index="${i}" text="${text}" resource-id="${id}" class="${cls}" package="${pkg}" content-desc="" checkable="false" checked="false" clickable="${clickable}" enabled="true" focusable="${clickable}" focused="false" scrollable="false" long-clickable="false" password="false" selected="false" bounds="${bounds}"${inner === '' ? ' />' : `>${inner}</node>`}`;
const APP = 'com.example.app';
const DUMP = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation="0">${node(0, '', '', 'android.widget.FrameLayout', APP, false, '[0,0][1080,2400]',
  node(0, '个人信息保护指引', `${APP}:id/title`, 'android.widget.TextView', APP, false, '[96,700][984,780]')
  + node(1, '欢迎使用！请您充分阅读《用户协议》和《隐私政策》，点击“同意”即表示您已阅读并同意上述条款。', `${APP}:id/content`, 'android.widget.TextView', APP, true, '[96,800][984,1600]')
  + node(2, '不同意', `${APP}:id/btn_disagree`, 'android.widget.Button', APP, true, '[96,1650][528,1770]')
  + node(3, '同意并继续', `${APP}:id/btn_agree`, 'android.widget.Button', APP, true, '[552,1650][984,1770]'))}${node(1, '', '', 'android.widget.FrameLayout', 'com.android.systemui', false, '[0,0][1080,63]', node(0, '同意', '', 'android.widget.Button', 'com.android.systemui', true, '[0,0][100,63]'))}</hierarchy>`;

describe('the privacy dialog on the screen', () => {
  const nodes = parseUiDump(DUMP);
  it('finds both answers by their whole labels, at the centre of their bounds, in the app\'s own window', () => {
    expect(nodes).toHaveLength(7);
    expect(findConsentDialog(nodes, APP)).toEqual({
      given: { answer: 'given', label: '同意并继续', x: 768, y: 1710 },
      refused: { answer: 'refused', label: '不同意', x: 312, y: 1710 },
      mention: '个人信息保护指引',
    });
  });
  it('takes no sentence for a button, no other package\'s button, and no screen without privacy wording', () => {
    // Without the app's buttons: the policy sentence holds 同意 and the system UI has a 同意 button: neither is taken.
    const noButtons = nodes.filter((n) => !n.id.includes('btn_'));
    expect(findConsentDialog(noButtons, APP)).toBeNull();
    expect(findConsentDialog(nodes.filter((n) => n.id !== `${APP}:id/content` && n.id !== `${APP}:id/title`), APP)).toBeNull();
    expect(findConsentDialog(nodes, 'com.other.app')).toBeNull();
  });
  it('reads escaped attributes and refuses what is no dump', () => {
    const [n] = parseUiDump('<hierarchy rotation="0"><node text="Agree &amp; continue" content-desc="" package="p.q" clickable="true" enabled="true" bounds="[0,0][10,10]" /><node text="Privacy &#x653F;&#31574;" package="p.q" enabled="true" bounds="[0,20][10,30]" /></hierarchy>');
    expect(n!.text).toBe('Agree & continue');
    expect(findConsentDialog(parseUiDump('<hierarchy><node text="Privacy policy" package="p.q" bounds="[0,0][9,9]"/><node text="Agree &amp; Continue" package="p.q" bounds="[0,10][10,20]"/></hierarchy>'), 'p.q')?.given?.label).toBe('Agree & Continue');
    expect(() => parseUiDump('ERROR: null root node returned by UiTestAutomationBridge.')).toThrow(/not a uiautomator dump/u);
  });
});

const OPTS: DeviceRunOptions = { apk: '/t/app.apk', package: APP, agent: '/t/agent.js', serial: null, consent: 'given', dialogTimeoutMs: 6000, beforeAnswerMs: 10_000, useMs: 60_000, monkeyEvents: 0, backgroundMs: 30_000, keepData: false };
const ok = (stdout = ''): ActionResult => ({ code: 0, stdout, stderr: '' });

/** Runs the machine on scripted results, phase by phase; returns the commands it asked for and its end state. */
function drive(o: DeviceRunOptions, answer: (s: RunState, i: number) => ActionResult): { cmds: string[]; end: RunState } {
  let s = initial();
  const cmds: string[] = [];
  for (let guard = 0; s.phase !== 'done' && guard < 50; guard++) {
    const as = actions(s, o);
    for (const a of as) cmds.push(a.do === 'run' || a.do === 'start-frida' ? `${a.do === 'run' ? '' : 'start '}${a.cmd.tool} ${a.cmd.args.join(' ')}` : a.do === 'post-consent' ? `post-consent ${a.answer}` : a.do === 'sleep' ? `sleep ${a.ms}` : a.do);
    s = advance(s, o, as.map((_, i) => answer(s, i)));
  }
  return { cmds, end: s };
}

const happy = (dump: string) => (s: RunState, i: number): ActionResult => {
  if (s.phase === 'tools') return ok(i === 0 ? 'Android Debug Bridge version 1.0.41' : '17.2.11\n');
  if (s.phase === 'device') return ok('List of devices attached\nemulator-5554\tdevice\n\n');
  if (s.phase === 'install') return ok(['Success', 'Performing Streamed Install\nSuccess', 'sdk_gphone64_x86_64\n', '14\n', ''][i]);
  if (s.phase === 'dialog') return ok(i === actions(s, OPTS).length - 1 ? dump : 'UI hierchary dumped to: /sdcard/piscope-ui.xml');
  return ok();
};

describe('the device steps', () => {
  it('installs fresh, starts under frida, finds the dialog, marks the answer before tapping it, uses, backgrounds and stops', () => {
    const { cmds, end } = drive(OPTS, happy(DUMP));
    expect(end.error).toBeNull();
    expect(cmds).toEqual([
      'adb version', 'frida --version', 'adb devices',
      `adb -s emulator-5554 uninstall ${APP}`, 'adb -s emulator-5554 install -r /t/app.apk', 'adb -s emulator-5554 shell getprop ro.product.model', 'adb -s emulator-5554 shell getprop ro.build.version.release', `adb -s emulator-5554 shell am force-stop ${APP}`,
      `start frida -D emulator-5554 -f ${APP} -l /t/agent.js`, 'wait-ready',
      'adb -s emulator-5554 shell uiautomator dump /sdcard/piscope-ui.xml', 'adb -s emulator-5554 exec-out cat /sdcard/piscope-ui.xml',
      'sleep 10000',
      'post-consent given', 'adb -s emulator-5554 shell input tap 768 1710',
      'sleep 60000',
      'adb -s emulator-5554 shell input keyevent KEYCODE_HOME', 'sleep 30000',
      'post', 'sleep 1000', `adb -s emulator-5554 shell am force-stop ${APP}`, 'stop-frida',
    ]);
    expect(end.device).toBe('sdk_gphone64_x86_64 / Android 14');
    expect(end.log.join('\n')).toContain('consent given: tapped "同意并继续" at 768,1710');
  });
  it('refuses by the refusal button; leaves the dialog open with none; polls until the time is up when no dialog shows', () => {
    expect(drive({ ...OPTS, consent: 'refused' }, happy(DUMP)).cmds).toContain('adb -s emulator-5554 shell input tap 312 1710');
    const none = drive({ ...OPTS, consent: 'none', monkeyEvents: 200 }, happy(DUMP));
    expect(none.cmds.filter((c) => c.includes('input tap') || c.startsWith('post-consent'))).toEqual([]);
    expect(none.cmds).toContain(`adb -s emulator-5554 shell monkey -p ${APP} --pct-syskeys 0 --throttle 700 -s 1 200`);
    const blank = drive(OPTS, happy('<?xml version=\'1.0\' ?><hierarchy rotation="0"></hierarchy>'));
    expect(blank.cmds.filter((c) => c.includes('uiautomator dump'))).toHaveLength(3);
    expect(blank.cmds.filter((c) => c.includes('input tap'))).toEqual([]);
    expect(blank.end.log.join('\n')).toContain('no privacy dialog found in 6 s');
  });
  it('names missing tools and how to install them; names the device problem', () => {
    const missing = drive(OPTS, (s) => (s.phase === 'tools' ? { code: null, stdout: '', stderr: 'ENOENT', missing: true } : ok()));
    expect(missing.end.missing).toEqual(['adb', 'frida']);
    expect(missing.end.error).toMatch(/^adb and frida not found\. adb \(Android platform-tools\): install it .*apt install adb.*pip install frida-tools/u);
    const dev = (text: string, serial: string | null = null): string | null => drive({ ...OPTS, serial }, (s, i) => (s.phase === 'device' ? ok(text) : happy(DUMP)(s, i))).end.error;
    expect(dev('List of devices attached\n\n')).toMatch(/no device ready/u);
    expect(dev('List of devices attached\nR58N12345\tunauthorized\n')).toMatch(/not ready: R58N12345 \(unauthorized\).*USB-debugging prompt/u);
    expect(dev('List of devices attached\nemulator-5554\tdevice\nR58N12345\tdevice\n')).toMatch(/several devices .*--serial/u);
    expect(dev('List of devices attached\nemulator-5554\tdevice\nR58N12345\tdevice\n', 'R58N12345')).toBeNull();
    expect(parseDevices('* daemon started successfully\nList of devices attached\nabc\tdevice\n')).toEqual({ ready: ['abc'], other: [] });
    const inst = drive(OPTS, (s, i) => (s.phase === 'install' && i === 1 ? { code: 1, stdout: '', stderr: 'adb: failed to install /t/app.apk: Failure [INSTALL_FAILED_NO_MATCHING_ABIS]' } : happy(DUMP)(s, i)));
    expect(inst.end.error).toMatch(/adb install \/t\/app\.apk failed: .*INSTALL_FAILED_NO_MATCHING_ABIS/u);
  });
  it('asks an old frida to resume the spawned app', () => {
    expect(fridaSpawn(null, APP, 'a.js', 15).args).toEqual(['-U', '-f', APP, '-l', 'a.js', '--no-pause']);
    expect(fridaSpawn(null, APP, 'a.js', 17).args).toEqual(['-U', '-f', APP, '-l', 'a.js']);
  });
});

// What the agent prints on a run, made by its own formatting functions (format.ts) from recorded hook inputs:
// an Umeng android_id read before the dialog is answered, the consent tap, a read after it.
const T = Date.UTC(2026, 11, 7, 9, 0, 0);
const at = (ms: number): Clock => ({ wall: T + ms, mono: 80_000 + ms, pid: 4242, tid: 1 });
const STACK = ['java.lang.Exception', '\tat android.provider.Settings$Secure.getString(Native Method)', '\tat com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId(Unknown Source:48)', '\tat com.umeng.commonsdk.UMConfigure.init(Unknown Source:20)', '\tat com.example.app.App.onCreate(App.java:31)'].join('\n');
const print = (l: TraceLine): string => `${TRACE_PREFIX}${JSON.stringify(l)}`;
const BEFORE = [
  print(header(null, null, `${T}-4242`, T)), print(marker('app-start', at(0))), print(marker('foreground', at(400))),
  print(apiEvent('settings-secure-android-id', 'android.provider.Settings$Secure.getString', ['ContentResolver@1a2b', 'android_id'], 'ba44af50580c13ed', null, STACK, at(650), 'foreground')),
  `${READY_PREFIX}${JSON.stringify({ hooked: 412, failed: ['os-build-getserial: no overload'] })}`,
];
const CONSENT = print(marker('consent', at(12_000), { answer: 'given' }));
const AFTER = [print(apiEvent('settings-secure-android-id', 'android.provider.Settings$Secure.getString', ['ContentResolver@1a2b', 'android_id'], 'ba44af50580c13ed', null, STACK, at(12_300), 'foreground'))];
const STOP = print(marker('app-stop', at(80_000), { detail: 'stopped by piscope device-run (am force-stop)' }));

describe('the trace writer', () => {
  it('takes the agent\'s lines from frida\'s output however it is cut, fills the header, and keeps frida\'s own words', () => {
    const written: string[] = [];
    const w = new AgentOutput({ package: APP, device: 'Pixel 6 / Android 14' }, (t) => written.push(t));
    const text = [`     ____\n    / _  |   Frida 17.2.11 - A world-class dynamic instrumentation toolkit\nSpawned \`${APP}\`. Resuming main thread!`, ...BEFORE.map((l, i) => (i === 1 ? `[Pixel 6::${APP} ]-> ${l}` : l)), 'piscopeConsent("given")', CONSENT, `${TRACE_PREFIX}{"type":"api","wall":"soon"}`, ...AFTER, 'Process terminated', ''].join('\n');
    for (let i = 0; i < text.length; i += 37) w.feed(text.slice(i, i + 37));
    w.end();
    const lines = written.join('').trimEnd().split('\n').map((l) => parseTraceLine(l) as TraceLine);
    expect(lines.map((l) => l.type)).toEqual(['header', 'marker', 'marker', 'api', 'marker', 'api']);
    expect(lines[0]).toMatchObject({ package: APP, device: 'Pixel 6 / Android 14', source: 'piscope-agent' });
    expect(w).toMatchObject({ apiEvents: 2, consent: 'given', ready: { hooked: 412, failed: ['os-build-getserial: no overload'] }, ended: 'Process terminated', fatal: null, problemCount: 1 });
    expect(w.problems[0]).toMatch(/^frida output line \d+: /u);
    // The same owner logic as the scan: Umeng's read before the tap, not the one after.
    const rt = runtimeFromLines({ sdks: [], appPackages: [APP] }, lines);
    expect(rt.beforeConsent.map((g) => `${g.ownerKey} ${g.dataType} ${g.count}`)).toEqual(['sdk:umeng-common device.android-id 1']);
    const fail = new AgentOutput({ package: APP, device: null }, () => {});
    fail.feed('Failed to spawn: unable to connect to remote frida-server: closed\n');
    expect(fail.fatal).toBe('Failed to spawn: unable to connect to remote frida-server: closed');
  });
});

// Stand-ins for adb and frida: real executables on a PATH of their own, answering as the tools do.
const dir = mkdtempSync(join(tmpdir(), 'piscope-device-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LOG = join(dir, 'calls.log');
const FAKE_ADB = `#!/usr/bin/env node
const fs = require('node:fs');
const a = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(LOG)}, 'adb ' + a.join(' ') + '\\n');
const r = a[0] === '-s' ? a.slice(2) : a;
const j = r.join(' ');
if (j === 'version') console.log('Android Debug Bridge version 1.0.41');
else if (j === 'devices') process.stdout.write('List of devices attached\\nemulator-5554\\tdevice\\n\\n');
else if (r[0] === 'uninstall') console.log('Success');
else if (r[0] === 'install') console.log('Performing Streamed Install\\nSuccess');
else if (j === 'shell getprop ro.product.model') console.log('sdk_gphone64_x86_64');
else if (j === 'shell getprop ro.build.version.release') console.log('14');
else if (r[1] === 'uiautomator') console.log('UI hierchary dumped to: ' + r[3]);
else if (r[0] === 'exec-out') process.stdout.write(fs.readFileSync(${JSON.stringify(join(dir, 'dump.xml'))}));
`;
const FAKE_FRIDA = `#!/usr/bin/env node
const fs = require('node:fs');
const a = process.argv.slice(2);
if (a[0] === '--version') { console.log('17.2.11'); process.exit(0); }
fs.appendFileSync(${JSON.stringify(LOG)}, 'frida ' + a.join(' ') + '\\n' + 'frida env PYTHONUNBUFFERED=' + process.env.PYTHONUNBUFFERED + '\\n');
const out = (name) => fs.readFileSync(${JSON.stringify(dir)} + '/' + name, 'utf8');
process.stdout.write('Spawned \`' + a[a.indexOf('-f') + 1] + '\`. Resuming main thread!\\n' + out('before.txt'));
let buf = '';
process.stdin.setEncoding('utf8').on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    fs.appendFileSync(${JSON.stringify(LOG)}, 'frida< ' + line + '\\n');
    process.stdout.write('[sdk_gphone64_x86_64::com.example.app ]-> ' + line + '\\n');
    if (line.startsWith('piscopeConsent(')) process.stdout.write(out('consent.txt') + out('after.txt'));
    if (line.startsWith('piscopeStop(')) process.stdout.write(out('stop.txt'));
  }
});
process.on('SIGTERM', () => { process.stdout.write('\\nThank you for using Frida!\\n'); process.exit(0); });
`;

describe('a whole run through the spawning runner', () => {
  writeFileSync(join(dir, 'adb'), FAKE_ADB);
  writeFileSync(join(dir, 'frida'), FAKE_FRIDA);
  chmodSync(join(dir, 'adb'), 0o755);
  chmodSync(join(dir, 'frida'), 0o755);
  writeFileSync(join(dir, 'dump.xml'), DUMP);
  writeFileSync(join(dir, 'before.txt'), `${BEFORE.join('\n')}\n`);
  writeFileSync(join(dir, 'consent.txt'), `${CONSENT}\n`);
  writeFileSync(join(dir, 'after.txt'), `${AFTER.join('\n')}\n`);
  writeFileSync(join(dir, 'stop.txt'), `${STOP}\n`);

  it('writes the trace, with the consent marker written before the tap reached adb', async () => {
    const out = join(dir, 'run.jsonl');
    const progress: string[] = [];
    const r = await runDevice({ ...OPTS, dialogTimeoutMs: 2000, beforeAnswerMs: 0, useMs: 0, backgroundMs: 0 }, out, spawnRunner({ adb: join(dir, 'adb'), frida: join(dir, 'frida') }), (l) => progress.push(l));
    expect(r.state.error).toBeNull();
    expect(r).toMatchObject({ apiEvents: 2, consent: 'given', problems: [] });
    const calls = readFileSync(LOG, 'utf8').trim().split('\n');
    const consentAt = calls.indexOf('frida< piscopeConsent("given")');
    const tapAt = calls.indexOf('adb -s emulator-5554 shell input tap 768 1710');
    expect(consentAt).toBeGreaterThan(0);
    expect(tapAt).toBeGreaterThan(consentAt);
    expect(calls).toContain(`frida -D emulator-5554 -f ${APP} -l /t/agent.js`);
    // frida-tools (Python) must not hold the agent's lines in a pipe buffer.
    expect(calls).toContain('frida env PYTHONUNBUFFERED=1');
    const parsed = readFileSync(out, 'utf8').trim().split('\n').map((l) => parseTraceLine(l));
    expect(parsed.filter((l) => 'error' in l)).toEqual([]);
    const lines = parsed as TraceLine[];
    expect(lines[0]).toMatchObject({ type: 'header', package: APP, device: 'sdk_gphone64_x86_64 / Android 14' });
    expect(lines.map((l) => ('marker' in l ? l.marker : l.type))).toEqual(['header', 'app-start', 'foreground', 'api', 'consent', 'api', 'app-stop']);
    expect(progress.join('\n')).toMatch(/agent ready: 412 hooks installed, 1 not/u);
  });
  it('says which tools are missing and how to set them up, as a DEVICE_TOOL_MISSING error', async () => {
    writeFileSync(join(dir, 'app.apk'), 'not read: --package is given');
    const err: string[] = [];
    const code = await runDeviceRun(join(dir, 'app.apk'), { consent: 'given', package: APP, agent: join(dir, 'dump.xml'), adb: join(dir, 'no-adb'), frida: join(dir, 'frida'), dialogTimeout: '1', beforeAnswer: '0', use: '0', monkey: '0', background: '0', out: join(dir, 'x.jsonl') }, { stdout: () => {}, stderr: (s) => err.push(s), isTTY: false });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/adb not found\. adb \(Android platform-tools\): install it .* or give --adb <path>\. See docs\/device-run\.md\. \[DEVICE_TOOL_MISSING\]/u);
    expect(err.join('')).not.toMatch(/frida not found/u);
  });
});
