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
    options: z.record(z.string(), z.string()),
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

export const FindingDetailOut = FindingOut.extend({ finding: z.unknown().describe("the finding as the report has it (report.schema.json's Finding)") }).meta({ id: 'FindingDetail' });

export const ReviewHistoryOut = z
  .object({ fingerprint: z.string(), items: z.array(z.object({ state: z.string(), expiresAt: nullableAt, reason: z.string(), userId: z.number().int(), at })) })
  .meta({ id: 'ReviewHistory' });

export const CompanyOut = z.object({ id: z.number().int(), name: z.string(), creditCode: z.string().nullable(), orgId: z.number().int(), createdAt: at }).meta({ id: 'Company' });

export const AppOut = z
  .object({ id: z.number().int(), platform: z.string(), packageName: z.string(), name: z.string().nullable(), companyId: z.number().int().nullable(), filingNo: z.string().nullable(), createdAt: at })
  .meta({ id: 'App' });

export const ListingOut = z.object({ id: z.number().int(), store: z.string(), url: z.string(), createdAt: at }).meta({ id: 'Listing' });

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

/** A page of a list: `{items, nextCursor}`, newest first. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
