// `piscope policy <file> [--format text|json]`: analyse a privacy policy on its own. JSON is the `policy` object
// of the Report plus the analyzer's extensions; text is for a person, each answer with its sentence.
// Exit 2 with a one-line reason naming the file when it cannot be read.
import { readFileSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ErrorCode, PiscopeError, describeError } from '../errors.ts';
import { analyzePolicy } from '../policy/analyze.ts';
import { formatPolicyText } from '../policy/format-text.ts';
import type { CliIO } from './main.ts';

const EXTENSIONS = /\.(?:html?|txt|md|markdown|pdf)$/i;

export function registerPolicy(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('policy')
    .description('analyse a privacy policy on its own (.html .htm .txt .md .pdf)')
    .argument('<file>', 'the policy file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: { format: 'text' | 'json' }) => {
      let bytes: Uint8Array;
      try {
        if (!EXTENSIONS.test(file)) throw new PiscopeError(ErrorCode.USAGE, 'a policy is .html, .htm, .txt, .md or .pdf', { file });
        if (!statSync(file).isFile()) throw new PiscopeError(ErrorCode.POLICY_UNREADABLE, 'not a file', { file });
        bytes = new Uint8Array(readFileSync(file));
      } catch (e) {
        const err = e instanceof PiscopeError ? e : new PiscopeError(ErrorCode.POLICY_UNREADABLE, `cannot read: ${e instanceof Error ? e.message : String(e)}`, { file, cause: e });
        io.stderr(`piscope policy: ${describeError(err).replace(/\n/g, ' ')}\n`);
        setExit(2);
        return;
      }
      let result;
      try {
        result = await analyzePolicy({ bytes, name: file });
      } catch (e) {
        io.stderr(`piscope policy: ${describeError(e, file).replace(/\n/g, ' ')}\n`);
        setExit(2);
        return;
      }
      // JSON keeps the extracted text: every offset in it refers to that text, not to the file's bytes.
      if (flags.format === 'json') io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(formatPolicyText(result));
    });
}
