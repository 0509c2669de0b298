// Finding the privacy policy inside a package: an HTML, text or Markdown file in assets/ or res/raw/, or policy
// text in a string resource; and the policy URLs the app links to (string resources, assets, code strings).
import { parseArsc } from '../formats/arsc/parse-arsc.ts';
import type { OpenedPackage } from '../package/types.ts';
import { decodeText } from './decode.ts';
import { htmlToText } from './html-text.ts';
import { isAppPolicyPageUrl, isEndpointUrl, policyUrls, sdkOfHost, urlsIn } from './urls.ts';

export interface FoundPolicy {
  /** Entry name (`assets/privacy.html`) or string resource (`@string/privacy_policy`). */
  source: string;
  text: string;
  encoding: string | null;
}

const FILE_RE = /^(?:assets|res\/raw(?:-[\w-]+)?)\/.+\.(?:html?|txt|md)$/i;
const NAME_HINT = /privacy|policy|yinsi|agreement|protocol|隐私|协议|政策|license|terms|user_?agreement/i;
const MAX_ENTRY = 4 * 1024 * 1024;

/** Common names apps give the string resource holding their policy text or link. */
const STRING_NAMES = [
  'privacy_policy', 'privacy', 'privacy_content', 'privacy_text', 'privacy_policy_content', 'privacy_policy_text',
  'policy_content', 'policy_text', 'privacy_agreement', 'agreement_content', 'user_privacy', 'yinsi', 'yinsi_content',
  'privacy_url', 'privacy_policy_url', 'policy_url', 'url_privacy', 'privacy_link', 'agreement_url', 'user_agreement_url',
];

/** How much a text reads like a Chinese privacy policy. */
export function policyScore(text: string): number {
  let score = 0;
  if (/隐私政策|隐私权政策|隐私保护政策|个人信息保护政策|隐私协议/.test(text)) score += 3;
  score += Math.min(5, (text.match(/个人信息/g) ?? []).length);
  if (/收集|使用|共享/.test(text)) score += 1;
  if (/privacy policy/i.test(text)) score += 2;
  return score;
}

type EntryText = { text: string; encoding: string } | null;

// A scan reads the same files in findPolicyInPackage, locatePolicy's fallback and packagePolicyUrls, and the
// string resources in two of them: each is decoded once per package (the package keeps the bytes already).
const textCache = new WeakMap<OpenedPackage, Map<string, EntryText>>();
const stringsCache = new WeakMap<OpenedPackage, { name: string; value: string }[]>();

function readText(pkg: OpenedPackage, name: string): EntryText {
  let texts = textCache.get(pkg);
  if (texts === undefined) textCache.set(pkg, (texts = new Map<string, EntryText>()));
  if (texts.has(name)) return texts.get(name)!;
  const t = decodeEntry(pkg, name);
  texts.set(name, t);
  return t;
}

function decodeEntry(pkg: OpenedPackage, name: string): EntryText {
  const bytes = pkg.readEntry(name);
  if (bytes === undefined || bytes.length === 0 || bytes.length > MAX_ENTRY) return null;
  const d = decodeText(bytes);
  return { text: /\.html?$/i.test(name) ? htmlToText(d.text) : d.text, encoding: d.encoding };
}

function policyStrings(pkg: OpenedPackage): readonly { name: string; value: string }[] {
  let out = stringsCache.get(pkg);
  if (out === undefined) stringsCache.set(pkg, (out = readPolicyStrings(pkg)));
  return out;
}

function readPolicyStrings(pkg: OpenedPackage): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const n of STRING_NAMES)
    for (const locale of ['zh-rCN', 'zh', '']) {
      let v: string | null = null;
      try {
        v = pkg.resolveString(`@string/${n}`, locale);
      } catch {
        v = null;
      }
      if (v !== null && v !== '') {
        out.push({ name: `@string/${n}`, value: v });
        break;
      }
    }
  return out;
}

