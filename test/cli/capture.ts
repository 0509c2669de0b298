// Runs the real `main(argv, io)` in-process with an io that captures stdout and stderr.
import { main, type CliIO } from '../../src/cli/main.ts';

export interface Captured {
  code: number;
  stdout: string;
  stdoutBytes: Uint8Array;
  stderr: string;
}

export async function run(argv: string[], opts: { isTTY?: boolean; env?: Record<string, string | undefined> } = {}): Promise<Captured> {
  const out: Uint8Array[] = [];
  let err = '';
  const enc = new TextEncoder();
  const io: CliIO = {
    stdout: (s) => out.push(typeof s === 'string' ? enc.encode(s) : s),
    stderr: (s) => {
      err += s;
    },
    isTTY: opts.isTTY ?? false,
    stderrIsTTY: false,
    env: opts.env ?? {},
  };
  const code = await main(argv, io);
  const bytes = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of out) {
    bytes.set(b, at);
    at += b.length;
  }
  return { code, stdout: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), stdoutBytes: bytes, stderr: err };
}
