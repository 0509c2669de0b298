// APK signatures: the v1 (JAR) signer certificates from META-INF/*.RSA|DSA|EC, and which schemes (v2, v3,
// v3.1) the APK Signing Block carries. We report who signed; verifying signatures is Android's job.
import { X509Certificate, createHash } from 'node:crypto';
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { signingBlockMagicAt } from '../zip/entry-checks.ts';
import { toSource, type ByteSource } from '../../binary/byte-source.ts';
import { children, derReader, readTlv } from './der.ts';

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
  readonly serial: string;
}

const SIGNED_DATA_OID = '06092a864886f70d010702';
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Certificates of a PKCS#7 SignedData (the v1 signature block file). */
export function pkcs7Certificates(bytes: Uint8Array, file: string): CertificateInfo[] {
  const r: ByteReader = derReader(bytes, 'pkcs7');
  try {
    const top = readTlv(r, 0, bytes.length);
    if (top.tag !== 0x30) r.fail('ContentInfo is not a SEQUENCE', 0);
    const [oid, content] = children(r, top);
    if (oid === undefined || content === undefined || hex(r.slice(oid.at, oid.end - oid.at)) !== SIGNED_DATA_OID) r.fail('not a signedData ContentInfo', top.body);
    const signedData = children(r, content)[0];
    if (signedData?.tag !== 0x30) r.fail('SignedData is not a SEQUENCE', content.body);
    const certSet = children(r, signedData).find((t) => t.tag === 0xa0);
    if (certSet === undefined) return [];
    return children(r, certSet).filter((t) => t.tag === 0x30).map((t) => describe(r.slice(t.at, t.end - t.at), t.at));
  } catch (e) {
    if (e instanceof PiscopeError) e.file ??= file;
    throw e;
  }
}

function describe(der: Uint8Array, at: number): CertificateInfo {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch (e) {
    throw new PiscopeError(ErrorCode.SIG_MALFORMED, `certificate does not parse: ${(e as Error).message}`, { structure: 'pkcs7.certificate', offset: at, cause: e });
  }
  return {
    subject: x.subject.split('\n').join(', '),
    issuer: x.issuer.split('\n').join(', '),
    notBefore: x.validFromDate.toISOString(),
    notAfter: x.validToDate.toISOString(),
    sha256: createHash('sha256').update(der).digest('hex'),
    serial: x.serialNumber.toLowerCase(),
  };
}

export interface SigningBlockSchemes {
  readonly v2: boolean;
  readonly v3: boolean;
  readonly v31: boolean;
  /** Every id in the block, for the curious (padding 0x42726577, channel markers, …). */
  readonly ids: readonly number[];
  /** Certificates of the first signer of the v3.1, v3 or v2 scheme, in that order of preference. */
  readonly certificates: readonly CertificateInfo[];
}

const V2 = 0x7109871a;
const V3 = 0xf05368c0;
const V31 = 0x1b93ad61;

/** A u32-length-prefixed field at p, bounded by end; returns [body start, body end]. */
function lp(r: ByteReader, p: number, end: number, what: string): [number, number] {
  const len = r.u32(p);
  if (p + 4 + len > end) r.fail(`${what} of ${len} bytes runs past its parent`, p);
  return [p + 4, p + 4 + len];
}

/** v2/v3 scheme value → signers → first signer → signed data → certificates (each a length-prefixed DER). */
function schemeCertificates(r: ByteReader, start: number, end: number): CertificateInfo[] {
  const [signers, signersEnd] = lp(r, start, end, 'signers');
  if (signers >= signersEnd) return [];
  const [signer, signerEnd] = lp(r, signers, signersEnd, 'signer');
  const [signed, signedEnd] = lp(r, signer, signerEnd, 'signed data');
  const [, digestsEnd] = lp(r, signed, signedEnd, 'digests');
  const [certs, certsEnd] = lp(r, digestsEnd, signedEnd, 'certificates');
  const out: CertificateInfo[] = [];
  for (let p = certs; p < certsEnd;) {
    const [c, cEnd] = lp(r, p, certsEnd, 'certificate');
    out.push(describe(r.slice(c, cEnd - c), c));
    p = cEnd;
  }
  return out;
}

/** Reads the APK Signing Block that ends right before the central directory; null when there is none. */
export function signingBlockSchemes(input: Uint8Array | ByteSource, centralDirectoryOffset: number): SigningBlockSchemes | null {
  const src = toSource(input);
  const footer = centralDirectoryOffset - 24;
  if (footer < 8 || centralDirectoryOffset > src.size) return null;
  const foot = new ByteReader(src.read(footer, 24), 'apk_signing_block', ErrorCode.SIG_MALFORMED, footer);
  if (!signingBlockMagicAt(foot, 24)) return null;
  const size = foot.u64(0);
  const start = centralDirectoryOffset - size - 8;
  if (size < 24 || start < 0) foot.fail(`block size ${size} does not fit before the central directory`, 0);
  // Only the block is read; offsets below are within it, and errors name file offsets (origin).
  const r = new ByteReader(src.read(start, centralDirectoryOffset - start), 'apk_signing_block', ErrorCode.SIG_MALFORMED, start);
  if (r.u64(0) !== size) r.fail('block size at the start and the end differ', 0);
  const ids: number[] = [];
  const values = new Map<number, [number, number]>();
  let p = 8;
  const end = footer - start;
  while (p < end) {
    const len = r.u64(p);
    if (len < 4 || p + 8 + len > end) r.fail(`pair of ${len} bytes runs past the block`, p);
    const id = r.u32(p + 8);
    ids.push(id);
    if (!values.has(id)) values.set(id, [p + 12, p + 8 + len]);
    p += 8 + len;
  }
  const scheme = values.get(V31) ?? values.get(V3) ?? values.get(V2);
  const certificates = scheme === undefined ? [] : schemeCertificates(r, scheme[0], scheme[1]);
  return { v2: values.has(V2), v3: values.has(V3), v31: values.has(V31), ids, certificates };
}
