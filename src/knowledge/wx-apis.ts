// WeChat mini-program APIs that read personal information (wx-apis.json), by name.
import { readFileSync } from 'node:fs';

export interface WxApi {
  readonly api: string;
  readonly dataTypes: readonly string[];
  /** What the spec's data types do not name: address, user-profile, invoice. */
  readonly wxData?: string;
  readonly zh: string;
  readonly en: string;
  readonly privacyApi: boolean;
  readonly scope: string | null;
  readonly permissionKey: string | null;
  readonly requiredPrivateInfo: boolean;
  readonly inTypings: boolean;
  /** Set when scripts/wx-apis-from-typings.ts wrote the entry (its description from the typings). */
  readonly generatedBy?: string;
  readonly sources: readonly string[];
}

/** A `<button open-type>` value (or `<input type="nickname">`): what using it hands the page. */
export interface WxOpenType {
  readonly openType: string;
  /** `input` for `<input type="nickname">`; absent for a button's open-type. */
  readonly element?: 'button' | 'input';
  /** The events its handlers bind (bindgetphonenumber → getphonenumber). */
  readonly handlers: readonly string[];
  readonly dataTypes: readonly string[];
  readonly wxData?: string;
  readonly zh: string;
  readonly en: string;
  /** agreePrivacyAuthorization: the privacy guide's own consent button. */
  readonly privacyApi: boolean;
  readonly sources: readonly string[];
}

/** WeChat's rule on `__usePrivacyCheck__` (when the privacy features are on), as data with its sources. */
export interface WxPrivacyCheck {
  readonly key: '__usePrivacyCheck__';
  readonly privacyApis: readonly string[];
  readonly privacyOpenTypes: readonly string[];
  readonly minBaseLibrary: string;
  readonly announcedEnforcement: string;
  /** From this date the privacy features are on whatever the key says. */
  readonly enforcement: string;
  readonly rule: { readonly zh: string; readonly en: string };
  readonly sources: readonly string[];
}

let cache: { apis: ReadonlyMap<string, WxApi>; openTypes: ReadonlyMap<string, WxOpenType>; privacyCheck: WxPrivacyCheck } | undefined;

function load(): NonNullable<typeof cache> {
  const d = JSON.parse(readFileSync(new URL('./wx-apis.json', import.meta.url), 'utf8')) as { apis: WxApi[]; openTypes: WxOpenType[]; privacyCheck: WxPrivacyCheck };
  return { apis: new Map(d.apis.map((a) => [a.api, a])), openTypes: new Map(d.openTypes.map((o) => [o.openType, o])), privacyCheck: d.privacyCheck };
}

export function wxPrivacyCheck(): WxPrivacyCheck {
  cache ??= load();
  return cache.privacyCheck;
}

export function wxApis(): ReadonlyMap<string, WxApi> {
  cache ??= load();
  return cache.apis;
}

export function wxOpenTypes(): ReadonlyMap<string, WxOpenType> {
  cache ??= load();
  return cache.openTypes;
}
