// `piscope scan`: one package → one report on stdout (or --out); a folder or several files → every core
// through the engine's scanMany, a summary table on stdout, one report per app when --out is a folder.
// Exit: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input (batch: only when
// nothing at all could be scanned). Progress goes to stderr only.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Option, type Command } from 'commander';
import { ErrorCode, PiscopeError, describeError } from '../errors.ts';
import { batchRow, batchSummaryJson, batchSummaryText, type BatchRow } from '../report/batch-summary.ts';
import { categoryList, resolveCategory } from '../report/labels.ts';
import { severityRank } from '../report/order.ts';
import { FORMAT_EXTENSION, REPORT_FORMATS, renderReport, type ReportFormat, type ReportOutput } from '../report/reporter.ts';
import type { Report } from '../report/types.ts';
import { describeFor, loadEngine, type EngineScanOptions } from './engine.ts';
import { checkReadableFile, expandInputs } from './inputs.ts';
import { parseLimits } from '../runtime/limits.ts';
import { parseListings } from '../engine/listing-file.ts';
import type { CliIO } from './main.ts';
// define-rule.ts holds only types and this list, so importing it keeps `--help` fast.
import { SECTORS, type Sector } from '../rules/define-rule.ts';
import { makeProgress, type Progress } from './progress.ts';

export const SUPPRESSIONS_FILE = '.piscope-suppressions.json';
export const FAIL_ON = ['high', 'medium', 'low', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ScanFlags {
  policy?: string;
  category?: string;
  sector?: Sector;
  trace: string[];
  frequency?: string;
  har: string[];
  deviceValues?: string;
  format: ReportFormat;
  out?: string;
  failOn: FailOn;
  suppressions?: string;
  fetchPolicy?: boolean;
  quiet?: boolean;
  appid?: string;
  subpackage: string[];
  listing: string[];
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function registerScan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('scan an app (.apk), an SDK (.jar .aar) or a mini-program (.wxapkg); several files or a folder scan as a batch')
    .argument('<file...>', 'the package, several packages, or a folder of them')
    .option('--policy <file>', 'the privacy policy (.html .htm .txt .md .pdf); default: the one inside the package')
    .option('--category <app-type>', 'one of the 39 app types, by code or number; default: inferred')
    .addOption(new Option('--sector <sector>', 'switch on the rules of a sector').choices(SECTORS))
    .addOption(new Option('--trace <file.jsonl>', 'a recorded run of the app: piscope trace (docs/trace-format.md) or a camille, AppScan or AndroidPrivacyMonitor log (repeatable)').argParser(collect).default([]))
    .option('--frequency <file.json>', 'frequency limits per data type for --trace (the shape of src/runtime/frequency.json)')
    .addOption(new Option('--har <file>', 'a network capture of the app: HAR 1.2, or pcap/pcapng (plain HTTP, TLS server names, DNS) (repeatable)').argParser(collect).default([]))
    .option('--device-values <file.json>', 'device values to look for in --har captures, {"device.imei": "86…"} (besides the return values --trace recorded)')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .option('--out <path>', 'write the report here instead of stdout (a folder in batch mode)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this').choices(FAIL_ON).default('high'))
    .option('--suppressions <file>', `reviewed findings to mark as accepted; default: ./${SUPPRESSIONS_FILE} when present`)
    .option('--appid <wx…>', 'appid of a PC-encrypted mini-program (.wxapkg starting V1MMWX); default: from its folder path')
    .addOption(new Option('--subpackage <file.wxapkg>', 'a subpackage scanned together with the mini-program (repeatable)').argParser(collect).default([]))
    .option('--fetch-policy', 'when the package holds no policy, fetch one from a policy URL found in its code (network); with --listing, also fetch the listing\'s policy URL')
    .addOption(new Option('--listing <file.json>', 'an app store\'s listing of the app (docs/store-listing.schema.json), one or an array, held against the package (repeatable)').argParser(collect).default([]))
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', `\nApp types for --category (number or code):\n${categoryList().map((c) => `  ${c}`).join('\n')}\n\nExit codes: 0 nothing at or above --fail-on, 1 such findings, 2 usage error or unreadable input\n(a batch exits 2 only when nothing could be scanned).`)
    .action(async (files: string[], flags: ScanFlags) => {
      setExit(await runScan(files, flags, io));
    });
}

