// `piscope lists <file>`: the 双清单 (collected / shared with third parties) of one app, as HTML (default),
// CSV (one file, a list column, UTF-8 with BOM) or JSON. Exit 0, or 2 on a usage error or unreadable input.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { describeError } from '../errors.ts';
import { buildLists } from '../report/lists.ts';
import { listsCsv } from '../report/lists-csv.ts';
import { listsHtml } from '../report/lists-html.ts';
import { describeFor, loadEngine } from './engine.ts';
import { checkReadableFile } from './inputs.ts';
import type { CliIO } from './main.ts';
import { makeProgress } from './progress.ts';

export const LISTS_FORMATS = ['html', 'csv', 'json'] as const;

interface ListsFlags {
  policy?: string;
  format: (typeof LISTS_FORMATS)[number];
  out?: string;
  quiet?: boolean;
}

export function registerLists(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('lists')
    .description('the 双清单 of an app: personal information collected, and shared with third parties')
    .argument('<file>', 'the package (.apk .jar .aar .wxapkg)')
    .option('--policy <file>', 'the privacy policy (.html .htm .txt .md .pdf); default: the one inside the package')
    .addOption(new Option('--format <format>', 'output format').choices(LISTS_FORMATS).default('html'))
    .option('--out <path>', 'write the lists here instead of stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (file: string, flags: ListsFlags) => {
      setExit(await runLists(file, flags, io));
    });
}

export async function runLists(file: string, flags: ListsFlags, io: CliIO): Promise<number> {
  const progress = makeProgress(io, flags.quiet === true);
  try {
    checkReadableFile(file, 'cannot read the input');
    if (flags.policy !== undefined) checkReadableFile(flags.policy, 'privacy policy');
    const engine = await loadEngine();
    progress.note(`scanning ${file}`);
    let lists;
    try {
      lists = buildLists(await engine.scan(file, flags.policy === undefined ? {} : { policy: flags.policy }));
    } catch (e) {
      io.stderr(`piscope: ${describeFor(file, e)}\n`);
      return 2;
    }
    const output = flags.format === 'csv' ? listsCsv(lists) : flags.format === 'json' ? JSON.stringify(lists, null, 2) + '\n' : listsHtml(lists);
    if (flags.out === undefined) io.stdout(output);
    else {
      writeFileSync(flags.out, output);
      progress.note(`wrote ${flags.out}`);
    }
    return 0;
  } catch (e) {
    io.stderr(`piscope: ${describeError(e)}\n`);
    return 2;
  }
}
