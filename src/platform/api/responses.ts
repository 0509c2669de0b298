// The API's replies as zod schemas: they serialise each reply (a field not listed is never sent) and name the
// components of the OpenAPI document, from which the web console's types are generated (console/src/api/).
import { z } from 'zod';

const at = z.string().describe('ISO-8601 time');
const nullableAt = at.nullable();

export const ScanOut = z
  .object({
    id: z.number().int(),
    sha256: z.string(),
    engineVersion: z.string(),
    options: z
      .record(z.string(), z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]))
      .describe('the options the scan ran with: category, sector, recheck (strings); listings (the store listings held against the package, from intake)'),
    status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    priority: z.number().int(),
    error: z.string().nullable(),
    appId: z.number().int().nullable(),
    versionId: z.number().int().nullable(),
    findingCount: z.number().int().nullable(),
    attempts: z.number().int(),
    createdAt: at,
    startedAt: nullableAt,
    finishedAt: nullableAt,
  })
  .meta({ id: 'Scan' });

export const BatchOut = z
  .object({ id: z.number().int(), orgId: z.number().int(), name: z.string(), year: z.number().int(), seq: z.number().int(), totalSeq: z.number().int(), createdAt: at })
  .meta({ id: 'Batch' });

export const BatchDetailOut = BatchOut.extend({ scans: z.record(z.string(), z.number().int()).describe('scans of the batch by status') }).meta({ id: 'BatchDetail' });

export const BatchItemOut = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    sha256: z.string(),
    scanId: z.number().int(),
    createdAt: at,
    scan: z.object({ status: ScanOut.shape.status, error: z.string().nullable(), appId: z.number().int().nullable(), versionId: z.number().int().nullable(), findingCount: z.number().int().nullable() }).describe("the upload's scan as it is now"),
  })
  .meta({ id: 'BatchItem' });

export const UploadOut = z.object({ package: z.object({ sha256: z.string(), size: z.number().int() }), scan: ScanOut, started: z.boolean(), batchId: z.number().int().nullable() }).meta({ id: 'Upload' });

export const PackageOut = z.object({ sha256: z.string(), size: z.number().int(), name: z.string(), createdAt: at, scans: z.array(ScanOut) }).meta({ id: 'Package' });

export const ReviewState = z.enum(['open', 'confirmed', 'false_positive', 'accepted']);

export const FindingOut = z
  .object({
    id: z.number().int(),
    scanId: z.number().int(),
    index: z.number().int(),
    appId: z.number().int().nullable(),
    versionId: z.number().int().nullable(),
    fingerprint: z.string(),
    ruleId: z.string(),
    severity: z.string(),
    confidence: z.string(),
    owner: z.string(),
    dataTypes: z.array(z.string()),
    title: z.object({ zh: z.string(), en: z.string() }),
    review: z.object({ state: z.string(), expiresAt: nullableAt, expired: z.boolean() }),
  })
  .meta({ id: 'Finding' });

export const EvidenceDigestOut = z
  .object({
    callPaths: z.array(z.object({ path: z.array(z.string()).describe('entry point first, the caller last'), callee: z.string().nullable(), owner: z.string().nullable(), note: z.string().nullable() })),
    manifest: z.array(z.object({ element: z.string(), line: z.number().int().nullable(), attribute: z.string().nullable(), value: z.string().nullable() })),
    policy: z.array(z.object({ excerpt: z.string().nullable(), section: z.string().nullable(), searched: z.array(z.string()).nullable() })),
    other: z.array(z.object({ kind: z.string(), text: z.string() })),
  })
  .meta({ id: 'EvidenceDigest' });

export const FindingDetailOut = FindingOut.extend({
  finding: z.unknown().describe("the finding as the report has it (report.schema.json's Finding)"),
  evidence: EvidenceDigestOut.describe('the evidence a reviewer decides on, cut from the finding'),
}).meta({ id: 'FindingDetail' });

