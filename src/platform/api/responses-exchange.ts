// The exchange's replies (routes-exchange-bundles.ts), named components of the OpenAPI document.
import { z } from 'zod';

const int = z.number().int();
const at = z.string().describe('ISO-8601 time');
const sha = z.string().describe('sha256, hex');

export const ExchangeIdentityOut = z
  .object({ code: z.string(), publicKey: z.string().describe('Ed25519, base64 SPKI DER: give it to the nation'), lastSeq: int.describe('the last bundle made'), ackedSeq: int.describe('the last bundle the nation acknowledged to a push') })
  .meta({ id: 'ExchangeIdentity' });

export const MadeBundleOut = z.object({ seq: int, bundleId: z.string(), records: int, bytes: int }).meta({ id: 'ExchangeBundleMade' });

export const SignedBundleOut = z
  .object({ seq: int, bundleId: z.string(), payload: z.string().describe("the bundle's JSON text, signed as it is"), signature: z.string().describe('Ed25519 signature of the payload bytes, base64') })
  .meta({ id: 'ExchangeSignedBundle' });

export const ExchangeProvinceOut = z.object({ id: int, orgId: int, code: z.string(), publicKey: z.string(), lastSeq: int, createdAt: at, updatedAt: at }).meta({ id: 'ExchangeProvince' });

export const ReceivedBundleOut = z
  .object({ status: z.enum(['applied', 'duplicate']).describe('duplicate: this very bundle was applied before; nothing changed'), province: z.string(), seq: int, lastSeq: int, records: int })
  .meta({ id: 'ExchangeReceived' });

export const ExchangeAppOut = z
  .object({
    appId: int,
    platform: z.string(),
    packageName: z.string(),
    name: z.string().nullable(),
    provinces: z.array(z.string()).describe('the provinces that reported it'),
    reports: z.array(z.object({ province: z.string(), name: z.string().nullable(), filingNo: z.string().nullable(), company: z.string().nullable(), creditCode: z.string().nullable() })),
    versions: z.array(z.object({ sha256: sha, signerSha256: z.string().nullable(), versionCode: z.string().nullable(), versionName: z.string().nullable(), provinces: z.array(z.string()) })),
  })
  .meta({ id: 'ExchangeApp' });

export const ExchangeFindingOut = z
  .object({
    id: int,
    fingerprint: sha,
    appId: int,
    platform: z.string(),
    packageName: z.string(),
    ruleId: z.string(),
    owner: z.string(),
    dataTypes: z.array(z.string()),
    provinces: z.array(z.string()).describe('the provinces where it is confirmed'),
    reports: z.array(
      z.object({
        province: z.string(),
        state: z.enum(['confirmed', 'withdrawn']),
        severity: z.string().nullable(),
        confidence: z.string().nullable(),
        versions: z.array(sha),
        evidenceSha256: z.array(sha).describe("sha256 of each evidence item's JSON"),
        finding: z.unknown().describe("the finding as the province's report has it; null when withdrawn"),
      }),
    ),
  })
  .meta({ id: 'ExchangeFinding' });

export const TakedownDraftOut = z
  .object({
    noticeId: int,
    own: z.array(int).describe("apps of the nation's own re-test in the batch"),
    provincial: z.array(z.object({ appId: int, packageName: z.string(), sha256: sha, provinces: z.array(z.string()), fingerprints: z.array(sha) })),
  })
  .meta({ id: 'ExchangeTakedownDraft' });
