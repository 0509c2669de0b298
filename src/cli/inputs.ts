// What `piscope scan` was given, checked before any work: files that exist and can be read, folders
// expanded to the packages inside. Problems here are usage errors (exit 2) naming the path and why.
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ErrorCode, PiscopeError } from '../errors.ts';

const PACKAGE_EXTENSIONS = new Set(['.apk', '.jar', '.aar', '.wxapkg', '.zip', '.dex']);

/** A file is taken from a folder when its name or its first bytes say it is a package (ZIP, DEX, wxapkg). */
function looksLikePackage(path: string): boolean {
  if (PACKAGE_EXTENSIONS.has(extname(path).toLowerCase())) return true;
  const head = new Uint8Array(4);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, 4, 0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const [a, b, c, d] = head;
  return (a === 0x50 && b === 0x4b) || (a === 0x64 && b === 0x65 && c === 0x78 && d === 0x0a) || a === 0xbe;
}

function why(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return e instanceof Error ? e.message : String(e);
}

/** Throws a USAGE PiscopeError naming `path` unless it is a readable regular file. */
export function checkReadableFile(path: string, what: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new PiscopeError(ErrorCode.USAGE, `${what}: ${why(e)}`, { file: path });
  }
  if (!st.isFile()) throw new PiscopeError(ErrorCode.USAGE, `${what}: not a regular file`, { file: path });
  try {
    closeSync(openSync(path, 'r'));
  } catch (e) {
    throw new PiscopeError(ErrorCode.USAGE, `${what}: ${why(e)}`, { file: path });
  }
}

export interface ExpandedInputs {
  files: string[];
  /** True when a folder or more than one file was given: batch mode. */
  batch: boolean;
  /** Files inside the given folders that are not packages, so not scanned (for a note on stderr). */
  skipped: string[];
}

/** Files under `dir`, subfolders included, hidden ones (.git, .cache) left out; symlinked folders are not followed. */
function walk(dir: string, packages: string[], skipped: string[]): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) walk(p, packages, skipped);
    else if (d.isFile()) (looksLikePackage(p) ? packages : skipped).push(p);
  }
}

/** Files to scan: each argument is a file, or a folder whose packages (subfolders included) are taken in path order. */
export function expandInputs(args: readonly string[]): ExpandedInputs {
  const files: string[] = [];
  const skipped: string[] = [];
  let batch = args.length > 1;
  for (const arg of args) {
    let st;
    try {
      st = statSync(arg);
    } catch (e) {
      // A missing file in a batch is still reported per file; alone, it is a usage error.
      if (args.length > 1) {
        files.push(arg);
        continue;
      }
      throw new PiscopeError(ErrorCode.USAGE, `cannot read the input: ${why(e)}`, { file: arg });
    }
    if (st.isDirectory()) {
      batch = true;
      const inside: string[] = [];
      try {
        walk(arg, inside, skipped);
      } catch (e) {
        throw new PiscopeError(ErrorCode.USAGE, `cannot read the folder: ${why(e)}`, { file: arg });
      }
      files.push(...inside.sort());
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) throw new PiscopeError(ErrorCode.USAGE, `no package (.apk .jar .aar .wxapkg) found in ${args.join(', ')}`);
  return { files, batch, skipped: skipped.sort() };
}
