// The one place the CLI meets the engine (src/engine: scan() reads one package, scanMany() runs
// batches on worker threads). Here the CLI reads the files. Imported lazily so `piscope --help` stays fast.
import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ErrorCode, PiscopeError, describeError } from '../errors.ts';
import type { ScanOptions, ScanProgress } from '../engine/scan.ts';
import type { BatchScanOptions } from '../engine/scan-many.ts';
import type { Sector } from '../rules/define-rule.ts';
import type { Report } from '../report/types.ts';
import type { StoreListing } from '../package/store-listing.ts';
import type { LimitFile } from '../runtime/limits.ts';

export interface EngineScanOptions {
  /** Path of the privacy policy file. */
  policy?: string;
  category?: string;
  sector?: Sector;
  /** Path of a suppression file (.piscope-suppressions.json). */
  suppressions?: string;
  onProgress?: (p: ScanProgress) => void;
  /** Fetch a policy URL found in the package when none is inside it (network: opt-in, single scans only). */
  fetchPolicy?: boolean;
  /** Paths of recorded runs of the app (--trace): single scans only, streamed. */
  traces?: string[];
  /** The frequency-limit table of --frequency (the shape of src/runtime/frequency.json), read and checked by the command. */
  frequency?: LimitFile;
  /** Paths of network captures of the app (--har): HAR, pcap or pcapng; single scans only. */
  captures?: string[];
  /** Path of a JSON file of device values to look for in the captures (--device-values). */
  deviceValues?: string;
  /** A PC-encrypted mini-program's appid. */
  appid?: string;
  /** Paths of mini-program subpackages scanned together with the input. */
  subpackages?: string[];
  /** Store listings of the app (--listing), read and checked by the command; single scans only. */
  listings?: StoreListing[];
}

/** One input of a batch: its report, or the one line saying why it could not be scanned. */
export type BatchItem = { input: string; report: Report; error?: undefined } | { input: string; report?: undefined; error: string };

export interface Engine {
  scan(input: string, options: EngineScanOptions): Promise<Report>;
  /** Scans several inputs on every core; one bad package never stops the rest. `onDone` as each finishes. */
  scanMany(inputs: string[], options: EngineScanOptions, onDone?: (item: BatchItem) => void): Promise<BatchItem[]>;
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(e, path, what);
  }
}

/** A file-system error (no such file, a folder, no permission) as a usage error naming the file. */
function fileError(e: unknown, path: string, what: string): unknown {
  const code = (e as { code?: unknown }).code;
  if (e instanceof PiscopeError || typeof code !== 'string' || !code.startsWith('E')) return e;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  return new PiscopeError(ErrorCode.USAGE, `${what}: ${why}`, { file: path });
}

/** A file name whose extension tells the policy reader the format (it reads .html .txt .md .pdf). */
export function policyName(url: string, contentType: string | null): string {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('pdf')) return 'policy.pdf';
  if (ct.includes('html')) return 'policy.html';
  if (ct.startsWith('text/plain')) return 'policy.txt';
  if (ct.includes('markdown')) return 'policy.md';
  const ext = /\.(html?|txt|md|pdf)$/i.exec(new URL(url).pathname)?.[1];
  return ext === undefined ? 'policy.html' : `policy.${ext.toLowerCase()}`;
}

/** One line naming the input first, even when the error names an entry inside it (classes2.dex). */
export function describeFor(file: string, e: unknown): string {
  const d = describeError(e);
  return d.startsWith(`${file}: `) ? d : `${file}: ${d}`;
}

export async function loadEngine(): Promise<Engine> {
  const [{ scan: engineScan }, { scanMany: engineScanMany }, { parseSuppressions }, { fetchPolicy }] = await Promise.all([
    import('../engine/scan.ts'),
    import('../engine/scan-many.ts'),
    import('../engine/suppressions.ts'),
    import('../policy/fetch.ts'),
  ]);
  const [{ parseGivenValues }, { dataTypes }] = await Promise.all([import('../runtime/network/collect.ts'), import('../knowledge/index.ts')]);

  // Files are read here, once; what crosses to the batch workers is plain data.
  const batchOptions = (options: EngineScanOptions): BatchScanOptions => {
    const opts: BatchScanOptions = {};
    if (options.policy !== undefined) opts.policy = { bytes: readInput(options.policy, 'privacy policy'), name: basename(options.policy) };
    if (options.category !== undefined) opts.category = options.category;
    if (options.sector !== undefined) opts.sector = options.sector;
    if (options.suppressions !== undefined) {
      const text = new TextDecoder().decode(readInput(options.suppressions, 'suppression file'));
      opts.suppressions = { ...parseSuppressions(text, options.suppressions), file: options.suppressions };
    }
    return opts;
  };

  const scan = async (input: string, options: EngineScanOptions): Promise<Report> => {
    const opts: ScanOptions = batchOptions(options);
    if (options.onProgress !== undefined) opts.onProgress = options.onProgress;
    // Mini-program options belong to one package (a batch takes each appid from its folder path).
    if (options.appid !== undefined) opts.appid = options.appid;
    if (options.subpackages !== undefined) opts.wxapkgParts = options.subpackages.map((p) => ({ path: p, bytes: readInput(p, 'subpackage') }));
    if (options.fetchPolicy === true) {
      opts.fetchPolicy = async (url) => {
        const got = await fetchPolicy(url);
        return { bytes: got.bytes, name: policyName(got.url, got.contentType) };
      };
    }
    if (options.frequency !== undefined) opts.frequencyLimits = options.frequency;
    if (options.listings !== undefined) opts.listings = options.listings;
    if (options.traces !== undefined) opts.traces = options.traces.map((path) => ({ path, open: () => createReadStream(path, { highWaterMark: 1 << 16 }) }));
    if (options.captures !== undefined) opts.captures = options.captures.map((path) => ({ path, open: () => createReadStream(path, { highWaterMark: 1 << 16 }) }));
    if (options.deviceValues !== undefined) opts.deviceValues = parseGivenValues(new TextDecoder().decode(readInput(options.deviceValues, 'device values')), options.deviceValues, new Set(dataTypes().map((d) => d.id)));
    // The package is read from its file piece by piece (src/binary/byte-source.ts), never held whole.
    try {
      return await engineScan({ path: input }, opts);
    } catch (e) {
      throw fileError(e, input, 'cannot read the input');
    }
  };

  const scanMany = async (inputs: string[], options: EngineScanOptions, onDone?: (item: BatchItem) => void): Promise<BatchItem[]> => {
    const toItem = (r: Awaited<ReturnType<typeof engineScanMany>>[number]): BatchItem =>
      'report' in r ? { input: r.path, report: r.report } : { input: r.path, error: `${r.error.message} [${r.error.code}]` };
    const workers = Number(process.env.PISCOPE_WORKERS);
    const results = await engineScanMany(inputs, batchOptions(options), {
      ...(Number.isInteger(workers) && workers > 0 ? { concurrency: workers } : {}),
      onResult: (r) => onDone?.(toItem(r)),
    });
    return results.map(toItem);
  };
  return { scan, scanMany };
}
