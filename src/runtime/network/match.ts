// Personal information in a request: values the device returned (known by their digests, from the trace or
// given) found in a field, as sent or as their MD5/SHA-1/SHA-256 — proof; and, without a known value, the
// shape of a value under a telling name — a pattern, reported as possible or likely, never confirmed.
import { createHash } from 'node:crypto';
import type { KnownValue } from '../facts.ts';
import { maskToken } from '../worth.ts';
import type { Field } from './fields.ts';

export type MatchForm = 'as-sent' | 'lower-case' | 'upper-case' | 'mac-without-colons' | 'md5' | 'sha1' | 'sha256';

export interface ValueHit {
  readonly dataType: string;
  readonly field: Field;
  /** value: a known device value was found (proof); pattern: a value shaped like the data type, under a telling name. */
  readonly basis: 'value' | 'pattern';
  readonly form: MatchForm | null;
  /** The value masked to what the evidence needs (first and last 4 characters). */
  readonly masked: string;
  /** The token as it stood in the request (masked the same way), to find it there. */
  readonly token: string;
  readonly known: KnownValue | null;
  readonly confidence: 'confirmed' | 'likely' | 'possible';
  readonly why: string;
}

export { maskToken };

export interface KnownIndex {
  readonly bySha256: Map<string, KnownValue>;
  /** Hex digests of the values (md5, sha1, sha256) → the value and which digest. */
  readonly byHex: Map<string, { value: KnownValue; form: 'md5' | 'sha1' | 'sha256' }>;
  readonly lengths: Set<number>;
  readonly size: number;
}

export function knownIndex(values: readonly KnownValue[]): KnownIndex {
  const bySha256 = new Map<string, KnownValue>();
  const byHex = new Map<string, { value: KnownValue; form: 'md5' | 'sha1' | 'sha256' }>();
  const lengths = new Set<number>();
  for (const v of values) {
    bySha256.set(v.digest.sha256, v);
    lengths.add(v.digest.length);
    byHex.set(v.digest.sha256, { value: v, form: 'sha256' });
    if (v.digest.md5 !== '') byHex.set(v.digest.md5, { value: v, form: 'md5' });
    if (v.digest.sha1 !== '') byHex.set(v.digest.sha1, { value: v, form: 'sha1' });
  }
  return { bySha256, byHex, lengths, size: values.length };
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Candidate tokens of a field value: the whole value and its runs of id-like characters. */
function tokens(value: string): string[] {
  const out = new Set<string>();
  const v = value.trim();
  if (v.length >= 8 && v.length <= 512) out.add(v);
  for (const m of value.matchAll(/[0-9A-Za-z][0-9A-Za-z:._-]{6,126}[0-9A-Za-z]/gu)) out.add(m[0]);
  for (const m of value.matchAll(/[0-9A-Za-z]{8,128}/gu)) out.add(m[0]);
  return [...out];
}

function forms(t: string): { form: MatchForm; text: string }[] {
  const out: { form: MatchForm; text: string }[] = [{ form: 'as-sent', text: t }];
  const lo = t.toLowerCase();
  const up = t.toUpperCase();
  // The form names how the request carries the value: a token that matches once lower-cased was sent upper-case.
  if (lo !== t) out.push({ form: 'upper-case', text: lo });
  if (up !== t) out.push({ form: 'lower-case', text: up });
  if (/^[0-9A-Fa-f]{12}$/u.test(t)) {
    const pairs = lo.match(/../gu)!.join(':');
    out.push({ form: 'mac-without-colons', text: pairs }, { form: 'mac-without-colons', text: pairs.toUpperCase() });
  }
  if (/^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}$/u.test(t)) out.push({ form: 'mac-without-colons', text: lo.replace(/-/gu, ':') });
  return out;
}