export const ReviewHistoryOut = z
  .object({ fingerprint: z.string(), items: z.array(z.object({ state: z.string(), expiresAt: nullableAt, reason: z.string(), userId: z.number().int(), at })) })
  .meta({ id: 'ReviewHistory' });

export const CompanyOut = z.object({ id: z.number().int(), name: z.string(), creditCode: z.string().nullable(), orgId: z.number().int(), createdAt: at }).meta({ id: 'Company' });

export const AppOut = z
  .object({ id: z.number().int(), platform: z.string(), packageName: z.string(), name: z.string().nullable(), companyId: z.number().int().nullable(), filingNo: z.string().nullable(), createdAt: at })
  .meta({ id: 'App' });

export const ListingOut = z
  .object({
    id: z.number().int(),
    store: z.string(),
    url: z.string(),
    createdAt: at,
    // What the store shows (a store connector's listing; absent on listings entered by hand).
    appName: z.string().optional(),
    developer: z.string().optional(),
    versionName: z.string().optional(),
    versionCode: z.number().int().optional(),
    permissions: z.array(z.string()).optional(),
    privacyPolicyUrl: z.string().optional(),
    signerSha256: z.array(z.string()).optional(),
    packageSha256: z.string().optional(),
    fetchedAt: at.optional(),
    sourceId: z.number().int().optional(),
  })
  .meta({ id: 'Listing' });

export const AppDetailOut = AppOut.extend({ listings: z.array(ListingOut) }).meta({ id: 'AppDetail' });

export const VersionOut = z
  .object({ id: z.number().int(), appId: z.number().int(), sha256: z.string(), versionCode: z.string().nullable(), versionName: z.string().nullable(), signerSha256: z.string().nullable(), createdAt: at })
  .meta({ id: 'Version' });

export const VersionDiffOut = z
  .object({
    versionId: z.number().int(),
    previousVersionId: z.number().int().nullable(),
    new: z.array(z.string()),
    persisting: z.array(z.string()),
    reactivated: z.array(z.string()),
    fixed: z.array(z.string()),
    scanId: z.number().int(),
    previousScanId: z.number().int().nullable(),
  })
  .meta({ id: 'VersionDiff' });

export const OrgOut = z.object({ id: z.number().int(), name: z.string(), level: z.string(), code: z.string(), parentId: z.number().int().nullable(), createdAt: at }).meta({ id: 'Org' });

export const UserOut = z
  .object({ id: z.number().int(), orgId: z.number().int(), name: z.string(), email: z.string().nullable(), roles: z.array(z.string()), companyId: z.number().int().nullable(), createdAt: at })
  .meta({ id: 'User' });

export const MeOut = UserOut.extend({ national: z.boolean() }).meta({ id: 'Me' });

export const TokenOut = z.object({ id: z.number().int(), userId: z.number().int(), name: z.string(), createdAt: at, revokedAt: nullableAt }).meta({ id: 'Token' });

export const AuditOut = z
  .object({ id: z.number().int(), orgId: z.number().int(), userId: z.number().int(), action: z.string(), target: z.string(), reason: z.string().nullable(), detail: z.unknown(), at })
  .meta({ id: 'AuditEntry' });

// The regulator's workflow (routes-workflow.ts) and event subscriptions (routes-webhooks.ts).

const day = z.string().describe('YYYY-MM-DD (Beijing)');
const int = z.number().int();

export const NoticeKindOut = z.enum(['urge', 'public', 'takedown', 'recheck']);
export const WorkflowStateOut = z.enum(['tested', 'urged', 'notified', 'rectified', 'overdue', 'taken_down', 'relisted']);

