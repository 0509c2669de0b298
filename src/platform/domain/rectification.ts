// Rectification (整改) and the deadline. A fixed version is submitted against a published notice and scanned
// through the queue; when its scan ends, the diff against the version the notice rests on names each notice
// finding fixed or persisting and lists the new ones (domain/diff.ts, by fingerprint). The app is rectified
// when no notice finding that is still confirmed persists: human decisions live on the fingerprint, so a
// re-test shows them and never overrides them. When the deadline has passed, the check moves the apps still
// notified to overdue, re-scans their latest version through the queue (核查复检), and puts those still
// failing on a draft takedown notice (下架通报) addressed to the stores that list them; those it finds clean
// are rectified (late).
import { Problem } from '../api/http.ts';
import { now, type Db, type RectificationTable } from '../db/schema.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { PRIORITY } from '../queue/job-queue.ts';
import { compareVersions, diffVersions } from './diff.ts';
import type { Principal } from './identity.ts';
import { draftTakedown, getNotice, type NoticeCandidate, type NoticeRow } from './notices.ts';
import { enqueueScan } from './packages.ts';
import { lockPackage, seeNewScan } from './visibility.ts';
import { reviewStates } from './reviews.ts';
import { isOperator, visibleShas } from './scope.ts';
import type { WorkflowDeps } from './workflow-deps.ts';
import { canMove, transition, type Actor } from './workflow-states.ts';
import type { Selectable } from 'kysely';

/** The state an app must be in to be rectified against a notice of each kind, and the notice link it must have. */
const RECTIFY_FROM = { urge: ['urged', 'urge_notice_id'], public: ['notified', 'public_notice_id'], takedown: ['taken_down', 'takedown_notice_id'] } as const;

export interface RectificationDiff {
  noticeScanId: number;
  scanId: number;
  versionId: number;
  noticeFindings: { findingId: number; fingerprint: string; ruleId: string; status: 'fixed' | 'persisting'; review: string }[];
  new: { findingId: number; fingerprint: string; ruleId: string; review: string }[];
  /** Notice findings that persist and are still confirmed: what keeps the app from being rectified. */
  blocking: string[];
}

export async function submitRectification(db: Db, deps: WorkflowDeps, p: Principal, engineVersion: string, input: { noticeId: number; appId: number; sha256: string; reason?: string }): Promise<number> {
  const n = await getNotice(db, p, input.noticeId);
  const app = await db.selectFrom('notice_apps').innerJoin('apps', 'apps.id', 'notice_apps.app_id').select(['apps.id', 'apps.company_id', 'notice_apps.package_sha256']).where('notice_apps.notice_id', '=', n.id).where('apps.id', '=', input.appId).executeTakeFirst();
  // An operator rectifies only its company's apps; anything else does not exist for it.
  if (app === undefined || (isOperator(p) && app.company_id !== p.companyId)) throw new Problem(404, 'Not Found', 'no such app in this notice');
  if (!isOperator(p) && !p.roles.includes('admin') && !p.roles.includes('inspector')) throw new Problem(403, 'Forbidden', 'this needs one of the roles: admin, inspector, operator');
  if (n.status !== 'published' || n.kind === 'recheck') throw new Problem(409, 'Conflict', `notice ${n.id} is a ${n.status} ${n.kind} notice: rectifications are submitted against a published urge, public or takedown notice`);
  const [state, link] = RECTIFY_FROM[n.kind];
  const row = await db.selectFrom('workflow_apps').selectAll().where('org_id', '=', n.org_id).where('batch_id', '=', n.batch_id).where('app_id', '=', app.id).executeTakeFirst();
  if (row === undefined || row.state !== state || row[link] !== n.id) throw new Problem(409, 'Conflict', `app ${app.id} is ${row?.state ?? 'tested'} in batch ${n.batch_id}: a rectification against this ${n.kind} notice needs it ${state}${row?.state === 'overdue' ? ' (an overdue app is taken down first, then relisted with a rectified version)' : ''}`);
  let sq = db.selectFrom('scans').select(['id', 'sha256']).where('sha256', '=', input.sha256).where('engine_version', '=', engineVersion).orderBy('id', 'desc');
  const shas = visibleShas(db, p);
  if (shas !== null) sq = sq.where('sha256', 'in', shas);
  const scan = await sq.executeTakeFirst();
  if (scan === undefined) throw new Problem(404, 'Not Found', `no such package ${input.sha256}: upload it first (POST /packages)`);
  if (scan.sha256 === app.package_sha256) throw new Problem(422, 'Unprocessable Content', 'that package is the version the notice rests on; submit the fixed version');
  const t = now();
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('rectifications')
      .values({ org_id: n.org_id, notice_id: n.id, app_id: app.id, scan_id: scan.id, sha256: scan.sha256, status: 'pending', diff: null, reason: input.reason ?? null, submitted_by: p.userId, created_at: t, decided_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('audit_log').values({ org_id: n.org_id, user_id: p.userId, action: 'rectification.submit', target: `rectification:${r.id}`, reason: input.reason ?? null, detail: JSON.stringify({ noticeId: n.id, appId: app.id, sha256: scan.sha256, scanId: scan.id }), at: t }).execute();
    return r.id;
  });
  await settleRectifications(db, deps, { id });
  return id;
}

