// The facts that come from the manifest and the package files rather than from code: permissions, the data
// types derived from permissions plus API calls, self-start receivers, and packers.
import type { PackerEvidenceInput, PackerMatch, Permission } from '../knowledge/index.ts';
import { javaToType } from '../package/code-model.ts';
import type { OpenedPackage } from '../package/types.ts';
import type { ReportApiCall, ReportDataType } from '../report/types.ts';
import type { AnalysisFacts, Behavior, PackerHit, SensitiveCall } from './facts.ts';
import type { Program } from './program.ts';

/** Broadcasts that start an app without the user: boot, unlock, network and package changes, power. */
const SELF_START_ACTIONS = new Set([
  'android.intent.action.BOOT_COMPLETED', 'android.intent.action.LOCKED_BOOT_COMPLETED', 'android.intent.action.QUICKBOOT_POWERON',
  'com.htc.intent.action.QUICKBOOT_POWERON', 'android.intent.action.REBOOT', 'android.intent.action.USER_PRESENT',
  'android.net.conn.CONNECTIVITY_CHANGE', 'android.intent.action.PACKAGE_ADDED', 'android.intent.action.PACKAGE_REMOVED',
  'android.intent.action.PACKAGE_REPLACED', 'android.intent.action.ACTION_POWER_CONNECTED', 'android.intent.action.ACTION_POWER_DISCONNECTED',
]);

export interface FactsInput {
  pkg: OpenedPackage;
  program: Program;
  classOwner: (javaName: string) => ReportApiCall['callerOwner'];
  permissionByName: (name: string) => Permission | undefined;
  matchPackers: (input: PackerEvidenceInput) => PackerMatch[];
  /** Stub classes and prefixes (dotted) of all catalogued packers. */
  packerClasses: readonly string[];
  apiCalls: SensitiveCall[];
  behaviors: Behavior[];
}

export function buildFacts(input: FactsInput): Pick<AnalysisFacts, 'permissions' | 'dataTypes' | 'behaviors' | 'packers'> {
  const { pkg, program } = input;
  const manifest = pkg.manifest;
  const permissions: AnalysisFacts['permissions'] = (manifest?.permissions ?? []).map((p) => {
    const k = input.permissionByName(p.name);
    return { name: p.name, protectionLevel: k?.protectionLevel ?? null, dangerous: k?.dangerous ?? false, dataTypes: k?.dataTypes ?? [], line: p.line };
  });

  const dataTypes = dataTypesOf(input.apiCalls, permissions);

  const behaviors = [...input.behaviors];
  for (const comp of manifest?.components ?? []) {
    if (comp.type !== 'receiver' || !comp.enabled) continue;
    const actions = comp.intentFilters.flatMap((f) => f.actions).filter((a) => SELF_START_ACTIONS.has(a));
    if (actions.length === 0) continue;
    const t = program.findType(javaToType(comp.name));
    const onReceive = program.isApp(t) ? program.resolve(t, program.subsigId('onReceive', '(Landroid/content/Context;Landroid/content/Intent;)V')) : -1;
    behaviors.push({
      kind: 'self-start',
      caller: onReceive >= 0 ? program.methodName(onReceive) : null,
      detail: `receiver ${comp.name} on ${[...new Set(actions)].join(', ')}`,
      callerOwner: input.classOwner(comp.name),
      reachable: true,
      beforeConsent: null,
      line: comp.line,
      element: 'receiver',
    });
  }

  // Only names that could be a packer's stub class go to the matcher (a big app has 10^4-10^5 classes).
  const stubs = input.packerClasses.map((c) => `L${c.replaceAll('.', '/')}`);
  const classNames = program.typeNames.slice(0, program.classCount).filter((n) => stubs.some((s) => n.startsWith(s)));
  const packers: PackerHit[] = input
    .matchPackers({
      classes: classNames,
      nativeLibs: pkg.nativeLibs.map((l) => l.path),
      assets: pkg.entries.filter((e) => e.name.startsWith('assets/')).map((e) => e.name),
    })
    .map((m) => ({ id: m.packer.id, name: m.packer.name, nameZh: m.packer.nameZh, vendor: m.packer.vendor, evidence: m.evidence }));

  return { permissions, dataTypes, behaviors, packers };
}

type Collector = NonNullable<ReportDataType['collectors']>[number];

/** The party a call's owner stands for: `party` when set, else read from `kind` (older facts). */
export function partyOf(o: ReportApiCall['callerOwner']): Collector['party'] {
  return o.party ?? (o.kind === 'app' ? 'app' : o.kind === 'sdk' ? 'sdk' : 'third-party');
}

/**
 * Data types: every party whose code reads each (dead code included, marked), and what backs the type. Only
 * the app and identified SDKs go to `collectedBy`, and only from live code; a permission alone collects
 * nothing (`basis: 'permission'`).
 */
export function dataTypesOf(calls: readonly SensitiveCall[], permissions: readonly { dataTypes: readonly string[] }[]): ReportDataType[] {
  interface Entry { collectors: Map<string, Collector>; evidence: Set<ReportDataType['evidence'][number]> }
  const types = new Map<string, Entry>();
  const entry = (id: string): Entry => {
    let e = types.get(id);
    if (e === undefined) {
      e = { collectors: new Map(), evidence: new Set() };
      types.set(id, e);
    }
    return e;
  };
  for (const c of calls) {
    if (c.dataType.length === 0) continue;
    const e = entry(c.dataType);
    const party = partyOf(c.callerOwner);
    const sdk = party === 'sdk' ? c.callerOwner.sdk : undefined;
    const prefix = party === 'third-party' || party === 'platform' ? c.callerOwner.prefix : undefined;
    const key = `${party}|${sdk ?? ''}|${prefix ?? ''}`;
    const prev = e.collectors.get(key);
    // true beats null beats false: one live call makes the party a collector.
    const reachable = prev === undefined ? c.reachable : prev.reachable === true || c.reachable === true ? true : prev.reachable === null || c.reachable === null ? null : false;
    e.collectors.set(key, { party, ...(sdk !== undefined ? { sdk } : {}), ...(prefix !== undefined ? { prefix } : {}), reachable });
    if (c.reachable !== false) e.evidence.add('api');
  }
  for (const p of permissions) {
    for (const d of p.dataTypes) entry(d).evidence.add('permission');
  }
  const rank = { app: 0, sdk: 1, 'third-party': 2, platform: 3 } as const;
  return [...types.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, e]) => {
      const collectors = [...e.collectors.values()].sort((a, b) => rank[a.party] - rank[b.party] || (a.sdk ?? a.prefix ?? '').localeCompare(b.sdk ?? b.prefix ?? ''));
      const live = collectors.filter((c) => c.reachable !== false);
      const collectedBy = [...new Set(live.flatMap((c) => (c.party === 'app' ? ['app'] : c.party === 'sdk' && c.sdk !== undefined ? [c.sdk] : [])))].sort();
      const basis: ReportDataType['basis'] = collectors.some((c) => c.reachable === true) ? 'reachable' : live.length > 0 ? 'code' : collectors.length > 0 ? 'unreachable' : 'permission';
      return { id, collectedBy, evidence: [...e.evidence].sort(), declared: null, collectors, basis };
    });
}
