// Progress on stderr: a bar when stderr is a terminal, plain lines otherwise (logs, CI), nothing with --quiet.
// stdout is never touched, so `piscope scan x.apk --format json | jq` stays clean.
import cliProgress from 'cli-progress';
import type { CliIO } from './main.ts';

export interface Progress {
  start(total: number): void;
  /** One unit of work finished (a file in a batch). */
  tick(what: string): void;
  /** A line for the person watching (kept above the bar). */
  note(line: string): void;
  stop(): void;
}

export function makeProgress(io: CliIO, quiet: boolean): Progress {
  if (quiet) return { start: () => undefined, tick: () => undefined, note: () => undefined, stop: () => undefined };
  if (io.stderrIsTTY === true) return barProgress(io);
  let done = 0;
  let total = 0;
  return {
    start: (n) => {
      total = n;
    },
    tick: (what) => {
      done++;
      io.stderr(`piscope: [${done}/${total}] ${what}\n`);
    },
    note: (line) => io.stderr(`piscope: ${line}\n`),
    stop: () => undefined,
  };
}

function barProgress(io: CliIO): Progress {
  const bar = new cliProgress.SingleBar(
    { format: 'piscope [{bar}] {value}/{total} {what}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start: (n) => {
      bar.start(n, 0, { what: '' });
      running = true;
    },
    tick: (what) => bar.increment(1, { what }),
    note: (line) => {
      // Keep notes readable: clear the bar line, write, let the next update redraw it.
      io.stderr(running ? `\r\u001b[2K${line}\n` : `${line}\n`);
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}
