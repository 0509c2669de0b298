// The one place the CLI meets the engine (src/engine/scan.ts, a pure function of bytes). Here the CLI reads
// the files, and runs batches. The engine is imported lazily so `piscope --help` stays fast.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ErrorCode, PiscopeError, describeError } from '../errors.ts';
import { scanInWorkers } from './scan-pool.ts';
import type { Report } from '../report/types.ts';

export interface EngineScanOptions {
  /** Path of the privacy policy file. */
  policy?: string;
  category?: string;
  sector?: string;
  /** Path of a suppression file (.piscope-suppressions.json). */
  suppressions?: string;
  onProgress?: (p: { phase: string; detail?: string; done: number; total: number }) => void;
}

/** One input of a batch: its report, or the one line saying why it could not be scanned. */
export type BatchItem = { input: string; report: Report; error?: undefined } | { input: string; report?: undefined; error: string };

export interface Engine {
  scan(input: string, options: EngineScanOptions): Promise<Report>;
  /** Scans several inputs on every core; one bad package never stops the rest. `onDone` as each finishes. */
  scanMany(inputs: string[], options: EngineScanOptions, onDone?: (item: BatchItem) => void): Promise<BatchItem[]>;
}

interface EngineModule {
  scan(input: { bytes: Uint8Array; path: string }, options: Record<string, unknown>): Promise<Report>;
}
interface SuppressionsModule {
  parseSuppressions(text: string, file: string): unknown;
}

// Variable specifiers keep tsc from requiring the modules before they land in the tree.
const ENGINE_MODULE: string = '../engine/scan.ts';
const SUPPRESSIONS_MODULE: string = '../engine/suppressions.ts';

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
    throw new PiscopeError(ErrorCode.USAGE, `${what}: ${why}`, { file: path });
  }
}

async function importModule(spec: string): Promise<Partial<Record<string, unknown>>> {
  try {
    return (await import(spec)) as Partial<Record<string, unknown>>;
  } catch (e) {
    throw new PiscopeError(ErrorCode.USAGE, `the scan engine (${spec.slice(3)}) is not available: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

/** One line naming the input first, even when the error names an entry inside it (classes2.dex). */
export function describeFor(file: string, e: unknown): string {
  const d = describeError(e);
  return d.startsWith(`${file}: `) ? d : `${file}: ${d}`;
}

export async function loadEngine(): Promise<Engine> {
  const mod = await importModule(ENGINE_MODULE);
  if (typeof mod.scan !== 'function') throw new PiscopeError(ErrorCode.USAGE, 'the scan engine does not export scan()');
  const engineScan = mod.scan as EngineModule['scan'];
  let parse: SuppressionsModule['parseSuppressions'] | undefined;

  const scan = async (input: string, options: EngineScanOptions): Promise<Report> => {
    const opts: Record<string, unknown> = {};
    if (options.policy !== undefined) opts.policy = { bytes: readInput(options.policy, 'privacy policy'), name: basename(options.policy) };
    if (options.category !== undefined) opts.category = options.category;
    if (options.sector !== undefined) opts.sector = options.sector;
    if (options.onProgress !== undefined) opts.onProgress = options.onProgress;
    if (options.suppressions !== undefined) {
      if (parse === undefined) {
        const s = await importModule(SUPPRESSIONS_MODULE);
        if (typeof s.parseSuppressions !== 'function') throw new PiscopeError(ErrorCode.USAGE, 'the engine does not export parseSuppressions()');
        parse = s.parseSuppressions as SuppressionsModule['parseSuppressions'];
      }
      const text = new TextDecoder().decode(readInput(options.suppressions, 'suppression file'));
      opts.suppressions = { ...(parse(text, options.suppressions) as object), file: options.suppressions };
    }
    return engineScan({ bytes: readInput(input, 'cannot read the input'), path: input }, opts);
  };

  const scanMany = (inputs: string[], options: EngineScanOptions, onDone?: (item: BatchItem) => void): Promise<BatchItem[]> =>
    scanInWorkers(inputs, { ...options, onProgress: undefined }, onDone);
  return { scan, scanMany };
}