async function fingerprintsOf(db: Db, scanId: number) {
  return db.selectFrom('findings').select(['id', 'fingerprint', 'rule_id']).where('scan_id', '=', scanId).orderBy('id').execute();
}

/** The notice's findings of an app against a later scan: fixed or persisting, the new ones, and what blocks. */
export async function diffAgainstNotice(db: Db, orgId: number, noticeId: number, appId: number, scanId: number, versionId: number): Promise<RectificationDiff> {
  const na = await db.selectFrom('notice_apps').select(['scan_id', 'version_id']).where('notice_id', '=', noticeId).where('app_id', '=', appId).executeTakeFirstOrThrow();
  const before = await fingerprintsOf(db, na.scan_id);
  const after = await fingerprintsOf(db, scanId);
  const d = diffVersions([{ versionId: na.version_id, fingerprints: new Set(before.map((f) => f.fingerprint)) }, { versionId, fingerprints: new Set(after.map((f) => f.fingerprint)) }], 1);
  const noticeFindings = await db.selectFrom('notice_findings').select(['finding_id', 'fingerprint', 'rule_id']).where('notice_id', '=', noticeId).where('app_id', '=', appId).orderBy('id').execute();
  const states = await reviewStates(db, orgId, [...new Set([...noticeFindings.map((f) => f.fingerprint), ...d.new])]);
  const present = new Set(after.map((f) => f.fingerprint));
  const newSet = new Set(d.new);
  const out: RectificationDiff = {
    noticeScanId: na.scan_id,
    scanId,
    versionId,
    noticeFindings: noticeFindings.map((f) => ({ findingId: f.finding_id, fingerprint: f.fingerprint, ruleId: f.rule_id, status: present.has(f.fingerprint) ? 'persisting' : 'fixed', review: states.get(f.fingerprint)! })),
    new: after.filter((f) => newSet.has(f.fingerprint)).map((f) => ({ findingId: f.id, fingerprint: f.fingerprint, ruleId: f.rule_id, review: states.get(f.fingerprint)! })),
    blocking: [],
  };
  out.blocking = [...new Set(out.noticeFindings.filter((f) => f.status === 'persisting' && f.review === 'confirmed').map((f) => f.fingerprint))];
  return out;
}

type Rect = Selectable<RectificationTable>;

/** Decides the pending rectifications whose scan has ended (all, or `id` only, or one organisation's). */
export async function settleRectifications(db: Db, deps: WorkflowDeps, only: { id?: number; orgId?: number } = {}): Promise<number> {
  let q = db.selectFrom('rectifications as r').innerJoin('scans as s', 's.id', 'r.scan_id').selectAll('r').select(['s.status as scan_status', 's.error as scan_error', 's.app_id as scan_app_id', 's.version_id as scan_version_id']).where('r.status', '=', 'pending').where('s.status', 'in', ['done', 'failed', 'cancelled']);
  if (only.id !== undefined) q = q.where('r.id', '=', only.id);
  if (only.orgId !== undefined) q = q.where('r.org_id', '=', only.orgId);
  let settled = 0;
  for (const r of await q.execute()) {
    await settleOne(db, deps, r);
    settled++;
  }
  return settled;
}

