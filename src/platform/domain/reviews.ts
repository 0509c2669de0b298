// Review before publication (four eyes). A human decision lives on the fingerprint (reviews, review_history);
// a finding enters a notice only when its fingerprint is `confirmed`, and the one who confirmed it (the
// review's updated_by) is neither the notice's drafter nor its publisher. The evidence a reviewer needs is
// cut from the finding: call paths, manifest lines, policy sentences.
import type { Finding } from '../../report/types.ts';
import { Problem } from '../api/http.ts';
import { now, type Db } from '../db/schema.ts';
import type { Principal } from './identity.ts';

export interface EvidenceDigest {
  /** Entry point first, the caller last, then the sensitive API called. */
  callPaths: { path: string[]; callee: string | null; owner: string | null; note: string | null }[];
  manifest: { element: string; line: number | null; attribute: string | null; value: string | null }[];
  policy: { excerpt: string | null; section: string | null; searched: string[] | null }[];
  other: { kind: string; text: string }[];
}

export function evidenceDigest(f: Pick<Finding, 'evidence'>): EvidenceDigest {
  const out: EvidenceDigest = { callPaths: [], manifest: [], policy: [], other: [] };
  for (const e of f.evidence) {
    if (e.kind === 'code') {
      const owner = e.owner === undefined ? null : e.owner.kind === 'sdk' ? `sdk:${e.owner.sdk ?? '?'}` : e.owner.kind;
      out.callPaths.push({ path: e.path !== undefined && e.path.length > 0 ? e.path : [e.caller], callee: e.callee ?? null, owner, note: e.note ?? null });
    } else if (e.kind === 'manifest') out.manifest.push({ element: e.element, line: e.line ?? null, attribute: e.attribute ?? null, value: e.value ?? null });
    else if (e.kind === 'policy') out.policy.push({ excerpt: e.excerpt ?? null, section: e.section ?? null, searched: e.searched ?? null });
    else if (e.kind === 'network') out.other.push({ kind: 'network', text: `${e.method ?? 'GET'} ${e.url}` });
    else if (e.kind === 'file') out.other.push({ kind: 'file', text: e.detail === undefined ? e.path : `${e.path}: ${e.detail}` });
    else out.other.push({ kind: 'trace', text: e.events.map((x) => x.api).slice(0, 20).join(' → ') });
  }
  return out;
}

export interface Confirmation {
  fingerprint: string;
  confirmedBy: number;
}

/** The fingerprints among `fingerprints` that `orgId` has confirmed, with who confirmed them. */
export async function confirmations(db: Db, orgId: number, fingerprints: readonly string[]): Promise<Map<string, Confirmation>> {
  const out = new Map<string, Confirmation>();
  for (let i = 0; i < fingerprints.length; i += 500) {
    const rows = await db.selectFrom('reviews').select(['fingerprint', 'updated_by']).where('org_id', '=', orgId).where('state', '=', 'confirmed').where('fingerprint', 'in', fingerprints.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.fingerprint, { fingerprint: r.fingerprint, confirmedBy: r.updated_by });
  }
  return out;
}

/** The current human decision on each fingerprint: `open` when none, `open` again when an acceptance expired. */
export async function reviewStates(db: Db, orgId: number, fingerprints: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const t = now();
  for (let i = 0; i < fingerprints.length; i += 500) {
    const rows = await db.selectFrom('reviews').select(['fingerprint', 'state', 'expires_at']).where('org_id', '=', orgId).where('fingerprint', 'in', fingerprints.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.fingerprint, r.state === 'accepted' && r.expires_at !== null && r.expires_at < t ? 'open' : r.state);
  }
  for (const fp of fingerprints) if (!out.has(fp)) out.set(fp, 'open');
  return out;
}

/** Four eyes from the other side: the drafter of a notice cannot confirm a finding of its own draft. */
export async function refuseDrafterConfirming(db: Db, p: Principal, fingerprint: string): Promise<void> {
  const own = await db
    .selectFrom('notice_findings as nf')
    .innerJoin('notices as n', 'n.id', 'nf.notice_id')
    .select('n.id')
    .where('nf.fingerprint', '=', fingerprint)
    .where('n.status', '=', 'draft')
    .where('n.drafted_by', '=', p.userId)
    .where('n.org_id', '=', p.orgId)
    .executeTakeFirst();
  if (own !== undefined) throw new Problem(409, 'Conflict', `four eyes: this finding is in notice ${own.id}, which you drafted; another reviewer confirms it`, 'https://piscope.dev/problems/four-eyes');
}
