// `piscope import FILE --server URL --format sarif|piscope|camille|appscan [--package SHA256 | --package-name P
// [--version-name V] [--version-code C]]`: a thin client of POST /api/v1/imports. It prints the import as the
// platform stored it; the platform checks the file and refuses it whole with what is wrong.
import { existsSync, openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIO } from './main.ts';

interface ImportFlags {
  server: string;
  token?: string;
  format: 'sarif' | 'piscope' | 'camille' | 'appscan';
  package?: string;
  packageName?: string;
  versionName?: string;
  versionCode?: string;
  reason?: string;
  output: 'text' | 'json';
}

export function registerImport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('import')
    .description("import another engine's results on an app version into a platform: SARIF 2.1.0, a piscope JSON report, a camille or AppScan log")
    .argument('<file>', 'the results file')
    .requiredOption('--server <url>', 'the platform, e.g. http://127.0.0.1:8300')
    .addOption(new Option('--format <format>', 'what the file is').choices(['sarif', 'piscope', 'camille', 'appscan']).makeOptionMandatory())
    .option('--token <token>', 'API token (default: $PISCOPE_TOKEN)')
    .option('--package <sha256>', "the package's sha256 (default for sarif and piscope: the one the file names)")
    .option('--package-name <name>', 'the app by package name, with --version-name or --version-code')
    .option('--version-name <v>', 'the version by versionName')
    .option('--version-code <n>', 'the version by versionCode')
    .option('--reason <text>', 'why (kept in the audit log)')
    .addOption(new Option('--output <format>', 'what to print').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 imported, 2 usage error or the platform refused the file (its reason is printed).')
    .action(async (file: string, flags: ImportFlags) => {
      setExit(await runImport(file, flags, io));
    });
}

async function runImport(file: string, flags: ImportFlags, io: CliIO): Promise<number> {
  const token = flags.token ?? (io.env ?? process.env).PISCOPE_TOKEN;
  if (token === undefined || token === '') {
    io.stderr('piscope: import needs --token or PISCOPE_TOKEN\n');
    return 2;
  }
  if (!existsSync(file)) {
    io.stderr(`piscope: ${file}: no such file\n`);
    return 2;
  }
  if (flags.package !== undefined && !/^[0-9a-f]{64}$/u.test(flags.package)) {
    io.stderr(`piscope: --package must be a sha256 (64 hex digits), not ${flags.package}\n`);
    return 2;
  }
  const q = new URLSearchParams({ format: flags.format });
  if (flags.package !== undefined) q.set('sha256', flags.package);
  if (flags.packageName !== undefined) q.set('packageName', flags.packageName);
  if (flags.versionName !== undefined) q.set('versionName', flags.versionName);
  if (flags.versionCode !== undefined) q.set('versionCode', flags.versionCode);
  if (flags.reason !== undefined) q.set('reason', flags.reason);
  const form = new FormData();
  form.append('file', await openAsBlob(file), basename(file));
  let r: Response;
  try {
    r = await fetch(`${flags.server.replace(/\/$/u, '')}/api/v1/imports?${q.toString()}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  } catch (e) {
    io.stderr(`piscope: cannot reach ${flags.server}: ${e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)}\n`);
    return 2;
  }
  const text = await r.text();
  if (!r.ok) {
    let detail = text.slice(0, 500);
    try {
      const p = JSON.parse(text) as { title?: string; detail?: string };
      detail = `${p.title ?? ''}: ${p.detail ?? text}`;
    } catch {
      // not problem+json: the text as it came
    }
    io.stderr(`piscope: ${file}: ${r.status} ${detail}\n`);
    return 2;
  }
  const imp = JSON.parse(text) as { id: number; engine: string; engineVersion: string | null; appId: number; sha256: string; findingCount: number; mappedCount: number; problems: string[] };
  if (flags.output === 'json') io.stdout(`${text}\n`);
  else {
    io.stdout(`${file}\timport ${imp.id}\t${imp.engine}${imp.engineVersion === null ? '' : ` ${imp.engineVersion}`}\tapp ${imp.appId}\t${imp.findingCount} finding(s), ${imp.mappedCount} under our rules\n`);
    for (const p of imp.problems.slice(0, 10)) io.stderr(`piscope: ${file}: skipped: ${p}\n`);
  }
  return 0;
}