async function settleOne(db: Db, deps: WorkflowDeps, r: Rect & { scan_status: string; scan_error: string | null; scan_app_id: number | null; scan_version_id: number | null }): Promise<void> {
  const na = await db.selectFrom('notice_apps').select(['version_id']).where('notice_id', '=', r.notice_id).where('app_id', '=', r.app_id).executeTakeFirstOrThrow();
  let failed: string | null = null;
  if (r.scan_status !== 'done') failed = `the re-test scan ${r.scan_id} ${r.scan_status}${r.scan_error === null ? '' : `: ${r.scan_error}`}`;
  else if (r.scan_app_id !== r.app_id) {
    const other = r.scan_app_id === null ? null : await db.selectFrom('apps').select('package_name').where('id', '=', r.scan_app_id).executeTakeFirst();
    failed = `the package is ${other?.package_name ?? 'no app'}, not the notice's app ${r.app_id}`;
  } else if (r.scan_version_id === na.version_id) failed = 'the package is the version the notice rests on';
  const diff = failed === null ? await diffAgainstNotice(db, r.org_id, r.notice_id, r.app_id, r.scan_id, r.scan_version_id!) : null;
  const status = failed !== null ? 'failed' : diff!.blocking.length === 0 ? 'rectified' : 'not_rectified';
  const t = now();
  await db.transaction().execute(async (trx) => {
    const u = await trx.updateTable('rectifications').set({ status, diff: diff === null ? null : JSON.stringify(diff), reason: failed ?? r.reason, decided_at: t }).where('id', '=', r.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) return; // settled by another caller meanwhile
    const actor = { userId: r.submitted_by };
    if (status === 'rectified') {
      const n = await trx.selectFrom('notices').select(['kind', 'batch_id']).where('id', '=', r.notice_id).executeTakeFirstOrThrow();
      const row = await trx.selectFrom('workflow_apps').select(['id', 'org_id', 'batch_id', 'app_id', 'state']).where('org_id', '=', r.org_id).where('batch_id', '=', n.batch_id).where('app_id', '=', r.app_id).executeTakeFirstOrThrow();
      const to = row.state === 'taken_down' ? 'relisted' : 'rectified';
      if (canMove(row.state, to)) await transition(trx, row, to, actor, `rectification ${r.id}: the re-test of version ${r.scan_version_id} leaves no confirmed finding of notice ${r.notice_id}`, { rectificationId: r.id, noticeId: r.notice_id });
    }
    await trx.insertInto('audit_log').values({ org_id: r.org_id, user_id: r.submitted_by, action: 'rectification.decide', target: `rectification:${r.id}`, reason: failed, detail: JSON.stringify({ status, blocking: diff?.blocking ?? [] }), at: t }).execute();
    await deps.recordEvent(trx, { type: 'retest.done', orgId: r.org_id, subject: `rectification:${r.id}`, data: { noticeId: r.notice_id, appId: r.app_id, status } });
  });
}

export interface CheckResult {
  asOf: string;
  /** Apps warned that their deadline is the next working day; null when no calendar is wired in. */
  warned: number[] | null;
  settledRectifications: number;
  overdue: { appId: number; batchId: number; noticeId: number; deadline: string; recheckScanId: number }[];
  rechecksPending: number[];
  recheckFailed: { appId: number; scanId: number; error: string | null }[];
  /** Overdue apps whose re-check no longer shows a confirmed notice finding: rectified (late), on no takedown. */
  recheckPassed: number[];
  takedownDrafts: number[];
}

/**
 * The deadline check as of a date (YYYY-MM-DD, Beijing time): an app is overdue the day after its deadline.
 * `orgId` null: every organisation (the scheduler).
 */
