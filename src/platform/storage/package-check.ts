// The gate an upload passes before it is kept: a package format we read (ZIP-based, DEX, wxapkg), and for
// ZIPs a central directory with no entry that climbs out of its folder and no bomb (declared sizes far past
// the budget, or entries that overlap). Cheap: only the central directory is read.
import { FileSource } from '../../binary/byte-source.ts';
import { isPiscopeError } from '../../errors.ts';
import { readZip, safeEntryPath } from '../../formats/zip/index.ts';

export class PackageRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Sum of declared inflated sizes above which an archive is treated as a bomb (the engine's own budget). */
const MAX_DECLARED_TOTAL = 4 * 1024 * 1024 * 1024;
const MAX_RATIO = 100;

export function checkPackage(path: string): void {
  const src = new FileSource(path);
  try {
    if (src.size < 4) throw new PackageRefused('NOT_A_PACKAGE', 'the file is too short to be a package');
    const head = src.read(0, 4);
    const [a, b, c, d] = head;
    if (a === 0x64 && b === 0x65 && c === 0x78 && d === 0x0a) return; // dex
    if (a === 0xbe) return; // wxapkg
    if (a !== 0x50 || b !== 0x4b) throw new PackageRefused('NOT_A_PACKAGE', 'the file is not an APK, AAR, JAR, DEX or wxapkg');
    let total = 0;
    let compressed = 0;
    const zip = readZip(src);
    for (const e of zip.entries) {
      safeEntryPath(e.name);
      total += e.size;
      compressed += e.compressedSize;
    }
    if (total > MAX_DECLARED_TOTAL || (total > 64 * 1024 * 1024 && total > compressed * MAX_RATIO)) {
      throw new PackageRefused('ZIP_BOMB', `the archive declares ${total} bytes once inflated from ${compressed}: a zip bomb`);
    }
  } catch (e) {
    if (e instanceof PackageRefused) throw e;
    if (isPiscopeError(e)) throw new PackageRefused(e.code, e.message);
    throw e;
  } finally {
    src.close();
  }
}
