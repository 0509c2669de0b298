// The exchange bundle (province → nation): what it carries, and its Ed25519 signature (node:crypto). The
// signature is over the payload's exact UTF-8 bytes, sent as a string beside it, so that no canonical form
// has to be agreed: the nation verifies the bytes it received, then parses them.
import { z } from 'zod';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export const BUNDLE_FORMAT = 'piscope-exchange/1';

export interface AppRecord {
  kind: 'app';
  platform: string;
  packageName: string;
  name: string | null;
  filingNo: string | null;
  company: { name: string; creditCode: string | null } | null;
}

export interface VersionRecord {
  kind: 'version';
  platform: string;
  packageName: string;
  sha256: string;
  signerSha256: string | null;
  versionCode: string | null;
  versionName: string | null;
}

export type FindingRecord =
  | {
      kind: 'finding';
      state: 'confirmed';
      fingerprint: string;
      platform: string;
      packageName: string;
      ruleId: string;
      owner: string;
      dataTypes: string[];
      severity: string;
      confidence: string;
      /** The package sha256s the finding was found in, sorted. */
      versions: string[];
      /** sha256 of each evidence item (its JSON as the report has it), in the finding's order. */
      evidenceSha256: string[];
      /** The finding as the province's report has it. */
      body: unknown;
    }
  | { kind: 'finding'; state: 'withdrawn'; fingerprint: string };

export interface NoticeRecord {
  kind: 'notice';
  /** The notice's id at the province. */
  ref: number;
  noticeKind: string;
  title: string;
  issuer: string;
  issueDate: string | null;
  deadline: string | null;
  documentSha256: string | null;
  apps: { platform: string; packageName: string; sha256: string; state: string; fingerprints: string[] }[];
}

export type ExchangeRecord = AppRecord | VersionRecord | FindingRecord | NoticeRecord;

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  bundleId: string;
  /** The province's organisation code, e.g. GD. */
  province: string;
  /** 1, 2, 3, … per province instance; the nation applies them in this order. */
  seq: number;
  createdAt: string;
  records: ExchangeRecord[];
}

/** A bundle as sent: the payload (the bundle's JSON text) and the base64 Ed25519 signature of its bytes. */
export interface SignedBundle {
  payload: string;
  signature: string;
}

/** Records apply in this order, so a version finds its app and a finding its versions. */
export const KIND_ORDER: Record<ExchangeRecord['kind'], number> = { app: 0, version: 1, finding: 2, notice: 3 };

/** The key a record is tracked by between exports (its identity). */
export function recordKey(r: ExchangeRecord): string {
  switch (r.kind) {
    case 'app':
      return `app:${r.platform}:${r.packageName}`;
    case 'version':
      return `version:${r.platform}:${r.packageName}:${r.sha256}`;
    case 'finding':
      return `finding:${r.fingerprint}`;
    case 'notice':
      return `notice:${r.ref}`;
  }
}

export const sha256Hex = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

export function newKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64') };
}

/** A public key as an admin pastes it: base64 of the SPKI DER, or a PEM block. Throws naming what is wrong. */
export function parsePublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch (e) {
    throw new Error(`the public key is neither a PEM block nor base64 SPKI DER: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return key;
}

/** The key as this module stores it: base64 SPKI DER. */
export const publicKeyText = (key: KeyObject): string => key.export({ type: 'spki', format: 'der' }).toString('base64');

export function signPayload(privateKeyPkcs8: string, payload: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(payload, 'utf8'), key).toString('base64');
}

export function verifyPayload(publicKey: string, payload: string, signature: string): boolean {
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return false;
  return verify(null, Buffer.from(payload, 'utf8'), parsePublicKey(publicKey), sig);
}

/** sha256 of each evidence item as the finding's JSON has it. */
export function evidenceHashes(body: { evidence?: unknown[] }): string[] {
  return (body.evidence ?? []).map((e) => sha256Hex(JSON.stringify(e)));
}

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const Name = z.string().min(1).max(500);
const Str = z.string().max(2000);
const RecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app'), platform: Name, packageName: Name, name: Str.nullable(), filingNo: Str.nullable(), company: z.object({ name: Str, creditCode: Str.nullable() }).nullable() }),
  z.object({ kind: z.literal('version'), platform: Name, packageName: Name, sha256: Sha, signerSha256: Sha.nullable(), versionCode: Str.nullable(), versionName: Str.nullable() }),
  z.discriminatedUnion('state', [
    z.object({
      kind: z.literal('finding'),
      state: z.literal('confirmed'),
      fingerprint: Sha,
      platform: Name,
      packageName: Name,
      ruleId: Name,
      owner: Str,
      dataTypes: z.array(Name),
      severity: Name,
      confidence: Name,
      versions: z.array(Sha),
      evidenceSha256: z.array(Sha),
      body: z.record(z.string(), z.unknown()),
    }),
    z.object({ kind: z.literal('finding'), state: z.literal('withdrawn'), fingerprint: Sha }),
  ]),
  z.object({
    kind: z.literal('notice'),
    ref: z.number().int().positive(),
    noticeKind: z.enum(['urge', 'public', 'takedown', 'recheck']),
    title: Str,
    issuer: Str,
    issueDate: Str.nullable(),
    deadline: Str.nullable(),
    documentSha256: Sha.nullable(),
    apps: z.array(z.object({ platform: Name, packageName: Name, sha256: Sha, state: Name, fingerprints: z.array(Sha) })),
  }),
]);

/** Reads a payload's header, saying what is wrong with it; checkRecords() checks the records. */
export function parseBundle(payload: string): Bundle {
  let b: unknown;
  try {
    b = JSON.parse(payload);
  } catch (e) {
    throw new Error(`the bundle's payload is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const o = b as Partial<Bundle> | null;
  if (o === null || typeof o !== 'object') throw new Error('the bundle is not a JSON object');
  if (o.format !== BUNDLE_FORMAT) throw new Error(`the bundle's format is ${JSON.stringify(o.format)}, not ${BUNDLE_FORMAT}`);
  if (typeof o.bundleId !== 'string' || !/^[0-9a-f-]{36}$/.test(o.bundleId)) throw new Error('the bundle has no bundleId (a UUID)');
  if (typeof o.province !== 'string' || !/^[A-Z0-9-]{1,16}$/.test(o.province)) throw new Error('the bundle has no province code');
  if (typeof o.seq !== 'number' || !Number.isInteger(o.seq) || o.seq < 1) throw new Error('the bundle has no sequence number (an integer from 1)');
  if (!Array.isArray(o.records)) throw new Error('the bundle has no records array');
  return o as Bundle;
}

/** Checks each record of a bundle read by parseBundle, naming the first one that is wrong and why. */
export function checkRecords(o: Bundle): void {
  for (const [i, r] of o.records.entries()) {
    const ok = RecordSchema.safeParse(r);
    if (!ok.success) throw new Error(`record ${i} of bundle ${o.seq}: ${ok.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; ')}`);
  }
}
