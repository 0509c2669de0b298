// Code hidden inside a package: DEX, APK, JAR and ZIP files under assets/, res/raw/, instant-run.zip and the
// like, recognised by their bytes (never their names: packers call a dex `a.png`). Bounded in depth, count
// and bytes; a broken nested file becomes a diagnostic.
import { isDex, isZip } from '../formats/detect.ts';
import { readZip, type ZipArchive, type ZipEntry } from '../formats/zip/index.ts';
import { describeError, ErrorCode, PiscopeError } from '../errors.ts';
import type { CodeInput } from './code-index.ts';
import type { Diagnostic } from './types.ts';

export interface NestedBudget {
  /** Levels of archives inside archives (the package itself is level 0). */
  maxDepth: number;
  /** Bytes of nested containers read in all. */
  bytesLeft: number;
  /** Nested containers in all. */
  countLeft: number;
  /** Checked before each nested file is read. */
  signal?: AbortSignal | undefined;
}

export function defaultBudget(signal?: AbortSignal): NestedBudget {
  return { maxDepth: 3, bytesLeft: 512 << 20, countLeft: 256, signal };
}

interface Sink {
  inputs: CodeInput[];
  diagnostics: Diagnostic[];
}

/** A top-level dex Android loads: classes.dex, classes2.dex, … */
export const DEX_TOP = /^classes\d*\.dex$/;

/** Android loads classes.dex, classes2.dex, … in that order; the first definition of a class wins. */
export function topLevelDex(zip: ZipArchive): ZipEntry[] {
  const num = (n: string): number => (n === 'classes.dex' ? 1 : Number(n.slice(7, -4)));
  return zip.entries.filter((e) => DEX_TOP.test(e.name)).sort((a, b) => num(a.name) - num(b.name));
}

/** Class files of an archive, as inputs named `<prefix>!<entry>`. */
export function classInputs(zip: ZipArchive, prefix: string, origin: CodeInput['origin'], sink: Sink): void {
  for (const e of zip.entries) {
    if (!e.name.endsWith('.class') || e.name.startsWith('META-INF/versions/')) continue;
    try {
      sink.inputs.push({ path: `${prefix}!${e.name}`, format: 'class', origin, bytes: zip.read(e) });
    } catch (err) {
      sink.diagnostics.push({ severity: 'error', code: errorCode(err), message: describeError(err), file: `${prefix}!${e.name}` });
    }
  }
}

/**
 * Looks at the entries `candidate` accepts; each that is a DEX becomes an input, each that is a ZIP is opened
 * and scanned whole (its dex, its class files, its own nested files), one level deeper.
 */
export function scanNested(zip: ZipArchive, prefix: string, depth: number, candidate: (e: ZipEntry) => boolean, budget: NestedBudget, sink: Sink): void {
  for (const e of zip.entries) {
    if (e.name.endsWith('/') || e.size < 8 || !candidate(e)) continue;
    const head = zip.peek(e, 8);
    const dex = isDex(head);
    if (!dex && !isZip(head)) continue;
    const path = `${prefix}${e.name}`;
    if (budget.signal?.aborted === true) throw new PiscopeError(ErrorCode.CANCELLED, `cancelled before reading ${path}`, { structure: 'open_package' });
    if (budget.countLeft <= 0 || e.size > budget.bytesLeft) {
      sink.diagnostics.push({ severity: 'warning', code: 'NESTED_BUDGET', message: `nested ${dex ? 'dex' : 'archive'} skipped: size or count budget spent`, file: path });
      continue;
    }
    budget.countLeft--;
    budget.bytesLeft -= e.size;
    try {
      const bytes = zip.read(e);
      if (dex) {
        sink.inputs.push({ path, format: 'dex', origin: 'nested', bytes });
        continue;
      }
      if (depth >= budget.maxDepth) {
        sink.diagnostics.push({ severity: 'warning', code: 'NESTED_TOO_DEEP', message: `archive nested more than ${budget.maxDepth} levels deep not opened`, file: path });
        continue;
      }
      const inner = readZip(bytes);
      classInputs(inner, path, 'nested', sink);
      scanNested(inner, `${path}!`, depth + 1, () => true, budget, sink);
    } catch (err) {
      if (err instanceof PiscopeError && err.code === ErrorCode.CANCELLED) throw err;
      sink.diagnostics.push({ severity: 'error', code: errorCode(err), message: describeError(err), file: path });
    }
  }
}

function errorCode(e: unknown): string {
  return e instanceof PiscopeError ? e.code : 'INTERNAL';
}
