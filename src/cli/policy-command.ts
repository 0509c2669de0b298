// `piscope policy <file> [--format text|json]`: analyse a privacy policy on its own. JSON is the `policy` object
// of the Report plus the analyzer's extensions; text is for a person, each answer with its sentence.
// Exit 2 with a one-line reason naming the file when it cannot be read.
import { readFileSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ErrorCode, PiscopeError, describeError } from '../errors.ts';
import { analyzePolicy } from '../policy/analyze.ts';
import { fetchPolicy } from '../policy/fetch.ts';
import { formatPolicyText } from '../policy/format-text.ts';
import type { CliIO } from './main.ts';

const EXTENSIONS = /\.(?:html?|txt|md|markdown|pdf)$/i;

export function registerPolicy(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('policy')
    .description('analyse a privacy policy on its own (.html .htm .txt .md .pdf)')
    .argument('<file>', 'the policy file (or its http(s) URL with --fetch-policy)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--fetch-policy', 'allow <file> to be an http(s) URL and fetch it (public addresses only, 15 s, 5 MiB)')
    .action(async (file: string, flags: { format: 'text' | 'json'; fetchPolicy?: boolean }) => {
      let bytes: Uint8Array;
      let name = file;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
        // A URL: fetched only when asked, through the guarded fetcher.
        try {
          if (flags.fetchPolicy !== true) throw new PiscopeError(ErrorCode.USAGE, 'this is a URL; pass --fetch-policy to fetch it', { file });
          const got = await fetchPolicy(file);
          bytes = got.bytes;
          name = /pdf/i.test(got.contentType ?? '') ? `${got.url}.pdf` : /html/i.test(got.contentType ?? '') ? `${got.url}.html` : got.url;
        } catch (e) {
          io.stderr(`piscope policy: ${describeError(e, file).replace(/\n/g, ' ')}\n`);
          setExit(2);
          return;
        }
        await analyzeAndPrint(bytes, name, flags.format, io, setExit);
        return;
      }
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
      await analyzeAndPrint(bytes, name, flags.format, io, setExit);
    });
}

async function analyzeAndPrint(bytes: Uint8Array, name: string, format: 'text' | 'json', io: CliIO, setExit: (code: number) => void): Promise<void> {
  let result;
  try {
    result = await analyzePolicy({ bytes, name });
  } catch (e) {
    io.stderr(`piscope policy: ${describeError(e, name).replace(/\n/g, ' ')}\n`);
    setExit(2);
    return;
  }
  // JSON keeps the extracted text: every offset in it refers to that text, not to the file's bytes.
  if (format === 'json') io.stdout(JSON.stringify(result, null, 2) + '\n');
  else io.stdout(formatPolicyText(result));
}
