// What an app store shows about an app (164号文 4.1, 26号文: the developer, the permissions and the privacy
// policy must be shown). Intake (a store connector) produces it; the listing rules hold it against the package.

export interface StoreListing {
  /** The store's id, e.g. `fdroid:https://f-droid.org/repo` or `huawei`. */
  readonly store: string;
  /** The listing's page or the package's download address. */
  readonly url?: string;
  readonly packageName: string;
  readonly appName?: string;
  /** The developer (开发运营者) as the store names it. */
  readonly developer?: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  /** Android permission names as the store lists them; absent when the store does not list them. */
  readonly permissions?: readonly string[];
  readonly privacyPolicyUrl?: string;
  /** SHA-256 (hex, lower case) of the signing certificates the store names for this version, when it does. */
  readonly signerSha256?: readonly string[];
  /** SHA-256 of the package file the listing describes, when the store gives it. */
  readonly packageSha256?: string;
  /** When the listing was read (ISO 8601). */
  readonly fetchedAt: string;
}
