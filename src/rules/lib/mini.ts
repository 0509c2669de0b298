// What a mini-program's code reads, from its wx.* call sites and its open-type buttons, in the catalogue's
// terms (wx-apis.json): the rules on mini-programs judge the same list.
import { wxApis, wxOpenTypes } from '../../knowledge/wx-apis.ts';
import type { Evidence } from '../../report/types.ts';
import type { MiniRuleFacts } from '../define-rule.ts';
import { componentName } from '../../analysis/wxapkg/find-wxml.ts';

export interface MiniRead {
  /** `wx.getLocation`, `button[open-type=getPhoneNumber]`, `input[type=nickname]`. */
  readonly what: string;
  readonly dataTypes: readonly string[];
  /** Data the contract has no type for: address, user-profile, invoice, phone-number. */
  readonly wxData: string | null;
  readonly zh: string;
  readonly en: string;
  readonly file: string;
  /** A plugin's or an npm package's code (`__plugin__/wx…/`, `miniprogram_npm/`), not the app's own. */
  readonly thirdParty: boolean;
  /** The open-type came from an expression (`{{…}}`): the button may have another type. */
  readonly dynamic: boolean;
  readonly evidence: Evidence;
}

export function isThirdParty(file: string): boolean {
  return /^(?:__plugin__|__extended__)\/wx[0-9a-f]{16}\//.test(file) || file.startsWith('miniprogram_npm/');
}

export function miniReads(m: MiniRuleFacts): MiniRead[] {
  const out: MiniRead[] = [];
  const apis = wxApis();
  for (const c of m.calls) {
    const k = apis.get(c.api);
    if (k === undefined || k.privacyApi || (k.dataTypes.length === 0 && k.wxData === undefined)) continue;
    out.push({ what: `wx.${c.api}`, dataTypes: k.dataTypes, wxData: k.wxData ?? null, zh: k.zh, en: k.en, file: c.file, thirdParty: isThirdParty(c.file), dynamic: false, evidence: { kind: 'code', caller: `${c.file}:${c.line}:${c.column}`, callee: `wx.${c.api}`, note: `via ${c.via}` } });
  }
  const ots = wxOpenTypes();
  for (const b of m.buttons) {
    const k = ots.get(b.openType);
    if (k === undefined || k.privacyApi || (k.dataTypes.length === 0 && k.wxData === undefined)) continue;
    const where = b.wxml ?? b.file;
    const handlers = b.handlers.map((h) => `${h.attr}=${h.handler ?? '?'}`).join(', ');
    out.push({
      what: componentName(b),
      dataTypes: k.dataTypes,
      wxData: k.wxData ?? null,
      zh: k.zh,
      en: k.en,
      file: where,
      thirdParty: isThirdParty(where),
      dynamic: b.dynamic,
      evidence: { kind: 'code', caller: `${b.file}:${b.line}:${b.column}`, callee: componentName(b), note: [b.wxml === null ? 'JSX props' : `template ${b.wxml}`, handlers === '' ? null : `handlers ${handlers}`, b.dynamic ? `${b.element === 'input' ? 'type' : 'open-type'} computed: one of its values` : null].filter((x) => x !== null).join('; ') },
    });
  }
  return out;
}

/** Words a guide uses for what the contract has no data type for. */
export const WX_DATA_TERMS: Readonly<Record<string, RegExp>> = {
  address: /收货地址|收件地址|通讯地址|地址/,
  'user-profile': /昵称|头像|微信用户信息|用户信息/,
  invoice: /发票/,
  'phone-number': /手机号|电话号码/,
};

/** The contract's data types a mini-program reads, each with its reads, the app's own fixed ones first. */
export function miniByType(m: MiniRuleFacts): Map<string, MiniRead[]> {
  const out = new Map<string, MiniRead[]>();
  for (const r of miniReads(m)) {
    for (const dt of r.dataTypes) {
      let l = out.get(dt);
      if (l === undefined) out.set(dt, (l = []));
      l.push(r);
    }
  }
  const rank = (r: MiniRead): number => (r.thirdParty ? 2 : 0) + (r.dynamic ? 1 : 0);
  for (const l of out.values()) l.sort((a, b) => rank(a) - rank(b));
  return out;
}

/**
 * A data type's name in a mini-program's findings. device.phone-number is the contract's one phone-number type
 * (本机号码, its synonyms 手机号码 and 电话号码; the 39 types' "registered user's mobile number" maps to it), but
 * getPhoneNumber and getRealtimePhoneNumber do not read the SIM: WeChat hands over a number bound to the
 * user's WeChat account, which the user picks after the tap. Findings say that, not 本机号码.
 */
export function miniTypeName(id: string, info: { zh: string; en: string }): { zh: string; en: string } {
  return id === 'device.phone-number' ? { zh: '手机号码（用户微信绑定的号码，点击后由用户选择提供，非读取本机号码）', en: 'phone number (a number bound to the user\'s WeChat account, handed over when the user taps and picks it; not read from the SIM)' } : info;
}