/** 1 when an active (not suppressed) finding is at or above `failOn`, else 0. */
export function exitCodeFor(report: Report, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const limit = severityRank(failOn);
  return report.findings.some((f) => f.suppressed === undefined && severityRank(f.severity) <= limit) ? 1 : 0;
}

function usage(message: string, file?: string): PiscopeError {
  return new PiscopeError(ErrorCode.USAGE, message, file === undefined ? {} : { file });
}

function engineOptions(flags: ScanFlags, progress: Progress): EngineScanOptions {
  const opts: EngineScanOptions = {};
  if (flags.policy !== undefined) {
    checkReadableFile(flags.policy, 'privacy policy');
    opts.policy = flags.policy;
  }
  if (flags.category !== undefined) {
    const code = resolveCategory(flags.category);
    if (code === null) throw usage(`--category ${flags.category}: not one of the 39 app types (a code such as 'news' or a number 1-39; see 'piscope scan --help')`);
    opts.category = code;
  }
  if (flags.sector !== undefined) opts.sector = flags.sector;
  if (flags.appid !== undefined) {
    if (!/^wx[0-9a-f]{16}$/i.test(flags.appid)) throw usage(`--appid ${flags.appid}: an appid is wx followed by 16 hex digits`);
    opts.appid = flags.appid;
  }
  if (flags.subpackage.length > 0) {
    for (const f of flags.subpackage) checkReadableFile(f, 'subpackage');
    opts.subpackages = flags.subpackage;
  }
  if (flags.suppressions !== undefined) {
    checkReadableFile(flags.suppressions, 'suppression file');
    opts.suppressions = flags.suppressions;
  } else if (existsSync(SUPPRESSIONS_FILE)) {
    opts.suppressions = SUPPRESSIONS_FILE;
    progress.note(`using ${SUPPRESSIONS_FILE}`);
  }
  if (flags.har.length > 0) {
    for (const h of flags.har) checkReadableFile(h, 'network capture');
    opts.captures = flags.har;
  }
  if (flags.deviceValues !== undefined) {
    if (flags.har.length === 0) throw usage('--device-values applies to --har: give a capture too');
    checkReadableFile(flags.deviceValues, 'device values');
    opts.deviceValues = flags.deviceValues;
  }
  if (flags.trace.length > 0) {
    for (const t of flags.trace) checkReadableFile(t, 'trace');
    opts.traces = flags.trace;
  }
  if (flags.listing.length > 0) {
    opts.listings = flags.listing.flatMap((f) => {
      checkReadableFile(f, 'store listing');
      return parseListings(readFileSync(f, 'utf8'), f);
    });
  }
  if (flags.frequency !== undefined) {
    if (flags.trace.length === 0) throw usage('--frequency applies to --trace: give a trace too');
    checkReadableFile(flags.frequency, 'frequency limits');
    const parsed = parseLimits(readFileSync(flags.frequency, 'utf8'));
    if ('error' in parsed) throw usage(`frequency limits: ${parsed.error}`, flags.frequency);
    opts.frequency = parsed;
  }
  return opts;
}

function wantsColour(io: CliIO, flags: ScanFlags): boolean {
  const noColor = (io.env ?? process.env).NO_COLOR;
  return flags.format === 'text' && flags.out === undefined && io.isTTY && (noColor === undefined || noColor === '');
}

export async function runScan(args: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  const progress = makeProgress(io, flags.quiet === true);
  try {
    const { files, batch, skipped } = expandInputs(args);
    const options = engineOptions(flags, progress);
    if (batch && options.traces !== undefined) throw usage('--trace belongs to one app: scan a single package with it');
    if (batch && options.captures !== undefined) throw usage('--har belongs to one app: scan a single package with it');
    if (batch && options.listings !== undefined) throw usage('--listing belongs to one app: scan a single package with it');
    if (skipped.length > 0) progress.note(`skipped ${skipped.length} file(s) that are not packages (.apk .jar .aar .dex .zip .wxapkg): ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}`);
    if (flags.format === 'pdf' && flags.out === undefined && io.isTTY && !batch) throw usage('--format pdf writes binary data: give --out <file.pdf> or redirect stdout');
    const engine = await loadEngine();
    return batch ? await runBatch(files, flags, options, io, progress, engine) : await runOne(files[0]!, flags, options, io, progress, engine);
  } catch (e) {
    progress.stop();
    io.stderr(`piscope: ${describeError(e)}\n`);
    return 2;
  }
}

