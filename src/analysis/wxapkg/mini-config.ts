// A mini-program's declarations: app.json in source form, app-config.json once compiled into a package. What
// WeChat enforces at run time: `permission` (the location scopes with the reason shown to the user),
// `requiredPrivateInfos` (the location/address APIs the app may call, since 2022-07-14), `__usePrivacyCheck__`
// (opt-in to the privacy-guide checks, 2023), and the plugins it embeds.

export interface MiniConfig {
  /** Which file it came from. */
  readonly file: string;
  /** `permission`: scope → the reason (desc) shown to the user; null when the scope has no desc. */
  readonly permissions: readonly { readonly scope: string; readonly desc: string | null }[];
  /** null when the key is absent (older apps), [] when present and empty. */
  readonly requiredPrivateInfos: readonly string[] | null;
  readonly usePrivacyCheck: boolean | null;
  readonly plugins: readonly { readonly name: string; readonly provider: string | null; readonly version: string | null; readonly subpackage: string | null }[];
  readonly subpackages: readonly string[];
  readonly pages: readonly string[];
}

const CONFIG_FILES = ['app-config.json', 'app.json'];

function obj(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
}

const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);

export function configFileOf(names: readonly string[]): string | null {
  return CONFIG_FILES.find((n) => names.includes(n)) ?? null;
}

/** Parses the config; throws only on JSON that does not parse (the caller records it). */
export function parseMiniConfig(text: string, file: string): MiniConfig {
  const root = obj(JSON.parse(text.replace(/^\uFEFF/, ''))) ?? {};
  const permissions: { scope: string; desc: string | null }[] = [];
  for (const [scope, v] of Object.entries(obj(root.permission) ?? {})) permissions.push({ scope, desc: str(obj(v)?.desc) });
  const rpi = Array.isArray(root.requiredPrivateInfos) ? root.requiredPrivateInfos.filter((x): x is string => typeof x === 'string') : null;
  const plugins: MiniConfig['plugins'][number][] = [];
  const addPlugins = (p: unknown, sub: string | null): void => {
    for (const [name, v] of Object.entries(obj(p) ?? {})) {
      const o = obj(v);
      if (plugins.some((x) => x.name === name)) continue;
      plugins.push({ name, provider: str(o?.provider), version: str(o?.version), subpackage: str(o?.subpackage) ?? sub });
    }
  };
  addPlugins(root.plugins, null);
  const subs = Array.isArray(root.subPackages) ? root.subPackages : Array.isArray(root.subpackages) ? root.subpackages : [];
  const subpackages: string[] = [];
  for (const s of subs as unknown[]) {
    const root2 = str(obj(s)?.root);
    if (root2 !== null) subpackages.push(root2);
    addPlugins(obj(s)?.plugins, root2);
  }
  const pages = Array.isArray(root.pages) ? root.pages.filter((x): x is string => typeof x === 'string') : [];
  const upc = root.__usePrivacyCheck__;
  return { file, permissions, requiredPrivateInfos: rpi, usePrivacyCheck: typeof upc === 'boolean' ? upc : null, plugins, subpackages, pages };
}
