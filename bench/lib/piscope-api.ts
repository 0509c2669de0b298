// The piscope entry points the benchmarks and the fuzzer drive, loaded at run time so that bench/ and
// scripts/fuzz.ts work while the engine is built piece by piece: a part not yet there is reported, not faked.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ByteSource } from '../../src/binary/byte-source.ts';
import type { AnalysisFacts } from '../../src/analysis/facts.ts';
import type { OpenedPackage } from '../../src/package/types.ts';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

export type OpenPackage = (bytes: Uint8Array | ByteSource, opts: { path: string }) => OpenedPackage | Promise<OpenedPackage>;
export type Analyze = (pkg: OpenedPackage) => AnalysisFacts | Promise<AnalysisFacts>;
export type Scan = (input: { bytes?: Uint8Array; path: string }, options?: Record<string, unknown>) => unknown;

async function load(file: string, name: string): Promise<unknown> {
  const p = join(SRC, file);
  if (!existsSync(p)) return undefined;
  const mod = (await import(pathToFileURL(p).href)) as Record<string, unknown>;
  const f = mod[name];
  if (typeof f !== 'function') throw new Error(`${file} has no function export ${name}`);
  return f;
}

export async function loadOpenPackage(): Promise<OpenPackage | undefined> {
  return (await load('package/open-package.ts', 'openPackage')) as OpenPackage | undefined;
}

export async function loadAnalyze(): Promise<Analyze | undefined> {
  return (await load('analysis/analyze.ts', 'analyze')) as Analyze | undefined;
}

export async function loadScan(): Promise<Scan | undefined> {
  return (await load('engine/scan.ts', 'scan')) as Scan | undefined;
}

export async function requireOpenPackage(): Promise<OpenPackage> {
  const f = await loadOpenPackage();
  if (f === undefined) throw new Error('src/package/open-package.ts (openPackage) is not there yet');
  return f;
}
