// Notices (通报) of the four kinds of the contract: drafted from a batch's confirmed findings, edited while a
// draft, published with an issue date and a deadline in working days, then frozen: the row, its apps and
// its findings cannot change (the database refuses it too), and the published document carries the hashes
// of each package and report and the engine and rule versions, so that anyone can re-verify it later.
import { createHash } from 'node:crypto';
import type { Finding } from '../../report/types.ts';
import { Problem } from '../api/http.ts';
import type { Selectable, Updateable } from 'kysely';
import { now, type Db, type NoticeTable, type WorkflowState } from '../db/schema.ts';
import type { NoticeDocument, NoticeKind } from '../workflow/notice-document.ts';
import type { Principal } from './identity.ts';
import { readReport } from './results.ts';
import { confirmations } from './reviews.ts';
import { isOperator, visibleBatches } from './scope.ts';
import { RULES_VERSION, type WorkflowDeps } from './workflow-deps.ts';
import { canMove, transition, workflowRow, type Actor } from './workflow-states.ts';

export type NoticeRow = Selectable<NoticeTable>;

export const PUBLISHED_TYPE = 'https://piscope.dev/problems/notice-published';
export const FOUR_EYES_TYPE = 'https://piscope.dev/problems/four-eyes';

/** The state a notice's publication moves its apps to, and the states it may move them from. */
const PUBLISH_MOVES: Record<NoticeKind, WorkflowState | null> = { urge: 'urged', public: 'notified', takedown: 'taken_down', recheck: null };
/** Which apps a draft of each kind may take, by their state in the batch. */
const DRAFT_FROM: Record<Exclude<NoticeKind, 'takedown'>, readonly WorkflowState[]> = {
  urge: ['tested'],
  public: ['tested', 'urged'],
  recheck: ['rectified', 'overdue', 'taken_down', 'relisted'],
};

/** The notices the caller may see: its organisation's (all for the national one); an operator only published ones naming its company's apps. */
export function visibleNotices(db: Db, p: Principal) {
  let q = db.selectFrom('notices').selectAll();
  if (isOperator(p)) {
    q = q
      .where('status', '=', 'published')
      .where('id', 'in', db.selectFrom('notice_apps').innerJoin('apps', 'apps.id', 'notice_apps.app_id').select('notice_apps.notice_id').where('apps.company_id', '=', p.companyId ?? -1));
  } else if (!p.national) q = q.where('org_id', '=', p.orgId);
  return q;
}

export async function getNotice(db: Db, p: Principal, id: number): Promise<NoticeRow> {
  const n = await visibleNotices(db, p).where('id', '=', id).executeTakeFirst();
  if (n === undefined) throw new Problem(404, 'Not Found', 'no such notice');
  return n;
}

export function refuseIfPublished(n: NoticeRow): void {
  if (n.status === 'published') throw new Problem(409, 'Conflict', `notice ${n.id} was published on ${n.issue_date ?? '?'}: a published notice cannot change`, PUBLISHED_TYPE);
}

const batchLabel = (b: { year: number; seq: number; total_seq: number }): string => `${b.year}年第${b.seq}批，总第${b.total_seq}批`;

export function defaultTitle(kind: NoticeKind, b: { year: number; seq: number; total_seq: number }): string {
  const subject = { urge: '关于督促整改侵害用户权益行为APP的通知', public: '关于侵害用户权益行为的APP通报', takedown: '关于下架侵害用户权益APP的通报', recheck: '关于侵害用户权益行为APP复检情况的通报' }[kind];
  return `${subject}（${batchLabel(b)}）`;
}

/**
 * The body's paragraphs when the drafter wrote none, worded by kind. They do not state the deadline: the
 * renderer adds that sentence from the document's deadline (notice-render.ts), so it is said once, and right.
 */
