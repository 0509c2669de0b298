// Small synthetic inputs for rule tests: facts of an app and a policy that does everything right, which each
// case then spoils in one place. Only tests import this.
import type { AnalysisFacts, Behavior, SdkHit, SensitiveCall } from '../analysis/facts.ts';
import type { Answer, DeclaredDataType, DeclaredSdk, PolicyAnalysis, Span } from '../policy/types.ts';
import type { MiniConfig } from '../analysis/wxapkg/mini-config.ts';
import type { ListingFacts, MiniRuleFacts } from './define-rule.ts';
import type { StoreListing } from '../package/store-listing.ts';
import type { Manifest, Signing } from '../package/types.ts';

export function makeFacts(over: Partial<AnalysisFacts> = {}): AnalysisFacts {
  return {
    permissions: [],
    sdks: [],
    apiCalls: [],
    dataTypes: [],
    behaviors: [],
    packers: [],
    appPackages: ['com.example.app'],
    urls: [],
    entryPoints: [],
    stats: { classes: 10, methods: 50, dexFiles: 1, reachableMethods: 30, durationMs: 1 },
    ...over,
  };
}

export function call(dataType: string, api: string, over: Partial<SensitiveCall> = {}): SensitiveCall {
  return {
    api,
    dataType,
    caller: 'Lcom/example/app/Main;->onClick(Landroid/view/View;)V',
    callerOwner: { kind: 'app' },
    reachable: true,
    beforeConsent: false,
    callee: api,
    via: 'direct',
    pc: 4,
    path: ['Lcom/example/app/Main;->onCreate(Landroid/os/Bundle;)V', 'Lcom/example/app/Main;->onClick(Landroid/view/View;)V'],
    ...over,
  };
}

export function sdkCall(sdk: string, dataType: string, api: string, over: Partial<SensitiveCall> = {}): SensitiveCall {
  return call(dataType, api, { caller: `Lcom/${sdk}/Core;->collect()V`, callerOwner: { kind: 'sdk', sdk }, ...over });
}

export function permission(name: string, dataTypes: string[], line = 5): AnalysisFacts['permissions'][number] {
  return { name, protectionLevel: 'dangerous', dangerous: true, dataTypes, line };
}

export function sdk(id: string, category: string, over: Partial<SdkHit> = {}): SdkHit {
  return {
    id,
    name: id,
    nameZh: id,
    vendor: `${id} vendor`,
    matchedBy: 'package',
    packages: [`com.${id}`],
    confidence: 1,
    category,
    evidenceClasses: [`Lcom/${id}/Core;`],
    prefixes: [`com.${id}`],
    ...over,
  };
}

export function behavior(kind: Behavior['kind'], over: Partial<Behavior> = {}): Behavior {
  return { kind, caller: 'Lcom/example/app/Main;->run()V', detail: kind, callerOwner: { kind: 'app' }, reachable: true, beforeConsent: false, ...over };
}

const FILLER = '我们会按照法律法规要求，采取相应的安全保护措施，尽力保护您的个人信息安全可控。'.repeat(90);

/** A policy text that states accounts, rights, contact and complaints; long enough to count as complete. */
export const GOOD_POLICY_TEXT = [
  '隐私政策。一、我们如何收集和使用您的个人信息。您注册账号时，我们收集您的手机号码。',
  '二、您的权利。您可以在“我的-设置”中更正、删除您的个人信息，或注销账号，我们将在15个工作日内处理。',
  '三、未成年人保护。不满十四周岁的儿童须在监护人同意下使用。',
  '四、联系我们。如您对个人信息保护有投诉、举报，请发送邮件至 privacy@example.com，我们将在15个工作日内答复。',
  FILLER,
].join('\n');

function yes(): Answer {
  return { value: true, evidence: [] };
}

export function span(sentence: string, section: string | null = null): Span {
  return { sentence, start: 0, end: sentence.length, section };
}

export function declared(dataType: string, over: Partial<DeclaredDataType> = {}): DeclaredDataType {
  return { ...span(`我们会收集您的${dataType}`), dataType, matched: dataType, purpose: null, condition: null, shared: false, ...over };
}

export function disclosure(name: string, over: Partial<DeclaredSdk> = {}): DeclaredSdk {
  return { ...span(`${name} SDK`), name, sdkId: null, packageName: null, vendor: 'v', purpose: 'p', dataTypes: [], policyUrl: 'https://x', missingFields: [], fromTable: true, ...over };
}

