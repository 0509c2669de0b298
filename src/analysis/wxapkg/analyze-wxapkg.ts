// A mini-program (main package and the subpackages given with it) → what it declares and what its code calls.
import { decodeUtf8 } from '../../binary/byte-reader.ts';
import { isBaseLibrary, type Wxapkg } from '../../formats/wxapkg/index.ts';
import { wxApis, wxOpenTypes } from '../../knowledge/wx-apis.ts';
import { findWxCalls, type WxCall } from './find-wx-calls.ts';
import { findWxmlOpenTypes, type WxmlOpenType } from './find-wxml.ts';
import { configFileOf, parseMiniConfig, type MiniConfig } from './mini-config.ts';

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
  /** `<button open-type>` in the compiled WXML (and frameworks' JSX props), with their handlers. */
  readonly buttons: readonly (WxmlOpenType & { readonly part: string })[];
  readonly problems: readonly { file: string; message: string }[];
  readonly stats: { parts: number; files: number; jsFiles: number; jsBytes: number; templates: number };
}

const MAX_JS = 64 << 20;

export function analyzeMiniProgram(parts: readonly MiniPart[]): MiniFacts {
  const problems: { file: string; message: string }[] = [];
  const stats = { parts: parts.length, files: 0, jsFiles: 0, jsBytes: 0, templates: 0 };
  if (parts.length > 0 && parts.every((p) => isBaseLibrary(p.pkg))) return { baseLibrary: true, config: null, calls: [], buttons: [], problems, stats };
  let config: MiniConfig | null = null;
  const js: { name: string; text: string; part: string }[] = [];
  // Compiled WXML: page-frame.html in older packages, JavaScript (page-frame.js, app-wxss.js) in newer ones.
  const views: { name: string; text: string; part: string }[] = [];
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
  const w = findWxmlOpenTypes([...views, ...js], new Set(wxOpenTypes().keys()));
  problems.push(...w.problems);
  stats.templates = w.templates;
  return {
    baseLibrary: false,
    config,
    calls: r.calls.map((c) => ({ ...c, part: partOf.get(c.file) ?? '' })),
    buttons: w.openTypes.map((b) => ({ ...b, part: partOf.get(b.file) ?? '' })),
    problems,
    stats,
  };
}