function defaultParagraphs(kind: NoticeKind, issuer: string): string[] {
  const law = '依据《中华人民共和国个人信息保护法》《中华人民共和国网络安全法》《中华人民共和国电信条例》等法律法规';
  switch (kind) {
    case 'urge':
      return [`${law}，${issuer}组织检测机构对移动互联网应用程序（APP）进行检测，发现附件所列APP存在侵害用户权益行为。`, `请相关APP开发运营者按期完成整改，并将整改情况报送${issuer}。`];
    case 'public':
      return [
        `${law}，${issuer}组织检测机构对移动互联网应用程序（APP）进行检测，并已督促存在问题的APP开发运营者整改。截至目前，附件所列APP仍未完成整改。`,
        '上述APP开发运营者应按期完成整改。逾期未完成整改的，将依法依规组织开展相关处置工作。',
      ];
    case 'takedown':
      return [`${issuer}前期通报的附件所列APP，逾期仍未完成整改，经核查复检仍存在问题。`, '请相关应用分发平台立即对附件所列APP予以下架，并将下架情况报送。'];
    case 'recheck':
      return [`${issuer}对前期通报APP的整改情况组织了核查复检，结果见附件。`];
  }
}

export interface DraftInput {
  batchId: number;
  kind: Exclude<NoticeKind, 'takedown'>;
  appIds?: number[];
  title?: string;
  issuer?: string;
  paragraphs?: string[];
  addressees?: string[];
}

interface Candidate {
  appId: number;
  scanId: number;
  versionId: number;
  sha256: string;
  findings: { findingId: number; fingerprint: string; ruleId: string; clauses: string[]; confirmedBy: number }[];
}

/** Per app of the batch, its latest finished scan in the batch and that scan's findings confirmed in `orgId`. */
export async function batchCandidates(db: Db, orgId: number, batchId: number): Promise<Map<number, Candidate>> {
  const scans = await db
    .selectFrom('uploads')
    .innerJoin('scans', 'scans.id', 'uploads.scan_id')
    .select(['scans.id', 'scans.app_id', 'scans.version_id', 'scans.sha256'])
    .where('uploads.batch_id', '=', batchId)
    .where('scans.status', '=', 'done')
    .where('scans.app_id', 'is not', null)
    .orderBy('scans.id')
    .execute();
  const out = new Map<number, Candidate>();
  for (const s of scans) out.set(s.app_id!, { appId: s.app_id!, scanId: s.id, versionId: s.version_id!, sha256: s.sha256, findings: [] });
  const byScan = new Map([...out.values()].map((c) => [c.scanId, c]));
  const ids = [...byScan.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('findings').select(['id', 'scan_id', 'fingerprint', 'rule_id', 'body', 'owner']).where('scan_id', 'in', ids.slice(i, i + 500)).orderBy('id').execute();
    const conf = await confirmations(db, orgId, [...new Set(rows.map((r) => r.fingerprint))]);
    for (const r of rows) {
      const c = conf.get(r.fingerprint);
      // A store-side finding (164号文 四) is the store's duty: it never goes into a notice to the app's operator.
      if (c === undefined || r.owner.startsWith('store:')) continue;
      byScan.get(r.scan_id)!.findings.push({ findingId: r.id, fingerprint: r.fingerprint, ruleId: r.rule_id, clauses: (JSON.parse(r.body) as Finding).clauses, confirmedBy: c.confirmedBy });
    }
  }
  return out;
}

export async function visibleBatch(db: Db, p: Principal, batchId: number) {
  const b = await visibleBatches(db, p).where('id', '=', batchId).executeTakeFirst();
  if (b === undefined) throw new Problem(404, 'Not Found', 'no such batch');
  return b;
}

/** Four eyes: the drafter of a notice cannot be the reviewer who confirmed one of its findings. */
export function refuseOwnConfirmations(p: Principal, chosen: readonly Candidate[]): void {
  const own = chosen.flatMap((c) => c.findings.filter((f) => f.confirmedBy === p.userId).map((f) => f.findingId));
  if (own.length > 0) throw new Problem(409, 'Conflict', `four eyes: you confirmed findings ${own.join(', ')}; the drafter of a notice cannot be the reviewer who confirmed its findings (another reviewer must confirm them)`, FOUR_EYES_TYPE);
}

