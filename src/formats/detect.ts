// What a file is, from its bytes only (an extension is a claim, not evidence).
import { ErrorCode, PiscopeError } from '../errors.ts';
import { toSource, type ByteSource } from '../binary/byte-source.ts';
import { readZip, type ZipArchive, type ZipOptions } from './zip/index.ts';
import { checkWxapkgHeader, isEncryptedWxapkg } from './wxapkg/index.ts';

export type DetectedKind = 'apk' | 'jar' | 'aar' | 'dex' | 'class' | 'wxapkg';

export interface Detected {
  readonly kind: DetectedKind;
  /** The archive, already opened, for the ZIP kinds. */
  readonly zip: ZipArchive | null;
  /** AndroidManifest.xml as inflated to recognise the kind, so the reader need not inflate it again. */
  readonly manifest?: Uint8Array;
}

export function isDex(b: Uint8Array): boolean {
  // `dex\n` + three version digits + NUL.
  return b.length >= 8 && b[0] === 0x64 && b[1] === 0x65 && b[2] === 0x78 && b[3] === 0x0a && b[7] === 0;
}

export function isClassFile(b: Uint8Array): boolean {
  return b.length >= 10 && b[0] === 0xca && b[1] === 0xfe && b[2] === 0xba && b[3] === 0xbe;
}

export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
}

/** WeChat mini-program package: 0xBE, three u32 (BE), 0xED. */
export function isWxapkg(b: Uint8Array): boolean {
  return b.length >= 14 && b[0] === 0xbe && b[13] === 0xed;
}

/** Binary XML starts with a RES_XML_TYPE chunk header; a text manifest starts with `<` or a BOM. */
function isBinaryXml(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x03 && b[1] === 0x00;
}

export function detectKind(input: Uint8Array | ByteSource, file: string, zipOptions?: ZipOptions): Detected {
  const src = toSource(input);
  const bytes = src.read(0, Math.min(16, src.size));
  if (isDex(bytes)) return { kind: 'dex', zip: null };
  if (isClassFile(bytes)) return { kind: 'class', zip: null };
  if (isWxapkg(bytes) || isEncryptedWxapkg(bytes)) return { kind: 'wxapkg', zip: null };
  let zip: ZipArchive;
  try {
    zip = readZip(src, zipOptions);
  } catch (e) {
    // Something that starts like a ZIP but breaks is a damaged package, not an unknown format.
    if (isZip(bytes) && e instanceof PiscopeError) {
      e.file ??= file;
      throw e;
    }
    // The name only chooses the more useful message: which wxapkg header byte is wrong.
    if (file.toLowerCase().endsWith('.wxapkg')) checkWxapkgHeader(bytes);
    throw new PiscopeError(ErrorCode.UNKNOWN_FORMAT, 'not an APK, JAR, AAR, DEX, class file or wxapkg', { structure: 'input', offset: 0, file });
  }
  const manifest = zip.get('AndroidManifest.xml');
  const names = zip.entries.map((e) => e.name);
  if (manifest !== undefined) {
    const head = zip.read(manifest, 64 << 20);
    if (isBinaryXml(head) || names.some((n) => /^classes\d*\.dex$/.test(n))) return { kind: 'apk', zip, manifest: head };
    if (zip.get('classes.jar') !== undefined) return { kind: 'aar', zip, manifest: head };
  }
  if (names.some((n) => n.endsWith('.class') || n === 'META-INF/MANIFEST.MF' || /^classes\d*\.dex$/.test(n))) return { kind: 'jar', zip };
  if (manifest !== undefined) return { kind: 'aar', zip };
  throw new PiscopeError(ErrorCode.UNKNOWN_FORMAT, 'a ZIP archive that is neither APK, AAR nor JAR', { structure: 'input', offset: 0, file });
}