export const ReviewQueueItemOut = z
  .object({
    id: int,
    scanId: int,
    appId: int.nullable(),
    versionId: int.nullable(),
    packageName: z.string().nullable(),
    fingerprint: z.string(),
    ruleId: z.string(),
    clauses: z.array(z.string()),
    severity: z.string(),
    confidence: z.string(),
    owner: z.string(),
    dataTypes: z.array(z.string()),
    title: z.object({ zh: z.string(), en: z.string() }),
    message: z.object({ zh: z.string(), en: z.string() }),
    evidence: EvidenceDigestOut,
    review: z.object({ state: z.string(), by: int.nullable(), at: nullableAt }),
  })
  .meta({ id: 'ReviewQueueItem' });

export const NoticeAppOut = z
  .object({
    appId: int,
    packageName: z.string(),
    name: z.string().nullable(),
    companyId: int.nullable(),
    versionId: int,
    scanId: int,
    packageSha256: z.string(),
    reportSha256: z.string().nullable().describe("sha256 of the report's exact JSON bytes, set on publication"),
    state: WorkflowStateOut.describe("the app's workflow state in the notice's batch"),
    findings: z.array(z.object({ findingId: int, fingerprint: z.string(), ruleId: z.string(), clauses: z.array(z.string()), confirmedBy: int })),
  })
  .meta({ id: 'NoticeApp' });

export const TakedownConfirmationOut = z
  .object({ id: int, appId: int, store: z.string(), confirmedOn: day, reference: z.string().nullable(), recordedBy: int, createdAt: at })
  .meta({ id: 'TakedownConfirmation' });

export const NoticeOut = z
  .object({
    id: int,
    orgId: int,
    batchId: int,
    kind: NoticeKindOut,
    status: z.enum(['draft', 'published']),
    sourceNoticeId: int.nullable(),
    title: z.string(),
    issuer: z.string(),
    paragraphs: z.array(z.string()),
    addressees: z.array(z.string()),
    issueDate: day.nullable(),
    workingDays: int.nullable(),
    deadline: day.nullable(),
    engineVersion: z.string().nullable(),
    rulesVersion: z.string().nullable(),
    documentSha256: z.string().nullable().describe('sha256 of the published document (GET /notices/{id}/document)'),
    draftedBy: int,
    publishedBy: int.nullable(),
    publishedAt: nullableAt,
    createdAt: at,
    updatedAt: at,
    apps: z.array(NoticeAppOut),
    confirmations: z.array(TakedownConfirmationOut),
  })
  .meta({ id: 'Notice' });

/** workflow/notice-document.ts's NoticeDocument. Documentation only: the route sends the JSON as text (the frozen bytes). */
export const NoticeDocumentOut = z
  .object({
    kind: NoticeKindOut,
    title: z.string(),
    issuer: z.string(),
    issueDate: z.string().describe("YYYY-MM-DD; '' in a draft"),
    workingDays: int.nullable(),
    deadline: day.nullable(),
    batch: z.object({ year: int, seq: int, totalSeq: int }).nullable(),
    addressees: z.array(z.string()),
    paragraphs: z.array(z.string()),
    rows: z.array(
      z.object({
        appName: z.string(),
        developer: z.string(),
        source: z.string(),
        version: z.string(),
        problems: z.array(z.string()).describe('所涉问题'),
        filingNo: z.string().optional(),
        region: z.string().optional(),
      }),
    ),
    verification: z.object({ engineVersion: z.string(), rulesVersion: z.string(), packages: z.array(z.object({ appName: z.string(), packageSha256: z.string(), reportSha256: z.string() })) }),
  })
  .meta({ id: 'NoticeDocument' });

/** The document in each format; never re-serialised (a published notice's JSON is its frozen bytes). */
export const NoticeDocumentReply = {
  description: 'the notice as JSON (default), HTML, PDF or DOCX (?format=)',
  content: {
    'application/json': { schema: NoticeDocumentOut },
    'text/html': { schema: z.string() },
    'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().meta({ format: 'binary' }) },
  },
};

