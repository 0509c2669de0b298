// A store listing file (--listing): one StoreListing or an array of them. User input, checked field by field
// with the rules of docs/store-listing.schema.json; the error names the file, the listing and the field.
import { ErrorCode, PiscopeError } from '../errors.ts';
import type { StoreListing } from '../package/store-listing.ts';

const STRING_KEYS = ['store', 'url', 'packageName', 'appName', 'developer', 'versionName', 'privacyPolicyUrl', 'packageSha256', 'fetchedAt'] as const;
const KEYS = new Set<string>([...STRING_KEYS, 'versionCode', 'permissions', 'signerSha256', '$schema']);
const PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/u;
const HTTP = /^https?:\/\//u;
const SHA256 = /^[0-9a-fA-F]{64}$/u;
const WHEN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u;

function bad(file: string, what: string): PiscopeError {
  return new PiscopeError(ErrorCode.LISTING_INVALID, `${what} (see docs/store-listing.schema.json)`, { structure: 'store-listing', file });
}

function one(raw: unknown, at: string, file: string): StoreListing {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(file, `${at} must be an object`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!KEYS.has(k)) throw bad(file, `${at}: unknown key "${k}"`);
  for (const k of STRING_KEYS) if (r[k] !== undefined && typeof r[k] !== 'string') throw bad(file, `${at}.${k} must be a string`);
  for (const k of ['store', 'packageName', 'fetchedAt'] as const) if (r[k] === undefined) throw bad(file, `${at}.${k} is required`);
  if ((r.store as string).length === 0) throw bad(file, `${at}.store must not be empty`);
  if (!PACKAGE.test(r.packageName as string)) throw bad(file, `${at}.packageName "${r.packageName as string}" is not a package name`);
  const when = r.fetchedAt as string;
  if (!WHEN.test(when) || Number.isNaN(Date.parse(when))) throw bad(file, `${at}.fetchedAt "${when}" is not an ISO 8601 date-time (2026-12-07T10:00:00Z)`);
  for (const k of ['url', 'privacyPolicyUrl'] as const) if (typeof r[k] === 'string' && !HTTP.test(r[k])) throw bad(file, `${at}.${k} must be an http(s) URL`);
  if (typeof r.packageSha256 === 'string' && !SHA256.test(r.packageSha256)) throw bad(file, `${at}.packageSha256 must be 64 hex digits`);
  if (r.versionCode !== undefined && (typeof r.versionCode !== 'number' || !Number.isInteger(r.versionCode) || r.versionCode < 0)) throw bad(file, `${at}.versionCode must be a whole number`);
  for (const k of ['permissions', 'signerSha256'] as const) {
    const v = r[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.length === 0)) throw bad(file, `${at}.${k} must be an array of strings`);
    if (k === 'signerSha256' && v.some((x) => !SHA256.test(x as string))) throw bad(file, `${at}.signerSha256 must hold 64-hex-digit digests`);
  }
  const l: Record<string, unknown> = {};
  for (const k of KEYS) if (k !== '$schema' && r[k] !== undefined) l[k] = k === 'packageSha256' || k === 'signerSha256' ? (Array.isArray(r[k]) ? (r[k] as string[]).map((s) => s.toLowerCase()) : (r[k] as string).toLowerCase()) : r[k];
  return l as unknown as StoreListing;
}

/** Parse and check a listing file's text: one listing or a non-empty array. */
export function parseListings(text: string, file: string): StoreListing[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw bad(file, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) throw bad(file, 'an empty array: give at least one listing');
    return doc.map((x, i) => one(x, `listing [${i}]`, file));
  }
  return [one(doc, 'the listing', file)];
}
