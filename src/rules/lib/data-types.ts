// Names of the data-type ids for messages, and the groups that rules reason with.
import data from './data-types.json' with { type: 'json' };

export interface DataTypeInfo {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly group: string;
  readonly sensitive: boolean;
  readonly persistent: boolean;
}

const BY_ID = new Map<string, DataTypeInfo>(data.types.map((t) => [t.id, t]));

export function dataTypeInfo(id: string): DataTypeInfo {
  return BY_ID.get(id) ?? { id, zh: id, en: id, group: id.split('.')[0] ?? id, sensitive: false, persistent: false };
}

export function dataTypeNames(ids: readonly string[]): { zh: string; en: string } {
  return { zh: ids.map((i) => dataTypeInfo(i).zh).join('、'), en: ids.map((i) => dataTypeInfo(i).en).join(', ') };
}

/**
 * Data types whose collection the regulators single out (164号文 scenarios, 认定方法 四): persistent device
 * ids, contacts, SMS, call log, app list, location, calendar, device accounts, face. Camera, microphone,
 * storage and device model are excluded: they are tools of ordinary features, not collection on their own.
 */
export const NOTABLE_DATA_TYPES: ReadonlySet<string> = new Set([
  'device.imei', 'device.meid', 'device.imsi', 'device.iccid', 'device.serial', 'device.mac', 'device.phone-number',
  'location.precise', 'location.coarse', 'location.cell', 'contacts', 'sms', 'call-log', 'app-list', 'calendar',
  'accounts', 'biometric.face', 'health', 'identity.id-number', 'finance.bank-account',
]);

/**
 * The ids the 164号文 names for collection before consent: IMEI, MAC, app list, contacts, SMS and peers. Device
 * identifiers count alike whether the maker can reset them or not: Android ID, and the OAID that SDKs read
 * through the MSA SDK or each phone maker's provider, service or hidden class (认定方法 三.1 covers any
 * personal information). Not running processes: since Android 5 getRunningAppProcesses returns only the
 * caller's own, and apps call it to ask whether they are in the foreground.
 */
export const PRE_CONSENT_DATA_TYPES: ReadonlySet<string> = new Set([
  'device.imei', 'device.meid', 'device.imsi', 'device.iccid', 'device.serial', 'device.mac', 'device.android-id', 'device.oaid',
  'device.phone-number', 'location.precise', 'location.coarse', 'location.cell', 'location.wifi', 'contacts', 'sms',
  'call-log', 'app-list', 'clipboard', 'calendar', 'accounts', 'biometric.face',
]);

/** Means rather than personal data in themselves: undisclosed, they are a gap, not the high-risk case. */
export const LESSER_DATA_TYPES: ReadonlySet<string> = new Set(['sensors', 'storage', 'camera', 'microphone', 'media.images', 'bluetooth', 'app-list.running']);