/** Known device values in the fields, each value reported once per request (its first place). */
export function matchKnown(fields: readonly Field[], index: KnownIndex): ValueHit[] {
  if (index.size === 0) return [];
  const hits: ValueHit[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    for (const t of tokens(f.value)) {
      let hit: { value: KnownValue; form: MatchForm } | undefined;
      if (/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$/u.test(t)) {
        const h = index.byHex.get(t.toLowerCase());
        if (h !== undefined) hit = { value: h.value, form: h.form };
      }
      if (hit === undefined) {
        for (const c of forms(t)) {
          if (!index.lengths.has(c.text.length)) continue;
          const v = index.bySha256.get(sha256(c.text));
          if (v !== undefined) {
            hit = { value: v, form: c.form };
            break;
          }
        }
      }
      if (hit === undefined || seen.has(hit.value.digest.sha256)) continue;
      seen.add(hit.value.digest.sha256);
      const src = hit.value.source;
      const from = src.kind === 'trace' ? `returned by ${src.method} (${src.at.file}:${src.at.line})` : `given in ${src.file}`;
      const how = hit.form === 'md5' || hit.form === 'sha1' || hit.form === 'sha256' ? `its ${hit.form.toUpperCase()}` : hit.form === 'as-sent' ? 'the value itself' : `the value (${hit.form})`;
      hits.push({ dataType: hit.value.dataType, field: f, basis: 'value', form: hit.form, masked: hit.value.masked, token: maskToken(t), known: hit.value, confidence: 'confirmed', why: `${how}, ${from}` });
    }
  }
  return hits;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

interface Pattern {
  readonly dataType: string;
  /** The last segment of the field's name (a JSON path's leaf), lower case. */
  readonly name: RegExp;
  readonly value: (v: string) => boolean;
  readonly shape: string;
}

const PLACEHOLDER = /^([0:-]+|f+|unknown|null|02:00:00:00:00:00|9774d56d682e549c)$/iu;

const PATTERNS: readonly Pattern[] = [
  { dataType: 'device.imei', name: /^(imei\d?|imei_?\d|ime|device_?imei|meid)$/u, value: (v) => /^\d{15}$/u.test(v) && luhn(v), shape: '15 digits with a valid Luhn check digit' },
  { dataType: 'device.imsi', name: /^(imsi\d?|sim_?imsi)$/u, value: (v) => /^46\d{13}$/u.test(v), shape: '15 digits starting 46 (a Chinese operator)' },
  { dataType: 'device.android-id', name: /^(android_?id|androidid|aid|adid)$/u, value: (v) => /^[0-9a-f]{16}$/iu.test(v), shape: '16 hex digits' },
  { dataType: 'device.oaid', name: /^(oaid|oa_?id)$/u, value: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu.test(v) || /^[0-9a-f]{16,64}$/iu.test(v), shape: 'a UUID or 16–64 hex digits' },
  { dataType: 'device.mac', name: /^(mac|mac_?addr(ess)?|wifi_?mac|device_?mac|wmac)$/u, value: (v) => /^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$/iu.test(v), shape: 'a MAC address' },
  { dataType: 'location.wifi', name: /^(bssid|wifi_?bssid|ap_?mac)$/u, value: (v) => /^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$/iu.test(v), shape: 'a Wi-Fi BSSID' },
  { dataType: 'device.phone-number', name: /^(phone|mobile|phone_?num(ber)?|mobile_?(no|num(ber)?)|tel|msisdn|line1_?number)$/u, value: (v) => /^(\+?86)?1[3-9]\d{9}$/u.test(v), shape: 'a Chinese mobile number' },
  { dataType: 'location.precise', name: /^(lat|latitude|lng|lon|longitude)$/u, value: (v) => /^-?\d{1,3}\.\d{4,}$/u.test(v) && Math.abs(Number(v)) <= 180 && Math.abs(Number(v)) > 0.001, shape: 'a coordinate with 4 or more decimals' },
];

// A package name standing alone: not a class or a stack frame (`com.x.y.Foo`, `com.x.y.a(`), as crash reports hold.
const PACKAGE = /\b(?:com|cn|org|net|io|me|tv|so|co|air|top|vip)\.[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+\b(?![.\w$(])/gu;

/** Shapes of personal information in the fields; fields with a known-value hit are skipped. */
export function matchPatterns(fields: readonly Field[], skip: ReadonlySet<Field>, ownPackage: string | null): ValueHit[] {
  const hits: ValueHit[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    if (skip.has(f)) continue;
    const leaf = (f.name.split(/[.[\]]/u).filter((x) => x !== '').at(-1) ?? f.name).toLowerCase();
    const v = f.value.trim();
    for (const p of PATTERNS) {
      if (!p.name.test(leaf) || PLACEHOLDER.test(v) || !p.value(v)) continue;
      const key = `${p.dataType}\u0000${v}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ dataType: p.dataType, field: f, basis: 'pattern', form: null, masked: maskToken(v), token: maskToken(v), known: null, confidence: 'possible', why: `a field named "${leaf}" holding ${p.shape}` });
    }
    // An app list: many package names in one field (raw bodies included), other than the app's own.
    if (v.length >= 40) {
      // A class name (a page an analytics event names: com.x.app.ui.MainActivity) counts as its package, and the
      // app's own packages not at all: many pages of one app are not a list of apps.
      const pkgs = new Set([...v.matchAll(PACKAGE)].map((m) => m[0].replace(/\.[A-Z][\w$]*$/u, '')).filter((x) => x.split('.').length >= 2 && (ownPackage === null || (x !== ownPackage && !x.startsWith(`${ownPackage}.`)))));
      if (pkgs.size >= 5 && !seen.has(`app-list\u0000${f.name}`) && !hits.some((h) => h.dataType === 'app-list')) {
        seen.add(`app-list\u0000${f.name}`);
        const named = /app|pkg|package|install/iu.test(f.name);
        const sample = [...pkgs].slice(0, 3).join(', ');
        hits.push({ dataType: 'app-list', field: f, basis: 'pattern', form: null, masked: `${pkgs.size} package names (${sample}, …)`, token: `${pkgs.size} package names`, known: null, confidence: named && pkgs.size >= 10 ? 'likely' : 'possible', why: `${pkgs.size} distinct Android package names in ${f.name === '(body)' ? 'the body' : `"${f.name}"`}: an installed-app list, or a list of apps the code looks for` });
      }
    }
  }
  return hits;
}