export async function runWorkflowCheck(db: Db, queue: JobQueue, deps: WorkflowDeps, actor: Actor, engineVersion: string, opts: { asOf: string; orgId: number | null }): Promise<CheckResult> {
  const out: CheckResult = { asOf: opts.asOf, warned: [], settledRectifications: 0, overdue: [], rechecksPending: [], recheckFailed: [], recheckPassed: [], takedownDrafts: [] };
  out.settledRectifications = await settleRectifications(db, deps, opts.orgId === null ? {} : { orgId: opts.orgId });

  // 0. One working day left: a warning, once per app and notice (the audit log remembers it was sent).
  let soon = db.selectFrom('workflow_apps').selectAll().where('state', '=', 'notified').where('deadline', '>', opts.asOf);
  if (opts.orgId !== null) soon = soon.where('org_id', '=', opts.orgId);
  let nextWorkingDay: string | null = null;
  try {
    nextWorkingDay = deps.deadlineAfter(opts.asOf, 1);
  } catch {
    out.warned = null; // no calendar wired in: no warning rather than a guessed one
  }
  if (nextWorkingDay !== null) {
    for (const row of await soon.where('deadline', '=', nextWorkingDay).execute()) {
      const target = `app:${row.app_id}`;
      const reason = `notice ${row.public_notice_id}: deadline ${row.deadline} is the next working day`;
      const sent = await db.selectFrom('audit_log').select('id').where('org_id', '=', row.org_id).where('action', '=', 'workflow.deadline_warning').where('target', '=', target).where('reason', '=', reason).executeTakeFirst();
      if (sent !== undefined) continue;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('audit_log').values({ org_id: row.org_id, user_id: actor.userId, action: 'workflow.deadline_warning', target, reason, detail: JSON.stringify({ batchId: row.batch_id, noticeId: row.public_notice_id, deadline: row.deadline, asOf: opts.asOf }), at: now() }).execute();
        await deps.recordEvent(trx, { type: 'deadline.approaching', orgId: row.org_id, subject: `notice:${row.public_notice_id}`, data: { appId: row.app_id, deadline: row.deadline } });
      });
      out.warned!.push(row.app_id);
    }
  }

  // 1. Past the deadline, no rectification pending: overdue, and a re-check of the latest version queued.
  let due = db.selectFrom('workflow_apps').selectAll().where('state', '=', 'notified').where('deadline', '<', opts.asOf);
  if (opts.orgId !== null) due = due.where('org_id', '=', opts.orgId);
  for (const row of await due.execute()) {
    const pending = await db.selectFrom('rectifications').select('id').where('notice_id', '=', row.public_notice_id!).where('app_id', '=', row.app_id).where('status', '=', 'pending').executeTakeFirst();
    if (pending !== undefined) continue; // decided when its re-test ends
    const versions = (await db.selectFrom('versions').selectAll().where('app_id', '=', row.app_id).where('sha256', 'in', db.selectFrom('uploads').select('sha256').where('org_id', '=', row.org_id)).execute()).sort(compareVersions);
    const latest = versions[versions.length - 1]!;
    const base = await db.selectFrom('notice_apps').innerJoin('scans', 'scans.id', 'notice_apps.scan_id').select('scans.options').where('notice_apps.notice_id', '=', row.public_notice_id!).where('notice_apps.app_id', '=', row.app_id).executeTakeFirstOrThrow();
    // A re-check is a scan of its own (its options name the check's date), so it runs through the queue.
    const options = JSON.stringify(Object.fromEntries(Object.entries({ ...(JSON.parse(base.options) as Record<string, string>), recheck: opts.asOf }).sort(([a], [b]) => a.localeCompare(b))));
    const t = now();
    // Made without an upload, so the visibility tables learn of it here, under the package's lock as uploads do.
    const { inserted, scanId } = await db.transaction().execute(async (trx) => {
      await lockPackage(trx, latest.sha256);
      const made = await trx
        .insertInto('scans')
        .values({ sha256: latest.sha256, engine_version: engineVersion, options, status: 'queued', priority: PRIORITY.batch, job_id: null, lease_token: null, attempts: 0, error: null, app_id: null, version_id: null, finding_count: null, created_at: t, started_at: null, finished_at: null })
        .onConflict((oc) => oc.columns(['sha256', 'engine_version', 'options']).doNothing())
        .returning('id')
        .executeTakeFirst();
      const id = made?.id ?? (await trx.selectFrom('scans').select('id').where('sha256', '=', latest.sha256).where('engine_version', '=', engineVersion).where('options', '=', options).executeTakeFirstOrThrow()).id;
      await seeNewScan(trx, id, latest.sha256);
      return { inserted: made, scanId: id };
    });
    await db.transaction().execute(async (trx) => {
      await transition(trx, row, 'overdue', actor, `deadline ${row.deadline} passed (checked as of ${opts.asOf})`, { noticeId: row.public_notice_id, recheckScanId: scanId }, { recheck_scan_id: scanId });
      await deps.recordEvent(trx, { type: 'deadline.passed', orgId: row.org_id, subject: `notice:${row.public_notice_id}`, data: { appId: row.app_id, deadline: row.deadline, recheckScanId: scanId } });
    });
    if (inserted !== undefined) await enqueueScan(db, queue, scanId, PRIORITY.batch);
    out.overdue.push({ appId: row.app_id, batchId: row.batch_id, noticeId: row.public_notice_id!, deadline: row.deadline!, recheckScanId: scanId });
  }

  // 2. Overdue apps whose re-check has ended: those still failing go on the draft takedown of their notice.
  let open = db.selectFrom('workflow_apps').selectAll().where('state', '=', 'overdue').where('takedown_notice_id', 'is', null).where('recheck_scan_id', 'is not', null);
  if (opts.orgId !== null) open = open.where('org_id', '=', opts.orgId);
  const failing = new Map<number, NoticeCandidate[]>();
  for (const row of await open.execute()) {
    const s = await db.selectFrom('scans').select(['id', 'status', 'error', 'sha256', 'version_id', 'app_id']).where('id', '=', row.recheck_scan_id!).executeTakeFirstOrThrow();
    if (s.status === 'queued' || s.status === 'running') {
      out.rechecksPending.push(row.app_id);
      continue;
    }
    if (s.status !== 'done' || s.app_id !== row.app_id) {
      out.recheckFailed.push({ appId: row.app_id, scanId: s.id, error: s.error });
      continue;
    }
    const diff = await diffAgainstNotice(db, row.org_id, row.public_notice_id!, row.app_id, s.id, s.version_id!);
    if (diff.blocking.length === 0) {
      // Rectified late: the version the re-check scanned leaves no confirmed finding of the notice.
      const moved = await db.transaction().execute(async (trx) => {
        try {
          await transition(trx, row, 'rectified', actor, `the re-check (核查复检) of version ${s.version_id} after the deadline leaves no confirmed finding of notice ${row.public_notice_id}`, { noticeId: row.public_notice_id, recheckScanId: s.id });
        } catch (e) {
          if (e instanceof Problem && e.status === 409) return false; // moved by a concurrent check
          throw e;
        }
        await deps.recordEvent(trx, { type: 'retest.done', orgId: row.org_id, subject: `notice:${row.public_notice_id}`, data: { noticeId: row.public_notice_id, appId: row.app_id, status: 'rectified', recheckScanId: s.id } });
        return true;
      });
      if (moved) out.recheckPassed.push(row.app_id);
      continue;
    }
    const found = await db.selectFrom('findings').select(['id', 'fingerprint', 'rule_id', 'body']).where('scan_id', '=', s.id).where('fingerprint', 'in', diff.blocking).orderBy('id').execute();
    const by = await db.selectFrom('notice_findings').select(['fingerprint', 'confirmed_by', 'clauses']).where('notice_id', '=', row.public_notice_id!).where('app_id', '=', row.app_id).execute();
    const byFp = new Map(by.map((b) => [b.fingerprint, b]));
    const seen = new Set<string>();
    const findings = found.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint)).map((f) => ({ findingId: f.id, fingerprint: f.fingerprint, ruleId: f.rule_id, clauses: JSON.parse(byFp.get(f.fingerprint)!.clauses) as string[], confirmedBy: byFp.get(f.fingerprint)!.confirmed_by }));
    const list = failing.get(row.public_notice_id!) ?? [];
    list.push({ appId: row.app_id, scanId: s.id, versionId: s.version_id!, sha256: s.sha256, findings });
    failing.set(row.public_notice_id!, list);
  }
  for (const [noticeId, apps] of failing) {
    const source = await db.selectFrom('notices').selectAll().where('id', '=', noticeId).executeTakeFirstOrThrow();
    out.takedownDrafts.push(await db.transaction().execute((trx) => draftTakedown(trx, actor, source, apps)));
  }
  return out;
}

