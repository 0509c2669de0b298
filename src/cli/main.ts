// The piscope command: a thin shell around the library. run(argv) → exit code (0 clean, 1 findings at or
// above --fail-on, 2 usage error or unreadable input). Only this layer writes to stdout/stderr.
import { Command, CommanderError } from 'commander';
import { describeError, isPiscopeError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { registerScan } from './scan-command.ts';
import { registerPolicy } from './policy-command.ts';
import { registerLists } from './lists-command.ts';
import { registerPlatform } from './platform-commands.ts';
import { registerImport } from './import-command.ts';
import { registerTrace } from './trace-command.ts';
import { registerDeviceRun } from './device-run-command.ts';
import { registerIntake } from './intake-command.ts';

export interface CliIO {
  stdout: (s: string | Uint8Array) => void;
  stderr: (s: string) => void;
  /** True when stdout is a terminal (colour on). */
  isTTY: boolean;
  /** True when stderr is a terminal (progress bar instead of plain lines). */
  stderrIsTTY?: boolean;
  /** Environment (NO_COLOR); process.env when absent. */
  env?: Record<string, string | undefined>;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  env: process.env,
};

let pipeGuarded = false;

/** `piscope scan x.apk --format json | head` closes the pipe early: that is the reader's choice, not a crash. */
function guardStdoutPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  if (io === defaultIO) guardStdoutPipe();
  let exitCode = 0;
  const program = new Command('piscope')
    .description('Finds how an app collects and uses personal information, and where that breaks Chinese law.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .option('--debug', 'show stack traces of internal errors');
  const setExit = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  registerScan(program, io, setExit);
  registerPolicy(program, io, setExit);
  registerLists(program, io, setExit);
  registerPlatform(program, io, setExit);
  registerImport(program, io, setExit);
  registerTrace(program, io, setExit);
  registerDeviceRun(program, io, setExit);
  registerIntake(program, io, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isPiscopeError(e)) {
      io.stderr(`piscope: ${describeError(e)}\n`);
      return 2;
    }
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    io.stderr(`piscope: ${describeError(e)}\n`);
    if (debug && e instanceof Error && e.stack !== undefined) io.stderr(e.stack + '\n');
    return 2;
  }
}
