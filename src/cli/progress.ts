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
  /** Where one scan is (open, analyze, policy, rules): a live line on a terminal, a line per phase otherwise. */
  phase(p: { phase: string; detail?: string; done: number; total: number }): void;
  stop(): void;
}

export function makeProgress(io: CliIO, quiet: boolean): Progress {
  if (quiet) return { start: () => undefined, tick: () => undefined, note: () => undefined, phase: () => undefined, stop: () => undefined };
  if (io.stderrIsTTY === true) return barProgress(io);
  let done = 0;
  let total = 0;
  let lastPhase = '';
  return {
    phase: (p) => {
      const name = p.detail === undefined ? p.phase : `${p.phase} (${p.detail})`;
      if (name === lastPhase || p.phase === 'done') return;
      lastPhase = name;
      io.stderr(`piscope: ${name}\n`);
    },
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
  let live = false;
  let lastDraw = 0;
  return {
    phase: (p) => {
      // Redraw at most every 100 ms: the analysis reports progress per class.
      const now = Date.now();
      if (p.phase !== 'done' && now - lastDraw < 100) return;
      lastDraw = now;
      if (p.phase === 'done') {
        if (live) io.stderr('\r\u001b[2K');
        live = false;
        return;
      }
      const pct = p.total > 0 ? ` ${Math.floor((100 * p.done) / p.total)}%` : '';
      io.stderr(`\r\u001b[2Kpiscope: ${p.phase}${p.detail === undefined ? '' : ` ${p.detail}`}${pct}`);
      live = true;
    },
    start: (n) => {
      bar.start(n, 0, { what: '' });
      running = true;
    },
    tick: (what) => bar.increment(1, { what }),
    note: (line) => {
      // Keep notes readable: clear the bar line, write, let the next update redraw it.
      io.stderr(running ? `\r\u001b[2Kpiscope: ${line}\n` : `piscope: ${line}\n`);
    },
    stop: () => {
      if (running) bar.stop();
      if (live) io.stderr('\r\u001b[2K');
      running = false;
      live = false;
    },
  };
}
