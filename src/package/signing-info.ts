// Signing of a package: v1 signer certificates (each META-INF/*.RSA|DSA|EC with its .SF) and the schemes of
// the APK Signing Block.
import { pkcs7Certificates, signingBlockSchemes } from '../formats/signing/signing.ts';
import type { ByteSource } from '../binary/byte-source.ts';
import type { ZipArchive } from '../formats/zip/index.ts';
import type { Signing } from './types.ts';

const BLOCK_FILE = /^META-INF\/([^/]+)\.(RSA|DSA|EC)$/i;

export function readSigning(bytes: ByteSource, zip: ZipArchive, apk: boolean): Signing | null {
  const v1: Signing['v1'][number][] = [];
  for (const e of zip.entries) {
    const m = BLOCK_FILE.exec(e.name);
    if (m === null) continue;
    v1.push({ signatureFile: `META-INF/${m[1]!}.SF`, certificates: pkcs7Certificates(zip.read(e, 1 << 20), e.name) });
  }
  const block = apk ? signingBlockSchemes(bytes, zip.centralDirectoryOffset) : null;
  if (v1.length === 0 && block === null) return null;
  return { v1, v2: block?.v2 ?? false, v3: block?.v3 ?? false, v31: block?.v31 ?? false, blockCertificates: block?.certificates ?? [] };
}
