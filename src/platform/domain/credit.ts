// Escalation and credit on companies (the unit of credit is the company, not the app): 停止接入
// (access_suspended), 行政处罚 (penalised) and entry in the 电信业务经营不良名单/失信名单 (credit_listed). Each record
// keeps the company's name and 统一社会信用代码 as they were on the decision, the licence number, the decision
// date, the reason, the authority and its grounds: the published notices it rests on. A listing follows a
// penalty and is due within 30 days of it.
import type { Selectable } from 'kysely';
import { Problem } from '../api/http.ts';
import { now, type CreditKind, type CreditRecordTable, type Db } from '../db/schema.ts';
import type { Principal } from './identity.ts';
import { visibleNotices } from './notices.ts';

export const CREDIT_KINDS: readonly CreditKind[] = ['access_suspended', 'penalised', 'credit_listed'];
export const LISTING_DUE_DAYS = 30;

export interface CreditInput {
  kind: CreditKind;
  decisionDate: string;
  reason: string;
  authority: string;
  noticeIds: number[];
  licenceNo?: string;
  penaltyId?: number;
}

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export async function createCreditRecord(db: Db, p: Principal, company: { id: number; name: string; credit_code: string | null }, input: CreditInput): Promise<number> {
  const notices = await visibleNotices(db, p).where('id', 'in', [...input.noticeIds, -1]).execute();
  const missing = input.noticeIds.filter((id) => !notices.some((n) => n.id === id));
  if (missing.length > 0) throw new Problem(404, 'Not Found', `no such notice: ${missing.join(', ')}`);
  const unpublished = notices.filter((n) => n.status !== 'published').map((n) => n.id);
  if (unpublished.length > 0) throw new Problem(422, 'Unprocessable Content', `notices ${unpublished.join(', ')} are drafts: a record rests on published notices`);
  const named = await db.selectFrom('notice_apps').innerJoin('apps', 'apps.id', 'notice_apps.app_id').select('notice_apps.notice_id').distinct().where('notice_apps.notice_id', 'in', [...input.noticeIds, -1]).where('apps.company_id', '=', company.id).execute();
  const foreign = input.noticeIds.filter((id) => !named.some((r) => r.notice_id === id));
  if (foreign.length > 0) throw new Problem(422, 'Unprocessable Content', `notices ${foreign.join(', ')} name no app of company ${company.id}: they are not its grounds`);
  if (input.kind === 'credit_listed') {
    if (input.penaltyId === undefined) throw new Problem(422, 'Unprocessable Content', 'a credit listing follows an administrative penalty: give penaltyId');
    const pen = await db.selectFrom('credit_records').select(['decision_date', 'kind']).where('id', '=', input.penaltyId).where('company_id', '=', company.id).executeTakeFirst();
    if (pen === undefined || pen.kind !== 'penalised') throw new Problem(422, 'Unprocessable Content', `record ${input.penaltyId} is not a penalty of company ${company.id}`);
    if (input.decisionDate < pen.decision_date) throw new Problem(422, 'Unprocessable Content', `the listing (${input.decisionDate}) cannot precede its penalty (${pen.decision_date})`);
  } else if (input.penaltyId !== undefined) throw new Problem(400, 'Bad Request', 'penaltyId belongs to a credit_listed record only');
  const t = now();
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('credit_records')
      .values({ org_id: p.orgId, company_id: company.id, kind: input.kind, company_name: company.name, credit_code: company.credit_code, licence_no: input.licenceNo ?? null, decision_date: input.decisionDate, reason: input.reason, authority: input.authority, notice_ids: JSON.stringify([...input.noticeIds].sort((a, b) => a - b)), penalty_id: input.penaltyId ?? null, created_by: p.userId, created_at: t })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('audit_log').values({ org_id: p.orgId, user_id: p.userId, action: `company.${input.kind}`, target: `company:${company.id}`, reason: input.reason, detail: JSON.stringify({ creditRecordId: r.id, decisionDate: input.decisionDate, authority: input.authority, noticeIds: input.noticeIds }), at: t }).execute();
    return r.id;
  });
}

export async function creditJson(db: Db, r: Selectable<CreditRecordTable>) {
  let listingDueBy: string | null = null;
  let late: boolean | null = null;
  if (r.kind === 'penalised') listingDueBy = addDays(r.decision_date, LISTING_DUE_DAYS);
  if (r.kind === 'credit_listed' && r.penalty_id !== null) {
    const pen = await db.selectFrom('credit_records').select('decision_date').where('id', '=', r.penalty_id).executeTakeFirstOrThrow();
    late = r.decision_date > addDays(pen.decision_date, LISTING_DUE_DAYS);
  }
  return {
    id: r.id,
    orgId: r.org_id,
    companyId: r.company_id,
    kind: r.kind,
    companyName: r.company_name,
    creditCode: r.credit_code,
    licenceNo: r.licence_no,
    decisionDate: r.decision_date,
    reason: r.reason,
    authority: r.authority,
    noticeIds: JSON.parse(r.notice_ids) as number[],
    penaltyId: r.penalty_id,
    listingDueBy,
    late,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