async function runOne(file: string, flags: ScanFlags, options: EngineScanOptions, io: CliIO, progress: Progress, engine: Awaited<ReturnType<typeof loadEngine>>): Promise<number> {
  progress.note(`scanning ${file}`);
  let report: Report;
  try {
    report = await engine.scan(file, { ...options, onProgress: (p) => progress.phase(p), ...(flags.fetchPolicy === true ? { fetchPolicy: true } : {}) });
  } catch (e) {
    progress.stop();
    io.stderr(`piscope: ${describeFor(file, e)}\n`);
    return 2;
  }
  progress.stop();
  const output = await renderReport(report, flags.format, { color: wantsColour(io, flags) });
  if (flags.out === undefined) {
    io.stdout(output);
  } else {
    const target = existsSync(flags.out) && statSync(flags.out).isDirectory() ? join(flags.out, reportName(file, flags.format, new Set())) : flags.out;
    writeOutput(target, output);
    progress.note(`wrote ${target}`);
  }
  const active = report.findings.filter((f) => f.suppressed === undefined).length;
  progress.note(`${file}: ${active} finding(s) in ${Math.round(report.stats.durationMs)} ms`);
  return exitCodeFor(report, flags.failOn);
}

async function runBatch(files: string[], flags: ScanFlags, options: EngineScanOptions, io: CliIO, progress: Progress, engine: Awaited<ReturnType<typeof loadEngine>>): Promise<number> {
  if (flags.out !== undefined) {
    if (existsSync(flags.out) && !statSync(flags.out).isDirectory()) throw usage('--out must name a folder when scanning several packages', flags.out);
    mkdirSync(flags.out, { recursive: true });
  }
  if (flags.fetchPolicy === true) progress.note('warning: --fetch-policy is for single scans; batches stay offline');
  if (flags.out === undefined) progress.note(`batch of ${files.length}: a summary on stdout; add --out <folder> for one ${flags.format} report per app`);
  progress.start(files.length);
  const items = await engine.scanMany(files, options, (item) => progress.tick(item.error === undefined ? item.input : `${item.input} (failed)`));
  progress.stop();
  const rows: BatchRow[] = [];
  const used = new Set<string>();
  let code = 0;
  for (const file of files) {
    const item = items.find((i) => i.input === file);
    if (item === undefined || item.report === undefined) {
      const why = item === undefined ? 'not scanned' : item.error;
      io.stderr(`piscope: ${file}: ${why}\n`);
      rows.push(batchRow(file, null, why));
      continue;
    }
    const row = batchRow(file, item.report, null);
    if (flags.out !== undefined) {
      const target = join(flags.out, reportName(file, flags.format, used));
      writeOutput(target, await renderReport(item.report, flags.format, { color: false }));
      row.report = target;
    }
    rows.push(row);
    code = Math.max(code, exitCodeFor(item.report, flags.failOn));
  }
  io.stdout(flags.format === 'json' ? batchSummaryJson(rows) : batchSummaryText(rows));
  return rows.every((r) => r.error !== null) ? 2 : code;
}

/** `<basename>.<ext>`, with -2, -3… when two inputs share a name. */
function reportName(file: string, format: ReportFormat, used: Set<string>): string {
  const base = basename(file);
  let name = `${base}.${FORMAT_EXTENSION[format]}`;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}.${FORMAT_EXTENSION[format]}`;
  used.add(name);
  return name;
}

function writeOutput(target: string, output: ReportOutput): void {
  try {
    writeFileSync(target, output);
  } catch (e) {
    throw usage(`cannot write the report: ${e instanceof Error ? e.message : String(e)}`, target);
  }
}

