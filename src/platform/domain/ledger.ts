// The campaign's ledger (issue 13, statistics): every step an app reached in a batch (tested, with problems,
// urged, notified, rectified, overdue, taken down, relisted), written once in the transaction of the change,
// and a small summary table of counts per organisation, dimension (batch, store, problem category, SDK),
// month and step, incremented in that same transaction. Statistics read the summary only, so they answer in
// time that depends on the number of batches, stores, categories and SDKs, not on the number of apps.
import { sql } from 'kysely';
import { now, type Db } from '../db/schema.ts';
import { problemCategoriesOfClauses } from '../workflow/problem-categories.ts';

export const STEPS = ['tested', 'with_problems', 'urged', 'notified', 'rectified', 'overdue', 'taken_down', 'relisted'] as const;
export type Step = (typeof STEPS)[number];
export const DIMENSIONS = ['batch', 'store', 'category', 'sdk'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The org_id of the national totals in workflow_counts. */
export const NATIONAL = 0;

/** The month in Beijing time (the campaign's calendar) of an ISO instant: YYYY-MM. */
export const beijingMonth = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * Records that the app reached `step` in the batch, once: a second call for the same batch, app and step
 * changes nothing. The counts of its batch, its stores (as listed now), and the SDKs and categories of its
 * findings in the batch go up by one in the step's month.
 */
export async function recordStep(trx: Db, e: { orgId: number; batchId: number; appId: number; step: Step; at?: string }): Promise<boolean> {
  const at = e.at ?? now();
  const month = beijingMonth(at);
  const inserted = await trx
    .insertInto('workflow_steps')
    .values({ org_id: e.orgId, batch_id: e.batchId, app_id: e.appId, step: e.step, at, month })
    .onConflict((oc) => oc.columns(['batch_id', 'app_id', 'step']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return false;
  const stores = await trx.selectFrom('store_listings').select('store').distinct().where('app_id', '=', e.appId).execute();
  const tags = await trx.selectFrom('workflow_app_tags').select(['kind', 'value']).where('batch_id', '=', e.batchId).where('app_id', '=', e.appId).execute();
  const keys: [Dimension, string][] = [['batch', String(e.batchId)], ...stores.map((s): [Dimension, string] => ['store', s.store]), ...tags.map((t): [Dimension, string] => [t.kind, t.value])];
  for (const org of [e.orgId, NATIONAL]) {
    for (const [dim, key] of keys) {
      await trx
        .insertInto('workflow_counts')
        .values({ org_id: org, dim, key, month, step: e.step, n: 1 })
        .onConflict((oc) => oc.columns(['org_id', 'dim', 'key', 'month', 'step']).doUpdateSet({ n: (eb) => eb('workflow_counts.n', '+', 1) }))
        .execute();
    }
  }
  return true;
}

/** The SDK ids and problem categories of findings (owner `sdk:<id>`, the finding's clauses). */
export function tagsOf(findings: readonly { owner: string; clauses: readonly string[] }[]): { kind: 'sdk' | 'category'; value: string }[] {
  const sdks = new Set(findings.filter((f) => f.owner.startsWith('sdk:')).map((f) => f.owner.slice(4)));
  const categories = new Set(problemCategoriesOfClauses(findings.flatMap((f) => f.clauses)));
  return [...[...sdks].sort().map((value) => ({ kind: 'sdk' as const, value })), ...[...categories].map((value) => ({ kind: 'category' as const, value }))];
}

/** An app tested in a batch: its SDKs and categories, then `tested` and, when it has findings, `with_problems`. */
export async function recordTested(trx: Db, e: { orgId: number; batchId: number; appId: number; findings: readonly { owner: string; clauses: readonly string[] }[] }): Promise<void> {
  const tags = tagsOf(e.findings);
  for (const t of tags) {
    await trx
      .insertInto('workflow_app_tags')
      .values({ batch_id: e.batchId, app_id: e.appId, kind: t.kind, value: t.value })
      .onConflict((oc) => oc.columns(['batch_id', 'app_id', 'kind', 'value']).doNothing())
      .execute();
  }
  await recordStep(trx, { orgId: e.orgId, batchId: e.batchId, appId: e.appId, step: 'tested' });
  if (e.findings.length > 0) await recordStep(trx, { orgId: e.orgId, batchId: e.batchId, appId: e.appId, step: 'with_problems' });
}

/** The batch uploads of a finished scan: each (organisation, batch) records the app as tested. */
export async function recordScanTested(trx: Db, scanId: number, appId: number, findings: readonly { owner: string; clauses: readonly string[] }[]): Promise<void> {
  const batches = await trx.selectFrom('uploads').select(['org_id', 'batch_id']).distinct().where('scan_id', '=', scanId).where('batch_id', 'is not', null).execute();
  for (const b of batches) await recordTested(trx, { orgId: b.org_id, batchId: b.batch_id!, appId, findings });
}

/** An upload into a batch of a package whose scan had already ended: the app is tested in that batch now. */
export async function recordUploadTested(trx: Db, e: { orgId: number; batchId: number; scanId: number }): Promise<void> {
  const scan = await trx.selectFrom('scans').select(['status', 'app_id']).where('id', '=', e.scanId).executeTakeFirst();
  if (scan?.status !== 'done' || scan.app_id === null) return;
  const rows = await trx.selectFrom('findings').select(['owner', 'body']).where('scan_id', '=', e.scanId).execute();
  const findings = rows.map((r) => ({ owner: r.owner, clauses: (JSON.parse(r.body) as { clauses?: string[] }).clauses ?? [] }));
  await recordTested(trx, { orgId: e.orgId, batchId: e.batchId, appId: scan.app_id, findings });
}

export interface StatisticsQuery {
  by: 'batch' | 'org' | 'month' | 'store' | 'category' | 'sdk';
  /** YYYY-MM, inclusive. */
  from?: string;
  to?: string;
  /** One row per key and month instead of one per key. */
  monthly: boolean;
  /** Only this organisation's counts; null for all (the national organisation). */
  orgId: number | null;
}

export type StepCounts = Record<Step, number>;

/**
 * Cumulative counts of app entries (an app in a batch) that reached each step in the period, by the chosen
 * key. `org` and `month` sum the batch counts; `store`, `category` and `sdk` read their own.
 */
export async function statistics(db: Db, q: StatisticsQuery): Promise<{ key: string; month: string | null; counts: StepCounts }[]> {
  const dim: Dimension = q.by === 'org' || q.by === 'month' || q.by === 'batch' ? 'batch' : q.by;
  const keyCol = q.by === 'org' ? sql<string>`cast(org_id as text)` : q.by === 'month' ? sql<string>`month` : sql<string>`key`;
  const monthCol = q.monthly && q.by !== 'month' ? sql<string>`month` : sql<string | null>`null`;
  // One row per key (and month) with a sum per step, pivoted in the database: reading a row per step made the
  // largest reply (a province's SDKs per month over 8 years) carry 8 times its rows (bench/LEDGER-SCALE.md).
  let query = db
    .selectFrom('workflow_counts')
    .select([keyCol.as('k'), monthCol.as('m'), ...STEPS.map((step) => sql<number | string | null>`sum(case when step = ${step} then n end)`.as(step))])
    .where('dim', '=', dim)
    // PostgreSQL refuses a constant in GROUP BY, so the month is grouped only when selected.
    .groupBy(q.monthly && q.by !== 'month' ? [keyCol, sql`month`] : [keyCol]);
  // National figures read the totals; by organisation, every organisation's own rows.
  if (q.by === 'org') query = q.orgId === null ? query.where('org_id', '>', NATIONAL) : query.where('org_id', '=', q.orgId);
  else query = query.where('org_id', '=', q.orgId ?? NATIONAL);
  if (q.from !== undefined) query = query.where('month', '>=', q.from);
  if (q.to !== undefined) query = query.where('month', '<=', q.to);
  const rows = (await query.execute()) as ({ k: string; m: string | null } & Record<Step, number | string | null>)[];
  const out = rows.map((r) => ({ key: r.k, month: r.m ?? null, counts: Object.fromEntries(STEPS.map((s) => [s, Number(r[s] ?? 0)])) as StepCounts }));
  const numeric = q.by === 'batch' || q.by === 'org';
  return out.sort((a, b) => (numeric ? Number(a.key) - Number(b.key) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || (a.month ?? '').localeCompare(b.month ?? ''));
}
