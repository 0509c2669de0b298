// `piscope device-run` as a small state machine: each phase's commands come from pure functions of the state
// (actions), and what they returned moves the state on (advance). run.ts executes the actions through an
// injectable CommandRunner; nothing here touches a process, so the order and the decisions are tested as data.
import { findConsentDialog, parseUiDump, type ConsentDialog } from './ui.ts';

export type Tool = 'adb' | 'frida';
export interface Cmd {
  readonly tool: Tool;
  readonly args: readonly string[];
  readonly timeoutMs: number;
}

export type ConsentWanted = 'given' | 'refused' | 'none';

export interface DeviceRunOptions {
  readonly apk: string;
  readonly package: string;
  readonly agent: string;
  /** adb serial; needed when several devices are attached. */
  readonly serial: string | null;
  readonly consent: ConsentWanted;
  /** How long to look for the privacy dialog after the start. */
  readonly dialogTimeoutMs: number;
  /** Recording with the dialog open, before answering it. */
  readonly beforeAnswerMs: number;
  /** Use after the answer: idle (a person may use the phone), or monkey events. */
  readonly useMs: number;
  readonly monkeyEvents: number;
  readonly backgroundMs: number;
  /** Keep the installed app's data (no uninstall first): not a first start. */
  readonly keepData: boolean;
}

export type Phase = 'tools' | 'device' | 'install' | 'spawn' | 'dialog' | 'record' | 'answer' | 'use' | 'background' | 'stop' | 'done';

export interface RunState {
  readonly phase: Phase;
  readonly serial: string | null;
  readonly device: string | null;
  readonly fridaMajor: number | null;
  readonly dialog: ConsentDialog | null;
  readonly polls: number;
  /** What the run did and saw, for the user and the summary. */
  readonly log: readonly string[];
  /** Set when the run cannot go on; run.ts stops and reports it. */
  readonly error: string | null;
  /** The tools that could not be started (the error says how to install them). */
  readonly missing: readonly Tool[];
}

export type Action =
  | { readonly do: 'run'; readonly cmd: Cmd }
  | { readonly do: 'start-frida'; readonly cmd: Cmd }
  /** Wait for the agent's ready line (or frida's failure). */
  | { readonly do: 'wait-ready'; readonly timeoutMs: number }
  /** Type an expression into the frida REPL and wait for the consent marker it makes. */
  | { readonly do: 'post-consent'; readonly answer: 'given' | 'refused'; readonly timeoutMs: number }
  | { readonly do: 'post'; readonly text: string }
  | { readonly do: 'sleep'; readonly ms: number }
  | { readonly do: 'stop-frida' };

export interface ActionResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The tool could not be started (not installed, or not on PATH). */
  readonly missing?: boolean;
}

export const DUMP_PATH = '/sdcard/piscope-ui.xml';
const POLL_MS = 2000;

function adb(serial: string | null, timeoutMs: number, ...args: string[]): Cmd {
  return { tool: 'adb', args: serial === null ? args : ['-s', serial, ...args], timeoutMs };
}

/** The frida CLI: spawn the package (paused until the script is loaded, then resumed) with the agent. */
export function fridaSpawn(serial: string | null, pkg: string, agent: string, fridaMajor: number): Cmd {
  // Frida 16 made resuming after the script loads the default and dropped --no-pause.
  return { tool: 'frida', args: [...(serial === null ? ['-U'] : ['-D', serial]), '-f', pkg, '-l', agent, ...(fridaMajor < 16 ? ['--no-pause'] : [])], timeoutMs: 0 };
}

export const SETUP: Record<Tool, string> = {
  adb: 'adb (Android platform-tools): install it (Debian/Ubuntu: apt install adb; or the SDK platform-tools from developer.android.com) and put it on PATH, or give --adb <path>',
  frida: 'frida (frida-tools): pip install frida-tools (the version of the frida-server running on the phone), and put it on PATH, or give --frida <path>',
};

export function initial(): RunState {
  return { phase: 'tools', serial: null, device: null, fridaMajor: null, dialog: null, polls: 0, log: [], error: null, missing: [] };
}

