// The 双清单 an app must publish (工信部 DL-1, DL-2): the list of personal information collected and the list
// shared with third parties, built from the Report alone. Purposes come from the policy when it states
// them, else from the SDK catalogue's category; otherwise they are marked 待补充 / to be completed.
// Nothing is invented: every cell says where it came from.
import { dataTypeName } from './labels.ts';
import { collectorsOf, ownerLabel, sdkName } from './order.ts';
import type { LocalizedText, Party, Report, ReportSdk } from './types.ts';
import type { SdkCategory } from '../knowledge/types.ts';

export type PurposeSource = 'policy' | 'sdk-catalogue' | 'none';

export const TO_COMPLETE: LocalizedText = { zh: '待补充', en: 'to be completed' };

export interface CollectedRow {
  dataType: string;
  dataTypeName: LocalizedText;
  /** 'app', an SDK id, or `third-party:<prefix>` / `platform:<prefix>` for code of no identified SDK. */
  collectedBy: string;
  /** Whose code reads it; only `app` is the app's own code. */
  party: Party;
  collectorName: string;
  purpose: LocalizedText;
  purposeSource: PurposeSource;
  /** When it is collected: the policy's condition, when it gives one. */
  scenario: LocalizedText;
  /** How piscope saw it: permission, api, trace, network. */
  evidence: string[];
  declaredInPolicy: boolean | null;
}

export interface SharedRow {
  recipient: string;
  sdk: string;
  vendor: string | null;
  dataTypes: string[];
  dataTypeNames: LocalizedText[];
  purpose: LocalizedText;
  purposeSource: PurposeSource;
  way: LocalizedText;
  disclosedInPolicy: boolean | null;
  /** `code`: the SDK is embedded (found by piscope); `policy`: only the policy names this recipient. */
  foundIn: 'code' | 'policy';
}

/** A data type only a requested permission reaches: no code was seen reading it, so it is not "collected". */
export interface RequestedRow {
  dataType: string;
  dataTypeName: LocalizedText;
  permissions: string[];
  declaredInPolicy: boolean | null;
}

export interface AppLists {
  app: { label: string | null; packageName: string | null; versionName: string | null; input: string };
  policy: { found: boolean; source: string | null };
  collected: CollectedRow[];
  requested: RequestedRow[];
  shared: SharedRow[];
}

/**
 * What the SDK catalogue's category says the SDK is for. Keyed by the catalogue's own SdkCategory, so a
 * category added there without a purpose here does not compile; library and other say nothing.
 */
const CATEGORY_PURPOSE: Record<Exclude<SdkCategory, 'library' | 'other'>, LocalizedText> = {
  push: { zh: '消息推送', en: 'push notifications' },
  analytics: { zh: '统计分析', en: 'usage analytics' },
  ads: { zh: '广告投放', en: 'advertising' },
  location: { zh: '定位服务', en: 'location services' },
  map: { zh: '地图服务', en: 'maps' },
  payment: { zh: '支付', en: 'payment' },
  social: { zh: '第三方登录与分享', en: 'social login and sharing' },
  share: { zh: '分享', en: 'sharing' },
  login: { zh: '第三方登录', en: 'third-party login' },
  crash: { zh: '崩溃日志收集', en: 'crash reporting' },
  hotfix: { zh: '应用热修复', en: 'hot fixes' },
  'device-id': { zh: '设备标识', en: 'device identification' },
  attribution: { zh: '广告归因', en: 'ad attribution' },
  im: { zh: '即时通信', en: 'instant messaging' },
  'customer-service': { zh: '在线客服', en: 'customer service' },
  'risk-control': { zh: '安全风控', en: 'security and risk control' },
  rtc: { zh: '音视频通话', en: 'audio and video calls' },
  media: { zh: '音视频播放', en: 'media playback' },
};

interface PolicyDeclared {
  dataType: string;
  purpose: string | null;
  condition: string | null;
}
interface PolicySdk {
  sdkId: string | null;
  name: string;
  vendor: string | null;
  purpose: string | null;
  dataTypes: string[];
}

// The policy analyser's extensions (src/policy/types.ts), read defensively: a Report from JSON may lack them.
function policyDeclared(r: Report): PolicyDeclared[] {
  const d = r.policy.declared;
  if (!Array.isArray(d)) return [];
  return d.filter((x): x is PolicyDeclared => typeof x === 'object' && x !== null && typeof (x as PolicyDeclared).dataType === 'string');
}
function policySdks(r: Report): PolicySdk[] {
  const d = r.policy.sdkDisclosures;
  if (!Array.isArray(d)) return [];
  return d
    .filter((x): x is PolicySdk => typeof x === 'object' && x !== null && typeof (x as PolicySdk).name === 'string')
    .map((x) => ({ ...x, vendor: typeof x.vendor === 'string' ? x.vendor : null, dataTypes: Array.isArray(x.dataTypes) ? x.dataTypes : [] }));
}

// The policy's own words, in its language; `purposeSource` says where they came from.
const fromPolicy = (s: string): LocalizedText => ({ zh: s, en: s });

