// Entry names are attacker-chosen. The reader keeps them raw (evidence); anything that turns a name into a
// path on disk goes through here first, so no entry can escape the folder it is extracted into (zip-slip).
import { ErrorCode, PiscopeError } from '../../errors.ts';

/** Returns the name as a safe relative path with `/` separators; throws ZIP_UNSAFE_NAME otherwise. */
export function safeEntryPath(name: string): string {
  const refuse = (why: string): never => {
    throw new PiscopeError(ErrorCode.ZIP_UNSAFE_NAME, `entry name ${JSON.stringify(name)} ${why}`, { structure: 'zip.entry_name', file: name });
  };
  if (name.length === 0) refuse('is empty');
  if (name.includes('\0')) refuse('contains NUL');
  // Windows readers treat `\` as a separator, so `..\x` must count as traversal too.
  const unified = name.replaceAll('\\', '/');
  if (unified.startsWith('/')) refuse('is absolute');
  if (/^[A-Za-z]:/.test(unified)) refuse('has a drive letter');
  const parts: string[] = [];
  for (const part of unified.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') refuse('climbs out of its folder');
    parts.push(part);
  }
  if (parts.length === 0) refuse('names no file');
  return parts.join('/');
}