/** A store's confirmation that it took an app of a published takedown notice down. */
export async function recordTakedownConfirmation(db: Db, deps: WorkflowDeps, p: Principal, n: NoticeRow, input: { appId: number; store: string; confirmedOn: string; reference?: string }): Promise<number> {
  if (n.kind !== 'takedown' || n.status !== 'published') throw new Problem(409, 'Conflict', `notice ${n.id} is a ${n.status} ${n.kind} notice: stores confirm published takedown notices`);
  const na = await db.selectFrom('notice_apps').select('app_id').where('notice_id', '=', n.id).where('app_id', '=', input.appId).executeTakeFirst();
  if (na === undefined) throw new Problem(404, 'Not Found', 'no such app in this notice');
  const addressees = JSON.parse(n.addressees) as string[];
  if (!addressees.includes(input.store)) throw new Problem(422, 'Unprocessable Content', `${input.store} is not an addressee of notice ${n.id} (${addressees.join(', ') || 'none'})`);
  const t = now();
  return db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('takedown_confirmations').select('id').where('notice_id', '=', n.id).where('app_id', '=', input.appId).where('store', '=', input.store).executeTakeFirst();
    if (dup !== undefined) throw new Problem(409, 'Conflict', `${input.store} already confirmed the takedown of app ${input.appId}`);
    const r = await trx.insertInto('takedown_confirmations').values({ notice_id: n.id, app_id: input.appId, store: input.store, confirmed_on: input.confirmedOn, reference: input.reference ?? null, recorded_by: p.userId, created_at: t }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('audit_log').values({ org_id: n.org_id, user_id: p.userId, action: 'takedown.confirm', target: `notice:${n.id}`, reason: input.reference ?? null, detail: JSON.stringify({ appId: input.appId, store: input.store, confirmedOn: input.confirmedOn }), at: t }).execute();
    await deps.recordEvent(trx, { type: 'takedown.confirmed', orgId: n.org_id, subject: `notice:${n.id}`, data: { appId: input.appId, store: input.store, confirmedOn: input.confirmedOn } });
    return r.id;
  });
}

