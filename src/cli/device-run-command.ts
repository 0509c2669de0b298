// `piscope device-run app.apk --consent given|refused|none`: installs the APK on a phone over adb, cold-starts
// it under the Frida agent, waits for the privacy dialog, records, answers it (or not), lets it be used, sends
// it to the background, and writes the recorded run as a piscope trace; `--scan` then scans the APK with it.
// adb and frida must be installed on the user's machine (docs/device-run.md).
import { basename, join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Command } from 'commander';
import { ErrorCode, PiscopeError, describeError } from '../errors.ts';
import { checkReadableFile } from './inputs.ts';
import type { CliIO } from './main.ts';
import type { ConsentWanted, DeviceRunOptions } from '../runtime/device/steps.ts';

interface DeviceRunFlags {
  consent?: string;
  out?: string;
  package?: string;
  serial?: string;
  agent?: string;
  adb?: string;
  frida?: string;
  dialogTimeout: string;
  beforeAnswer: string;
  use: string;
  monkey: string;
  background: string;
  keepData?: boolean;
  scan?: boolean;
  policy?: string;
}

const CONSENT: readonly ConsentWanted[] = ['given', 'refused', 'none'];

function usage(message: string): PiscopeError {
  return new PiscopeError(ErrorCode.USAGE, message);
}

function seconds(v: string, flag: string, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > max) throw usage(`${flag}: "${v}" is not a number of seconds from 0 to ${max}`);
  return Math.round(n * 1000);
}

export function registerDeviceRun(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('device-run')
    .description('record a run of an APK on a phone with adb and frida (installed by you): install, cold start, privacy dialog, answer, use, background; writes a trace')
    .argument('<apk>', 'the APK to install and run')
    .requiredOption('--consent <answer>', 'the answer to the privacy dialog: given, refused, or none (leave it open)')
    .option('--out <file.jsonl>', 'the trace to write (default: <apk name>.<time>.trace.jsonl)')
    .option('--package <name>', 'the package name (default: read from the APK)')
    .option('--serial <id>', 'the adb serial of the device, when several are attached')
    .option('--agent <file.js>', 'a built agent (node scripts/build-agent.ts); default: built now with esbuild')
    .option('--adb <path>', 'the adb executable (default: adb on PATH)')
    .option('--frida <path>', 'the frida CLI (default: frida on PATH)')
    .option('--dialog-timeout <s>', 'how long to look for the privacy dialog', '30')
    .option('--before-answer <s>', 'recording with the dialog open before answering', '10')
    .option('--use <s>', 'recording after the answer (a person may use the app meanwhile)', '60')
    .option('--monkey <n>', 'random monkey events in the app after the answer', '0')
    .option('--background <s>', 'recording after the home key', '30')
    .option('--keep-data', 'do not uninstall first (not a first start)')
    .option('--scan', 'scan the APK with the trace when done (text report on stdout)')
    .option('--policy <file-or-url>', 'with --scan: the privacy policy')
    .action(async (apk: string, flags: DeviceRunFlags) => {
      setExit(await runDeviceRun(apk, flags, io));
    });
}

async function packageOf(apk: string): Promise<string> {
  const { FileSource } = await import('../binary/byte-source.ts');
  const { openPackage } = await import('../package/open-package.ts');
  const src = new FileSource(apk);
  try {
    const name = openPackage(src, { path: apk }).manifest?.packageName ?? null;
    if (name === null || !/^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/u.test(name)) throw usage(`${apk}: no package name in its manifest; give --package`);
    return name;
  } finally {
    src.close();
  }
}

export async function runDeviceRun(apk: string, flags: DeviceRunFlags, io: CliIO): Promise<number> {
  let tmp: string | null = null;
  try {
    checkReadableFile(apk, 'APK');
    const consent = flags.consent as ConsentWanted;
    if (!CONSENT.includes(consent)) throw usage(`--consent: "${flags.consent ?? ''}" is not one of ${CONSENT.join(', ')}`);
    const monkey = Number(flags.monkey);
    if (!Number.isInteger(monkey) || monkey < 0 || monkey > 100_000) throw usage(`--monkey: "${flags.monkey}" is not a count from 0 to 100000`);
    if (flags.package !== undefined && !/^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/u.test(flags.package)) throw usage(`--package: "${flags.package}" is not a package name`);
    if (flags.agent !== undefined) checkReadableFile(flags.agent, 'agent');
    const pkg = flags.package ?? (await packageOf(apk));
    let agent = flags.agent;
    if (agent === undefined) {
      tmp = mkdtempSync(join(tmpdir(), 'piscope-agent-'));
      agent = join(tmp, 'piscope-agent.js');
      const { buildAgent } = await import('../runtime/agent/build.ts').catch((e: unknown) => {
        throw new PiscopeError(ErrorCode.DEVICE_RUN_FAILED, `cannot build the agent (esbuild and frida-java-bridge come with \`npm ci\` in a clone of piscope; or give --agent): ${describeError(e)}`);
      });
      await buildAgent(agent);
    }
    const out = flags.out ?? `${basename(apk).replace(/\.apk$/iu, '')}.${new Date().toISOString().replace(/[:.]/gu, '-')}.trace.jsonl`;
    const o: DeviceRunOptions = {
      apk: resolve(apk), package: pkg, agent: resolve(agent), serial: flags.serial ?? null, consent,
      dialogTimeoutMs: seconds(flags.dialogTimeout, '--dialog-timeout', 600), beforeAnswerMs: seconds(flags.beforeAnswer, '--before-answer', 3600),
      useMs: seconds(flags.use, '--use', 24 * 3600), monkeyEvents: monkey, backgroundMs: seconds(flags.background, '--background', 24 * 3600), keepData: flags.keepData === true,
    };
    const { runDevice } = await import('../runtime/device/run.ts');
    const { spawnRunner } = await import('../runtime/device/spawn-runner.ts');
    const paths = { ...(flags.adb === undefined ? {} : { adb: flags.adb }), ...(flags.frida === undefined ? {} : { frida: flags.frida }) };
    const r = await runDevice(o, out, spawnRunner(paths), (line) => io.stderr(`piscope: ${line}\n`));
    if (r.state.error !== null) throw new PiscopeError(r.state.missing.length > 0 ? ErrorCode.DEVICE_TOOL_MISSING : ErrorCode.DEVICE_RUN_FAILED, r.state.error);
    io.stderr(`piscope: wrote ${out}: ${r.lines} trace lines, ${r.apiEvents} sensitive-API calls, consent ${r.consent ?? 'not answered'}${r.problems.length > 0 ? `; ${r.problems.length} unreadable agent line(s), e.g. ${r.problems[0]!}` : ''}\n`);
    if (flags.scan !== true) return r.problems.length > 0 ? 1 : 0;
    const { runScan } = await import('./scan-command.ts');
    return await runScan([apk], { trace: [out], har: [], subpackage: [], listing: [], format: 'text', failOn: 'never', ...(flags.policy === undefined ? {} : { policy: flags.policy }) }, io);
  } catch (e) {
    io.stderr(`piscope: ${describeError(e)}\n`);
    return 2;
  } finally {
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
}
