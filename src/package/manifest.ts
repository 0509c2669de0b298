// The Manifest model from the manifest's element tree, read the way Android and `aapt dump badging` read it:
// relative class names completed against the package, SDK defaults (min 1, target = min), exported defaults,
// and the launchable activity chosen exactly as aapt chooses it.
import type { Component, ComponentType, Manifest, XmlElement } from './types.ts';

/** Looks a resource id up in one locale only ('zh-rCN' also accepts 'zh'); null when that locale lacks it. */
export type LocaleLookup = (id: number, locale: string) => string | null;

const COMPONENT_TAGS = new Set<string>(['activity', 'activity-alias', 'service', 'receiver', 'provider']);
const PERMISSION_TAGS = new Set(['uses-permission', 'uses-permission-sdk-23', 'uses-permission-sdk-m']);
/** Android's SDK_INT for an unreleased codename (`minSdkVersion="Q"`). */
const CUR_DEVELOPMENT = 10000;

const PROTECTION_BASE = ['normal', 'dangerous', 'signature', 'signatureOrSystem', 'internal'];
const PROTECTION_FLAGS: [number, string][] = [
  [0x10, 'privileged'], [0x20, 'development'], [0x40, 'appop'], [0x80, 'pre23'], [0x100, 'installer'], [0x200, 'verifier'],
  [0x400, 'preinstalled'], [0x800, 'setup'], [0x1000, 'instant'], [0x2000, 'runtime'], [0x4000, 'oem'], [0x8000, 'vendorPrivileged'],
  [0x10000, 'textClassifier'], [0x20000, 'wellbeing'], [0x40000, 'documenter'], [0x80000, 'configurator'], [0x100000, 'incidentReportApprover'],
  [0x200000, 'appPredictor'], [0x400000, 'companion'], [0x800000, 'retailDemo'], [0x1000000, 'recents'], [0x2000000, 'role'],
  [0x4000000, 'knownSigner'],
];

export function parseInt32(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) return null;
  const n = t.startsWith('-') ? -Number(t.slice(1)) : Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

function bool(s: string | undefined): boolean | null {
  if (s === 'true') return true;
  if (s === 'false') return false;
  return null;
}

/** `.Foo` and `Foo` are relative to the package, as PackageParser.buildClassName has it. */
export function className(pkg: string | null, name: string | undefined): string | null {
  if (name === undefined || name === '') return null;
  if (pkg === null) return name;
  if (name.startsWith('.')) return pkg + name;
  return name.includes('.') ? name : `${pkg}.${name}`;
}

function protectionLevel(s: string | undefined): string | null {
  const n = parseInt32(s);
  if (n === null) return s ?? null;
  const names = [PROTECTION_BASE[n & 0xf] ?? `0x${(n & 0xf).toString(16)}`];
  for (const [bit, name] of PROTECTION_FLAGS) if ((n & bit) !== 0) names.push(name);
  return names.join('|');
}

function sdk(s: string | undefined): number | null {
  if (s === undefined) return null;
  return parseInt32(s) ?? CUR_DEVELOPMENT;
}

export function buildManifest(root: XmlElement, localized: LocaleLookup | null): Manifest {
  const pkg = root.attrs.package ?? null;
  const kids = (el: XmlElement, tag: string): XmlElement[] => el.children.filter((c) => c.tag === tag);
  const app = kids(root, 'application')[0];
  const usesSdk = kids(root, 'uses-sdk')[0];
  const minSdk = sdk(usesSdk?.attrs['android:minSdkVersion']) ?? 1;
  const targetSdk = sdk(usesSdk?.attrs['android:targetSdkVersion']) ?? minSdk;

  const labelRef = app?.refs?.['android:label'];
  const labelZh = labelRef === undefined || localized === null ? null : (localized(labelRef, 'zh-rCN') ?? localized(labelRef, 'zh'));

  const permissions = root.children
    .filter((c) => PERMISSION_TAGS.has(c.tag) && c.attrs['android:name'] !== undefined)
    .map((c) => ({ name: c.attrs['android:name']!, maxSdk: parseInt32(c.attrs['android:maxSdkVersion']), line: c.line }));

  const components: Component[] = [];
  let launchable: string | null = null;
  for (const c of app?.children ?? []) {
    if (!COMPONENT_TAGS.has(c.tag)) continue;
    const filters = kids(c, 'intent-filter').map((f) => ({
      actions: kids(f, 'action').flatMap((a) => a.attrs['android:name'] ?? []),
      categories: kids(f, 'category').flatMap((a) => a.attrs['android:name'] ?? []),
      dataSchemes: kids(f, 'data').flatMap((a) => a.attrs['android:scheme'] ?? []),
    }));
    const name = className(pkg, c.attrs['android:name']) ?? '';
    const declared = bool(c.attrs['android:exported']);
    // Defaults: components with an intent filter are exported; providers only below API 17.
    const exported = c.attrs['android:exported'] !== undefined ? declared
      : c.tag === 'provider' ? targetSdk < 17 : filters.length > 0;
    components.push({
      type: c.tag as ComponentType,
      name,
      exported,
      enabled: bool(c.attrs['android:enabled']) ?? true,
      permission: c.attrs['android:permission'] ?? null,
      intentFilters: filters,
      authorities: (c.attrs['android:authorities'] ?? '').split(';').filter((a) => a !== ''),
      line: c.line,
    });
    // aapt: MAIN and LAUNCHER anywhere in one <activity>'s filters, first such activity (aliases not counted).
    if (launchable === null && c.tag === 'activity' && name !== '') {
      if (filters.some((f) => f.actions.includes('android.intent.action.MAIN')) && filters.some((f) => f.categories.includes('android.intent.category.LAUNCHER'))) {
        launchable = name;
      }
    }
  }

  const metaData: { name: string; value: string | null }[] = [];
  const walkMeta = (el: XmlElement): void => {
    for (const c of el.children) {
      if (c.tag === 'meta-data' && c.attrs['android:name'] !== undefined) metaData.push({ name: c.attrs['android:name'], value: c.attrs['android:value'] ?? c.attrs['android:resource'] ?? null });
      else walkMeta(c);
    }
  };
  if (app !== undefined) walkMeta(app);

  const queries: string[] = [];
  for (const q of kids(root, 'queries')) {
    for (const c of q.children) {
      if (c.tag === 'package' && c.attrs['android:name'] !== undefined) queries.push(c.attrs['android:name']);
      else if (c.tag === 'provider' && c.attrs['android:authorities'] !== undefined) queries.push(`provider:${c.attrs['android:authorities']}`);
      else if (c.tag === 'intent') for (const a of kids(c, 'action')) if (a.attrs['android:name'] !== undefined) queries.push(`intent:${a.attrs['android:name']}`);
    }
  }

  return {
    packageName: pkg,
    versionCode: parseInt32(root.attrs['android:versionCode']),
    versionName: root.attrs['android:versionName'] ?? null,
    minSdk,
    targetSdk,
    label: app?.attrs['android:label'] ?? null,
    labelZh,
    applicationClass: className(pkg, app?.attrs['android:name']),
    appComponentFactory: className(pkg, app?.attrs['android:appComponentFactory']),
    permissions,
    definedPermissions: kids(root, 'permission').filter((c) => c.attrs['android:name'] !== undefined)
      .map((c) => ({ name: c.attrs['android:name']!, protectionLevel: protectionLevel(c.attrs['android:protectionLevel']) })),
    components,
    launchableActivity: launchable,
    usesFeatures: kids(root, 'uses-feature').flatMap((c) => c.attrs['android:name'] ?? []),
    metaData,
    queries,
    root,
  };
}
