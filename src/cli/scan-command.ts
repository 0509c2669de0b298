// Placeholder until the command lands (owned by the issue that builds it).
import type { Command } from 'commander';
import type { CliIO } from './main.ts';

export function registerScan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('scan')
    .argument('<file>')
    .action(() => {
      io.stderr('piscope scan: not built yet\n');
      setExit(2);
    });
}