export function makePolicy(over: Partial<PolicyAnalysis> = {}): PolicyAnalysis {
  return {
    found: true,
    source: 'assets/privacy.html',
    declaredDataTypes: [],
    declaredSdks: [],
    hasContact: true,
    hasAccountDeletion: true,
    hasComplaintChannel: true,
    hasPersonalizationOptOut: null,
    hasMinorsClause: true,
    text: GOOD_POLICY_TEXT,
    encoding: 'utf-8',
    garbled: false,
    urls: [],
    sections: [{ heading: '一、我们如何收集和使用您的个人信息', start: 0, end: 100, level: 1 }],
    declared: [],
    negated: [],
    sdkDisclosures: [],
    contact: { emails: ['privacy@example.com'], phones: [], addresses: [], evidence: [] },
    complaint: { ...yes(), responseDays: 15, workingDays: true },
    accountDeletion: { ...yes(), inAppPath: '我的-设置' },
    access: yes(),
    correction: yes(),
    deletion: yes(),
    withdrawConsent: yes(),
    minors: { ...yes(), guardianConsent: true, under14Rules: true },
    personalization: { value: null, evidence: [], noPersonalization: true },
    sharing: yes(),
    storage: { ...yes(), location: '中国境内', period: null, crossBorder: false },
    dates: { updated: null, effective: null, evidence: [] },
    operator: { name: '示例公司', evidence: [] },
    durationMs: 1,
    ...over,
  };
}

// Mini-program rules' cases.
export const miniConfig = (over: Partial<MiniConfig> = {}): MiniConfig => ({ file: 'app-config.json', permissions: [], requiredPrivateInfos: [], usePrivacyCheck: null, plugins: [], subpackages: [], pages: [], ...over });

type Call = MiniRuleFacts['calls'][number];
type Button = MiniRuleFacts['buttons'][number];

export const wxCall = (api: string, over: Partial<Call> = {}): Call => ({ api, file: 'app-service.js', line: 3, column: 9, via: 'wx', ...over });
export const button = (openType: string, over: Partial<Button> = {}): Button => ({ openType, wxml: 'pages/index/index.wxml', file: 'page-frame.html', line: 40, column: 9, dynamic: false, handlers: [], ...over });

export const miniFacts = (config: MiniConfig | null, calls: Call[] = [], buttons: Button[] = []): MiniRuleFacts => ({ config, calls, buttons, missingSubpackages: [] });

/** A manifest for the store-listing cases: package com.example.app 2.0 (20), the permissions given. */
export function listingManifest(permissions: string[], over: Partial<Manifest> = {}): Manifest {
  return {
    packageName: 'com.example.app', versionCode: 20, versionName: '2.0', minSdk: 21, targetSdk: 33, label: 'Example', labelZh: null, applicationClass: null, appComponentFactory: null,
    permissions: permissions.map((name, i) => ({ name: `android.permission.${name}`, maxSdk: null, line: 10 + i })), definedPermissions: [], components: [], launchableActivity: 'com.example.app.Main', usesFeatures: [], metaData: [], queries: [],
    root: { tag: 'manifest', attrs: {}, children: [], line: 2 }, ...over,
  };
}

/** A store listing of that package (over: the fields a case changes), with its policy check. */
export function listingOf(over: Partial<StoreListing> = {}, policy: ListingFacts['policy'] = { status: 'not-fetched' }): ListingFacts {
  return { listing: { store: 'example-store', url: 'https://store.example.com/app/com.example.app', packageName: 'com.example.app', fetchedAt: '2026-12-07T10:00:00Z', developer: 'Example Tech Co., Ltd.', versionName: '2.0', versionCode: 20, permissions: ['android.permission.CAMERA'], privacyPolicyUrl: 'https://www.example.com/privacy', ...over }, policy };
}

export const LISTING_CERT_SHA256 = 'a'.repeat(64);

/** v1 signing with one certificate of this subject. */
export function signingOf(subject: string, sha256 = LISTING_CERT_SHA256): Signing {
  return { v1: [{ signatureFile: 'META-INF/CERT.SF', certificates: [{ subject, issuer: subject, notBefore: '2020-01-01', notAfter: '2050-01-01', sha256, serial: '1' }] }], v2: true, v3: false, v31: false, blockCertificates: [] };
}
