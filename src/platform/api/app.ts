// The HTTP API: Fastify 5 under /api/v1, bearer tokens, zod schemas that validate every body and query and
// make the OpenAPI document (/api/v1/openapi.json), problem+json errors, one plugin per area.
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { VERSION } from '../../version.ts';
import type { Db, Dialect } from '../db/schema.ts';
import { principalForToken } from '../domain/identity.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { PackageStore } from '../storage/package-store.ts';
import { Problem, ROUTE_PREFIX, sendProblem } from './http.ts';
import { adminRoutes } from './routes-admin.ts';
import { catalogRoutes } from './routes-catalog.ts';
import { scanRoutes } from './routes-scans.ts';
import { statsRoutes } from './routes-stats.ts';
import { consoleRoutes, type ConsoleFiles } from './console.ts';
import { webhookRoutes } from './routes-webhooks.ts';
import { offenderRoutes } from './routes-offenders.ts';
import { exchangeBundleRoutes } from './routes-exchange-bundles.ts';
import type { TransportOptions } from '../exchange/transport.ts';
import { workflowRoutes } from './routes-workflow.ts';
import { importRoutes } from './routes-imports.ts';
import type { WorkflowDeps } from '../domain/workflow-deps.ts';
import { Intake } from '../intake/service.ts';
import { intakeRoutes } from './routes-intake.ts';

export interface ApiContext {
  db: Db;
  dialect: Dialect;
  store: PackageStore;
  queue: JobQueue;
  /** Part of a scan's identity: the same package scanned by another engine version is another scan. */
  engineVersion: string;
  maxUploadBytes: number;
  /** The web console's built files (console/dist); null: none served. */
  console?: ConsoleFiles | null;
  /** The server key webhook secrets are sealed under (events/secrets.ts). */
  secretKey: Uint8Array;
  /** The calendar, category mapping and outbox of the workflow; without them its routes that need one answer 503. */
  workflow?: WorkflowDeps;
  /** The exchange's HTTP client (tests allow loopback; never from user input). */
  exchange?: TransportOptions;
  /** Intake sources' runner (the server makes one with its fetch settings); without it, one with the defaults. */
  intake?: Intake;
}

export type Api = FastifyInstance;

/**
 * A 204 has no body: the document gives it no content. @fastify/swagger leaves content out for `type: 'null'`,
 * but zod writes `z.null()` for OpenAPI 3.0 as a nullable enum, which would read as a JSON body.
 */
const noContent204: typeof jsonSchemaTransform = (doc) => {
  const out = jsonSchemaTransform(doc);
  const r = (out.schema as { response?: Record<string, { description?: string }> }).response;
  if (r?.['204'] !== undefined) r['204'] = { type: 'null', description: r['204'].description ?? 'No Content' } as { description: string };
  return out;
};

export async function buildApi(ctx: ApiContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1 << 20, trustProxy: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof Problem) return sendProblem(reply, { status: err.status, title: err.title, detail: err.message, type: err.type, ...(err.extra !== undefined ? { extra: err.extra } : {}) });
    if (hasZodFastifySchemaValidationErrors(err)) {
      const detail = err.validation.map((v) => `${err.validationContext ?? 'request'}${v.instancePath === '' ? '' : v.instancePath}: ${v.message ?? 'invalid'}`).join('; ');
      return sendProblem(reply, { status: 400, title: 'Bad Request', detail });
    }
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (status >= 500) process.stderr.write(`piscope: api: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return sendProblem(reply, { status, title: status >= 500 ? 'Internal Server Error' : 'Bad Request', detail: status >= 500 ? 'the server failed; see its log' : err instanceof Error ? err.message : String(err) });
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, { status: 404, title: 'Not Found', detail: `no route ${req.method} ${req.url.split('?')[0]}` }));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'piscope platform API', version: VERSION, description: 'See spec/platform-api.md. Errors are application/problem+json; lists are paged by cursor.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: noContent204,
    // The named reply schemas (responses.ts) become components: the console's types are named after them.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(multipart, { limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true });

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok', version: VERSION }));

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (req) => {
        const h = req.headers.authorization;
        const m = h === undefined ? null : /^Bearer\s+(\S+)$/i.exec(h);
        req.principal = m === null ? null : await principalForToken(ctx.db, m[1]!);
        const open = req.routeOptions.url === `${ROUTE_PREFIX}/auth/login`;
        if (req.principal === null && !open) throw new Problem(401, 'Unauthorized', h === undefined ? 'send Authorization: Bearer <token>' : 'the token is unknown or revoked');
      });
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
      await api.register(adminRoutes(ctx));
      await api.register(catalogRoutes(ctx));
      await api.register(scanRoutes(ctx));
      await api.register(statsRoutes(ctx));
      await api.register(webhookRoutes(ctx, { secretKey: ctx.secretKey }));
      await api.register(workflowRoutes(ctx));
      await api.register(offenderRoutes(ctx));
      await api.register(importRoutes(ctx));
      await api.register(exchangeBundleRoutes(ctx));
      await api.register(intakeRoutes(ctx, ctx.intake ?? new Intake({ db: ctx.db, store: ctx.store, queue: ctx.queue, engineVersion: ctx.engineVersion })));
    },
    { prefix: ROUTE_PREFIX },
  );
  if (ctx.console != null) await app.register(consoleRoutes(ctx.console));
  await app.ready();
  return app;
}