/** A new draft notice's row (nothing of a publication yet): every way of drafting one writes it so. Returns its id. */
export async function insertDraftNotice(
  trx: Db,
  d: { orgId: number; batchId: number; kind: NoticeKind; sourceNoticeId: number | null; title: string; issuer: string; paragraphs: string[]; addressees: string[]; draftedBy: number; at: string },
): Promise<number> {
  const n = await trx
    .insertInto('notices')
    .values({
      org_id: d.orgId,
      batch_id: d.batchId,
      kind: d.kind,
      status: 'draft',
      source_notice_id: d.sourceNoticeId,
      title: d.title,
      issuer: d.issuer,
      paragraphs: JSON.stringify(d.paragraphs),
      addressees: JSON.stringify(d.addressees),
      issue_date: null,
      working_days: null,
      deadline: null,
      engine_version: null,
      rules_version: null,
      document: null,
      document_sha256: null,
      drafted_by: d.draftedBy,
      published_by: null,
      published_at: null,
      created_at: d.at,
      updated_at: d.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return n.id;
}

/** A draft of an urge, public or recheck notice from the batch's confirmed findings. */
export async function draftNotice(db: Db, p: Principal, input: DraftInput): Promise<number> {
  const b = await visibleBatch(db, p, input.batchId);
  const candidates = await batchCandidates(db, b.org_id, b.id);
  const wanted = input.appIds ?? [...candidates.keys()];
  const chosen: Candidate[] = [];
  const refused: string[] = [];
  for (const appId of wanted) {
    const c = candidates.get(appId);
    if (c === undefined) {
      if (input.appIds !== undefined) refused.push(`app ${appId} has no finished scan in batch ${b.id}`);
      continue;
    }
    const state = (await db.selectFrom('workflow_apps').select('state').where('org_id', '=', b.org_id).where('batch_id', '=', b.id).where('app_id', '=', appId).executeTakeFirst())?.state ?? 'tested';
    const explicit = input.appIds !== undefined;
    if (!DRAFT_FROM[input.kind].includes(state)) {
      if (explicit) refused.push(`app ${appId} is ${state}: a ${input.kind} notice takes apps that are ${DRAFT_FROM[input.kind].join(' or ')}`);
      continue;
    }
    if (c.findings.length === 0) {
      if (explicit) refused.push(`app ${appId} has no confirmed finding: a finding enters a notice only after a reviewer confirmed it`);
      continue;
    }
    chosen.push(c);
  }
  if (refused.length > 0) throw new Problem(422, 'Unprocessable Content', refused.join('; '));
  refuseOwnConfirmations(p, chosen);
  if (chosen.length === 0) throw new Problem(422, 'Unprocessable Content', `no app of batch ${b.id} has confirmed findings and a state a ${input.kind} notice takes`);
  const org = await db.selectFrom('orgs').select('name').where('id', '=', b.org_id).executeTakeFirstOrThrow();
  const t = now();
  return db.transaction().execute(async (trx) => {
    const id = await insertDraftNotice(trx, { orgId: b.org_id, batchId: b.id, kind: input.kind, sourceNoticeId: null, title: input.title ?? defaultTitle(input.kind, b), issuer: input.issuer ?? org.name, paragraphs: input.paragraphs ?? [], addressees: input.addressees ?? [], draftedBy: p.userId, at: t });
    for (const c of chosen) {
      await workflowRow(trx, b.org_id, b.id, c.appId);
      await addApp(trx, id, c);
    }
    await trx.insertInto('audit_log').values({ org_id: b.org_id, user_id: p.userId, action: 'notice.draft', target: `notice:${id}`, reason: null, detail: JSON.stringify({ kind: input.kind, batchId: b.id, apps: chosen.map((c) => c.appId) }), at: t }).execute();
    return id;
  });
}

export async function addApp(trx: Db, noticeId: number, c: Candidate): Promise<void> {
  await trx.insertInto('notice_apps').values({ notice_id: noticeId, app_id: c.appId, version_id: c.versionId, scan_id: c.scanId, package_sha256: c.sha256, report_sha256: null }).execute();
  for (let i = 0; i < c.findings.length; i += 200) {
    await trx
      .insertInto('notice_findings')
      .values(c.findings.slice(i, i + 200).map((f) => ({ notice_id: noticeId, app_id: c.appId, finding_id: f.findingId, fingerprint: f.fingerprint, rule_id: f.ruleId, clauses: JSON.stringify(f.clauses), confirmed_by: f.confirmedBy })))
      .execute();
  }
}

/**
 * A draft takedown notice for the overdue apps of `source` whose re-check still fails: addressed to the
 * stores that list them, with the findings of the public notice that persist in the re-check.
 */
export async function draftTakedown(trx: Db, actor: Actor, source: NoticeRow, apps: Candidate[]): Promise<number> {
  const b = await trx.selectFrom('batches').selectAll().where('id', '=', source.batch_id).executeTakeFirstOrThrow();
  const existing = await trx.selectFrom('notices').select('id').where('source_notice_id', '=', source.id).where('kind', '=', 'takedown').where('status', '=', 'draft').executeTakeFirst();
  const t = now();
  let id = existing?.id;
  if (id === undefined) {
    id = await insertDraftNotice(trx, { orgId: source.org_id, batchId: source.batch_id, kind: 'takedown', sourceNoticeId: source.id, title: defaultTitle('takedown', b), issuer: source.issuer, paragraphs: [], addressees: [], draftedBy: actor.userId, at: t });
    await trx.insertInto('audit_log').values({ org_id: source.org_id, user_id: actor.userId, action: 'notice.draft', target: `notice:${id}`, reason: `overdue apps of notice ${source.id} still fail their re-check`, detail: JSON.stringify({ kind: 'takedown', sourceNoticeId: source.id }), at: t }).execute();
  }
  for (const c of apps) {
    const there = await trx.selectFrom('notice_apps').select('id').where('notice_id', '=', id).where('app_id', '=', c.appId).executeTakeFirst();
    if (there === undefined) await addApp(trx, id, c);
  }
  const stores = await trx.selectFrom('notice_apps').innerJoin('store_listings', 'store_listings.app_id', 'notice_apps.app_id').select('store_listings.store').distinct().where('notice_apps.notice_id', '=', id).orderBy('store_listings.store').execute();
  await trx.updateTable('notices').set({ addressees: JSON.stringify(stores.map((s) => s.store)), updated_at: t }).where('id', '=', id).execute();
  return id;
}
export type { Candidate as NoticeCandidate };

export interface DraftPatch {
  title?: string;
  issuer?: string;
  paragraphs?: string[];
  addressees?: string[];
  removeAppIds?: number[];
  /** Findings the drafter leaves out; each app keeps at least one. */
  removeFindingIds?: number[];
}

export async function updateDraft(db: Db, p: Principal, n: NoticeRow, patch: DraftPatch, reason: string | null): Promise<void> {
  refuseIfPublished(n);
  const t = now();
  await db.transaction().execute(async (trx) => {
    const set: Updateable<NoticeTable> = { updated_at: t };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.issuer !== undefined) set.issuer = patch.issuer;
    if (patch.paragraphs !== undefined) set.paragraphs = JSON.stringify(patch.paragraphs);
    if (patch.addressees !== undefined) set.addressees = JSON.stringify(patch.addressees);
    const r = await trx.updateTable('notices').set(set).where('id', '=', n.id).where('status', '=', 'draft').executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new Problem(409, 'Conflict', `notice ${n.id} was published meanwhile: a published notice cannot change`, PUBLISHED_TYPE);
    for (const appId of patch.removeAppIds ?? []) {
      await trx.deleteFrom('notice_findings').where('notice_id', '=', n.id).where('app_id', '=', appId).execute();
      await trx.deleteFrom('notice_apps').where('notice_id', '=', n.id).where('app_id', '=', appId).execute();
    }
    const drop = [...new Set(patch.removeFindingIds ?? [])];
    if (drop.length > 0) {
      const there = await trx.selectFrom('notice_findings').select(['finding_id', 'app_id']).where('notice_id', '=', n.id).where('finding_id', 'in', drop).execute();
      const found = new Set(there.map((t) => t.finding_id));
      const missing = drop.filter((f) => !found.has(f));
      if (missing.length > 0) throw new Problem(422, 'Unprocessable Content', `removeFindingIds: finding ${missing.join(', ')} is not in notice ${n.id}`);
      await trx.deleteFrom('notice_findings').where('notice_id', '=', n.id).where('finding_id', 'in', drop).execute();
      // An app listed with no problem would be accused of nothing: it must keep one finding, or go.
      const affected = [...new Set(there.map((t) => t.app_id))];
      const left = new Set((await trx.selectFrom('notice_findings').select('app_id').distinct().where('notice_id', '=', n.id).where('app_id', 'in', affected).execute()).map((r) => r.app_id));
      const bare = affected.find((appId) => !left.has(appId));
      if (bare !== undefined) throw new Problem(422, 'Unprocessable Content', `removeFindingIds would leave app ${bare} with no finding in notice ${n.id}: remove the app instead (removeAppIds)`);
    }
    await trx.insertInto('audit_log').values({ org_id: n.org_id, user_id: p.userId, action: 'notice.update', target: `notice:${n.id}`, reason, detail: JSON.stringify(patch), at: t }).execute();
  });
}

export interface PublishInput {
  issueDate: string;
  workingDays?: number;
}

/** Publishes a draft: four eyes checked again, deadline computed, hashes and document frozen, apps moved. */
export async function publishNotice(db: Db, deps: WorkflowDeps, p: Principal, n: NoticeRow, input: PublishInput): Promise<void> {
  refuseIfPublished(n);
  const kind = n.kind;
  if (kind === 'public' && input.workingDays === undefined) throw new Problem(400, 'Bad Request', 'a public notice (通报) needs workingDays: its deadline in working days');
  if ((kind === 'takedown' || kind === 'recheck') && input.workingDays !== undefined) throw new Problem(400, 'Bad Request', `a ${kind} notice has no deadline: leave out workingDays`);
  const apps = await db.selectFrom('notice_apps').selectAll().where('notice_id', '=', n.id).orderBy('id').execute();
  if (apps.length === 0) throw new Problem(422, 'Unprocessable Content', `notice ${n.id} lists no app`);
  const findings = await db.selectFrom('notice_findings').selectAll().where('notice_id', '=', n.id).orderBy('id').execute();
  // Four eyes, again at publication: each finding still confirmed, by someone who neither drafted nor publishes.
  const conf = await confirmations(db, n.org_id, [...new Set(findings.map((f) => f.fingerprint))]);
  const problems: string[] = [];
  for (const f of findings) {
    const c = conf.get(f.fingerprint);
    if (c === undefined) problems.push(`finding ${f.finding_id} is no longer confirmed`);
    else if (c.confirmedBy === n.drafted_by) problems.push(`finding ${f.finding_id} was confirmed by the notice's drafter`);
    else if (c.confirmedBy === p.userId) problems.push(`finding ${f.finding_id} was confirmed by you, the publisher`);
  }
  if (problems.length > 0) throw new Problem(409, 'Conflict', `four eyes: ${problems.join('; ')}`, FOUR_EYES_TYPE);
  const to = PUBLISH_MOVES[kind];
  const rows = await Promise.all(apps.map((a) => workflowRow(db, n.org_id, n.batch_id, a.app_id)));
  if (to !== null) {
    const stuck = rows.filter((r) => !canMove(r.state, to)).map((r) => `app ${r.app_id} is ${r.state}`);
    if (stuck.length > 0) throw new Problem(409, 'Conflict', `a ${kind} notice moves its apps to ${to}: ${stuck.join('; ')}`);
  }
  const deadline = input.workingDays === undefined ? null : deps.deadlineAfter(input.issueDate, input.workingDays);
  const reportHashes = new Map<number, string>();
  for (const a of apps) {
    const body = await readReport(db, a.scan_id);
    if (body === null) throw new Problem(409, 'Conflict', `scan ${a.scan_id} of app ${a.app_id} has no report`);
    reportHashes.set(a.id, createHash('sha256').update(body).digest('hex'));
  }
  const engines = await db.selectFrom('scans').select('engine_version').distinct().where('id', 'in', apps.map((a) => a.scan_id)).execute();
  const engineVersion = engines.map((e) => e.engine_version).sort().join(', ');
  const t = now();
  await db.transaction().execute(async (trx) => {
    // The parts first: once the row says published, the database refuses any change to them.
    for (const a of apps) await trx.updateTable('notice_apps').set({ report_sha256: reportHashes.get(a.id)! }).where('id', '=', a.id).execute();
    for (const f of findings) {
      const by = conf.get(f.fingerprint)!.confirmedBy;
      if (by !== f.confirmed_by) await trx.updateTable('notice_findings').set({ confirmed_by: by }).where('id', '=', f.id).execute();
    }
    const frozen: NoticeRow = { ...n, issue_date: input.issueDate, working_days: input.workingDays ?? null, deadline, engine_version: engineVersion, rules_version: RULES_VERSION };
    const doc = await buildDocument(trx, deps, frozen);
    const json = JSON.stringify(doc);
    const r = await trx
      .updateTable('notices')
      .set({ status: 'published', issue_date: input.issueDate, working_days: input.workingDays ?? null, deadline, engine_version: engineVersion, rules_version: RULES_VERSION, document: json, document_sha256: createHash('sha256').update(json).digest('hex'), published_by: p.userId, published_at: t, updated_at: t })
      .where('id', '=', n.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new Problem(409, 'Conflict', `notice ${n.id} was published meanwhile`, PUBLISHED_TYPE);
    if (to !== null) {
      const link = kind === 'urge' ? { urge_notice_id: n.id } : kind === 'public' ? { public_notice_id: n.id, deadline } : { takedown_notice_id: n.id };
      for (const row of rows) await transition(trx, row, to, p, `${kind} notice ${n.id} published, issued ${input.issueDate}`, { noticeId: n.id, deadline }, link);
    }
    await trx.insertInto('audit_log').values({ org_id: n.org_id, user_id: p.userId, action: 'notice.publish', target: `notice:${n.id}`, reason: null, detail: JSON.stringify({ kind, issueDate: input.issueDate, workingDays: input.workingDays ?? null, deadline }), at: t }).execute();
    await deps.recordEvent(trx, { type: 'notice.published', orgId: n.org_id, subject: `notice:${n.id}`, data: { kind, issueDate: input.issueDate, deadline, apps: apps.map((a) => a.app_id) } });
  });
}

/** The notice as a document for the renderers: from the database, or the one frozen at publication. */
export async function buildDocument(db: Db, deps: WorkflowDeps, n: NoticeRow): Promise<NoticeDocument> {
  const kind = n.kind;
  const b = await db.selectFrom('batches').select(['year', 'seq', 'total_seq']).where('id', '=', n.batch_id).executeTakeFirstOrThrow();
  const apps = await db
    .selectFrom('notice_apps as na')
    .innerJoin('apps as a', 'a.id', 'na.app_id')
    .innerJoin('versions as v', 'v.id', 'na.version_id')
    .leftJoin('companies as c', 'c.id', 'a.company_id')
    .select(['na.app_id', 'na.scan_id', 'na.package_sha256', 'na.report_sha256', 'a.name', 'a.package_name', 'a.filing_no', 'v.version_name', 'v.version_code', 'c.name as company'])
    .where('na.notice_id', '=', n.id)
    .orderBy('na.id')
    .execute();
  const findings = await db.selectFrom('notice_findings').select(['app_id', 'rule_id']).where('notice_id', '=', n.id).orderBy('id').execute();
  const listings = await db.selectFrom('store_listings').select(['app_id', 'store']).where('app_id', 'in', [...apps.map((a) => a.app_id), -1]).orderBy('id').execute();
  const rows = [];
  const packages = [];
  for (const a of apps) {
    const appName = a.name ?? a.package_name;
    const stores = [...new Set(listings.filter((l) => l.app_id === a.app_id).map((l) => l.store))];
    rows.push({
      appName,
      developer: a.company ?? '（未登记）',
      source: stores.length > 0 ? stores.join('、') : '（未登记）',
      version: a.version_name ?? a.version_code ?? '',
      problems: deps.problemCategories(findings.filter((f) => f.app_id === a.app_id).map((f) => f.rule_id)),
      ...(a.filing_no !== null ? { filingNo: a.filing_no } : {}),
    });
    let reportSha = a.report_sha256;
    if (reportSha === null) {
      const body = await readReport(db, a.scan_id);
      reportSha = body === null ? '' : createHash('sha256').update(body).digest('hex');
    }
    packages.push({ appName, packageSha256: a.package_sha256, reportSha256: reportSha });
  }
  // A national takedown's apps reported by provinces (exchange/nation.ts draftNationalTakedown): the nation holds
  // no scan of them, so 属地 names the provinces and the verification hash is that of the signed bundle that
  // carried the province's report (exchange_bundles_in), checkable against the province's own copy.
  const own = new Set(apps.map((a) => a.app_id));
  const reported = await db
    .selectFrom('exchange_notice_apps as x')
    .innerJoin('apps as a', 'a.id', 'x.app_id')
    .innerJoin('versions as v', 'v.id', 'x.version_id')
    .select(['x.app_id', 'x.provinces', 'x.fingerprints', 'a.name', 'a.package_name', 'v.sha256', 'v.version_name', 'v.version_code'])
    .where('x.notice_id', '=', n.id)
    .orderBy('x.id')
    .execute();
  // Three queries for all of them, grouped here, rather than three per app.
  const only = reported.filter((x) => !own.has(x.app_id)).map((r) => ({ ...r, codes: JSON.parse(r.provinces) as string[], fps: JSON.parse(r.fingerprints) as string[] }));
  const allCodes = [...new Set(only.flatMap((r) => r.codes)), ''];
  const allFps = [...new Set(only.flatMap((r) => r.fps)), ''];
  const allReports = await db
    .selectFrom('exchange_app_reports as ar')
    .innerJoin('exchange_provinces as p', 'p.id', 'ar.province_id')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select(['ar.app_id', 'p.code', 'o.name as org', 'ar.name', 'ar.company_name'])
    .where('ar.app_id', 'in', [...only.map((r) => r.app_id), -1])
    .where('p.code', 'in', allCodes)
    .orderBy('p.code')
    .execute();
  const allRules = await db.selectFrom('exchange_findings').select(['fingerprint', 'rule_id']).where('fingerprint', 'in', allFps).orderBy('rule_id').execute();
  // Newest first: an app's carrier is the bundle of the highest sequence among its findings' reports.
  const carriers = await db
    .selectFrom('exchange_finding_reports as fr')
    .innerJoin('exchange_findings as f', 'f.id', 'fr.finding_id')
    .innerJoin('exchange_bundles_in as b', (j) => j.onRef('b.province_id', '=', 'fr.province_id').onRef('b.seq', '=', 'fr.seq'))
    .select(['f.fingerprint', 'b.payload_sha256'])
    .where('f.fingerprint', 'in', allFps)
    .orderBy('fr.seq', 'desc')
    .execute();
  for (const r of only) {
    const codes = new Set(r.codes);
    const fps = new Set(r.fps);
    const reports = allReports.filter((x) => x.app_id === r.app_id && codes.has(x.code));
    const rules = allRules.filter((x) => fps.has(x.fingerprint));
    const carrier = carriers.find((x) => fps.has(x.fingerprint));
    const appName = reports.find((x) => x.name !== null)?.name ?? r.name ?? r.package_name;
    rows.push({
      appName,
      developer: reports.find((x) => x.company_name !== null)?.company_name ?? '（未登记）',
      source: '（未登记）',
      version: r.version_name ?? r.version_code ?? '',
      problems: deps.problemCategories(rules.map((x) => x.rule_id)),
      region: reports.map((x) => x.org).join('、'),
    });
    packages.push({ appName, packageSha256: r.sha256, reportSha256: carrier?.payload_sha256 ?? '' });
  }
  const issueDate = n.issue_date ?? '';
  return {
    kind,
    title: n.title,
    issuer: n.issuer,
    issueDate,
    workingDays: n.working_days,
    deadline: n.deadline,
    batch: { year: b.year, seq: b.seq, totalSeq: b.total_seq },
    addressees: JSON.parse(n.addressees) as string[],
    paragraphs: ((): string[] => {
      const own = JSON.parse(n.paragraphs) as string[];
      return own.length > 0 ? own : defaultParagraphs(kind, n.issuer);
    })(),
    rows,
    verification: { engineVersion: n.engine_version ?? '', rulesVersion: n.rules_version ?? RULES_VERSION, packages },
  };
}

