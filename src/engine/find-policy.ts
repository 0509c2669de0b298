// Where a privacy policy sits inside a package: an HTML, text or Markdown file under assets/ or res/raw/
// whose name says so, or failing that one whose text reads like a policy. Returns what it searched, so a
// "no policy" finding can say where it looked.
import type { OpenedPackage } from '../package/types.ts';

const FILE = /\.(x?html?|txt|md)$/i;
const PLACES = /^(assets|res\/raw|res\/raw-[^/]+|resources)\//;
const NAMED = /(privacy|policy|yinsi|隐私|personal[-_]?info|pipl)/i;
/** Terms of service often hold the policy too, but only when nothing better exists. */
const MAYBE = /(agreement|protocol|xieyi|协议|terms|legal|license)/i;
const LOOKS_LIKE = /(隐私政策|隐私保护|个人信息保护|个人信息处理规则|隐私权政策)/;
const MAX_CANDIDATE = 4 * 1024 * 1024;

export interface PolicyInPackage {
  found: { name: string; bytes: Uint8Array } | null;
  searched: string[];
  /** Short texts that name the policy (a consent pop-up: "请阅读《隐私政策》"): it exists, elsewhere. */
  mentions: string[];
}

const MENTION = /《[^》]{0,12}(隐私|个人信息)[^》]{0,12}》|隐私政策|隐私权政策|个人信息保护政策/;
/** Enough policy vocabulary to be the policy itself rather than a pop-up that links to it. */
const POLICY_WORDS = ['个人信息', '收集', '使用', '共享', '权限', '存储', '注销', '联系'];
const MIN_POLICY_CHARS = 800;

/**
 * Strings of resources.arsc: some apps keep the whole policy (or its consent pop-up) in string resources.
 * The string pool is read as text and cut at NULs, which is enough to find long runs of Chinese.
 */
function resourceStrings(pkg: OpenedPackage): string[] {
  const arsc = pkg.readEntry('resources.arsc');
  if (arsc === undefined) return [];
  const out: string[] = [];
  for (const enc of ['utf-8', 'utf-16le'] as const) {
    const text = new TextDecoder(enc, { fatal: false }).decode(arsc);
    for (const s of text.split('\u0000')) if (s.length >= 8 && MENTION.test(s)) out.push(s.replace(/[\p{Cc}\ufffd]/gu, (ch) => (ch === '\n' ? ch : '')));
  }
  return out;
}

function score(name: string): number {
  const base = name.split('/').pop() ?? name;
  if (NAMED.test(base)) return 3;
  if (NAMED.test(name)) return 2;
  if (MAYBE.test(base)) return 1;
  return 0;
}

export function findPolicyInPackage(pkg: OpenedPackage): PolicyInPackage {
  const strings = resourceStrings(pkg);
  const inFiles = findPolicyFile(pkg);
  if (inFiles.found !== null) return { ...inFiles, mentions: strings.slice(0, 3) };
  const searched = [...inFiles.searched, 'resources.arsc strings'];
  const whole = strings
    .filter((s) => s.length >= MIN_POLICY_CHARS && POLICY_WORDS.filter((w) => s.includes(w)).length >= 5)
    .sort((a, b) => b.length - a.length)[0];
  if (whole !== undefined) return { found: { name: 'resources.arsc (string resource)', bytes: new TextEncoder().encode(whole) }, searched, mentions: [] };
  return { found: null, searched, mentions: strings.map((s) => s.slice(0, 200)).slice(0, 3) };
}

function findPolicyFile(pkg: OpenedPackage): Omit<PolicyInPackage, 'mentions'> {
  const candidates = pkg.entries
    .filter((e) => PLACES.test(e.name) && FILE.test(e.name) && e.size > 0 && e.size <= MAX_CANDIDATE)
    .map((e) => ({ e, s: score(e.name) }))
    .sort((a, b) => b.s - a.s || b.e.size - a.e.size);
  const searched = ['assets/**/*.{html,htm,txt,md}', 'res/raw/**'];
  for (const { e, s } of candidates.slice(0, 40)) {
    const bytes = pkg.readEntry(e.name);
    if (bytes === undefined) continue;
    // Named files are accepted as they are; others must read like a policy (the decoder copes with GBK).
    const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 65536));
    if (s >= 2 || LOOKS_LIKE.test(head)) return { found: { name: e.name, bytes }, searched: [...searched, e.name] };
    searched.push(e.name);
  }
  return { found: null, searched };
}
