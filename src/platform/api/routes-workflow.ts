// The regulator's workflow (issue 13): the review queue with evidence, notices (draft, edit, publish, the
// document), per-app workflow states and their history, rectifications, the deadline check and takedown
// confirmations, and companies' credit records. Everything a domain/ module does; here only HTTP.
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import type { Finding } from '../../report/types.ts';
import type { NoticeTable, RectificationTable, WorkflowState } from '../db/schema.ts';
import { createCreditRecord, creditJson, CREDIT_KINDS } from '../domain/credit.ts';
import type { Principal } from '../domain/identity.ts';
import { buildDocument, draftNotice, getNotice, publishNotice, refuseIfPublished, updateDraft, visibleNotices } from '../domain/notices.ts';
import { recordTakedownConfirmation, runWorkflowCheck, settleRectifications, submitRectification, type RectificationDiff } from '../domain/rectification.ts';
import { evidenceDigest } from '../domain/reviews.ts';
import { isOperator, visibleBatches, visibleCompanyIds } from '../domain/scope.ts';
import { UNWIRED_WORKFLOW } from '../domain/workflow-deps.ts';
import { WORKFLOW_STATES } from '../domain/workflow-states.ts';
import type { NoticeDocument as WorkflowDocument } from '../workflow/notice-document.ts';
import { renderNoticeDocx, renderNoticeHtml, renderNoticePdf } from '../workflow/notice-render.ts';
import type { ApiContext } from './app.ts';
import { visibleApp, visibleCompany } from './routes-catalog.ts';
import { decodeCursor, IdParams, notFound, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { AppWorkflowOut, CompanyCreditOut, CreditRecordOut, DeadlineOut, NoticeDocumentReply, NoticeOut, pageOf, RectificationOut, ReviewQueueItemOut, WorkflowAppOut, WorkflowCheckOut, WorkflowStatisticsOut } from './responses.ts';

const DateString = z.iso.date();
/** Fastify sends a Buffer as it is; its reply schema is a binary string (OpenAPI's `format: binary`). */
const binary = (bytes: Uint8Array): string => Buffer.from(bytes) as unknown as string;
const Text = (max: number) => z.string().min(1).max(max);

/** Today in Beijing time (deadlines are dates of the official calendar). */
export const beijingToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function workflowRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db } = ctx;
  const deps = ctx.workflow ?? UNWIRED_WORKFLOW;

  const noticeJson = async (p: Principal, n: Selectable<NoticeTable>) => {
    let q = db
      .selectFrom('notice_apps as na')
      .innerJoin('apps as a', 'a.id', 'na.app_id')
      .leftJoin('workflow_apps as w', (j) => j.onRef('w.app_id', '=', 'na.app_id').on('w.batch_id', '=', n.batch_id).on('w.org_id', '=', n.org_id))
      .select(['na.app_id', 'na.version_id', 'na.scan_id', 'na.package_sha256', 'na.report_sha256', 'a.package_name', 'a.name', 'a.company_id', 'w.state', 'w.deadline'])
      .where('na.notice_id', '=', n.id)
      .orderBy('na.id');
    if (isOperator(p)) q = q.where('a.company_id', '=', p.companyId ?? -1);
    const apps = await q.execute();
    const findings = await db.selectFrom('notice_findings').selectAll().where('notice_id', '=', n.id).where('app_id', 'in', [...apps.map((a) => a.app_id), -1]).orderBy('id').execute();
    const confirmations = await db.selectFrom('takedown_confirmations').selectAll().where('notice_id', '=', n.id).where('app_id', 'in', [...apps.map((a) => a.app_id), -1]).orderBy('id').execute();
    return {
      id: n.id,
      orgId: n.org_id,
      batchId: n.batch_id,
      kind: n.kind,
      status: n.status,
      sourceNoticeId: n.source_notice_id,
      title: n.title,
      issuer: n.issuer,
      paragraphs: JSON.parse(n.paragraphs) as string[],
      addressees: JSON.parse(n.addressees) as string[],
      issueDate: n.issue_date,
      workingDays: n.working_days,
      deadline: n.deadline,
      engineVersion: n.engine_version,
      rulesVersion: n.rules_version,
      documentSha256: n.document_sha256,
      draftedBy: n.drafted_by,
      publishedBy: n.published_by,
      publishedAt: n.published_at,
      createdAt: n.created_at,
      updatedAt: n.updated_at,
      apps: apps.map((a) => ({
        appId: a.app_id,
        packageName: a.package_name,
        name: a.name,
        companyId: a.company_id,
        versionId: a.version_id,
        scanId: a.scan_id,
        packageSha256: a.package_sha256,
        reportSha256: a.report_sha256,
        state: a.state ?? 'tested',
        findings: findings.filter((f) => f.app_id === a.app_id).map((f) => ({ findingId: f.finding_id, fingerprint: f.fingerprint, ruleId: f.rule_id, clauses: JSON.parse(f.clauses) as string[], confirmedBy: f.confirmed_by })),
      })),
      confirmations: confirmations.map((c) => ({ id: c.id, appId: c.app_id, store: c.store, confirmedOn: c.confirmed_on, reference: c.reference, recordedBy: c.recorded_by, createdAt: c.created_at })),
    };
  };

  const visibleRectifications = (p: Principal) => {
    let q = db.selectFrom('rectifications').selectAll();
    if (isOperator(p)) q = q.where('app_id', 'in', db.selectFrom('apps').select('id').where('company_id', '=', p.companyId ?? -1));
    else if (!p.national) q = q.where('org_id', '=', p.orgId);
    return q;
  };
  const rectJson = (r: Selectable<RectificationTable>) => ({
    id: r.id,
    orgId: r.org_id,
    noticeId: r.notice_id,
    appId: r.app_id,
    scanId: r.scan_id,
    sha256: r.sha256,
    status: r.status,
    diff: r.diff === null ? null : (JSON.parse(r.diff) as RectificationDiff),
    reason: r.reason,
    submittedBy: r.submitted_by,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  });

  const getCompany = (p: Principal, id: number) => visibleCompany(db, p, id);

  return (api, _opts, done) => {
    // Review: the batch's findings with their evidence, for a fast decision (POST /findings/{id}/review).
    api.get(
      '/batches/:id/review-queue',
      { schema: { tags: ['review'], params: IdParams, querystring: PageQuery.extend({ state: z.enum(['open', 'confirmed', 'false_positive', 'accepted']).optional() }), response: { 200: pageOf(ReviewQueueItemOut) } } },
      async (req) => {
        const p = who(req);
        const b = await visibleBatches(db, p).where('id', '=', req.params.id).executeTakeFirst();
        if (b === undefined) throw notFound('batch');
        let q = db
          .selectFrom('findings as f')
          .innerJoin('uploads as u', 'u.scan_id', 'f.scan_id')
          .innerJoin('scans as s', 's.id', 'f.scan_id')
          .leftJoin('apps as a', 'a.id', 'f.app_id')
          .leftJoin('reviews as r', (j) => j.onRef('r.fingerprint', '=', 'f.fingerprint').on('r.org_id', '=', b.org_id))
          .select(['f.id', 'f.scan_id', 'f.app_id', 's.version_id', 'a.package_name', 'f.fingerprint', 'f.rule_id', 'f.severity', 'f.confidence', 'f.owner', 'f.title_zh', 'f.title_en', 'f.body', 'r.state', 'r.updated_by', 'r.updated_at'])
          .distinct()
          .where('u.batch_id', '=', b.id)
          .orderBy('f.id', 'desc')
          .limit(req.query.limit + 1);
        const c = decodeCursor(req.query.cursor);
        if (c !== null) q = q.where('f.id', '<', c);
        if (req.query.state === 'open') q = q.where((eb) => eb.or([eb('r.state', 'is', null), eb('r.state', '=', 'open')]));
        else if (req.query.state !== undefined) q = q.where('r.state', '=', req.query.state);
        return page(await q.execute(), req.query.limit, (f) => f.id, (f) => {
          const body = JSON.parse(f.body) as Finding;
          return {
            id: f.id,
            scanId: f.scan_id,
            appId: f.app_id,
            versionId: f.version_id,
            packageName: f.package_name,
            fingerprint: f.fingerprint,
            ruleId: f.rule_id,
            clauses: body.clauses,
            severity: f.severity,
            confidence: f.confidence,
            owner: f.owner,
            dataTypes: body.dataTypes ?? [],
            title: { zh: f.title_zh, en: f.title_en },
            message: body.message,
            evidence: evidenceDigest(body),
            review: { state: f.state ?? 'open', by: f.updated_by, at: f.updated_at },
          };
        });
      },
    );

    // Notices
    api.get('/notices', { schema: { tags: ['notices'], querystring: PageQuery.extend({ batchId: z.coerce.number().int().positive().optional(), kind: z.enum(['urge', 'public', 'takedown', 'recheck']).optional(), status: z.enum(['draft', 'published']).optional() }), response: { 200: pageOf(NoticeOut) } } }, async (req) => {
      const p = who(req);
      let q = visibleNotices(db, p).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (req.query.batchId !== undefined) q = q.where('batch_id', '=', req.query.batchId);
      if (req.query.kind !== undefined) q = q.where('kind', '=', req.query.kind);
      if (req.query.status !== undefined) q = q.where('status', '=', req.query.status);
      const rows = await q.execute();
      const out = page(rows, req.query.limit, (n) => n.id, (n) => n);
      return { items: await Promise.all(out.items.map((n) => noticeJson(p, n))), nextCursor: out.nextCursor };
    });
    api.post(
      '/notices',
      {
        schema: {
          tags: ['notices'],
          body: z.object({
            batchId: z.number().int().positive(),
            kind: z.enum(['urge', 'public', 'recheck']),
            appIds: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
            title: Text(300).optional(),
            issuer: Text(200).optional(),
            paragraphs: z.array(Text(5000)).max(50).optional(),
            addressees: z.array(Text(200)).max(200).optional(),
          }),
          response: { 201: NoticeOut },
        },
      },
      async (req, reply) => {
        const p = who(req);
        requireRole(p, 'admin', 'inspector');
        const id = await draftNotice(db, p, req.body);
        return reply.code(201).send(await noticeJson(p, await getNotice(db, p, id)));
      },
    );
    api.get('/notices/:id', { schema: { tags: ['notices'], params: IdParams, response: { 200: NoticeOut } } }, async (req) => {
      const p = who(req);
      return noticeJson(p, await getNotice(db, p, req.params.id));
    });
    api.patch(
      '/notices/:id',
      {
        schema: {
          tags: ['notices'],
          params: IdParams,
          body: z.object({
            title: Text(300).optional(),
            issuer: Text(200).optional(),
            paragraphs: z.array(Text(5000)).max(50).optional(),
            addressees: z.array(Text(200)).max(200).optional(),
            removeAppIds: z.array(z.number().int().positive()).max(10_000).optional(),
            removeFindingIds: z.array(z.number().int().positive()).max(10_000).optional().describe("findings left out of the notice; an app must keep one (remove the app instead)"),
            reason: z.string().max(1000).optional(),
          }),
          response: { 200: NoticeOut },
        },
      },
      async (req) => {
        const p = who(req);
        const n = await getNotice(db, p, req.params.id);
        requireRole(p, 'admin', 'inspector');
        const { reason, ...patch } = req.body;
        await updateDraft(db, p, n, patch, reason ?? null);
        return noticeJson(p, await getNotice(db, p, n.id));
      },
    );
    api.post('/notices/:id/publish', { schema: { tags: ['notices'], params: IdParams, body: z.object({ issueDate: DateString, workingDays: z.number().int().min(1).max(60).optional() }), response: { 200: NoticeOut } } }, async (req) => {
      const p = who(req);
      const n = await getNotice(db, p, req.params.id);
      requireRole(p, 'admin', 'inspector');
      await publishNotice(db, deps, p, n, req.body);
      return noticeJson(p, await getNotice(db, p, n.id));
    });
    // JSON by default; ?format=html|pdf|docx renders the same document (workflow/notice-render.ts). A
    // published notice's JSON is the very bytes it was frozen with (its documentSha256); the renderings are
    // made from those bytes.
    api.get(
      '/notices/:id/document',
      {
        schema: {
          tags: ['notices'],
          params: IdParams,
          querystring: z.object({
            format: z.enum(['json', 'html', 'pdf', 'docx']).default('json'),
            issueDate: DateString.optional().describe('a draft only: the document as it would be published on this date (a preview; nothing is stored)'),
            workingDays: z.coerce.number().int().min(1).max(60).optional().describe('a draft only, with issueDate: the deadline the preview states'),
          }),
          response: { 200: NoticeDocumentReply },
        },
      },
      async (req, reply) => {
        const p = who(req);
        let n = await getNotice(db, p, req.params.id);
        const format = req.query.format;
        const { issueDate, workingDays } = req.query;
        if (workingDays !== undefined && issueDate === undefined) throw new Problem(400, 'Bad Request', 'workingDays needs issueDate');
        if (issueDate !== undefined) {
          refuseIfPublished(n);
          if (workingDays !== undefined && (n.kind === 'takedown' || n.kind === 'recheck')) throw new Problem(400, 'Bad Request', `a ${n.kind} notice has no deadline: leave out workingDays`);
          n = { ...n, issue_date: issueDate, working_days: workingDays ?? null, deadline: workingDays === undefined ? null : deps.deadlineAfter(issueDate, workingDays) };
        }
        if (format === 'json' && n.document !== null && !isOperator(p)) return reply.type('application/json; charset=utf-8').send(n.document);
        const doc: WorkflowDocument = n.document !== null ? (JSON.parse(n.document) as WorkflowDocument) : await buildDocument(db, deps, n);
        if (isOperator(p)) {
          // An operator sees its company's rows only.
          const own = new Set((await db.selectFrom('notice_apps as na').innerJoin('apps as a', 'a.id', 'na.app_id').select('na.id').where('na.notice_id', '=', n.id).where('a.company_id', '=', p.companyId ?? -1).execute()).map((r) => r.id));
          const order = (await db.selectFrom('notice_apps').select('id').where('notice_id', '=', n.id).orderBy('id').execute()).map((r) => own.has(r.id));
          doc.rows = doc.rows.filter((_r, i) => order[i] === true);
          doc.verification.packages = doc.verification.packages.filter((_r, i) => order[i] === true);
        }
        // Sent as text, as Fastify's default serialiser would: the reply schema only documents it.
        if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(doc));
        const name = `notice-${n.id}${n.status === 'published' ? '' : '-draft'}.${format}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderNoticeHtml(doc));
        if (format === 'docx') return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(binary(await renderNoticeDocx(doc)));
        let pdf: Uint8Array;
        try {
          pdf = await renderNoticePdf(doc);
        } catch (e) {
          // The PDF needs Chromium on the server (README); the HTML and DOCX do not.
          throw new Problem(503, 'Service Unavailable', `the PDF renderer failed: ${e instanceof Error ? e.message : String(e)}; ?format=html or docx do not need it`);
        }
        return reply.type('application/pdf').send(binary(pdf));
      },
    );
    api.post(
      '/notices/:id/confirmations',
      { schema: { tags: ['notices'], params: IdParams, body: z.object({ appId: z.number().int().positive(), store: Text(100), confirmedOn: DateString, reference: z.string().max(500).optional() }), response: { 201: NoticeOut } } },
      async (req, reply) => {
        const p = who(req);
        const n = await getNotice(db, p, req.params.id);
        requireRole(p, 'admin', 'inspector');
        await recordTakedownConfirmation(db, deps, p, n, req.body);
        return reply.code(201).send(await noticeJson(p, n));
      },
    );

    // Workflow states
    api.get('/apps/:id/workflow', { schema: { tags: ['workflow'], params: IdParams, response: { 200: AppWorkflowOut } } }, async (req) => {
      const p = who(req);
      const a = await visibleApp(db, p, req.params.id);
      if (a === undefined) throw notFound('app');
      let rq = db.selectFrom('workflow_apps').selectAll().where('app_id', '=', a.id).orderBy('id');
      let hq = db.selectFrom('audit_log').select(['user_id', 'action', 'reason', 'detail', 'at', 'org_id']).where('target', '=', `app:${a.id}`).where('action', '=', 'workflow.transition').orderBy('id');
      if (!p.national) {
        const org = isOperator(p) ? null : p.orgId;
        if (org !== null) {
          rq = rq.where('org_id', '=', org);
          hq = hq.where('org_id', '=', org);
        }
      }
      const rows = await rq.execute();
      const history = await hq.execute();
      return {
        appId: a.id,
        items: rows.map((r) => ({
          orgId: r.org_id,
          batchId: r.batch_id,
          state: r.state,
          urgeNoticeId: r.urge_notice_id,
          publicNoticeId: r.public_notice_id,
          takedownNoticeId: r.takedown_notice_id,
          deadline: r.deadline,
          recheckScanId: r.recheck_scan_id,
          updatedAt: r.updated_at,
        })),
        history: history.map((h) => ({ ...(JSON.parse(h.detail) as { batchId: number; from: WorkflowState; to: WorkflowState } & Record<string, unknown>), userId: h.user_id, reason: h.reason, at: h.at })),
      };
    });
    // The rectification tracker: each app's row in its batch's campaign with the working days left.
    api.get(
      '/workflow/apps',
      {
        schema: {
          tags: ['workflow'],
          querystring: PageQuery.extend({
            state: z.enum(WORKFLOW_STATES as [WorkflowState, ...WorkflowState[]]).optional(),
            batchId: z.coerce.number().int().positive().optional(),
            appId: z.coerce.number().int().positive().optional(),
            companyId: z.coerce.number().int().positive().optional(),
          }),
          response: { 200: pageOf(WorkflowAppOut) },
        },
      },
      async (req) => {
        const p = who(req);
        const operator = isOperator(p);
        let q = db
          .selectFrom('workflow_apps as w')
          .innerJoin('apps as a', 'a.id', 'w.app_id')
          .selectAll('w')
          .select(['a.package_name', 'a.name', 'a.company_id'])
          .select((eb) =>
            eb
              .selectFrom('notices as n')
              .innerJoin('notice_apps as na', 'na.notice_id', 'n.id')
              .select((e) => e.fn.max('n.id').as('d'))
              .whereRef('n.source_notice_id', '=', 'w.public_notice_id')
              .whereRef('na.app_id', '=', 'w.app_id')
              .where('n.kind', '=', 'takedown')
              .where('n.status', '=', 'draft')
              .as('takedown_draft_id'),
          )
          .orderBy('w.id', 'desc')
          .limit(req.query.limit + 1);
        if (operator) q = q.where('a.company_id', '=', p.companyId ?? -1).where('w.state', '!=', 'tested');
        else if (!p.national) q = q.where('w.org_id', '=', p.orgId);
        const c = decodeCursor(req.query.cursor);
        if (c !== null) q = q.where('w.id', '<', c);
        if (req.query.state !== undefined) q = q.where('w.state', '=', req.query.state);
        if (req.query.batchId !== undefined) q = q.where('w.batch_id', '=', req.query.batchId);
        if (req.query.appId !== undefined) q = q.where('w.app_id', '=', req.query.appId);
        if (req.query.companyId !== undefined) q = q.where('a.company_id', '=', req.query.companyId);
        const today = beijingToday();
        const left = (deadline: string | null): number | null => {
          if (deadline === null) return null;
          try {
            return deadline >= today ? deps.workingDaysBetween(today, deadline) : -deps.workingDaysBetween(deadline, today);
          } catch {
            return null; // outside the calendar: no countdown rather than a guessed one
          }
        };
        return page(await q.execute(), req.query.limit, (r) => r.id, (r) => ({
          id: r.id,
          orgId: r.org_id,
          batchId: r.batch_id,
          appId: r.app_id,
          packageName: r.package_name,
          name: r.name,
          companyId: r.company_id,
          state: r.state,
          urgeNoticeId: r.urge_notice_id,
          publicNoticeId: r.public_notice_id,
          takedownNoticeId: r.takedown_notice_id,
          takedownDraftId: operator ? null : (r.takedown_draft_id ?? null),
          deadline: r.deadline,
          workingDaysLeft: left(r.deadline),
          recheckScanId: r.recheck_scan_id,
          updatedAt: r.updated_at,
        }));
      },
    );
    // The deadline a notice would get, before it is published (the editor shows it as the dates are set).
    api.get('/calendar/deadline', { schema: { tags: ['workflow'], querystring: z.object({ issueDate: DateString, workingDays: z.coerce.number().int().min(1).max(60) }), response: { 200: DeadlineOut } } }, (req) => {
      who(req);
      const { issueDate, workingDays } = req.query;
      return Promise.resolve({ issueDate, workingDays, deadline: deps.deadlineAfter(issueDate, workingDays) });
    });
    api.get('/workflow/statistics', { schema: { tags: ['workflow'], querystring: z.object({ batchId: z.coerce.number().int().positive().optional() }), response: { 200: WorkflowStatisticsOut } } }, async (req) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector', 'reviewer', 'viewer');
      let q = db.selectFrom('workflow_apps').select(['batch_id', 'state', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy(['batch_id', 'state']);
      if (!p.national) q = q.where('org_id', '=', p.orgId);
      if (req.query.batchId !== undefined) q = q.where('batch_id', '=', req.query.batchId);
      const rows = await q.execute();
      const byBatch = new Map<number, Record<string, number>>();
      for (const r of rows) {
        const m = byBatch.get(r.batch_id) ?? Object.fromEntries(WORKFLOW_STATES.map((s) => [s, 0]));
        m[r.state] = Number(r.n);
        byBatch.set(r.batch_id, m);
      }
      return { items: [...byBatch].map(([batchId, states]) => ({ batchId, states })) };
    });
    api.post('/workflow/check', { schema: { tags: ['workflow'], body: z.object({ asOf: DateString.optional() }), response: { 200: WorkflowCheckOut } } }, async (req) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector');
      return runWorkflowCheck(db, ctx.queue, deps, p, ctx.engineVersion, { asOf: req.body.asOf ?? beijingToday(), orgId: p.national ? null : p.orgId });
    });

    // Rectifications
    api.post(
      '/rectifications',
      { schema: { tags: ['rectifications'], body: z.object({ noticeId: z.number().int().positive(), appId: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/), reason: z.string().max(2000).optional() }), response: { 201: RectificationOut } } },
      async (req, reply) => {
        const p = who(req);
        const id = await submitRectification(db, deps, p, ctx.engineVersion, req.body);
        return reply.code(201).send(rectJson(await visibleRectifications(p).where('id', '=', id).executeTakeFirstOrThrow()));
      },
    );
    api.get('/rectifications', { schema: { tags: ['rectifications'], querystring: PageQuery.extend({ noticeId: z.coerce.number().int().positive().optional(), appId: z.coerce.number().int().positive().optional() }), response: { 200: pageOf(RectificationOut) } } }, async (req) => {
      const p = who(req);
      let q = visibleRectifications(p).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (req.query.noticeId !== undefined) q = q.where('notice_id', '=', req.query.noticeId);
      if (req.query.appId !== undefined) q = q.where('app_id', '=', req.query.appId);
      return page(await q.execute(), req.query.limit, (r) => r.id, rectJson);
    });
    api.get('/rectifications/:id', { schema: { tags: ['rectifications'], params: IdParams, response: { 200: RectificationOut } } }, async (req) => {
      const p = who(req);
      const r = await visibleRectifications(p).where('id', '=', req.params.id).executeTakeFirst();
      if (r === undefined) throw notFound('rectification');
      if (r.status === 'pending' && (await settleRectifications(db, deps, { id: r.id })) > 0) return rectJson((await visibleRectifications(p).where('id', '=', r.id).executeTakeFirst())!);
      return rectJson(r);
    });

    // Credit records and escalations
    api.get('/companies/:id/credit-records', { schema: { tags: ['credit'], params: IdParams, response: { 200: CompanyCreditOut } } }, async (req) => {
      const p = who(req);
      const c = await getCompany(p, req.params.id);
      const rows = await db.selectFrom('credit_records').selectAll().where('company_id', '=', c.id).orderBy('id').execute();
      return { companyId: c.id, name: c.name, creditCode: c.credit_code, items: await Promise.all(rows.map((r) => creditJson(db, r))) };
    });
    api.post(
      '/companies/:id/credit-records',
      {
        schema: {
          tags: ['credit'],
          params: IdParams,
          body: z.object({
            kind: z.enum(CREDIT_KINDS as ['access_suspended', 'penalised', 'credit_listed']),
            decisionDate: DateString,
            reason: Text(2000),
            authority: Text(200),
            noticeIds: z.array(z.number().int().positive()).min(1).max(100),
            licenceNo: z.string().max(100).optional(),
            penaltyId: z.number().int().positive().optional(),
          }),
          response: { 201: CreditRecordOut },
        },
      },
      async (req, reply) => {
        const p = who(req);
        const c = await getCompany(p, req.params.id);
        requireRole(p, 'admin', 'inspector');
        const id = await createCreditRecord(db, p, c, req.body);
        return reply.code(201).send(await creditJson(db, await db.selectFrom('credit_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
      },
    );
    api.get('/credit-records/:id', { schema: { tags: ['credit'], params: IdParams, response: { 200: CreditRecordOut } } }, async (req) => {
      const p = who(req);
      let q = db.selectFrom('credit_records').selectAll().where('id', '=', req.params.id);
      const ids = visibleCompanyIds(db, p);
      if (ids !== null) q = q.where('company_id', 'in', ids);
      const r = await q.executeTakeFirst();
      if (r === undefined) throw notFound('credit record');
      return creditJson(db, r);
    });
    done();
  };
}

