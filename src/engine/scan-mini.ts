// A WeChat mini-program (.wxapkg, plain or PC-encrypted, with its subpackages) → the Report. Same contract as an
// APK's: apiCalls with `caller` = file:line:column, dataTypes, the `permission` scopes as permissions; what the
// contract has no field for (requiredPrivateInfos, plugins, privacy APIs, every call site) is the optional
// `miniProgram` extension.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ByteSource } from '../binary/byte-source.ts';
import { toSource } from '../binary/byte-source.ts';
import { analyzeMiniProgram, type MiniFacts, type MiniPart } from '../analysis/wxapkg/analyze-wxapkg.ts';
import { componentName } from '../analysis/wxapkg/find-wxml.ts';
import { ErrorCode, PiscopeError } from '../errors.ts';
import { appidFromPath, isEncryptedWxapkg, readWxapkg } from '../formats/wxapkg/index.ts';
import { wxApis, wxOpenTypes } from '../knowledge/wx-apis.ts';
import type { Finding, Report, ReportApiCall, ReportDataType, ReportPermission } from '../report/types.ts';
import type { AnalysisFacts } from '../analysis/facts.ts';
import { appTypeByCodeOrNumber } from '../rules/app-types.ts';
import { runRule, type MiniRuleFacts } from '../rules/define-rule.ts';
import { ALL_RULES } from '../rules/index.ts';
import { VERSION } from '../version.ts';
import { analyzePolicy, analyzePolicyText } from '../policy/analyze.ts';
import { findMiniPolicy } from '../policy/find-in-mini.ts';
import { isDeclared, usablePolicy } from '../rules/lib/policy.ts';
import { contractPolicy } from './load-policy.ts';
import type { ScanOptions } from './scan.ts';

const MAX_PACKAGE = 512 << 20;

/** Code that is not the app's own: plugins and extended libraries bundled by WeChat, npm packages. */
function ownerOf(file: string): { kind: 'app' | 'unknown'; party?: 'app' | 'third-party'; prefix?: string } {
  const m = /^(__plugin__|__extended__)\/(wx[0-9a-f]{16})\//.exec(file);
  if (m !== null) return { kind: 'unknown', party: 'third-party', prefix: m[2]! };
  if (file.startsWith('miniprogram_npm/')) return { kind: 'unknown', party: 'third-party', prefix: file.split('/').slice(0, 2).join('/') };
  return { kind: 'app', party: 'app' };
}

function bytesOf(source: Uint8Array | ByteSource, path: string): Uint8Array {
  const src = toSource(source);
  if (src.size > MAX_PACKAGE) throw new PiscopeError(ErrorCode.INPUT_TOO_LARGE, `${src.size} bytes, above ${MAX_PACKAGE}`, { structure: 'wxapkg', file: path });
  return src.whole ?? src.read(0, src.size);
}

