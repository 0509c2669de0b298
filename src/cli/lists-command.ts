// Placeholder until the command lands (owned by the issue that builds it).
import type { Command } from 'commander';
import type { CliIO } from './main.ts';

export function registerLists(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('lists')
    .argument('<file>')
    .action(() => {
      io.stderr('piscope lists: not built yet\n');
      setExit(2);
    });
}
