// Store listing against the package: the package's effective permissions, its signer certificates, names
// compared with what they allow to say, and evidence that names the store and when it was read.
import { impliedPermissions } from '../../knowledge/index.ts';
import type { StoreListing } from '../../package/store-listing.ts';
import type { Certificate, Manifest, Signing } from '../../package/types.ts';
import type { Evidence } from '../../report/types.ts';

/** The listing as evidence: where it was read, from which store and when, and the field compared. */
export function listingEvidence(l: StoreListing, field: string, value: string): Evidence {
  return { kind: 'file', path: l.url ?? `store listing ${l.store}`, detail: `${l.store} listing of ${l.packageName}, read ${l.fetchedAt}: ${field} = ${value}`, store: l.store, fetchedAt: l.fetchedAt, field };
}

/** Signer certificates of the package: the APK Signing Block's, else v1's; each once. */
export function packageCertificates(signing: Signing | null | undefined): Certificate[] {
  if (signing === null || signing === undefined) return [];
  const all = [...(signing.blockCertificates ?? []), ...signing.v1.flatMap((v) => v.certificates)];
  return [...new Map(all.map((c) => [c.sha256.toLowerCase(), c])).values()];
}

export function certificateEvidence(c: Certificate, signing: Signing | null | undefined): Evidence {
  const where = signing?.v1.find((v) => v.certificates.some((x) => x.sha256 === c.sha256));
  const path = where !== undefined ? where.signatureFile.replace(/\.SF$/u, '.(RSA|DSA|EC)') : 'APK Signing Block';
  return { kind: 'file', path, sha256: c.sha256.toLowerCase(), detail: `signer certificate: subject ${c.subject}; sha256 ${c.sha256.toLowerCase()} (apksigner verify --print-certs)` };
}

export interface PackagePermission {
  readonly name: string;
  /** Null when the manifest requests it; the platform's reason when it is only implied. */
  readonly implied: string | null;
  readonly line: number | null;
}

/** What the package holds: its <uses-permission> (and -sdk-23) and what Android implies from them (aapt's uses-implied-permission). */
export function packagePermissions(m: Manifest): PackagePermission[] {
  const out = new Map<string, PackagePermission>();
  for (const p of m.permissions) if (!out.has(p.name)) out.set(p.name, { name: p.name, implied: null, line: p.line });
  const target = m.targetSdk ?? m.minSdk ?? 1;
  // Two passes: READ_EXTERNAL_STORAGE follows WRITE_EXTERNAL_STORAGE even when that one is itself implied.
  for (let pass = 0; pass < 2; pass++) {
    for (const r of impliedPermissions()) {
      if (out.has(r.permission)) continue;
      if (r.targetSdkBelow !== undefined && target >= r.targetSdkBelow) continue;
      if (r.whenRequested !== undefined && !out.has(r.whenRequested)) continue;
      out.set(r.permission, { name: r.permission, implied: r.reason, line: null });
    }
  }
  return [...out.values()];
}

/** Attributes of an X.500 subject as the signing reader prints it (`C=US, O=Foo\, Inc., CN=Bar`). */
export function subjectAttributes(subject: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of subject.split(/(?<!\\),\s*/u)) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toUpperCase(), part.slice(eq + 1).replace(/\\,/gu, ',').trim());
  }
  return out;
}

/** The names a certificate gives: its organisation, then its common name. */
export function certificateName(c: Certificate): string {
  const a = subjectAttributes(c.subject);
  return [a.get('O'), a.get('CN')].filter((x): x is string => x !== undefined && x !== '').join(' / ');
}

// Words that say what kind of body a name is, not which one.
const LATIN_STOP = new Set(['co', 'ltd', 'inc', 'llc', 'gmbh', 'ag', 'sa', 'bv', 'plc', 'pty', 'limited', 'company', 'corp', 'corporation', 'incorporated', 'technology', 'technologies', 'tech', 'software', 'network', 'networks', 'information', 'info', 'the', 'and', 'of', 'studio', 'team', 'group', 'holdings', 'com', 'org', 'net', 'www', 'https', 'http', 'repo', 'app', 'apps', 'mobile', 'development', 'developer', 'dev', 'labs', 'digital', 'services', 'solutions', 'beijing', 'shanghai', 'shenzhen', 'guangzhou', 'hangzhou', 'china']);
const HAN_STOP = /股份有限公司|有限责任公司|有限公司|分公司|公司|集团|科技|网络|信息|技术|软件|计算机|数字|互联网|服务|北京|上海|深圳|广州|杭州|中国|省|市|[（）()]/gu;
// Subjects that name no one: debug keys, placeholders, the generic subject of keys Google generates.
const GENERIC = new Set(['android', 'android debug', 'unknown', 'google inc.', 'google inc', 'google llc', 'test', 'debug']);

function latinTokens(s: string): string[] {
  return (s.normalize('NFKC').toLowerCase().match(/[a-z0-9]+/gu) ?? []).filter((t) => t.length >= 3 && !LATIN_STOP.has(t));
}

function hanCore(s: string): string {
  return (s.normalize('NFKC').match(/\p{Script=Han}+/gu) ?? []).join('').replace(HAN_STOP, '');
}

export type NameVerdict = 'same' | 'different' | 'not-comparable' | 'generic' | 'unknown';

/**
 * Whether two names (a developer, a certificate subject, a company) can be the same body. `not-comparable`:
 * one is written in Chinese and the other in Latin letters, which no rule can match (a company's English
 * name is not a translation of its Chinese one); `generic`: the certificate names no one.
 */
export function compareNames(a: string | null | undefined, b: string | null | undefined): NameVerdict {
  if (a === null || a === undefined || b === null || b === undefined || a.trim() === '' || b.trim() === '') return 'unknown';
  if (b.split(' / ').every((x) => GENERIC.has(x.trim().toLowerCase()))) return 'generic';
  const ha = hanCore(a);
  const hb = hanCore(b);
  if (ha.length >= 2 && hb.length >= 2 && (ha.includes(hb) || hb.includes(ha))) return 'same';
  const la = latinTokens(a);
  const lb = latinTokens(b);
  if (la.some((t) => lb.includes(t))) return 'same';
  // "GuardianProject" against "Guardian Project".
  const ja = la.join('');
  const jb = lb.join('');
  if (ja.length >= 4 && jb.length >= 4 && (ja.includes(jb) || jb.includes(ja))) return 'same';
  const hanOnlyA = ha.length > 0 && la.length === 0;
  const hanOnlyB = hb.length > 0 && lb.length === 0;
  if ((ha.length >= 2 && hb.length >= 2) || (la.length > 0 && lb.length > 0 && !hanOnlyA && !hanOnlyB)) return 'different';
  return 'not-comparable';
}

/** True when the certificate names the store itself: a store that builds and signs the apps it lists (F-Droid). */
export function signedByStore(c: Certificate, store: string): boolean {
  const storeTokens = latinTokens(store.replace(/-/gu, ''));
  const subject = latinTokens(c.subject.replace(/-/gu, ''));
  return storeTokens.some((t) => subject.includes(t));
}

export function listingVersion(l: StoreListing): string {
  return [l.versionName, l.versionCode === undefined ? undefined : `(${l.versionCode})`].filter((x) => x !== undefined).join(' ');
}