export const AppWorkflowOut = z
  .object({
    appId: int,
    items: z.array(
      z.object({
        orgId: int,
        batchId: int,
        state: WorkflowStateOut,
        urgeNoticeId: int.nullable(),
        publicNoticeId: int.nullable(),
        takedownNoticeId: int.nullable(),
        deadline: day.nullable(),
        recheckScanId: int.nullable(),
        updatedAt: at,
      }),
    ),
    // Loose: a transition's detail names what moved it (a notice, a rectification, a re-check).
    history: z.array(
      z.looseObject({
        batchId: int,
        from: WorkflowStateOut,
        to: WorkflowStateOut,
        noticeId: int.nullable().optional(),
        deadline: day.nullable().optional(),
        rectificationId: int.optional(),
        recheckScanId: int.optional(),
        userId: int,
        reason: z.string().nullable(),
        at,
      }),
    ),
  })
  .meta({ id: 'AppWorkflow' });

export const WorkflowStatisticsOut = z
  .object({ items: z.array(z.object({ batchId: int, states: z.record(WorkflowStateOut, int).describe('apps of the batch in each state') })) })
  .meta({ id: 'WorkflowStatistics' });

export const WorkflowCheckOut = z
  .object({
    asOf: day,
    warned: z.array(int).nullable().describe('apps warned that their deadline is the next working day; null without a calendar'),
    settledRectifications: int,
    overdue: z.array(z.object({ appId: int, batchId: int, noticeId: int, deadline: day, recheckScanId: int })),
    rechecksPending: z.array(int),
    recheckFailed: z.array(z.object({ appId: int, scanId: int, error: z.string().nullable() })),
    recheckPassed: z.array(int),
    takedownDrafts: z.array(int),
  })
  .meta({ id: 'WorkflowCheck' });

export const WorkflowAppOut = z
  .object({
    id: int,
    orgId: int,
    batchId: int,
    appId: int,
    packageName: z.string(),
    name: z.string().nullable(),
    companyId: int.nullable(),
    state: WorkflowStateOut,
    urgeNoticeId: int.nullable(),
    publicNoticeId: int.nullable(),
    takedownNoticeId: int.nullable(),
    takedownDraftId: int.nullable().describe("the draft takedown notice of the app's public notice that lists the app (never shown to an operator)"),
    deadline: day.nullable(),
    workingDaysLeft: int
      .nullable()
      .describe('working days from today (Beijing) to the deadline: 0 on the day itself, negative once past it; null without a deadline or when today or the deadline is outside the official calendar'),
    recheckScanId: int.nullable(),
    updatedAt: at,
  })
  .meta({ id: 'WorkflowApp' });

export const DeadlineOut = z.object({ issueDate: day, workingDays: int, deadline: day }).meta({ id: 'Deadline' });

export const RuleOut = z
  .object({
    id: z.string(),
    title: z.object({ zh: z.string(), en: z.string() }),
    severity: z.string(),
    clauses: z.array(z.string()),
    description: z.object({ zh: z.string(), en: z.string() }).describe('what the rule finds: what an operator must fix'),
    clauseTexts: z.array(z.object({ id: z.string(), source: z.string(), title: z.string() })).describe("the clauses' sources and titles (clauses.json)"),
    categories: z.array(z.string()).describe('所涉问题: the problem categories of the rule\'s clauses, as a notice\'s annex names them'),
  })
  .meta({ id: 'Rule' });

export const RectificationDiffOut = z
  .object({
    noticeScanId: int,
    scanId: int,
    versionId: int,
    noticeFindings: z.array(z.object({ findingId: int, fingerprint: z.string(), ruleId: z.string(), status: z.enum(['fixed', 'persisting']), review: z.string() })),
    new: z.array(z.object({ findingId: int, fingerprint: z.string(), ruleId: z.string(), review: z.string() })),
    blocking: z.array(z.string()).describe('notice findings that persist and are still confirmed'),
  })
  .meta({ id: 'RectificationDiff' });

