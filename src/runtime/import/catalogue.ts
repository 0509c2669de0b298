// A hooked Java member (as a stack frame or a log names it) → its sensitive-API catalogue id.
import { digestOf, worthMatching, type ValueDigest } from '../digest.ts';
import { maskToken } from '../worth.ts';
import { sensitiveApis } from '../../knowledge/index.ts';

const BY_METHOD = new Map<string, string>();
const BY_KEY = new Map<string, string>();
const URIS: { uri: string; id: string }[] = [];
for (const a of sensitiveApis()) {
  if (a.dataType === null) continue;
  if (a.kind === 'method' && !BY_METHOD.has(a.api)) BY_METHOD.set(a.api, a.id);
  if (a.kind === 'settings-key' && a.key !== undefined) BY_KEY.set(`${a.namespace ?? 'secure'}:${a.key}`, a.id);
  if (a.kind === 'content-uri' && a.uri !== undefined) URIS.push({ uri: a.uri, id: a.id });
}
URIS.sort((a, b) => b.uri.length - a.uri.length);

/** Concrete classes a hook sees for an abstract API (the catalogue names the API). */
const ALIASES: [string, string][] = [
  ['android.app.ApplicationPackageManager.', 'android.content.pm.PackageManager.'],
  ['android.app.ContextImpl$ApplicationContentResolver.', 'android.content.ContentResolver.'],
];

/** `android.provider.Settings$Secure.getString` → `android.provider.Settings.Secure.getString`, aliases applied. */
export function canonicalMethod(method: string): string {
  let m = method;
  for (const [from, to] of ALIASES) if (m.startsWith(from)) m = to + m.slice(from.length);
  return m.replace(/\$/gu, '.');
}

/**
 * The catalogue id of a call: a settings read by its key, a content query by its URI, any other member by
 * name. A settings read or query whose key or URI is unknown, or not personal, gives null: the generic
 * entries would claim more than the log shows.
 */
export function apiIdFor(method: string, args: readonly string[] = []): string | null {
  const m = canonicalMethod(method);
  const settings = /^android\.provider\.Settings\.(Secure|System|Global)\.getString/u.exec(m);
  if (settings !== null) {
    const ns = settings[1]!.toLowerCase();
    for (const a of args) {
      const id = BY_KEY.get(`${ns}:${a.trim()}`);
      if (id !== undefined) return id;
    }
    return null;
  }
  if (m.startsWith('android.content.ContentResolver.query')) {
    for (const a of args) {
      const hit = URIS.find((u) => a.startsWith(u.uri));
      if (hit !== undefined) return hit.id;
    }
    return null;
  }
  return BY_METHOD.get(m) ?? null;
}

/** `{retDigest}` when the value is worth matching in a network capture (digests taken before masking), else nothing. */
export function digestField(value: string | undefined | null): { retDigest?: ValueDigest } {
  return value === undefined || value === null || !worthMatching(value) ? {} : { retDigest: digestOf(value) };
}

/** A personal value cut to what the evidence needs: its first and last 4 characters. */
export function mask(value: string): string {
  return maskToken(value.trim());
}
