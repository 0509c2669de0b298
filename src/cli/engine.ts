// The one place the CLI meets the engine (src/engine/scan.ts, built by another issue). Loaded lazily so
// `piscope --help` stays fast, and so the CLI reports clearly if the engine is not there yet.
import { ErrorCode, PiscopeError } from '../errors.ts';
import type { Report } from '../report/types.ts';

export interface EngineScanOptions {
  policy?: string;
  category?: string;
  sector?: string;
  traces?: string[];
  hars?: string[];
}

export type BatchItem = { input: string; report: Report; error?: undefined } | { input: string; report?: undefined; error: unknown };

export interface Engine {
  scan(input: string, options: EngineScanOptions): Promise<Report>;
  /** Scans on every core; one bad package never stops the rest. Calls `onDone` as each input finishes. */
  scanMany(inputs: string[], options: EngineScanOptions, onDone?: (item: BatchItem) => void): Promise<BatchItem[]>;
}

// A variable specifier keeps tsc from requiring the module before it lands.
const ENGINE_MODULE: string = '../engine/scan.ts';

export async function loadEngine(): Promise<Engine> {
  let mod: Partial<Record<string, unknown>>;
  try {
    mod = (await import(ENGINE_MODULE)) as Partial<Record<string, unknown>>;
  } catch (e) {
    throw new PiscopeError(ErrorCode.USAGE, `the scan engine (src/engine/scan.ts) is not available: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const scan = mod.scan as Engine['scan'] | undefined;
  if (typeof scan !== 'function') throw new PiscopeError(ErrorCode.USAGE, 'the scan engine does not export scan()');
  const many = mod.scanMany as Engine['scanMany'] | undefined;
  return {
    scan,
    scanMany:
      typeof many === 'function'
        ? many
        : async (inputs, options, onDone) => {
            const out: BatchItem[] = [];
            for (const input of inputs) {
              let item: BatchItem;
              try {
                item = { input, report: await scan(input, options) };
              } catch (error) {
                item = { input, error };
              }
              onDone?.(item);
              out.push(item);
            }
            return out;
          },
  };
}