export async function scanMiniProgram(source: Uint8Array | ByteSource, path: string, options: ScanOptions, t0: number): Promise<Report> {
  const progress = options.onProgress ?? ((): void => undefined);
  const bytes = bytesOf(source, path);
  const given = options.appid ?? null;
  const mainAppid = given ?? appidFromPath(path);
  const parts: MiniPart[] = [];
  const read = (b: Uint8Array, p: string, appid: string | null): void => {
    try {
      parts.push({ path: p, pkg: readWxapkg(b, { appid }) });
    } catch (e) {
      if (e instanceof PiscopeError) e.file ??= p;
      throw e;
    }
  };
  read(bytes, path, mainAppid);
  for (const sub of options.wxapkgParts ?? []) {
    read(sub.bytes ?? readFileSync(sub.path), sub.path, given ?? appidFromPath(sub.path) ?? mainAppid);
  }
  progress({ phase: 'open', done: 1, total: 1 });
  progress({ phase: 'analyze', done: 0, total: 1 });
  const facts = analyzeMiniProgram(parts);
  progress({ phase: 'analyze', done: 1, total: 1 });

  const apis = wxApis();
  const apiCalls: ReportApiCall[] = [];
  const collectedBy = new Map<string, { apis: Set<string>; evidence: Set<'permission' | 'api'> }>();
  const note = (id: string, by: string, ev: 'permission' | 'api'): void => {
    let d = collectedBy.get(id);
    if (d === undefined) collectedBy.set(id, (d = { apis: new Set(), evidence: new Set() }));
    d.apis.add(by);
    d.evidence.add(ev);
  };
  for (const c of facts.calls) {
    const k = apis.get(c.api);
    for (const dt of k?.dataTypes ?? []) {
      const call: ReportApiCall = { api: `wx.${c.api}`, dataType: dt, caller: `${c.file}:${c.line}:${c.column}`, callerOwner: ownerOf(c.file), reachable: null, beforeConsent: null, via: c.via };
      if (parts.length > 1) call.container = c.part;
      apiCalls.push(call);
      note(dt, `wx.${c.api}`, 'api');
    }
  }
  // A tap on <button open-type="getPhoneNumber"> hands the page the data, as a call would.
  const openTypes = wxOpenTypes();
  for (const b of facts.buttons) {
    for (const dt of openTypes.get(b.openType)?.dataTypes ?? []) {
      const call: ReportApiCall & { wxml?: string } = { api: componentName(b), dataType: dt, caller: `${b.file}:${b.line}:${b.column}`, callerOwner: ownerOf(b.wxml ?? b.file), reachable: null, beforeConsent: null, via: b.source };
      if (b.wxml !== null) call.wxml = b.wxml;
      if (parts.length > 1) call.container = b.part;
      apiCalls.push(call);
      note(dt, componentName(b), 'api');
    }
  }
  const permissions: ReportPermission[] = (facts.config?.permissions ?? []).map((p) => {
    const types = [...new Set([...apis.values()].filter((a) => a.permissionKey === p.scope).flatMap((a) => a.dataTypes))];
    for (const t of types) note(t, p.scope, 'permission');
    return { name: p.scope, protectionLevel: null, dangerous: types.length > 0, dataTypes: types, desc: p.desc } as ReportPermission;
  });
  // The privacy guide (用户隐私保护指引): the file given, else one the package holds (rare: WeChat keeps it on
  // the platform, where wx.openPrivacyContract shows it).
  const located = findMiniPolicy(facts.policyCandidates, [...facts.policySearched]);
  const policy = options.policy !== undefined
    ? await analyzePolicy({ bytes: options.policy.bytes, name: options.policy.name })
    : located.found === null ? null : analyzePolicyText(located.found.text, located.found.source);
  const usable = usablePolicy(policy);
  const dataTypes: ReportDataType[] = [...collectedBy].map(([id, d]) => ({ id, collectedBy: [...d.apis].sort(), evidence: [...d.evidence].sort(), declared: usable ? isDeclared(policy, id) : null }));
  const category = options.category === undefined ? null : { code: appTypeByCodeOrNumber(options.category).code, source: 'given' as const, confidence: 1 };
  const diagnostics: NonNullable<Report['diagnostics']> = [];
  for (const p of parts) for (const n of p.pkg.notes) diagnostics.push({ severity: 'warning', code: ErrorCode.WXAPKG_MALFORMED, message: n, file: p.path });
  for (const p of facts.problems) diagnostics.push({ severity: 'warning', code: 'JS_UNREADABLE', message: p.message, file: p.file });
  if (facts.baseLibrary) diagnostics.push({ severity: 'warning', code: 'WXAPKG_BASE_LIBRARY', message: 'the WeChat base library (WAService.js, WAWebview.js), not a mini-program: not analysed as an app', file: path });

  // The mini-program rules only: the others judge Android facts this package does not have.
  const rules = ALL_RULES.filter((r) => r.meta.appliesTo?.includes('wxapkg') === true && (r.meta.sector === undefined || r.meta.sector === options.sector));
  const scanned = parts.map((p) => p.path);
  const mini: MiniRuleFacts = { config: facts.config, calls: facts.calls, buttons: facts.buttons, thisCalls: facts.thisCalls, missingSubpackages: missingSubpackages(facts, parts) };
  const empty: AnalysisFacts = { permissions: [], sdks: [], apiCalls: [], dataTypes, behaviors: [], packers: [], appPackages: [], urls: [], entryPoints: [], stats: { classes: 0, methods: 0, dexFiles: 0, reachableMethods: 0, durationMs: 0 } };
  const findings: Finding[] = [];
  if (!facts.baseLibrary) {
    for (const rule of rules) {
      try {
        findings.push(...runRule(rule, { kind: 'wxapkg', facts: empty, policy, policySearched: options.policy !== undefined ? [options.policy.name] : policy !== null ? [located.found!.source] : [...scanned, ...located.searched], policyMentions: located.mentions, manifest: null, zipOddities: [], consentChecks: new Map(), appType: { type: options.category === undefined ? null : appTypeByCodeOrNumber(options.category), source: category === null ? 'inferred' : 'given', confidence: category?.confidence ?? null }, sector: options.sector ?? null, mini }));
      } catch (e) {
        diagnostics.push({ severity: 'error', code: 'RULE_FAILED', message: `rule ${rule.meta.id}: ${e instanceof Error ? e.message : String(e)}`, file: null });
      }
    }
  }

  return {
    schemaVersion: '1',
    tool: { name: 'piscope', version: VERSION },
    input: { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, kind: 'wxapkg' },
    app: { packageName: mainAppid, versionName: null, versionCode: null, label: null, minSdk: null, targetSdk: null, category, sector: options.sector ?? null },
    permissions,
    sdks: [],
    apiCalls,
    dataTypes,
    policy: contractPolicy(policy),
    findings,
    stats: { durationMs: Math.round(performance.now() - t0), rules: rules.length, wxapkgParts: parts.length, files: facts.stats.files, jsFiles: facts.stats.jsFiles, jsBytes: facts.stats.jsBytes, wxmlTemplates: facts.stats.templates },
    diagnostics,
    miniProgram: { ...miniExtension(facts, parts, given !== null ? 'given' : mainAppid !== null ? 'path' : null, isEncryptedWxapkg(bytes)), privacyGuide: { source: options.policy !== undefined ? 'given' : located.found !== null ? 'package' : null, file: options.policy?.name ?? located.found?.source ?? null, mentions: located.mentions } },
  };
}