export const RectificationOut = z
  .object({
    id: int,
    orgId: int,
    noticeId: int,
    appId: int,
    scanId: int,
    sha256: z.string(),
    status: z.enum(['pending', 'rectified', 'not_rectified', 'failed']),
    diff: RectificationDiffOut.nullable(),
    reason: z.string().nullable(),
    submittedBy: int,
    createdAt: at,
    decidedAt: nullableAt,
  })
  .meta({ id: 'Rectification' });

export const CreditRecordOut = z
  .object({
    id: int,
    orgId: int,
    companyId: int,
    kind: z.enum(['access_suspended', 'penalised', 'credit_listed']),
    companyName: z.string(),
    creditCode: z.string().nullable(),
    licenceNo: z.string().nullable(),
    decisionDate: day,
    reason: z.string(),
    authority: z.string(),
    noticeIds: z.array(int),
    penaltyId: int.nullable(),
    listingDueBy: day.nullable().describe('a penalty: the day its listing is due by'),
    late: z.boolean().nullable().describe('a listing after a penalty: whether it came after the due day'),
    createdBy: int,
    createdAt: at,
  })
  .meta({ id: 'CreditRecord' });

export const CompanyCreditOut = z.object({ companyId: int, name: z.string(), creditCode: z.string().nullable(), items: z.array(CreditRecordOut) }).meta({ id: 'CompanyCredit' });

export const SubscriptionOut = z
  .object({ id: int, kind: z.enum(['webhook', 'email']), target: z.string().describe('the webhook URL or the e-mail address'), eventTypes: z.array(z.string()).describe('empty: all'), active: z.boolean(), createdAt: at })
  .meta({ id: 'Subscription' });

export const SubscriptionCreatedOut = SubscriptionOut.extend({ secret: z.string().optional().describe("a webhook's signing secret, shown only here") }).meta({ id: 'SubscriptionCreated' });

export const DeliveryOut = z
  .object({
    id: int,
    eventId: z.string().describe("the event's uid, sent with every delivery"),
    type: z.string(),
    subject: z.string(),
    status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
    attempts: int,
    nextAttemptAt: nullableAt,
    lastError: z.string().nullable(),
    deliveredAt: nullableAt,
    createdAt: at,
  })
  .meta({ id: 'Delivery' });

/** A page of a list: `{items, nextCursor}`, newest first. */
export const SourceOut = z
  .object({ id: z.number().int(), orgId: z.number().int(), name: z.string(), kind: z.enum(['folder', 'urls', 'fdroid']), config: z.record(z.string(), z.unknown()), batchId: z.number().int(), state: z.record(z.string(), z.unknown()), createdAt: at })
  .meta({ id: 'IntakeSource' });

export const RunOut = z
  .object({
    id: z.number().int(),
    sourceId: z.number().int(),
    status: z.enum(['running', 'done', 'failed']),
    counts: z.object({ candidates: z.number().int(), added: z.number().int(), known: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
    error: z.string().nullable(),
    startedAt: at,
    finishedAt: nullableAt,
  })
  .meta({ id: 'IntakeRun' });

export const FailureOut = z
  .object({ id: z.number().int(), sourceId: z.number().int(), runId: z.number().int().nullable(), item: z.string(), url: z.string().nullable(), error: z.string(), attempts: z.number().int(), firstAt: at, lastAt: at, resolvedAt: nullableAt })
  .meta({ id: 'IntakeFailure' });

export const RetryOut = z.object({ outcome: z.enum(['added', 'known', 'failed', 'skipped']), failure: FailureOut }).meta({ id: 'IntakeRetry' });

export const FetchOut = z
  .object({ id: z.number().int(), sourceId: z.number().int(), runId: z.number().int().nullable(), url: z.string(), finalUrl: z.string().nullable(), at, status: z.number().int().nullable(), bytes: z.number().int(), sha256: z.string().nullable(), error: z.string().nullable() })
  .meta({ id: 'IntakeFetch' });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
