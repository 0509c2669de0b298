// The ZIP reader's public face: `readZip` and `safeEntryPath`.
export { readZip, ZIP_METHOD_DEFLATED, ZIP_METHOD_STORED, type ZipArchive, type ZipEntry, type ZipOddity, type ZipOptions } from './read-zip.ts';
export { safeEntryPath } from './safe-entry-path.ts';
