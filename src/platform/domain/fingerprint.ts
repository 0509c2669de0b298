// A finding's identity across scans and versions of one app: the app's package name, the rule, the owner of
// the code at fault and the data types. Nothing that changes between builds (method names under
// obfuscation, line numbers, messages, timestamps) enters it.
import { createHash } from 'node:crypto';
import type { Finding } from '../../report/types.ts';

interface OwnerLike {
  kind?: string;
  sdk?: string;
  party?: string;
  prefix?: string;
}

function ownerKey(o: OwnerLike): string {
  if (o.kind === 'sdk' && o.sdk !== undefined) return `sdk:${o.sdk}`;
  if ((o.party === 'third-party' || o.party === 'platform') && o.prefix !== undefined) return `${o.party}:${o.prefix}`;
  if (o.kind === 'app' || o.party === 'app') return 'app';
  return o.prefix === undefined ? 'unknown' : `unknown:${o.prefix}`;
}

/**
 * Who the finding blames: its SDK when it names one; else the one owner all its code evidence shares; else
 * the app when the app's own code is among them; else the first owner in sorted order. Findings without
 * code evidence (manifest, policy) are the app's, except a store-side finding, which is its store's.
 */
export function findingOwner(f: Finding): string {
  if (f.sdk !== undefined) return `sdk:${f.sdk}`;
  if (f.store !== undefined) return `store:${f.store}`;
  const owners = new Set<string>();
  for (const e of f.evidence) if (e.kind === 'code' && e.owner !== undefined) owners.add(ownerKey(e.owner));
  if (owners.size === 0) return 'app';
  if (owners.size === 1) return [...owners][0]!;
  if (owners.has('app')) return 'app';
  return [...owners].sort()[0]!;
}

export function sortedDataTypes(f: Finding): string[] {
  return [...new Set(f.dataTypes ?? [])].sort();
}

export function fingerprint(appKey: string, f: Finding): string {
  return fingerprintOf(appKey, f.ruleId, findingOwner(f), sortedDataTypes(f));
}

/** The same hash from its parts, for a caller that stores the owner and data types beside it. */
export function fingerprintOf(appKey: string, ruleId: string, owner: string, dataTypes: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([appKey, ruleId, owner, dataTypes])).digest('hex');
}
