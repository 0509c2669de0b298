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
}

function score(name: string): number {
  const base = name.split('/').pop() ?? name;
  if (NAMED.test(base)) return 3;
  if (NAMED.test(name)) return 2;
  if (MAYBE.test(base)) return 1;
  return 0;
}

export function findPolicyInPackage(pkg: OpenedPackage): PolicyInPackage {
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
