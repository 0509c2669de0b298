// v1 JAR signature verification, as an F-Droid client checks a signed index (index-v1.jar, entry.jar): one
// signer; its PKCS#7 signature over the .SF verifies with its certificate; the .SF's digests match the
// MANIFEST.MF (whole, or the entry's section); the manifest's digest matches the entry's bytes; and the
// certificate's SHA-256 is the pinned repository fingerprint. Anything else is refused with the reason.
import { X509Certificate, createHash, verify as verifySignature } from 'node:crypto';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { readZip, type ZipArchive } from '../zip/index.ts';
import { children, derReader, readTlv, type Tlv } from './der.ts';
import type { ByteReader } from '../../binary/byte-reader.ts';

export interface VerifiedJarEntry {
  /** The signed entry's bytes. */
  readonly bytes: Uint8Array;
  /** SHA-256 (hex) of the signing certificate, as F-Droid pins it. */
  readonly certificateSha256: string;
  readonly subject: string;
}

export class JarRefused extends PiscopeError {
  constructor(jar: string, why: string) {
    super(ErrorCode.SIG_MALFORMED, `${jar}: ${why}`, { structure: 'jar-signature', file: jar });
  }
}

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
// Signature algorithms that name their hash (others, e.g. rsaEncryption, take the signer's digest algorithm).
const SIG_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '2.16.840.1.101.3.4.3.2': 'sha256',
};
const MANIFEST_DIGEST_NAMES: Record<string, string> = { 'SHA-256': 'sha256', SHA1: 'sha1', 'SHA-1': 'sha1', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const MESSAGE_DIGEST_OID = '1.2.840.113549.1.9.4';
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';

function oid(r: ByteReader, t: Tlv): string {
  if (t.tag !== 0x06) r.fail('expected an OBJECT IDENTIFIER', t.at);
  const b = r.slice(t.body, t.length);
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if ((b[i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

const b64 = (bytes: Uint8Array, alg: string): string => createHash(alg).update(bytes).digest('base64');

interface Section {
  raw: Uint8Array;
  attrs: Map<string, string>;
}

/** A manifest or .SF: its main section and its named sections, each with its raw bytes (the .SF digests them). */
function sections(bytes: Uint8Array): { main: Section; named: Map<string, Section> } {
  const out: Section[] = [];
  let start = 0;
  let i = 0;
  const n = bytes.length;
  const lineEnd = (p: number): [number, number] => {
    let q = p;
    while (q < n && bytes[q] !== 0x0a && bytes[q] !== 0x0d) q++;
    const next = q < n && bytes[q] === 0x0d && bytes[q + 1] === 0x0a ? q + 2 : q + 1;
    return [q, Math.min(next, n)];
  };
  while (i < n) {
    const [end, next] = lineEnd(i);
    if (end === i) {
      // A blank line ends the section (and belongs to it).
      out.push(parseSection(bytes.subarray(start, next)));
      start = next;
    }
    i = next;
  }
  if (start < n) out.push(parseSection(bytes.subarray(start, n)));
  const main = out[0] ?? { raw: new Uint8Array(), attrs: new Map() };
  const named = new Map<string, Section>();
  for (const s of out.slice(1)) {
    const name = s.attrs.get('Name');
    if (name !== undefined) named.set(name, s);
  }
  return { main, named };
}

function parseSection(raw: Uint8Array): Section {
  const text = Buffer.from(raw).toString('utf8');
  const lines: string[] = [];
  for (const l of text.split(/\r\n|\n|\r/)) {
    if (l.startsWith(' ') && lines.length > 0) lines[lines.length - 1] = `${lines[lines.length - 1]!}${l.slice(1)}`;
    else if (l !== '') lines.push(l);
  }
  const attrs = new Map<string, string>();
  for (const l of lines) {
    const c = l.indexOf(': ');
    if (c > 0) attrs.set(l.slice(0, c), l.slice(c + 2));
  }
  return { raw, attrs };
}

/** The digest attributes of a section (`<ALG>-Digest<suffix>`), as [node hash name, base64]. */
function digests(s: Section, suffix: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of s.attrs) {
    const m = /^(.+)-Digest(.*)$/.exec(k);
    if (m === null || m[2] !== suffix) continue;
    const alg = MANIFEST_DIGEST_NAMES[m[1]!.toUpperCase()];
    if (alg !== undefined) out.push([alg, v]);
  }
  return out;
}

interface SignerInfo {
  certificate: X509Certificate;
  certificateDer: Uint8Array;
  digestAlg: string;
  sigHash: string;
  signedAttrs: Uint8Array | null;
  messageDigest: Uint8Array | null;
  signature: Uint8Array;
}

function parsePkcs7(bytes: Uint8Array, jar: string): SignerInfo {
  const r = derReader(bytes, 'pkcs7');
  const top = readTlv(r, 0, bytes.length);
  const [ctype, content] = children(r, top);
  if (ctype === undefined || content === undefined || oid(r, ctype) !== SIGNED_DATA_OID) throw new JarRefused(jar, 'the signature block is not a PKCS#7 SignedData');
  const sd = children(r, children(r, content)[0]!);
  const certSet = sd.find((t) => t.tag === 0xa0);
  const signerSet = sd[sd.length - 1];
  if (signerSet?.tag !== 0x31) throw new JarRefused(jar, 'the signature block has no signer infos');
  const signers = children(r, signerSet);
  if (signers.length !== 1) throw new JarRefused(jar, `the signature block has ${signers.length} signers; exactly one is accepted`);
  const si = children(r, signers[0]!);
  // version, issuerAndSerialNumber, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1]?
  const issuerSerial = si[1]!;
  const serial = children(r, issuerSerial)[1]!;
  const digestAlgOid = oid(r, children(r, si[2]!)[0]!);
  let k = 3;
  let signedAttrs: Uint8Array | null = null;
  let messageDigest: Uint8Array | null = null;
  if (si[k]?.tag === 0xa0) {
    const attrs = si[k]!;
    // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the [0] they are stored as.
    signedAttrs = Uint8Array.from(r.slice(attrs.at, attrs.end - attrs.at));
    signedAttrs[0] = 0x31;
    for (const a of children(r, attrs)) {
      const [aOid, aVals] = children(r, a);
      if (aOid !== undefined && aVals !== undefined && oid(r, aOid) === MESSAGE_DIGEST_OID) {
        const v = children(r, aVals)[0]!;
        messageDigest = r.slice(v.body, v.length);
      }
    }
    k++;
  }
  const sigAlgOid = oid(r, children(r, si[k]!)[0]!);
  const sigT = si[k + 1]!;
  if (sigT.tag !== 0x04) throw new JarRefused(jar, 'the signer info has no signature');
  const digestAlg = HASHES[digestAlgOid];
  if (digestAlg === undefined) throw new JarRefused(jar, `unknown digest algorithm ${digestAlgOid}`);
  const serialHex = Buffer.from(r.slice(serial.body, serial.length)).toString('hex').replace(/^0+/, '');
  const certs = certSet === undefined ? [] : children(r, certSet).filter((t) => t.tag === 0x30).map((t) => r.slice(t.at, t.end - t.at));
  let chosen: { x: X509Certificate; der: Uint8Array } | undefined;
  for (const der of certs) {
    const x = new X509Certificate(der);
    if (x.serialNumber.toLowerCase().replace(/^0+/, '') === serialHex) chosen = { x, der };
  }
  if (chosen === undefined) throw new JarRefused(jar, "the signer's certificate is not in the signature block");
  return { certificate: chosen.x, certificateDer: chosen.der, digestAlg, sigHash: SIG_HASH[sigAlgOid] ?? digestAlg, signedAttrs, messageDigest, signature: r.slice(sigT.body, sigT.length) };
}

/**
 * Verifies `entryName` of a v1-signed JAR against the pinned certificate fingerprint (SHA-256 hex of the
 * signing certificate; null: any signer, for callers that only report it). Throws JarRefused with the reason.
 */
export function verifyJarEntry(input: Uint8Array | ZipArchive, entryName: string, pinnedSha256: string | null, jar = 'jar'): VerifiedJarEntry {
  let zip: ZipArchive;
  try {
    zip = input instanceof Uint8Array ? readZip(input) : input;
  } catch (e) {
    throw new JarRefused(jar, `not a readable ZIP (${e instanceof Error ? e.message : String(e)})`);
  }
  const blocks = zip.entries.filter((e) => /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(e.name));
  if (blocks.length === 0) throw new JarRefused(jar, 'it is not signed (no META-INF/*.RSA, *.DSA or *.EC)');
  if (blocks.length > 1) throw new JarRefused(jar, `it has ${blocks.length} signature blocks; exactly one is accepted`);
  const block = blocks[0]!;
  const sfName = block.name.replace(/\.[^.]+$/, '.SF');
  const sfEntry = zip.entries.find((e) => e.name.toUpperCase() === sfName.toUpperCase());
  if (sfEntry === undefined) throw new JarRefused(jar, `${block.name} has no ${sfName}`);
  const mfEntry = zip.get('META-INF/MANIFEST.MF');
  if (mfEntry === undefined) throw new JarRefused(jar, 'it has no META-INF/MANIFEST.MF');
  const entry = zip.get(entryName);
  if (entry === undefined) throw new JarRefused(jar, `it has no ${entryName}`);
  const sf = zip.read(sfEntry);
  const mf = zip.read(mfEntry);

  let signer: SignerInfo;
  try {
    signer = parsePkcs7(zip.read(block), jar);
  } catch (e) {
    if (e instanceof JarRefused) throw e;
    throw new JarRefused(jar, `the signature block does not parse (${e instanceof Error ? e.message : String(e)})`);
  }
  const certificateSha256 = createHash('sha256').update(signer.certificateDer).digest('hex');
  if (pinnedSha256 !== null && certificateSha256 !== pinnedSha256.toLowerCase().replace(/[^0-9a-f]/g, '')) {
    throw new JarRefused(jar, `signed by certificate ${certificateSha256}, not the repository's ${pinnedSha256}`);
  }
  let signedBytes: Uint8Array = sf;
  if (signer.signedAttrs !== null) {
    if (signer.messageDigest === null || !Buffer.from(signer.messageDigest).equals(createHash(signer.digestAlg).update(sf).digest())) throw new JarRefused(jar, `the signed digest of ${sfEntry.name} does not match it`);
    signedBytes = signer.signedAttrs;
  }
  let ok = false;
  try {
    ok = verifySignature(signer.sigHash, signedBytes, signer.certificate.publicKey, signer.signature);
  } catch (e) {
    throw new JarRefused(jar, `the signature cannot be checked (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!ok) throw new JarRefused(jar, `the signature over ${sfEntry.name} does not verify with its certificate`);

  // The .SF vouches for the manifest, whole or section by section.
  const sfs = sections(sf);
  const mfs = sections(mf);
  const whole = digests(sfs.main, '-Manifest');
  const wholeOk = whole.length > 0 && whole.every(([alg, v]) => b64(mf, alg) === v);
  if (!wholeOk) {
    const sfSection = sfs.named.get(entryName);
    const mfSection = mfs.named.get(entryName);
    if (sfSection === undefined || mfSection === undefined) throw new JarRefused(jar, `${entryName} is not covered by ${sfEntry.name}`);
    const ds = digests(sfSection, '');
    if (ds.length === 0 || !ds.every(([alg, v]) => b64(mfSection.raw, alg) === v)) throw new JarRefused(jar, `the manifest section of ${entryName} does not match ${sfEntry.name}`);
  }
  const mfSection = mfs.named.get(entryName);
  if (mfSection === undefined) throw new JarRefused(jar, `${entryName} is not in the manifest`);
  const ds = digests(mfSection, '');
  if (ds.length === 0) throw new JarRefused(jar, `the manifest gives no digest of ${entryName}`);
  const bytes = zip.read(entry, 256 * 1024 * 1024);
  for (const [alg, v] of ds) if (b64(bytes, alg) !== v) throw new JarRefused(jar, `${entryName} does not match its ${alg} digest in the manifest: it was changed after signing`);
  return { bytes, certificateSha256, subject: signer.certificate.subject.split('\n').join(', ') };
}
