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
  readonly sources: readonly string[];
}

let cache: ReadonlyMap<string, WxApi> | undefined;

export function wxApis(): ReadonlyMap<string, WxApi> {
  cache ??= new Map((JSON.parse(readFileSync(new URL('./wx-apis.json', import.meta.url), 'utf8')) as { apis: WxApi[] }).apis.map((a) => [a.api, a]));
  return cache;
}
