// The WeChat base library (基础库) ships as a wxapkg too: WAService.js (the logic-layer runtime) and WAWebview.js
// (the view layer), no app config. It names every wx API, so analysing it as an app would accuse it of all.
import type { Wxapkg } from './read-wxapkg.ts';

const APP_CONFIG = ['app-config.json', 'app.json'];

export function isBaseLibrary(pkg: Wxapkg): boolean {
  const names = new Set(pkg.entries.map((e) => e.name));
  if (APP_CONFIG.some((n) => names.has(n))) return false;
  return names.has('WAService.js') || names.has('WAWebview.js');
}
