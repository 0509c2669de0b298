// `piscope trace <file>`: a recorded run as piscope trace lines (docs/trace-format.md), converted from a
// camille, AppScan or AndroidPrivacyMonitor log or checked as it is. Lines on stdout (or --out), each
// unreadable line as `file:line: why` on stderr. Exit 0; 1 when some lines could not be read; 2 when
// nothing could.
import { createReadStream, createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { describeError } from '../errors.ts';
import { checkReadableFile } from './inputs.ts';
import type { CliIO } from './main.ts';

interface TraceFlags {
  out?: string;
}

export function registerTrace(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('trace')
    .description('a recorded run as piscope trace lines: converts camille, AppScan and AndroidPrivacyMonitor logs, checks piscope traces')
    .argument('<file>', 'the trace or log')
    .option('--out <file.jsonl>', 'write the lines here instead of stdout')
    .action(async (file: string, flags: TraceFlags) => {
      setExit(await runTrace(file, flags, io));
    });
}

export async function runTrace(file: string, flags: TraceFlags, io: CliIO): Promise<number> {
  try {
    checkReadableFile(file, 'trace');
    const { traceItems } = await import('../runtime/collect.ts');
    const out = flags.out === undefined ? null : createWriteStream(flags.out);
    let lines = 0;
    let problems = 0;
    let batch: string[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const text = `${batch.join('\n')}\n`;
      batch = [];
      if (out === null) io.stdout(text);
      else if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    };
    for await (const item of traceItems({ path: file, open: () => createReadStream(file, { highWaterMark: 1 << 16 }) })) {
      if ('problem' in item) {
        problems++;
        if (problems <= 100) io.stderr(`piscope: ${item.problem.file}:${item.problem.line}: ${item.problem.message}\n`);
        continue;
      }
      lines++;
      batch.push(JSON.stringify(item.line));
      if (batch.length >= 1000) await flush();
    }
    await flush();
    if (out !== null) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (problems > 100) io.stderr(`piscope: ${file}: ${problems - 100} more unreadable line(s)\n`);
    return lines === 0 ? 2 : problems > 0 ? 1 : 0;
  } catch (e) {
    io.stderr(`piscope: ${describeError(e)}\n`);
    return 2;
  }
}
