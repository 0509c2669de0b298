// Other engines' results: POST /imports (a SARIF log, a piscope report, a camille or AppScan log on one app
// version), the imports and their findings, and per app which engine reports which fingerprint.
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Principal } from '../domain/identity.ts';
import { reviewStates } from '../domain/reviews.ts';
import { FORMATS } from '../imports/engine-rules.ts';
import { ImportRefused } from '../imports/parse.ts';
import { engineView, importResults, REFUSAL_STATUS, supersededBy, supersededByAll, visibleImports, type Target } from '../imports/imports.ts';
import type { ApiContext } from './app.ts';
import { visibleApp } from './routes-catalog.ts';
import { badRequest, decodeCursor, IdParams, notFound, page, PageQuery, Problem, requireRole, who } from './http.ts';
import { pageOf } from './responses.ts';

const at = z.string().describe('ISO-8601 time');
const int = z.number().int();
const FormatEnum = z.enum(FORMATS);

const ImportOut = z
  .object({
    id: int,
    orgId: int,
    userId: int,
    format: FormatEnum,
    engine: z.string().describe("the engine as it names itself: SARIF tool.driver.name, 'piscope', 'camille', 'AppScan'"),
    engineVersion: z.string().nullable(),
    appId: int,
    versionId: int,
    sha256: z.string(),
    fileName: z.string(),
    fileSha256: z.string(),
    findingCount: int,
    mappedCount: int.describe('findings under one of our rules (engine-rules.json); the others keep their own namespaced rule id'),
    problems: z.array(z.string()).describe('what the file held that is no finding, and why'),
    current: z.boolean().describe("whether this is its engine's current report on the app (no newer import from the same engine and organisation)"),
    supersededBy: int.nullable(),
    createdAt: at,
  })
  .meta({ id: 'Import' });

const ImportFindingOut = z
  .object({
    id: int,
    importId: int,
    appId: int,
    fingerprint: z.string(),
    ruleId: z.string().describe('our rule id when mapped, else sarif:<tool>/<ruleId> or <engine>:<ruleId>'),
    sourceRuleId: z.string(),
    mapped: z.boolean(),
    clauses: z.array(z.string()),
    severity: z.string(),
    confidence: z.string(),
    owner: z.string(),
    dataTypes: z.array(z.string()),
    title: z.object({ zh: z.string(), en: z.string() }),
    message: z.object({ zh: z.string(), en: z.string() }),
    review: z.string().describe("the caller's organisation's decision on the fingerprint (carried from any engine's finding)"),
  })
  .meta({ id: 'ImportFinding' });

const AppEnginesOut = z
  .object({
    appId: int,
    engines: z.array(
      z.object({
        id: z.string().describe("'piscope' (this platform's newest scan of the app) or import:<format>:<engine>:<org id> (that engine's newest import)"),
        engine: z.string(),
        engineVersion: z.string().nullable(),
        format: z.enum(['scan', ...FORMATS]),
        orgId: int.nullable(),
        scanId: int.nullable(),
        importId: int.nullable(),
        versionId: int.nullable(),
        at,
        findingCount: int,
      }),
    ),
    findings: z.array(
      z.object({
        fingerprint: z.string(),
        ruleId: z.string(),
        title: z.object({ zh: z.string(), en: z.string() }),
        severity: z.string(),
        reportedBy: z.array(z.string()),
        notReportedBy: z.array(z.string()),
        droppedBy: z.array(z.string()).describe("engines whose previous report had it and whose current one does not"),
        active: z.boolean().describe('at least one engine still reports it'),
      }),
    ),
  })
  .meta({ id: 'AppEngines' });

const sha = z.string().regex(/^[0-9a-f]{64}$/u);
const ImportQuery = z.object({
  format: FormatEnum,
  sha256: sha.optional(),
  packageName: z.string().min(1).max(300).optional(),
  versionName: z.string().min(1).max(200).optional(),
  versionCode: z.string().min(1).max(40).optional(),
  reason: z.string().max(1000).optional(),
});

type ImportRow = Awaited<ReturnType<ReturnType<typeof visibleImports>['executeTakeFirstOrThrow']>>;

