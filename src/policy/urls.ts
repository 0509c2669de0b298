// Policy URLs an app links to: links whose path or neighbourhood says privacy/policy/隐私, from any strings
// (string resources, assets, the policy text itself).

const URL_RE = /https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s"'<>，。；、）)】|\\]*)?/g;
const POLICY_HINT = /privacy|policy|agreement|protocol|yinsi|xieyi|terms|legal|隐私|协议|政策/i;

/** Every http(s) URL that looks like a privacy policy link, de-duplicated, in first-seen order. */
export function policyUrls(strings: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of strings) {
    URL_RE.lastIndex = 0;
    for (let m = URL_RE.exec(s); m !== null; m = URL_RE.exec(s)) {
      const url = m[0].replace(/[.,;:!?]+$/, '');
      const around = s.slice(Math.max(0, m.index - 40), m.index);
      if (POLICY_HINT.test(url) || /隐私|政策|协议|privacy/i.test(around)) out.add(url);
    }
  }
  return [...out];
}
