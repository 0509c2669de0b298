// A mini-program (main package and the subpackages given with it) → what it declares and what its code calls.
import { decodeUtf8 } from '../../binary/byte-reader.ts';
import { isBaseLibrary, type Wxapkg } from '../../formats/wxapkg/index.ts';
import { wxApis, wxOpenTypes } from '../../knowledge/wx-apis.ts';
import { findWxCalls, type ThisCall, type WxCall } from './find-wx-calls.ts';
import { findWxmlOpenTypes, readJsString, type WxmlOpenType } from './find-wxml.ts';
import type { MiniPolicyCandidate } from '../../policy/find-in-mini.ts';
import { configFileOf, parseMiniConfig, type MiniConfig } from './mini-config.ts';
import { lineStarts, position } from './text-position.ts';

export interface MiniPart {
  /** The file the part was read from. */
  readonly path: string;
  readonly pkg: Wxapkg;
}

export interface MiniFacts {
  /** The WeChat base library, not an app: nothing below is filled. */
  readonly baseLibrary: boolean;
  readonly config: MiniConfig | null;
  readonly calls: readonly (WxCall & { readonly part: string })[];
  /** `this.method()` calls between the methods of an object literal (App, Page, Component options). */
  readonly thisCalls: readonly ThisCall[];
  /** `<button open-type>` in the compiled WXML (and frameworks' JSX props), with their handlers. */
  readonly buttons: readonly (WxmlOpenType & { readonly part: string })[];
  readonly problems: readonly { file: string; message: string }[];
  /** Texts that may be the privacy guide or name it: pages' static text, JavaScript strings, text files. */
  readonly policyCandidates: readonly MiniPolicyCandidate[];
  /** Where the guide was looked for, for the evidence of its absence. */
  readonly policySearched: readonly string[];
  readonly stats: { parts: number; files: number; jsFiles: number; jsBytes: number; templates: number };
}

const MAX_JS = 64 << 20;
const MAX_TEXT = 4 << 20;
// What a privacy text says in JavaScript source, plain or \u-escaped: 个人信息, 隐私.
const POLICY_HINT = /个人信息|隐私|\\u4e2a\\u4eba\\u4fe1\\u606f|\\u9690\\u79c1/gi;

export function analyzeMiniProgram(parts: readonly MiniPart[]): MiniFacts {
  const problems: { file: string; message: string }[] = [];
  const stats = { parts: parts.length, files: 0, jsFiles: 0, jsBytes: 0, templates: 0 };
  if (parts.length > 0 && parts.every((p) => isBaseLibrary(p.pkg))) return { baseLibrary: true, config: null, calls: [], thisCalls: [], buttons: [], problems, policyCandidates: [], policySearched: [], stats };
  let config: MiniConfig | null = null;
  const js: { name: string; text: string; part: string }[] = [];
  // Compiled WXML: page-frame.html in older packages, JavaScript (page-frame.js, app-wxss.js) in newer ones.
  const views: { name: string; text: string; part: string }[] = [];
  const policyCandidates: MiniPolicyCandidate[] = [];
  for (const part of parts) {
    const names = part.pkg.entries.map((e) => e.name);
    stats.files += names.length;
    const cfg = configFileOf(names);
    if (cfg !== null && config === null) {
      try {
        config = parseMiniConfig(decodeUtf8(part.pkg.read(cfg)), cfg);
      } catch (e) {
        problems.push({ file: cfg, message: `not read: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    for (const e of part.pkg.entries) {
      if (/(?:^|\/)page-frame\.html$/.test(e.name) && e.size <= MAX_JS) views.push({ name: e.name, text: decodeUtf8(part.pkg.read(e)), part: part.path });
      else if (/\.(?:txt|md|html?)$/i.test(e.name) && e.size >= 200 && e.size <= MAX_TEXT) policyCandidates.push({ source: e.name, text: decodeUtf8(part.pkg.read(e)), html: !/\.(?:txt|md)$/i.test(e.name) });
      if (!e.name.endsWith('.js')) continue;
      if (stats.jsBytes + e.size > MAX_JS) {
        problems.push({ file: e.name, message: `not searched: past ${MAX_JS} bytes of JavaScript` });
        continue;
      }
      stats.jsFiles++;
      stats.jsBytes += e.size;
      js.push({ name: e.name, text: decodeUtf8(part.pkg.read(e)), part: part.path });
    }
  }
  const partOf = new Map([...js, ...views].map((f) => [f.name, f.part]));
  const r = findWxCalls(js, new Set(wxApis().keys()));
  problems.push(...r.problems);
  const w = findWxmlOpenTypes([...views, ...js], new Set([...wxOpenTypes().values()].filter((o) => o.element !== 'input').map((o) => o.openType)));
  problems.push(...w.problems);
  stats.templates = w.templates;
  for (const t of w.texts) policyCandidates.push({ source: t.wxml === null ? t.file : `${t.wxml} (${t.file})`, text: t.text });
  for (const f of js) policyCandidates.push(...policyStrings(f.name, f.text));
  return {
    baseLibrary: false,
    config,
    calls: r.calls.map((c) => ({ ...c, part: partOf.get(c.file) ?? '' })),
    thisCalls: r.thisCalls,
    buttons: w.openTypes.map((b) => ({ ...b, part: partOf.get(b.file) ?? '' })),
    problems,
    policyCandidates,
    policySearched: ['compiled WXML text of every page', 'JavaScript strings naming 个人信息 or 隐私', 'text and HTML files'],
    stats,
  };
}

/** The string literals of a script that hold 个人信息 or 隐私, each once, at most 200. */
function policyStrings(file: string, text: string): MiniPolicyCandidate[] {
  const out: MiniPolicyCandidate[] = [];
  const seen = new Set<number>();
  let starts: number[] | null = null;
  for (const m of text.matchAll(POLICY_HINT)) {
    if (out.length >= 200) break;
    // Back to the opening quote: strings in bundles are one line, so a newline ends the search.
    let q = -1;
    for (let i = m.index - 1; i >= 0 && m.index - i < 200_000; i--) {
      const ch = text[i]!;
      if (ch === '\n') break;
      if ((ch === '"' || ch === "'" || ch === '`') && text[i - 1] !== '\\') {
        q = i;
        break;
      }
    }
    if (q === -1 || seen.has(q)) continue;
    const r = readJsString(text, q);
    if (r === null || r.end <= m.index) continue;
    seen.add(q);
    starts ??= lineStarts(text);
    const at = position(starts, q);
    out.push({ source: `${file}:${at.line}:${at.column}`, text: r.value });
  }
  return out;
}