/** What a phase does: commands only, from the state and the options. */
export function actions(s: RunState, o: DeviceRunOptions): Action[] {
  const S = s.serial;
  switch (s.phase) {
    case 'tools':
      return [{ do: 'run', cmd: { tool: 'adb', args: ['version'], timeoutMs: 15_000 } }, { do: 'run', cmd: { tool: 'frida', args: ['--version'], timeoutMs: 30_000 } }];
    case 'device':
      return [{ do: 'run', cmd: adb(null, 15_000, 'devices') }];
    case 'install':
      return [
        ...(o.keepData ? [] : [{ do: 'run', cmd: adb(S, 60_000, 'uninstall', o.package) } as const]),
        // No -g: runtime permissions must be asked by the app, as on a user's phone.
        { do: 'run', cmd: adb(S, 300_000, 'install', '-r', o.apk) },
        { do: 'run', cmd: adb(S, 15_000, 'shell', 'getprop', 'ro.product.model') },
        { do: 'run', cmd: adb(S, 15_000, 'shell', 'getprop', 'ro.build.version.release') },
        { do: 'run', cmd: adb(S, 15_000, 'shell', 'am', 'force-stop', o.package) },
      ];
    case 'spawn':
      return [{ do: 'start-frida', cmd: fridaSpawn(S, o.package, o.agent, s.fridaMajor ?? 17) }, { do: 'wait-ready', timeoutMs: 60_000 }];
    case 'dialog':
      return [...(s.polls === 0 ? [] : [{ do: 'sleep', ms: POLL_MS } as const]), { do: 'run', cmd: adb(S, 30_000, 'shell', 'uiautomator', 'dump', DUMP_PATH) }, { do: 'run', cmd: adb(S, 15_000, 'exec-out', 'cat', DUMP_PATH) }];
    case 'record':
      return [{ do: 'sleep', ms: o.beforeAnswerMs }];
    case 'answer': {
      const choice = o.consent === 'none' ? null : s.dialog?.[o.consent] ?? null;
      if (choice === null) return [];
      // The marker first, then the tap: whatever the tap sets off is after the marker, never taken for before it.
      return [{ do: 'post-consent', answer: choice.answer, timeoutMs: 15_000 }, { do: 'run', cmd: adb(S, 15_000, 'shell', 'input', 'tap', String(choice.x), String(choice.y)) }];
    }
    case 'use':
      return o.monkeyEvents > 0
        ? [{ do: 'run', cmd: adb(S, Math.max(60_000, o.monkeyEvents * 2000), 'shell', 'monkey', '-p', o.package, '--pct-syskeys', '0', '--throttle', '700', '-s', '1', String(o.monkeyEvents)) }, { do: 'sleep', ms: o.useMs }]
        : [{ do: 'sleep', ms: o.useMs }];
    case 'background':
      return [{ do: 'run', cmd: adb(S, 15_000, 'shell', 'input', 'keyevent', 'KEYCODE_HOME') }, { do: 'sleep', ms: o.backgroundMs }];
    case 'stop':
      return [{ do: 'post', text: 'piscopeStop("stopped by piscope device-run (am force-stop)")' }, { do: 'sleep', ms: 1000 }, { do: 'run', cmd: adb(S, 15_000, 'shell', 'am', 'force-stop', o.package) }, { do: 'stop-frida' }];
    case 'done':
      return [];
  }
}

const fail = (s: RunState, error: string): RunState => ({ ...s, error, phase: 'done' });
const out = (r: ActionResult | undefined): string => `${r?.stderr ?? ''}${r?.stdout ?? ''}`.trim().slice(0, 300);

/** `adb devices` → the serials of devices ready for use, and the others with their state. */
export function parseDevices(text: string): { ready: string[]; other: string[] } {
  const ready: string[] = [];
  const other: string[] = [];
  for (const line of text.split(/\r?\n/u)) {
    const m = /^(\S+)\s+(device|unauthorized|offline|recovery|sideload|bootloader|no permissions.*)$/u.exec(line.trim());
    if (m === null) continue;
    if (m[2] === 'device') ready.push(m[1]!);
    else other.push(`${m[1]!} (${m[2]!})`);
  }
  return { ready, other };
}

/** `frida --version` → its major version, or null. */
export function fridaMajor(text: string): number | null {
  const m = /^(\d+)\.\d+/mu.exec(text.trim());
  return m === null ? null : Number(m[1]);
}