/** Subpackage roots the config lists whose files none of the scanned parts holds. */
function missingSubpackages(facts: MiniFacts, parts: readonly MiniPart[]): string[] {
  const roots = facts.config?.subpackages ?? [];
  return roots.filter((r) => {
    const root = r.replace(/^\/+/, '').replace(/\/*$/, '/');
    return !parts.some((p) => p.pkg.entries.some((e) => e.name.startsWith(root)));
  });
}

function miniExtension(facts: MiniFacts, parts: readonly MiniPart[], appidSource: 'given' | 'path' | null, encrypted: boolean): Record<string, unknown> {
  const apis = wxApis();
  const c = facts.config;
  return {
    baseLibrary: facts.baseLibrary,
    appidSource,
    encrypted,
    parts: parts.map((p) => ({ path: p.path, files: p.pkg.entries.length, encrypted: p.pkg.encrypted })),
    config: c === null ? null : { file: c.file, permission: c.permissions, requiredPrivateInfos: c.requiredPrivateInfos, usePrivacyCheck: c.usePrivacyCheck, plugins: c.plugins, subpackages: c.subpackages },
    // Every call site of a listed API, including those the contract's data types do not name (user profile,
    // address, invoice) and the privacy-guide APIs.
    calls: facts.calls.map((x) => {
      const k = apis.get(x.api);
      return { api: `wx.${x.api}`, file: x.file, line: x.line, column: x.column, via: x.via, context: x.context, dataTypes: k?.dataTypes ?? [], ...(k?.wxData === undefined ? {} : { wxData: k.wxData }), privacyApi: k?.privacyApi ?? false };
    }),
    // Every open-type button, including those that hand over no data (share, contact) and the privacy guide's own.
    buttons: facts.buttons.map((b) => {
      const k = wxOpenTypes().get(b.openType);
      return { openType: b.openType, element: b.element, wxml: b.wxml, file: b.file, line: b.line, column: b.column, source: b.source, dynamic: b.dynamic, handlers: b.handlers, dataTypes: k?.dataTypes ?? [], ...(k?.wxData === undefined ? {} : { wxData: k.wxData }), privacyApi: k?.privacyApi ?? false };
    }),
  };
}