function sdkPurpose(r: Report, sdk: ReportSdk | undefined): { purpose: LocalizedText; purposeSource: PurposeSource } {
  if (sdk !== undefined) {
    const disclosed = policySdks(r).find((d) => d.sdkId === sdk.id && d.purpose !== null && d.purpose !== '');
    if (disclosed?.purpose != null) return { purpose: fromPolicy(disclosed.purpose), purposeSource: 'policy' };
    const byCategory = sdk.category === undefined ? undefined : (CATEGORY_PURPOSE as Partial<Record<string, LocalizedText>>)[sdk.category];
    if (byCategory !== undefined) return { purpose: byCategory, purposeSource: 'sdk-catalogue' };
  }
  return { purpose: TO_COMPLETE, purposeSource: 'none' };
}

export function buildLists(r: Report): AppLists {
  const declared = policyDeclared(r);
  const collected: CollectedRow[] = [];
  const requested: RequestedRow[] = [];
  for (const d of r.dataTypes) {
    const own = declared.filter((x) => x.dataType === d.id);
    const statedPurpose = own.find((x) => x.purpose !== null && x.purpose !== '')?.purpose ?? null;
    const condition = own.find((x) => x.condition !== null && x.condition !== '')?.condition ?? null;
    // Dead code collects nothing; a permission alone is listed apart, as requested.
    const live = collectorsOf(d).filter((c) => c.reachable !== false);
    if (live.length === 0) {
      if (d.evidence.includes('permission')) {
        requested.push({ dataType: d.id, dataTypeName: dataTypeName(d.id), permissions: r.permissions.filter((p) => p.dataTypes.includes(d.id)).map((p) => p.name), declaredInPolicy: d.declared });
      }
      continue;
    }
    for (const c of live) {
      const who = c.party === 'app' ? 'app' : c.party === 'sdk' ? (c.sdk ?? 'sdk') : `${c.party}:${c.prefix ?? ''}`;
      const sdk = c.party === 'sdk' ? r.sdks.find((s) => s.id === c.sdk) : undefined;
      let p: { purpose: LocalizedText; purposeSource: PurposeSource };
      if (statedPurpose !== null && c.party === 'app') p = { purpose: fromPolicy(statedPurpose), purposeSource: 'policy' };
      else if (c.party === 'sdk') p = sdkPurpose(r, sdk);
      else p = { purpose: TO_COMPLETE, purposeSource: 'none' };
      // A purpose the policy gives for the data type also covers an SDK the policy does not describe.
      if (p.purposeSource === 'none' && statedPurpose !== null) p = { purpose: fromPolicy(statedPurpose), purposeSource: 'policy' };
      collected.push({
        dataType: d.id,
        dataTypeName: dataTypeName(d.id),
        collectedBy: who,
        party: c.party,
        collectorName: ownerLabel(r, c).zh,
        ...p,
        scenario: condition === null ? TO_COMPLETE : fromPolicy(condition),
        evidence: d.evidence,
        declaredInPolicy: d.declared,
      });
    }
  }
  const shared: SharedRow[] = [];
  for (const sdk of r.sdks) {
    const types = r.dataTypes.filter((d) => d.collectedBy.includes(sdk.id)).map((d) => d.id);
    if (types.length === 0) continue; // an SDK that collects nothing shares nothing
    const disclosed = r.policy.found ? policySdks(r).some((d) => d.sdkId === sdk.id) || r.policy.declaredSdks.includes(sdk.id) : null;
    shared.push({
      recipient: sdkName(r, sdk.id),
      sdk: sdk.id,
      vendor: sdk.vendor,
      dataTypes: types,
      dataTypeNames: types.map(dataTypeName),
      ...sdkPurpose(r, sdk),
      way: { zh: 'SDK嵌入（客户端直接收集）', en: 'embedded SDK (collects on the device)' },
      disclosedInPolicy: disclosed,
      foundIn: 'code',
    });
  }
  // Recipients the policy names but the code does not show (server-side sharing, or an SDK piscope does not
  // know): they belong in the list too; how they receive the data is for the operator to say.
  const seen = new Set(r.sdks.map((s) => s.id));
  for (const d of policySdks(r)) {
    if (d.sdkId !== null && seen.has(d.sdkId)) continue;
    // A name found in prose that matches no catalogue SDK is too often a fragment ("但不限于SDK"): only
    // catalogue matches and rows of the policy's own SDK table are taken.
    if (d.sdkId === null && (d as { fromTable?: unknown }).fromTable !== true) continue;
    shared.push({
      recipient: d.name,
      sdk: d.sdkId ?? '',
      vendor: d.vendor,
      dataTypes: d.dataTypes,
      dataTypeNames: d.dataTypes.map(dataTypeName),
      purpose: d.purpose === null || d.purpose === '' ? TO_COMPLETE : fromPolicy(d.purpose),
      purposeSource: d.purpose === null || d.purpose === '' ? 'none' : 'policy',
      way: { zh: '待补充（政策中列明，代码中未发现）', en: 'to be completed (named in the policy, not found in the code)' },
      disclosedInPolicy: true,
      foundIn: 'policy',
    });
  }
  return {
    app: { label: r.app.label, packageName: r.app.packageName, versionName: r.app.versionName, input: r.input.path },
    policy: { found: r.policy.found, source: r.policy.source },
    collected,
    requested,
    shared,
  };
}
