// SDK lookups: by package (longest prefix wins, so `com.tencent.mm.opensdk` beats a shorter Tencent
// prefix) and by the names Chinese privacy policies use for SDKs.
import type { Sdk } from './types.ts';

export interface SdkMatcher {
  /** The SDK whose package prefix is the longest match for a class (dotted, `a/b/C` or `La/b/C;`). */
  forClass(name: string): { sdk: Sdk; prefix: string } | undefined;
  /** The SDK a policy names exactly (alias, name or nameZh), ignoring case, spaces and a trailing "SDK". */
  byAlias(text: string): Sdk | undefined;
  /** SDKs whose aliases occur in a longer text, in text order; `index` is in the text with spaces removed. */
  mentionedIn(text: string): { sdk: Sdk; alias: string; index: number }[];
  /** SDKs whose manifest hints occur in a manifest, with what matched (`meta-data:…`, `action:…`, `permission:…`). */
  forManifest(input: SdkManifestInput): { sdk: Sdk; evidence: string[] }[];
}

export interface SdkManifestInput {
  metaData?: Iterable<string>;
  actions?: Iterable<string>;
  permissions?: Iterable<string>;
}

/** Dotted class name from `La/b/C;`, `a/b/C` or `a.b.C`. */
export function toDotted(name: string): string {
  let n = name;
  if (n.startsWith('L') && n.endsWith(';')) n = n.slice(1, -1);
  return n.replaceAll('/', '.');
}

/** Folds full-width ASCII, case and spaces, and drops a trailing "sdk", so policy names compare. */
export function normaliseAlias(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(/[\s\u00a0·•]+/gu, '');
  s = s.replace(/[（(][^）)]*[）)]$/u, '');
  s = s.replace(/(sdk|软件开发工具包)$/u, '');
  return s;
}

const WORD = /[a-z0-9]/u;

function isWordEdge(text: string, at: number): boolean {
  return at < 0 || at >= text.length || !WORD.test(text.charAt(at));
}

function atSdkWord(text: string, at: number): boolean {
  return text.startsWith('sdk', at) && isWordEdge(text, at + 3);
}

export function buildSdkMatcher(sdks: readonly Sdk[]): SdkMatcher {
  const prefixes = new Map<string, Sdk>();
  for (const sdk of sdks) for (const p of sdk.packages) prefixes.set(p, sdk);
  const aliases = new Map<string, Sdk>();
  const mentions: { norm: string; alias: string; sdk: Sdk; latin: boolean }[] = [];
  for (const sdk of sdks) {
    for (const a of [...sdk.aliases, sdk.nameZh, sdk.name]) {
      const norm = normaliseAlias(a);
      if (norm.length === 0) continue;
      if (!aliases.has(norm)) aliases.set(norm, sdk);
      // Libraries are never named in policies. Short Latin names ("QQ") match inside unrelated words;
      // two Chinese characters ("个推") do not.
      if (sdk.category === 'library') continue;
      const latin = !/\p{Script=Han}/u.test(norm);
      if (norm.length >= 3 || (norm.length === 2 && !latin)) mentions.push({ norm, alias: a, sdk, latin });
    }
  }
  mentions.sort((a, b) => b.norm.length - a.norm.length);
  const hinted = sdks.filter((s) => s.manifest !== undefined);

  return {
    forClass(name) {
      const dotted = toDotted(name);
      let end = dotted.length;
      for (;;) {
        const candidate = dotted.slice(0, end);
        const sdk = prefixes.get(candidate);
        if (sdk !== undefined) return { sdk, prefix: candidate };
        end = dotted.lastIndexOf('.', end - 1);
        if (end <= 0) return undefined;
      }
    },
    byAlias(text) {
      return aliases.get(normaliseAlias(text));
    },
    mentionedIn(text) {
      const hay = text.normalize('NFKC').toLowerCase().replace(/[\s\u00a0·•]+/gu, '');
      const taken: boolean[] = [];
      const seen = new Set<string>();
      const out: { sdk: Sdk; alias: string; index: number }[] = [];
      for (const m of mentions) {
        let from = 0;
        for (;;) {
          const i = hay.indexOf(m.norm, from);
          if (i < 0) break;
          from = i + 1;
          // A Latin name must be a whole word ("MAN" is not in "management"); "SDK" may follow it.
          if (m.latin && !(isWordEdge(hay, i - 1) && (isWordEdge(hay, i + m.norm.length) || atSdkWord(hay, i + m.norm.length)))) continue;
          let free = true;
          for (let k = i; k < i + m.norm.length; k++) if (taken[k] === true) free = false;
          if (!free) continue;
          for (let k = i; k < i + m.norm.length; k++) taken[k] = true;
          if (!seen.has(m.sdk.id)) {
            seen.add(m.sdk.id);
            out.push({ sdk: m.sdk, alias: m.alias, index: i });
          }
        }
      }
      return out.sort((a, b) => a.index - b.index);
    },
    forManifest(input) {
      const metaData = new Set(input.metaData ?? []);
      const actions = new Set(input.actions ?? []);
      const permissions = [...(input.permissions ?? [])];
      const out: { sdk: Sdk; evidence: string[] }[] = [];
      for (const sdk of hinted) {
        const m = sdk.manifest!;
        const evidence = [
          ...(m.metaData ?? []).filter((k) => metaData.has(k)).map((k) => `meta-data:${k}`),
          ...(m.actions ?? []).filter((a) => actions.has(a)).map((a) => `action:${a}`),
          ...permissions.filter((p) => (m.permissionSuffixes ?? []).some((s) => p.endsWith(s))).map((p) => `permission:${p}`),
        ];
        if (evidence.length > 0) out.push({ sdk, evidence });
      }
      return out;
    },
  };
}
