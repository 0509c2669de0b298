// What the package collects, per data type, with only the evidence that can carry a finding: dead code
// (reachable false) never accuses anyone.
import type { AnalysisFacts, SensitiveCall } from '../../analysis/facts.ts';
import type { ReportPermission } from '../../report/types.ts';
import { ownerKey } from './owner.ts';

export interface Collected {
  readonly dataType: string;
  /** Calls not proven dead, reachable ones first. */
  readonly calls: SensitiveCall[];
  readonly permissions: (ReportPermission & { line: number | null })[];
  /** Owner keys of the live calls: "app", SDK ids, `third-party:<prefix>`, `platform:<prefix>` (lib/owner.ts). */
  readonly owners: Set<string>;
  /** At least one call shown reachable from an entry point. */
  readonly reachable: boolean;
  /** Reachable calls that are strong evidence: not a single-package probe, and in code we can attribute. */
  readonly strong: boolean;
}

/**
 * Calls that ask about one named package (is WeChat installed? what is my own uid's package?) rather than
 * read the list of installed apps: the catalogue files them under app-list, but they are not what 164号文
 * means by 应用列表, so they never carry a high finding alone. The analysis drops such probes unless one owner
 * probes many packages (`probes`); this list covers facts built without it.
 */
const SINGLE_PACKAGE_PROBES = /\.(getPackageInfo|getPackagesForUid|getApplicationInfo|getInstallerPackageName|getInstallSourceInfo|getLaunchIntentForPackage|getApplicationLabel|getApplicationIcon|getNameForUid)$/;

export function isWeakCall(c: SensitiveCall): boolean {
  // The analysis keeps a probe only when it is collection (many named packages, or a broad query).
  if (c.probes !== undefined || c.query !== undefined) return false;
  if (c.weak === true) return true; // the catalogue's mark: often benign, a generic sink
  return c.dataType.startsWith('app-list') && SINGLE_PACKAGE_PROBES.test(c.api.replace(/\(.*$/, ''));
}

export function ownerId(c: SensitiveCall): string {
  return ownerKey(c.callerOwner);
}

/** Shortest evidence first: reachable calls with the shortest path. */
export function byStrength(a: SensitiveCall, b: SensitiveCall): number {
  const ra = a.reachable === true ? 0 : 1;
  const rb = b.reachable === true ? 0 : 1;
  if (ra !== rb) return ra - rb;
  return (a.path?.length ?? 99) - (b.path?.length ?? 99);
}

export function collectedDataTypes(facts: AnalysisFacts): Map<string, Collected> {
  const out = new Map<string, Collected>();
  const get = (id: string): Collected => {
    let c = out.get(id);
    if (c === undefined) {
      c = { dataType: id, calls: [], permissions: [], owners: new Set(), reachable: false, strong: false };
      out.set(id, c);
    }
    return c;
  };
  for (const call of facts.apiCalls) {
    if (call.reachable === false) continue;
    const c = get(call.dataType);
    c.calls.push(call);
    c.owners.add(ownerId(call));
    if (call.reachable === true) (c as { reachable: boolean }).reachable = true;
    if (call.reachable === true && !isWeakCall(call) && call.callerOwner.kind !== 'unknown') (c as { strong: boolean }).strong = true;
  }
  for (const p of facts.permissions) {
    for (const dt of p.dataTypes) get(dt).permissions.push(p);
  }
  for (const c of out.values()) c.calls.sort(byStrength);
  return out;
}

/** Calls that run before the user's consent on a path from an entry point. */
export function preConsentCalls(facts: AnalysisFacts): SensitiveCall[] {
  return facts.apiCalls.filter((c) => c.beforeConsent === true && c.reachable === true && !isWeakCall(c)).sort(byStrength);
}
