// The knowledge base: typed, memoised access to the JSON files beside this module (permissions, sensitive
// APIs, SDKs, packers, data types). Read with readFileSync relative to this file so that it works the
// same under Node's type stripping, vitest and tsc.
import { readFileSync } from 'node:fs';
import { buildApiMatcher, type ApiMatcher } from './api-matcher.ts';
import { buildPackerMatcher, type PackerEvidenceInput, type PackerMatch } from './packer-matcher.ts';
import { buildSdkMatcher, type SdkManifestInput, type SdkMatcher } from './sdk-matcher.ts';
import type { ClauseCategories, DataType, HolidayCalendarData, ImpliedPermission, LaunchTrigger, ProblemCategory, ManifestSwitch, Packer, Permission, PlatformLibrary, SensitiveApi, Sdk } from './types.ts';

export type * from './types.ts';
export type { ApiMatcher } from './api-matcher.ts';
export type { PackerEvidenceInput, PackerMatch } from './packer-matcher.ts';
export type { SdkManifestInput, SdkMatcher } from './sdk-matcher.ts';
export { toDescriptor } from './api-matcher.ts';
export { normaliseAlias, toDotted } from './sdk-matcher.ts';

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** The array under `key` of a knowledge file; the shapes themselves are checked by the schema tests. */
/** Files whose lists several exports take (launch-triggers.json, problem-categories.json) are read once. */
const docs = new Map<string, unknown>();

function listOf(file: string, key: string): readonly unknown[] {
  if (!docs.has(file)) docs.set(file, readJson(file));
  const doc = docs.get(file);
  const list = (doc as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`knowledge file ${file} has no "${key}" array`);
  return Object.freeze(list);
}

export const dataTypes = once(() => listOf('./data-types.json', 'types') as readonly DataType[]);
export const permissions = once(() => listOf('./permissions.json', 'permissions') as readonly Permission[]);
export const sensitiveApis = once(() => listOf('./sensitive-apis.json', 'apis') as readonly SensitiveApi[]);
export const sdks = once(() => listOf('./sdks.json', 'sdks') as readonly Sdk[]);
export const packers = once(() => listOf('./packers.json', 'packers') as readonly Packer[]);
export const platformLibraries = once(() => listOf('./platform-libraries.json', 'libraries') as readonly PlatformLibrary[]);
export const launchBroadcasts = once(() => listOf('./launch-triggers.json', 'broadcasts') as readonly LaunchTrigger[]);
export const pushServiceActions = once(() => listOf('./launch-triggers.json', 'pushServices') as readonly LaunchTrigger[]);
/** Actions of sticky broadcasts: a receiver registered for one gets the last one at once. */
/** Permissions the platform grants without a <uses-permission> (aapt's uses-implied-permission). */
export const impliedPermissions = once(() => listOf('./implied-permissions.json', 'implied') as readonly ImpliedPermission[]);
export const stickyBroadcasts = once(() => new Set((listOf('./launch-triggers.json', 'stickyBroadcasts') as readonly LaunchTrigger[]).map((t) => t.action)));
export const manifestSwitches = once(() => listOf('./manifest-switches.json', 'switches') as readonly ManifestSwitch[]);
/** 所涉问题: the 164号文's problem categories in its order, and the clauses that fall under each (problem-categories.json). */
export const problemCategoryList = once(() => listOf('./problem-categories.json', 'categories') as readonly ProblemCategory[]);
export const clauseCategories = once(() => listOf('./problem-categories.json', 'clauses') as readonly ClauseCategories[]);
/** The State Council's holiday notices, year by year (holidays-cn.json; platform/workflow/working-days.ts reads it). */
export const holidayCalendarData = once(() => {
  const doc = readJson('./holidays-cn.json') as HolidayCalendarData;
  if (!Array.isArray(doc.years) || !Array.isArray(doc.notices)) throw new Error('knowledge file ./holidays-cn.json has no "years" or "notices" array');
  return Object.freeze(doc);
});

const dataTypeIndex = once(() => new Map(dataTypes().map((d) => [d.id, d])));
const permissionIndex = once(() => new Map(permissions().map((p) => [p.name, p])));
const sdkIndex = once(() => new Map(sdks().map((s) => [s.id, s])));

export function dataTypeById(id: string): DataType | undefined {
  return dataTypeIndex().get(id);
}

export function permissionByName(name: string): Permission | undefined {
  return permissionIndex().get(name);
}

/** "相机权限" → "相机": the form permission names are compared in. */
function permissionKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').replace(/(权限|许可)$/u, '').toLowerCase();
}

const permissionNames = once(() => {
  const map = new Map<string, Permission[]>();
  for (const p of permissions()) {
    for (const n of new Set([p.zh, ...(p.systemLabel === undefined ? [] : [p.systemLabel.zh]), ...(p.aliasesZh ?? [])].map(permissionKey))) {
      const list = map.get(n);
      if (list === undefined) map.set(n, [p]);
      else list.push(p);
    }
  }
  return map;
});

/** Permissions a Chinese name stands for ("相机权限" → CAMERA; "存储" → READ/WRITE_EXTERNAL_STORAGE). */
export function permissionsNamed(text: string): readonly Permission[] {
  return permissionNames().get(permissionKey(text)) ?? [];
}

export const apiMatcher: () => ApiMatcher = once(() => buildApiMatcher(sensitiveApis()));

export function sdkById(id: string): Sdk | undefined {
  return sdkIndex().get(id);
}

export const sdkMatcher: () => SdkMatcher = once(() => buildSdkMatcher(sdks()));

/** The SDK owning a class (dotted, `a/b/C` or `La/b/C;`): the longest matching package prefix. */
export function sdkForClass(name: string): { sdk: Sdk; prefix: string } | undefined {
  return sdkMatcher().forClass(name);
}

/** The SDK a privacy policy names (e.g. "友盟+", "极光推送SDK"), or undefined. */
export function sdkByAlias(text: string): Sdk | undefined {
  return sdkMatcher().byAlias(text);
}

/** All SDKs named anywhere in a text (e.g. a policy's third-party list). */
export function sdksMentionedIn(text: string): { sdk: Sdk; alias: string; index: number }[] {
  return sdkMatcher().mentionedIn(text);
}

/** SDKs named by manifest hints (meta-data keys, intent actions, SDK-defined permissions). */
export function sdksForManifest(input: SdkManifestInput): { sdk: Sdk; evidence: string[] }[] {
  return sdkMatcher().forManifest(input);
}

const packerMatch = once(() => buildPackerMatcher(packers()));

/** Packers whose stub classes, native libraries or assets occur in the input. */
export function matchPackers(input: PackerEvidenceInput): PackerMatch[] {
  return packerMatch()(input);
}

const platformByPrefix = once(() => new Map(platformLibraries().map((l) => [l.prefix, l])));

/** The platform library a dotted package (or class) lies under: the longest matching prefix, or undefined. */
export function platformLibraryFor(dotted: string): PlatformLibrary | undefined {
  const byPrefix = platformByPrefix();
  for (let end = dotted.length; end > 0; end = dotted.lastIndexOf('.', end - 1)) {
    const hit = byPrefix.get(dotted.slice(0, end));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
