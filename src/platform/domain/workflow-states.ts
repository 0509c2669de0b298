// Each app's workflow state in the campaign of a batch, with the transitions of the contract
// (spec/platform-api.md): tested → urged → notified → rectified | overdue → taken_down → relisted. Two more
// edges follow from the procedure the issue cites: an app the regulator never urged is notified directly
// (tested → notified), and an urged app that rectifies privately never goes on the public list
// (urged → rectified). And an overdue app whose re-check (核查复检) finds no confirmed notice finding left was
// rectified late: it goes on no takedown (overdue → rectified). Every change is appended to the audit log with who, when and why.
import { Problem } from '../api/http.ts';
import { recordStep } from './ledger.ts';
import { now, type Db, type WorkflowAppTable, type WorkflowState } from '../db/schema.ts';

export const WORKFLOW_STATES: readonly WorkflowState[] = ['tested', 'urged', 'notified', 'rectified', 'overdue', 'taken_down', 'relisted'];

export const TRANSITIONS: Readonly<Record<WorkflowState, readonly WorkflowState[]>> = {
  tested: ['urged', 'notified'],
  urged: ['notified', 'rectified'],
  notified: ['rectified', 'overdue'],
  rectified: [],
  overdue: ['taken_down', 'rectified'],
  taken_down: ['relisted'],
  relisted: [],
};

export const canMove = (from: WorkflowState, to: WorkflowState): boolean => TRANSITIONS[from].includes(to);

export interface Actor {
  userId: number;
}

type Row = Pick<WorkflowAppTable, 'org_id' | 'batch_id' | 'app_id' | 'state'> & { id: number };

/** The app's row in the batch's campaign, made `tested` when new. */
export async function workflowRow(db: Db, orgId: number, batchId: number, appId: number): Promise<Row> {
  await db
    .insertInto('workflow_apps')
    .values({ org_id: orgId, batch_id: batchId, app_id: appId, state: 'tested', urge_notice_id: null, public_notice_id: null, takedown_notice_id: null, deadline: null, recheck_scan_id: null, updated_at: now() })
    .onConflict((oc) => oc.columns(['org_id', 'batch_id', 'app_id']).doNothing())
    .execute();
  return db.selectFrom('workflow_apps').select(['id', 'org_id', 'batch_id', 'app_id', 'state']).where('org_id', '=', orgId).where('batch_id', '=', batchId).where('app_id', '=', appId).executeTakeFirstOrThrow();
}

/**
 * Moves the app to `to` (refused with 409 when the contract has no such edge), sets `also` on its row, and
 * appends the change to the audit log. The update is conditional on the state read, so two concurrent moves
 * cannot both succeed.
 */
export async function transition(
  trx: Db,
  row: Row,
  to: WorkflowState,
  actor: Actor,
  reason: string,
  detail: Record<string, unknown> = {},
  also: Partial<Pick<WorkflowAppTable, 'urge_notice_id' | 'public_notice_id' | 'takedown_notice_id' | 'deadline' | 'recheck_scan_id'>> = {},
): Promise<void> {
  if (!canMove(row.state, to)) throw new Problem(409, 'Conflict', `app ${row.app_id} is ${row.state} in batch ${row.batch_id}; it cannot become ${to} (allowed: ${TRANSITIONS[row.state].join(', ') || 'none'})`);
  const t = now();
  const r = await trx.updateTable('workflow_apps').set({ state: to, updated_at: t, ...also }).where('id', '=', row.id).where('state', '=', row.state).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new Problem(409, 'Conflict', `app ${row.app_id} changed state meanwhile; try again`);
  await trx
    .insertInto('audit_log')
    .values({ org_id: row.org_id, user_id: actor.userId, action: 'workflow.transition', target: `app:${row.app_id}`, reason, detail: JSON.stringify({ batchId: row.batch_id, from: row.state, to, ...detail }), at: t })
    .execute();
  await recordStep(trx, { orgId: row.org_id, batchId: row.batch_id, appId: row.app_id, step: to, at: t });
  row.state = to;
}

/**
 * The user that scheduled work acts as (the audit log names a user for every change): one per platform, in
 * the national organisation, with no role and no token, so that nobody can sign in as it.
 */
export async function schedulerUser(db: Db): Promise<Actor> {
  const found = await db.selectFrom('users').select('id').where('name', '=', 'piscope scheduler').where('roles', '=', '[]').executeTakeFirst();
  if (found !== undefined) return { userId: found.id };
  const org = await db.selectFrom('orgs').select('id').where('level', '=', 'national').orderBy('id').executeTakeFirst();
  if (org === undefined) throw new Error('no national organisation: start the platform with PISCOPE_BOOTSTRAP_TOKEN first');
  const u = await db.insertInto('users').values({ org_id: org.id, name: 'piscope scheduler', email: null, password_hash: null, roles: '[]', company_id: null, created_at: now() }).returning('id').executeTakeFirstOrThrow();
  return { userId: u.id };
}