export function importRoutes(ctx: ApiContext): FastifyPluginCallbackZod {
  const { db, store } = ctx;
  const importJson = (i: ImportRow, newer: number | null) => ({
    id: i.id,
    orgId: i.org_id,
    userId: i.user_id,
    format: i.format,
    engine: i.engine,
    engineVersion: i.engine_version,
    appId: i.app_id,
    versionId: i.version_id,
    sha256: i.sha256,
    fileName: i.file_name,
    fileSha256: i.file_sha256,
    findingCount: i.finding_count,
    mappedCount: i.mapped_count,
    problems: JSON.parse(i.problems) as string[],
    current: newer === null,
    supersededBy: newer,
    createdAt: i.created_at,
  });
  const oneImport = async (i: ImportRow) => importJson(i, await supersededBy(db, i));
  const getImport = async (p: Principal, id: number) => {
    const i = await visibleImports(db, p).where('id', '=', id).executeTakeFirst();
    if (i === undefined) throw notFound('import');
    return i;
  };

  return (api, _opts, done) => {
    api.post('/imports', { schema: { tags: ['imports'], querystring: ImportQuery, consumes: ['multipart/form-data'], response: { 201: ImportOut } } }, async (req, reply) => {
      const p = who(req);
      requireRole(p, 'admin', 'inspector');
      const q = req.query;
      if (q.sha256 !== undefined && q.packageName !== undefined) throw badRequest('give the package by sha256 or by packageName (with versionName or versionCode), not both');
      if (q.packageName === undefined && (q.versionName !== undefined || q.versionCode !== undefined)) throw badRequest('versionName and versionCode need packageName');
      if (!req.isMultipart()) throw new Problem(415, 'Unsupported Media Type', 'send the file as multipart/form-data, field "file"');
      const file = await req.file();
      if (file === undefined) throw badRequest('no file in the form');
      let bytes: Buffer;
      try {
        bytes = await file.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem(413, 'Content Too Large', `the file is larger than the limit of ${ctx.maxUploadBytes} bytes; nothing was kept`);
        throw badRequest(`the upload did not complete (${e instanceof Error ? e.message : String(e)}); nothing was kept`);
      }
      const target: Target | null =
        q.sha256 !== undefined
          ? { sha256: q.sha256 }
          : q.packageName !== undefined
            ? { packageName: q.packageName, ...(q.versionName !== undefined ? { versionName: q.versionName } : {}), ...(q.versionCode !== undefined ? { versionCode: q.versionCode } : {}) }
            : null;
      const fileName = file.filename === '' ? `import.${q.format}` : file.filename;
      let id: number;
      try {
        id = await importResults(db, store, p, { format: q.format, bytes, fileName, target, reason: q.reason ?? null });
      } catch (e) {
        if (e instanceof ImportRefused) {
          const status = REFUSAL_STATUS[e.code] ?? 422;
          throw new Problem(status, status === 404 ? 'Not Found' : status === 409 ? 'Conflict' : 'Unprocessable Content', `${fileName}: ${e.message}; nothing was kept`, `https://piscope.dev/problems/${e.code.toLowerCase().replaceAll('_', '-')}`);
        }
        throw e;
      }
      return reply.code(201).send(await oneImport(await getImport(p, id)));
    });

    api.get('/imports', { schema: { tags: ['imports'], querystring: PageQuery.extend({ appId: z.coerce.number().int().positive().optional(), format: FormatEnum.optional() }), response: { 200: pageOf(ImportOut) } } }, async (req) => {
      let q = visibleImports(db, who(req)).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (req.query.appId !== undefined) q = q.where('app_id', '=', req.query.appId);
      if (req.query.format !== undefined) q = q.where('format', '=', req.query.format);
      const rows = await q.execute();
      const newer = await supersededByAll(db, rows.slice(0, req.query.limit));
      return page(rows, req.query.limit, (r) => r.id, (r) => importJson(r, newer.get(r.id) ?? null));
    });

    api.get('/imports/:id', { schema: { tags: ['imports'], params: IdParams, response: { 200: ImportOut } } }, async (req) => oneImport(await getImport(who(req), req.params.id)));

    api.get('/imports/:id/findings', { schema: { tags: ['imports'], params: IdParams, querystring: PageQuery.extend({ mapped: z.enum(['true', 'false']).optional() }), response: { 200: pageOf(ImportFindingOut) } } }, async (req) => {
      const p = who(req);
      const i = await getImport(p, req.params.id);
      let q = db.selectFrom('engine_findings').selectAll().where('import_id', '=', i.id).orderBy('id', 'desc').limit(req.query.limit + 1);
      const c = decodeCursor(req.query.cursor);
      if (c !== null) q = q.where('id', '<', c);
      if (req.query.mapped !== undefined) q = q.where('mapped', '=', req.query.mapped === 'true' ? 1 : 0);
      const rows = await q.execute();
      const states = await reviewStates(db, p.orgId, [...new Set(rows.map((r) => r.fingerprint))]);
      return page(rows, req.query.limit, (r) => r.id, (r) => {
        const body = JSON.parse(r.body) as { message: { zh: string; en: string } };
        return {
          id: r.id,
          importId: r.import_id,
          appId: r.app_id,
          fingerprint: r.fingerprint,
          ruleId: r.rule_id,
          sourceRuleId: r.source_rule_id,
          mapped: r.mapped === 1,
          clauses: JSON.parse(r.clauses) as string[],
          severity: r.severity,
          confidence: r.confidence,
          owner: r.owner,
          dataTypes: JSON.parse(r.data_types) as string[],
          title: { zh: r.title_zh, en: r.title_en },
          message: body.message,
          review: states.get(r.fingerprint) ?? 'open',
        };
      });
    });

    api.get('/apps/:id/engines', { schema: { tags: ['imports'], params: IdParams, response: { 200: AppEnginesOut } } }, async (req) => {
      const p = who(req);
      const a = await visibleApp(db, p, req.params.id);
      if (a === undefined) throw notFound('app');
      return { appId: a.id, ...(await engineView(db, p, a.id)) };
    });
    done();
  };
}
