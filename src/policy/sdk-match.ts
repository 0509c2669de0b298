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

interface AliasEntry {
  alias: string;
  id: string;
}

let byFirst: Map<number, AliasEntry[]> | null = null;
/** First characters of all names: most text positions are rejected by one set lookup, without slicing. */
const firsts = new Set<number>();

/** Catalogue names by their first two characters, longest first: one pass over a sentence finds every name written in it. */
function aliasIndex(): Map<number, AliasEntry[]> {
  if (byFirst !== null) return byFirst;
  byFirst = new Map();
  for (const sdk of sdks())
    for (const raw of [...sdk.aliases, sdk.nameZh, sdk.name]) {
      const alias = raw.normalize('NFKC').toLowerCase().trim();
      // Very short names ("QQ", "MTA") would match inside unrelated words.
      if (alias.length < 3 && !/[\u4e00-\u9fff]{2}/.test(alias)) continue;
      // Key: the first two UTF-16 units packed in one number.
      const key = alias.charCodeAt(0) * 0x10000 + alias.charCodeAt(1);
      firsts.add(alias.charCodeAt(0));
      const list = byFirst.get(key) ?? [];
      if (!list.some((e) => e.alias === alias)) list.push({ alias, id: sdk.id });
      byFirst.set(key, list);
    }
  for (const list of byFirst.values()) list.sort((a, b) => b.alias.length - a.alias.length);
  return byFirst;
}

const LATIN = /[a-z0-9]/;

/** SDKs named anywhere in a sentence (by name or Java package), with the words that named them. Names are
 * matched as written, outside URLs, and not inside a longer Latin word ("PAG" in "page"). */
export function sdksMentioned(text: string): { id: string; alias: string }[] {
  const out: { id: string; alias: string }[] = [];
  const index = aliasIndex();
  const t = text.replace(/https?:\/\/\S+/g, (u) => ' '.repeat(u.length)).normalize('NFKC').toLowerCase();
  for (let i = 0; i < t.length; i++) {
    if (!firsts.has(t.charCodeAt(i))) continue;
    const list = index.get(t.charCodeAt(i) * 0x10000 + t.charCodeAt(i + 1));
    if (list === undefined) continue;
    for (const e of list) {
      if (!t.startsWith(e.alias, i)) continue;
      const before = t[i - 1] ?? ' ';
      const after = t[i + e.alias.length] ?? ' ';
      if ((LATIN.test(e.alias[0]!) && LATIN.test(before)) || (LATIN.test(e.alias[e.alias.length - 1]!) && /[a-z]/.test(after))) continue;
      if (!out.some((o) => o.id === e.id)) out.push({ id: e.id, alias: e.alias });
      i += e.alias.length - 1;
      break;
    }
  }
  for (const m of text.matchAll(PACKAGE_IN_TEXT)) {
    const id = sdkForPackage(m[0]);
    if (id !== null && !out.some((o) => o.id === id)) out.push({ id, alias: m[0] });
  }
  return out;
}
