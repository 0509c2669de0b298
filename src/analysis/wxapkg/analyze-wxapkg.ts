// A mini-program (main package and the subpackages given with it) → what it declares and what its code calls.
import { decodeUtf8 } from '../../binary/byte-reader.ts';
import { isBaseLibrary, type Wxapkg } from '../../formats/wxapkg/index.ts';
import { wxApis } from '../../knowledge/wx-apis.ts';
import { findWxCalls, type WxCall } from './find-wx-calls.ts';
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
  readonly problems: readonly { file: string; message: string }[];
  readonly stats: { parts: number; files: number; jsFiles: number; jsBytes: number };
}

const MAX_JS = 64 << 20;

export function analyzeMiniProgram(parts: readonly MiniPart[]): MiniFacts {
  const problems: { file: string; message: string }[] = [];
  const stats = { parts: parts.length, files: 0, jsFiles: 0, jsBytes: 0 };
  if (parts.length > 0 && parts.every((p) => isBaseLibrary(p.pkg))) return { baseLibrary: true, config: null, calls: [], problems, stats };
  let config: MiniConfig | null = null;
  const js: { name: string; text: string; part: string }[] = [];
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
  const partOf = new Map(js.map((f) => [f.name, f.part]));
  const r = findWxCalls(js, new Set(wxApis().keys()));
  problems.push(...r.problems);
  return { baseLibrary: false, config, calls: r.calls.map((c) => ({ ...c, part: partOf.get(c.file) ?? '' })), problems, stats };
}
