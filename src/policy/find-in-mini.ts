// The privacy guide (用户隐私保护指引) inside a mini-program package. WeChat keeps the guide itself on the
// platform (mp.weixin.qq.com; wx.openPrivacyContract shows it), so a package rarely holds it: when it does, it
// is a page's text (compiled WXML), a long string in the JavaScript (rich text, a pop-up's body) or a text file.
// Scored as find-in-package scores an APK's policy files.
import { htmlToText } from './html-text.ts';
import { policyScore } from './find-in-package.ts';

export interface MiniPolicyCandidate {
  /** Where it is: `pages/privacy/privacy.wxml (page-frame.html)`, `app-service.js:12:40`, `privacy.txt`. */
  readonly source: string;
  readonly text: string;
  readonly html?: boolean;
}

export interface MiniPolicyLocation {
  readonly found: { source: string; text: string } | null;
  /** What was searched, for the evidence of "no guide in the package". */
  readonly searched: string[];
  /** Short texts that name the guide (`《小程序隐私保护指引》`): it exists, elsewhere. */
  readonly mentions: string[];
}

const MIN_POLICY_CHARS = 800;
const MENTION = /《[^》\n]{0,16}(?:隐私|个人信息)[^》\n]{0,16}》/g;

export function findMiniPolicy(candidates: readonly MiniPolicyCandidate[], searched: string[]): MiniPolicyLocation {
  let best: { source: string; text: string; score: number } | null = null;
  const mentions = new Set<string>();
  for (const c of candidates) {
    const text = c.html === true ? htmlToText(c.text) : c.text;
    for (const m of text.matchAll(MENTION)) if (mentions.size < 10) mentions.add(m[0]);
    if (text.length < MIN_POLICY_CHARS) continue;
    const score = policyScore(text);
    if (score >= 6 && (best === null || score > best.score)) best = { source: c.source, text, score };
  }
  return { found: best === null ? null : { source: best.source, text: best.text }, searched, mentions: [...mentions] };
}
