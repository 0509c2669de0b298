// Policy URLs an app links to: links whose path or neighbourhood says privacy/policy/隐私, from any strings
// (string resources, assets, the policy text itself). And the stricter test of what may count as the app's
// own policy page: a page named like a policy, not an API endpoint, not on an SDK vendor's host.
import { sdks } from '../knowledge/index.ts';

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

// Words of a policy page in a URL's path, query or fragment (never its host: privacy.example.com/api/x is an
// endpoint). "policy", "terms" and "legal" only as whole words: report_policy=1 or cachePolicy are settings.
const PAGE_WORD = /privacy|yinsi|xieyi|agreement|protocol|隐私|协议|政策|条款|(?:^|[^a-z])(?:policy|policies|terms|legal)(?:[^a-z]|$)/i;
/** Path segments of web APIs, and data files: an endpoint the code calls, not a page a user reads. */
const API_PATH = /(?:^|\/)(?:api|apis|rest|rpc|gateway|openapi|v\d+(?:\.\d+)?)(?:\/|$)|\.(?:json|xml|pb|proto)$/i;

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parse(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Every http(s) URL in a string. */
export function urlsIn(s: string): string[] {
  return [...s.matchAll(URL_RE)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}

/** A web API endpoint or data file (or not a web URL at all): never a page a user reads. */
export function isEndpointUrl(url: string): boolean {
  const u = parse(url);
  return u === null || API_PATH.test(decoded(u.pathname));
}

/** Whether the URL names a page that reads like a privacy policy or user agreement (not an API endpoint). */
export function isPolicyPageUrl(url: string): boolean {
  const u = parse(url);
  if (u === null || isEndpointUrl(url)) return false;
  return PAGE_WORD.test(`${decoded(u.pathname)} ${decoded(u.search)} ${decoded(u.hash)}`);
}

let sdkHosts: { domain: string; id: string }[] | undefined;

/**
 * Object storage and document sites that also appear among SDK vendors' domains: any app may host its policy
 * there (https://x.oss-cn-hangzhou.aliyuncs.com/privacy.html), so they say nothing about whose page it is.
 */
const SHARED_HOSTING = /(?:^|\.)(?:aliyuncs\.com|myqcloud\.com|docs\.qq\.com|bcebos\.com|qbox\.me|clouddn\.com|qiniucdn\.com|github\.io|gitee\.io|feishu\.cn|yuque\.com)$/;

/** The catalogued SDK whose vendor domain hosts the URL (its policy or its endpoint), or null. */
export function sdkOfHost(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (SHARED_HOSTING.test(host)) return null;
  sdkHosts ??= sdks().flatMap((s) => s.domains.map((d) => ({ domain: d.toLowerCase(), id: s.id })));
  return sdkHosts.find((d) => host === d.domain || host.endsWith(`.${d.domain}`))?.id ?? null;
}

/**
 * A likely policy page of the app itself: named like one (or held where the app names its policy link, such
 * as @string/privacy_url: `named`), not an API endpoint, and not on an SDK vendor's host.
 */
export function isAppPolicyPageUrl(url: string, named = false): boolean {
  return (named ? !isEndpointUrl(url) : isPolicyPageUrl(url)) && sdkOfHost(url) === null;
}
