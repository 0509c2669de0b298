// What the package collects, per data type, with only the evidence that can carry a finding: dead code
// (reachable false) never accuses anyone.
import type { AnalysisFacts, SensitiveCall } from '../../analysis/facts.ts';
import type { ReportPermission } from '../../report/types.ts';

export interface Collected {
  readonly dataType: string;
  /** Calls not proven dead, reachable ones first. */
  readonly calls: SensitiveCall[];
  readonly permissions: (ReportPermission & { line: number | null })[];
  /** "app" or SDK ids, from the live calls. */
  readonly owners: Set<string>;
  /** At least one call shown reachable from an entry point. */
  readonly reachable: boolean;
}

export function ownerId(c: SensitiveCall): string {
  return c.callerOwner.kind === 'sdk' && c.callerOwner.sdk !== undefined ? c.callerOwner.sdk : c.callerOwner.kind;
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
      c = { dataType: id, calls: [], permissions: [], owners: new Set(), reachable: false };
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
  }
  for (const p of facts.permissions) {
    for (const dt of p.dataTypes) get(dt).permissions.push(p);
  }
  for (const c of out.values()) c.calls.sort(byStrength);
  return out;
}

/** Calls that run before the user's consent on a path from an entry point. */
export function preConsentCalls(facts: AnalysisFacts): SensitiveCall[] {
  return facts.apiCalls.filter((c) => c.beforeConsent === true && c.reachable === true).sort(byStrength);
}
