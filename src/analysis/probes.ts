// Presence probes (is WeChat installed?) become the app list only when the query is broad or when one owner
// probes many named packages. The evidence is the list of names.
import { methodKey, type MethodCode } from '../package/code-model.ts';
import { isPackageListName } from './access.ts';
import type { Program } from './program.ts';
import { OP_CALL_STATIC, OP_CALL_VIRTUAL, subsigOfTarget, targetRef, type RawProbe, type ScanResult } from './scan.ts';

/**
 * Distinct named packages one owner must probe before the probes are the app list. A share, login or pay
 * component checks the handful of platforms it supports (WeChat, QQ, Weibo, Alipay, UnionPay: 5 in the
 * real-app corpus's AppPay and U-Share); six and more goes beyond what one such feature needs, and is how
 * ad and risk-control SDKs survey which apps a phone holds.
 */
export const MANY_PROBES = 6;

/** At most this many callers are read for the names they give a probing helper. */
const MAX_HELPER_CALLERS = 200;

export interface ProbeCollection {
  probe: RawProbe;
  /** The owner's distinct probed package names (sorted), or empty for a broad query. */
  names: string[];
}

/**
 * The probes that are collection: broad queries, and every probe of an owner that asks about at least
 * MANY_PROBES distinct named packages of other vendors (names given to a probing helper by its callers count).
 */
export function probesThatCollect(program: Program, g: ScanResult, ownerKey: (m: number) => string, ownPackage: string | null): ProbeCollection[] {
  const out: ProbeCollection[] = [];
  const byOwner = new Map<string, { probes: RawProbe[]; names: Set<string> }>();
  const helpers = new Set(g.probes.filter((p) => p.computed).map((p) => p.m));
  const given = helpers.size === 0 ? new Map<number, string[]>() : namesGivenToHelpers(program, g, helpers, ownPackage);
  for (const p of g.probes) {
    if (p.broad !== null) {
      out.push({ probe: p, names: [] });
      continue;
    }
    const vendor = vendorOf(program.typeNames[program.methodClass[p.m]!]!);
    const names = (p.computed ? (given.get(p.m) ?? []) : p.names).filter((n) => !n.startsWith(vendor));
    if (names.length === 0) continue;
    const key = ownerKey(p.m);
    let o = byOwner.get(key);
    if (o === undefined) byOwner.set(key, (o = { probes: [], names: new Set() }));
    o.probes.push(p);
    for (const n of names) o.names.add(n);
  }
  for (const o of byOwner.values()) {
    if (o.names.size < MANY_PROBES) continue;
    const names = [...o.names].sort();
    for (const p of o.probes) out.push({ probe: p, names });
  }
  return out;
}

/**
 * `com.tencent.` for a class under com/tencent/…: code that looks for its own vendor's apps (TBS for QQ Browser
 * and WeChat's shared X5 core, a push SDK for its vendor's push service) checks for a feature, it does not
 * survey the phone, so those names do not count.
 */
function vendorOf(type: string): string {
  const parts = type.slice(1, -1).split('/');
  return parts.length < 3 ? '\u0000' : `${parts[0]!}.${parts[1]!}.`;
}

/** Constant package names that callers pass to methods holding a probe of a computed name. */
function namesGivenToHelpers(program: Program, g: ScanResult, helpers: Set<number>, ownPackage: string | null): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const helperKeys = new Map<string, number>();
  for (const h of helpers) helperKeys.set(program.methodName(h), h);
  // Targets that name a helper (by its own class, or a subclass that inherits it).
  const targetHelper = new Map<number, number>();
  for (let tid = 0; tid < g.tidOwner.length; tid++) {
    const owner = g.tidOwner[tid]!;
    if (!program.isApp(owner)) continue;
    const m = program.resolve(owner, subsigOfTarget(program, g, tid));
    if (m >= 0 && helpers.has(m)) targetHelper.set(tid, m);
    else {
      const r = targetRef(program, g, tid);
      if (helperKeys.has(`${r.owner}->${r.name}${r.descriptor}`)) targetHelper.set(tid, helperKeys.get(`${r.owner}->${r.name}${r.descriptor}`)!);
    }
  }
  if (targetHelper.size === 0) return out;
  // By key: every target with one key resolves alike, and the code read here may be a new copy of the dex.
  const refHelper = new Map<string, number>();
  for (const [tid, h] of targetHelper) refHelper.set(methodKey(targetRef(program, g, tid)), h);
  let callers = 0;
  for (let m = 0; m < program.methodCount && callers < MAX_HELPER_CALLERS; m++) {
    let hit = false;
    for (let e = g.edgeStart[m]!; e < g.edgeStart[m + 1]!; e++) {
      const op = g.edgeOp[e]!;
      if ((op === OP_CALL_STATIC || op === OP_CALL_VIRTUAL) && targetHelper.has(g.edgeArg[e]!)) hit = true;
    }
    if (!hit) continue;
    callers++;
    let code: MethodCode | null = null;
    try {
      code = program.method(m).code();
    } catch {
      code = null;
    }
    if (code === null) continue;
    for (const inv of code.invokes) {
      const r = inv.target;
      const key = `${r.owner}->${r.name}${r.descriptor}`;
      const h = refHelper.get(key) ?? helperKeys.get(key);
      if (h === undefined) continue;
      for (const a of inv.args) {
        if (a?.k !== 'string' || !isPackageListName(a.v) || a.v === ownPackage) continue;
        let list = out.get(h);
        if (list === undefined) out.set(h, (list = []));
        if (!list.includes(a.v)) list.push(a.v);
      }
    }
  }
  return out;
}