/** The state after a phase's actions returned (results in the actions' order). */
export function advance(s: RunState, o: DeviceRunOptions, results: readonly ActionResult[]): RunState {
  const log = (line: string): readonly string[] => [...s.log, line];
  switch (s.phase) {
    case 'tools': {
      const missing = (['adb', 'frida'] as const).filter((_, i) => results[i]?.missing === true);
      if (missing.length > 0) return { ...fail(s, `${missing.join(' and ')} not found. ${missing.map((t) => SETUP[t]).join('. ')}. See docs/device-run.md.`), missing };
      const broken = (['adb', 'frida'] as const).filter((_, i) => results[i]?.code !== 0);
      if (broken.length > 0) return fail(s, broken.map((t) => `\`${t} ${t === 'adb' ? 'version' : '--version'}\` failed: ${out(results[t === 'adb' ? 0 : 1])}`).join('; '));
      const major = fridaMajor(results[1]!.stdout);
      if (major === null) return fail(s, `frida --version printed no version: ${out(results[1])}`);
      return { ...s, fridaMajor: major, phase: 'device', log: log(`frida ${results[1]!.stdout.trim()}`) };
    }
    case 'device': {
      const { ready, other } = parseDevices(results[0]?.stdout ?? '');
      const others = other.length > 0 ? ` (not ready: ${other.join(', ')}; an unauthorized phone needs its USB-debugging prompt accepted)` : '';
      if (o.serial !== null) {
        if (!ready.includes(o.serial)) return fail(s, `device ${o.serial} is not attached and ready; adb devices lists ${ready.length === 0 ? 'none ready' : ready.join(', ')}${others}`);
        return { ...s, serial: o.serial, phase: 'install' };
      }
      if (ready.length === 0) return fail(s, `no device ready in \`adb devices\`${others}: connect a phone with USB debugging on, or start an emulator`);
      if (ready.length > 1) return fail(s, `several devices are attached (${ready.join(', ')}): choose one with --serial`);
      return { ...s, serial: ready[0]!, phase: 'install' };
    }
    case 'install': {
      const k = o.keepData ? 0 : 1;
      const inst = results[k];
      if (inst?.code !== 0 || !/Success/u.test(inst.stdout + inst.stderr)) return fail(s, `adb install ${o.apk} failed: ${out(inst)}`);
      const model = results[k + 1]?.stdout.trim() ?? '';
      const release = results[k + 2]?.stdout.trim() ?? '';
      const device = [model, release === '' ? '' : `Android ${release}`].filter((x) => x !== '').join(' / ') || null;
      return { ...s, device, phase: 'spawn', log: log(`installed ${o.package}${o.keepData ? ' (data kept)' : ' (fresh: uninstalled first)'} on ${s.serial ?? '?'}${device === null ? '' : ` (${device})`}`) };
    }
    case 'spawn': {
      const r = results[1];
      if (r?.code !== 0) return fail(s, `frida did not start the agent: ${out(r)}`);
      return { ...s, phase: 'dialog', log: log(r.stdout) };
    }
    case 'dialog': {
      const cat = results.at(-1);
      let dialog: ConsentDialog | null = null;
      let note = '';
      if (cat?.code === 0) {
        try {
          dialog = findConsentDialog(parseUiDump(cat.stdout), o.package);
        } catch (e) {
          note = ` (${(e as Error).message})`;
        }
      } else note = ` (uiautomator dump failed: ${out(cat)})`;
      const polls = s.polls + 1;
      if (dialog !== null) {
        const found = [dialog.given, dialog.refused].filter((c) => c !== null).map((c) => `${c.answer} "${c.label}" at ${c.x},${c.y}`).join(', ');
        return { ...s, dialog, polls, phase: 'record', log: log(`privacy dialog found (${found}); its text: "${dialog.mention}"`) };
      }
      if (polls * POLL_MS < o.dialogTimeoutMs) return { ...s, polls };
      return { ...s, polls, phase: 'record', log: log(`no privacy dialog found in ${Math.round(o.dialogTimeoutMs / 1000)} s${note}: the consent marker will be missing`) };
    }
    case 'record':
      return { ...s, phase: 'answer' };
    case 'answer': {
      if (o.consent === 'none') return { ...s, phase: 'use', log: log('the privacy dialog was left unanswered (--consent none)') };
      const choice = s.dialog?.[o.consent] ?? null;
      if (choice === null) return { ...s, phase: 'use', log: log(`no "${o.consent === 'given' ? 'agree' : 'refuse'}" button was found: nothing tapped, no consent marker`) };
      if (results[0]?.code !== 0) return fail(s, `the consent marker was not written: ${out(results[0])}`);
      if (results[1]?.code !== 0) return fail(s, `adb input tap failed: ${out(results[1])}`);
      return { ...s, phase: 'use', log: log(`consent ${choice.answer}: tapped "${choice.label}" at ${choice.x},${choice.y}`) };
    }
    case 'use':
      return { ...s, phase: 'background', log: o.monkeyEvents > 0 ? log(`monkey: ${o.monkeyEvents} events (${results[0]?.code === 0 ? 'done' : `failed: ${out(results[0])}`})`) : s.log };
    case 'background':
      return { ...s, phase: 'stop', log: log(`home key; ${Math.round(o.backgroundMs / 1000)} s in the background`) };
    case 'stop':
      return { ...s, phase: 'done' };
    case 'done':
      return s;
  }
}
