// Runs the device-run state machine (steps.ts) through a CommandRunner: the real one spawns adb and frida as
// child processes (spawn-runner.ts); the agent's printed lines go through the trace writer (agent-output.ts)
// into the trace file as they come.
import { createWriteStream } from 'node:fs';
import { AgentOutput } from './agent-output.ts';
import { actions, advance, initial, type Action, type ActionResult, type Cmd, type DeviceRunOptions, type RunState } from './steps.ts';
import type { TraceLine } from '../types.ts';

export interface LongProcess {
  /** Text to the process's stdin. */
  write(text: string): void;
  /** Ends it (SIGTERM, then SIGKILL) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Resolves with the exit code when it ends by itself. */
  readonly exited: Promise<number | null>;
}

export interface CommandRunner {
  run(cmd: Cmd): Promise<ActionResult>;
  /** Starts a long-running tool; its stdout and stderr go to onOutput as they come. */
  start(cmd: Cmd, onOutput: (text: string) => void): LongProcess;
  sleep(ms: number): Promise<void>;
}

export interface DeviceRunResult {
  readonly state: RunState;
  readonly out: string;
  readonly lines: number;
  readonly apiEvents: number;
  readonly consent: 'given' | 'refused' | null;
  readonly ready: AgentOutput['ready'];
  readonly problems: readonly string[];
  readonly ended: string | null;
}

/** Waits until test() holds or the time is up (checking every 100 ms, or when the process ends). */
async function until(runner: CommandRunner, test: () => boolean, ms: number, exited: Promise<unknown> | null): Promise<boolean> {
  let gone = false;
  void exited?.then(() => (gone = true));
  for (let t = 0; t <= ms; t += 100) {
    if (test()) return true;
    if (gone) return test();
    await runner.sleep(100);
  }
  return test();
}

export async function runDevice(o: DeviceRunOptions, out: string, runner: CommandRunner, progress: (line: string) => void = () => {}): Promise<DeviceRunResult> {
  const file = createWriteStream(out);
  const failed: { error: Error | null } = { error: null };
  file.on('error', (e) => (failed.error = e));
  let consentSeen = false;
  let s: RunState = initial();
  let writer = new AgentOutput({ package: o.package, device: null }, (t) => file.write(t), (l: TraceLine) => {
    if (l.type === 'marker' && l.marker === 'consent') consentSeen = true;
  });
  let frida: LongProcess | null = null;
  const exec = async (a: Action): Promise<ActionResult> => {
    switch (a.do) {
      case 'run':
        return runner.run(a.cmd);
      case 'start-frida': {
        // The header's device is known once installed: the writer is made here with it.
        writer = new AgentOutput({ package: o.package, device: s.device }, (t) => file.write(t), (l: TraceLine) => {
          if (l.type === 'marker' && l.marker === 'consent') consentSeen = true;
        });
        frida = runner.start(a.cmd, (t) => writer.feed(t));
        return { code: 0, stdout: '', stderr: '' };
      }
      case 'wait-ready': {
        const ok = await until(runner, () => writer.ready !== null || writer.fatal !== null, a.timeoutMs, frida?.exited ?? null);
        if (writer.fatal !== null) return { code: 1, stdout: '', stderr: `${writer.fatal} (is frida-server of the same version running as root on the phone? docs/device-run.md)` };
        if (!ok || writer.ready === null) return { code: 1, stdout: '', stderr: `no word from the agent in ${Math.round(a.timeoutMs / 1000)} s${writer.ended !== null ? ` (${writer.ended})` : ''}` };
        return { code: 0, stdout: `agent ready: ${writer.ready.hooked} hooks installed, ${writer.ready.failed.length} not (classes or overloads this Android lacks)`, stderr: '' };
      }
      case 'post-consent': {
        consentSeen = false;
        frida?.write(`piscopeConsent(${JSON.stringify(a.answer)})\n`);
        const ok = await until(runner, () => consentSeen, a.timeoutMs, frida?.exited ?? null);
        return ok ? { code: 0, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: `the agent wrote no consent marker in ${Math.round(a.timeoutMs / 1000)} s${writer.ended !== null ? ` (${writer.ended})` : ''}` };
      }
      case 'post':
        frida?.write(`${a.text}\n`);
        return { code: 0, stdout: '', stderr: '' };
      case 'sleep':
        await runner.sleep(a.ms);
        return { code: 0, stdout: '', stderr: '' };
      case 'stop-frida':
        if (frida !== null) await frida.stop();
        return { code: 0, stdout: '', stderr: '' };
    }
  };
  try {
    while (s.phase !== 'done') {
      const phase = s.phase;
      const results: ActionResult[] = [];
      for (const a of actions(s, o)) results.push(await exec(a));
      const before = s.log.length;
      s = advance(s, o, results);
      for (const l of s.log.slice(before)) progress(l);
      // The app's process gone by itself (a crash, or its own exit on a lab phone): record it and stop.
      if (writer.ended !== null && s.phase !== 'done' && s.phase !== 'stop' && phase !== 'stop' && frida !== null) {
        writer.stopMarker(`${writer.ended} (reported by frida during "${phase}"; stamped with the last recorded event's time)`);
        s = { ...s, phase: 'stop', log: [...s.log, `the app's process ended during "${phase}": ${writer.ended}`] };
        progress(s.log.at(-1)!);
      }
    }
  } finally {
    if (frida !== null) await (frida as LongProcess).stop();
    writer.end();
    await new Promise<void>((resolve) => file.end(() => resolve()));
  }
  if (failed.error !== null) throw failed.error;
  return { state: s, out, lines: writer.lines, apiEvents: writer.apiEvents, consent: writer.consent, ready: writer.ready, problems: writer.problems, ended: writer.ended };
}
