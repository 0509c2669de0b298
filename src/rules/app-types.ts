// The 39 app types of 《常见类型移动互联网应用程序必要个人信息范围规定》(国信办秘字〔2021〕14号) and, for each, the
// device-readable data types that its necessary information can justify. The regulation lists information
// (phone number, location, ID number…); the mapping below to our data-type ids is ours and deliberately
// lenient: only a data type that no necessary item can explain is "beyond the scope".
import data from './app-types.json' with { type: 'json' };
import { PiscopeError, ErrorCode } from '../errors.ts';

export interface AppType {
  readonly id: number;
  readonly code: string;
  readonly name_zh: string;
  readonly name_en: string;
  readonly basic_function: string;
  readonly necessary_pi: readonly string[];
  readonly necessary_pi_en: readonly string[];
  /** One of the 13 types whose basic function needs no personal information at all. */
  readonly none_needed: boolean;
}

export const APP_TYPES: readonly AppType[] = data.types;

const LOCATION = ['location.precise', 'location.coarse', 'location.cell', 'location.wifi'];
const PHONE = ['device.phone-number'];
const ID_PHOTO = ['camera', 'media.images'];

/** Data types (ids of data-types.json) that a type's necessary information covers, by type code. */
const NECESSARY: Readonly<Record<string, readonly string[]>> = {
  map_navigation: LOCATION,
  ride_hailing: [...PHONE, ...LOCATION],
  instant_messaging: PHONE,
  online_community: PHONE,
  online_payment: [...PHONE, 'identity.id-number', 'finance.bank-account'],
  online_shopping: PHONE,
  food_delivery: PHONE,
  express_delivery: [...PHONE, 'identity.id-number'],
  transport_ticketing: [...PHONE, 'identity.id-number'],
  dating: PHONE,
  recruitment: PHONE,
  online_lending: [...PHONE, 'identity.id-number', 'finance.bank-account'],
  housing_rental_sale: PHONE,
  used_car: [...PHONE, 'identity.id-number'],
  medical_consult_registration: [...PHONE, 'identity.id-number'],
  travel_services: [...PHONE, 'identity.id-number'],
  hotel: PHONE,
  online_games: PHONE,
  education: PHONE,
  local_life: PHONE,
  vehicle_services: [...PHONE, 'identity.id-number', ...LOCATION],
  investment: [...PHONE, 'identity.id-number', 'finance.bank-account', ...ID_PHOTO],
  mobile_banking: [...PHONE, 'identity.id-number', 'finance.bank-account', ...ID_PHOTO],
  email_cloud_drive: PHONE,
  remote_meeting: PHONE,
  performance_ticketing: PHONE,
};

export function necessaryDataTypes(type: AppType): readonly string[] {
  return type.none_needed ? [] : (NECESSARY[type.code] ?? []);
}

/** A type by code (`map_navigation`) or number (`1`); a USAGE error lists the valid codes otherwise. */
export function appTypeByCodeOrNumber(value: string): AppType {
  const v = value.trim();
  const found = /^\d+$/.test(v) ? APP_TYPES.find((t) => t.id === Number(v)) : APP_TYPES.find((t) => t.code === v || t.name_zh === v);
  if (found === undefined) {
    throw new PiscopeError(ErrorCode.USAGE, `unknown app type '${value}': use a code or number of the 39 types (${APP_TYPES.map((t) => `${t.id} ${t.code}`).join(', ')})`);
  }
  return found;
}

export function appTypeByCode(code: string): AppType | undefined {
  return APP_TYPES.find((t) => t.code === code);
}