export function findPolicyInPackage(pkg: OpenedPackage): FoundPolicy | null {
  let best: (FoundPolicy & { score: number }) | null = null;
  const candidates = pkg.entries.filter((e) => FILE_RE.test(e.name) && e.size <= MAX_ENTRY);
  // Files named like a policy first; others only when few (a large asset tree is mostly web app code).
  const named = candidates.filter((e) => NAME_HINT.test(e.name));
  const pool = named.length > 0 || candidates.length > 50 ? named : candidates;
  for (const e of pool) {
    const t = readText(pkg, e.name);
    if (t === null) continue;
    const score = policyScore(t.text) + (NAME_HINT.test(e.name) ? 2 : 0);
    if (score >= 6 && (best === null || score > best.score)) best = { source: e.name, text: t.text, encoding: t.encoding, score };
  }
  for (const s of policyStrings(pkg)) {
    if (/^\s*https?:\/\//.test(s.value)) continue;
    const text = /<[a-z]/i.test(s.value) ? htmlToText(s.value) : s.value;
    const score = policyScore(text);
    if (score >= 6 && (best === null || score > best.score)) best = { source: s.name, text, encoding: null, score };
  }
  if (best === null) return null;
  return { source: best.source, text: best.text, encoding: best.encoding };
}

export interface PolicyLocation {
  found: FoundPolicy | null;
  /** Where we looked, for the evidence of a "no policy" finding. */
  searched: string[];
  /** Short texts that name the policy (a consent pop-up: "请阅读《隐私政策》"): it exists, elsewhere. */
  mentions: string[];
}

const MENTION = /《[^》]{0,12}(隐私|个人信息)[^》]{0,12}》|隐私政策|隐私权政策|个人信息保护政策/;
/** Enough policy vocabulary to be the policy itself rather than a pop-up that links to it. */
const POLICY_WORDS = ['个人信息', '收集', '使用', '共享', '权限', '存储', '注销', '联系'];
const MIN_POLICY_CHARS = 800;
const NAMED_FILE = /(privacy|policy|yinsi|隐私|personal[-_]?info|pipl)/i;

/**
 * Strings of resources.arsc that name the policy. The table is read as UTF-8 and UTF-16 text and cut at NULs:
 * the package view resolves strings by name only, and policy text can sit under any name.
 */
function policyResourceStrings(pkg: OpenedPackage): string[] {
  const arsc = pkg.readEntry('resources.arsc');
  if (arsc === undefined) return [];
  const out: string[] = [];
  for (const enc of ['utf-8', 'utf-16le'] as const) {
    const text = new TextDecoder(enc, { fatal: false }).decode(arsc);
    for (const s of text.split('\u0000')) if (s.length >= 8 && MENTION.test(s)) out.push(s.replace(/[\p{Cc}\ufffd]/gu, (ch) => (ch === '\n' ? ch : '')));
  }
  return out;
}

/** A string resource that is only a policy's title: the label of a link to it (登录页的《隐私政策》). */
const POLICY_TITLE = /^\s*[《「【]?\s*(?:隐私政策|隐私权政策|隐私协议|隐私保护政策|隐私保护指引|个人信息保护政策|隐私条款)\s*[》」】]?\s*$/;
/**
 * Resource name prefixes of SDKs and libraries (their AARs' resources are merged into the app's table): an ad
 * SDK's download dialog names its vendor's policy, which says nothing about the app's.
 */
const SDK_RESOURCE = /^(?:abc_|mtrl_|material_|ksad_|tt_|gdt_|umeng_|jpush_|jg_|jverify_|mob_|sobot_|hms_|hwpush_|upsdk_|mipush_|xg_|tpns_|bugly_|tinker_|weibo|sina_|com_sina_|wx_|umcsdk_|ct_account_|cmic_|shanyan_|sy_|quicklogin_|yd_|csj_|pangle_|beizi_|sigmob_|windad_|bd_|baidu_|amap_|alipay_|ali_|tb_|anythink_|topon_|mbridge_|kwai_|ks_|ad_|sdk_)/i;

/**
 * The app's string resources that name its policy (a consent pop-up, or a link label such as
 * `@string/login_agreement2 = 隐私政策`): the policy exists, online. Read by name, so that an SDK's resources
 * (merged into the app's table, named with the SDK's prefix) do not count. Null when the table cannot be read.
 */
function namedPolicyMentions(pkg: OpenedPackage): string[] | null {
  const bytes = pkg.readEntry('resources.arsc');
  if (bytes === undefined) return [];
  try {
    const table = parseArsc(bytes);
    const out: string[] = [];
    for (const [name, id] of table.names('string')) {
      if (SDK_RESOURCE.test(name)) continue;
      const value = table.resolve(id, 'zh-rCN') ?? table.resolve(id, '');
      if (value !== null && (MENTION.test(value) || POLICY_TITLE.test(value))) out.push(`@string/${name}: ${value.trim()}`);
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * The policy inside a package, with where we looked: the scored search of findPolicyInPackage first; then a
 * file named like a policy even if its text scores low (a short or English policy is still the policy);
 * then a whole policy kept in one string resource. Otherwise the pop-up texts that only name the policy.
 */
export function locatePolicy(pkg: OpenedPackage): PolicyLocation {
  const searched = ['assets/**/*.{html,htm,txt,md}', 'res/raw/**', `${STRING_NAMES.length} string resources named like a policy (@string/privacy_policy …)`, 'resources.arsc strings'];
  const strings = policyResourceStrings(pkg);
  const scored = findPolicyInPackage(pkg);
  if (scored !== null) return { found: scored, searched: [...searched, scored.source], mentions: strings.slice(0, 3) };
  const named = pkg.entries.filter((e) => FILE_RE.test(e.name) && e.size > 0 && NAMED_FILE.test(e.name.split('/').pop() ?? ''));
  for (const e of named.slice(0, 40)) {
    const t = readText(pkg, e.name);
    if (t !== null && t.text.trim().length > 0) return { found: { source: e.name, text: t.text, encoding: t.encoding }, searched: [...searched, e.name], mentions: strings.slice(0, 3) };
  }
  const whole = strings
    .filter((s) => s.length >= MIN_POLICY_CHARS && POLICY_WORDS.filter((w) => s.includes(w)).length >= 5)
    .sort((a, b) => b.length - a.length)[0];
  if (whole !== undefined) return { found: { source: 'resources.arsc (string resource)', text: whole, encoding: null }, searched, mentions: [] };
  // By name where the table reads, so SDK resources are left out; else every string that names the policy.
  const mentions = namedPolicyMentions(pkg);
  return { found: null, searched, mentions: (mentions ?? strings).map((s) => s.slice(0, 200)).slice(0, 3) };
}

export interface PolicyLink {
  url: string;
  /** Where it is: the string resource (`@string/privacy_url`). */
  source: string;
}

/**
 * Policy links in the app's own string resources, the ones named like a policy (@string/privacy_url …): the
 * policy exists, online. An API endpoint or an SDK vendor's page there is not the app's policy.
 */
export function resourcePolicyLinks(pkg: OpenedPackage): PolicyLink[] {
  const out: PolicyLink[] = [];
  for (const s of policyStrings(pkg)) for (const url of urlsIn(s.value)) if (isAppPolicyPageUrl(url, true) && !out.some((l) => l.url === url)) out.push({ url, source: s.name });
  return out;
}

/** Not an endpoint, not an SDK vendor's page: a URL worth fetching as the app's policy. */
function fetchable(url: string): boolean {
  return !isEndpointUrl(url) && sdkOfHost(url) === null;
}

/**
 * Every policy URL the package links to: string resources, text assets, and string constants in code. A caller
 * that has already read the code's strings (the analysis keeps its URLs) passes them, so the code is not
 * decoded a second time.
 */
export function packagePolicyUrls(pkg: OpenedPackage, codeStrings?: Iterable<string>): string[] {
  const strings: string[] = policyStrings(pkg).map((s) => s.value);
  for (const e of pkg.entries) {
    if (!FILE_RE.test(e.name) && !/^assets\/.+\.(?:json|xml|properties|js)$/i.test(e.name)) continue;
    if (e.size > MAX_ENTRY) continue;
    const t = readText(pkg, e.name);
    if (t !== null) strings.push(t.text);
  }
  if (codeStrings !== undefined) {
    strings.push(...codeStrings);
    return policyUrls(strings).filter(fetchable);
  }
  try {
    for (const c of pkg.code.classes())
      for (const m of c.methods()) for (const s of m.code()?.strings ?? []) if (s.startsWith('http')) strings.push(s);
  } catch {
    // Unreadable code is reported by the package reader; URLs from the rest still count.
  }
  return policyUrls(strings).filter(fetchable);
}
