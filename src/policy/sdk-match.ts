// The one place that ties SDK names in a policy to catalogue ids (src/knowledge/sdks.json), so "友盟+",
// "友盟统计SDK" and com.umeng are the same SDK.
import { sdkByAlias, sdkForClass, sdks, sdksMentionedIn } from '../knowledge/index.ts';

const PACKAGE = /^[a-z][\w]*(?:\.[a-z_][\w]*)+$/i;
const PACKAGE_IN_TEXT = /\b(?:com|cn|net|org|io|me|tv)\.[a-z_]\w*(?:\.[a-z_]\w*)*/gi;

/** A Java package named in a policy: its owning SDK, or for a bare vendor prefix (com.umeng) the first SDK under it. */
function sdkForPackage(pkg: string): string | null {
  const owned = sdkForClass(pkg);
  if (owned !== undefined) return owned.sdk.id;
  const under = sdks().find((s) => s.packages.some((p) => p.startsWith(`${pkg}.`)));
  return under?.id ?? null;
}

/** Catalogue id of an SDK named in a policy ("友盟统计SDK"), or of a Java package (com.umeng.analytics). */
export function matchSdk(nameOrPackage: string): string | null {
  const t = nameOrPackage.trim();
  if (t === '') return null;
  if (PACKAGE.test(t)) {
    const id = sdkForPackage(t);
    if (id !== null) return id;
  }
  const exact = sdkByAlias(t);
  if (exact !== undefined) return exact.id;
  // "友盟统计分析SDK（友盟同欣）": the longest catalogue name at the start of the text.
  const first = sdksMentionedIn(t).filter((m) => m.index === 0);
  if (first.length > 0) return first.sort((a, b) => b.alias.length - a.alias.length)[0]!.sdk.id;
  return null;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The alias as written, outside URLs, and not inside a longer Latin word ("PAG" in "page", "OAID SDK" for "OAID"). */
function writtenIn(text: string, alias: string): boolean {
  const bare = text.replace(/https?:\/\/\S+/g, ' ');
  let p = escape(alias.normalize('NFKC')).replace(/\s+/g, '\\s*');
  if (/^[a-z0-9]/i.test(alias)) p = `(?<![A-Za-z0-9])${p}`;
  if (/[a-z0-9]$/i.test(alias)) p = `${p}(?![A-Za-z])`;
  return new RegExp(p, 'i').test(bare.normalize('NFKC'));
}

/** SDKs named anywhere in a sentence (by name or Java package), with the words that named them. */
export function sdksMentioned(text: string): { id: string; alias: string }[] {
  const out: { id: string; alias: string }[] = [];
  for (const m of sdksMentionedIn(text))
    if (!out.some((o) => o.id === m.sdk.id) && writtenIn(text, m.alias)) out.push({ id: m.sdk.id, alias: m.alias });
  for (const m of text.matchAll(PACKAGE_IN_TEXT)) {
    const id = sdkForPackage(m[0]);
    if (id !== null && !out.some((o) => o.id === id)) out.push({ id, alias: m[0] });
  }
  return out;
}
