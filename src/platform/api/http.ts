// Shared pieces of the HTTP API: problem+json errors (RFC 9457), cursor paging, the request's principal.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../domain/identity.ts';

export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  /** Extension members of the problem (RFC 9457 §3.2), e.g. the sequence an exchange expects next. */
  readonly extra: Record<string, unknown> | undefined;
  constructor(status: number, title: string, detail: string, type = 'about:blank', extra?: Record<string, unknown>) {
    super(detail);
    this.status = status;
    this.title = title;
    this.type = type;
    this.extra = extra;
  }
}

export const notFound = (what: string): Problem => new Problem(404, 'Not Found', `no such ${what}`);
export const forbidden = (why: string): Problem => new Problem(403, 'Forbidden', why);
export const badRequest = (why: string, type = 'about:blank'): Problem => new Problem(400, 'Bad Request', why, type);

export function sendProblem(reply: FastifyReply, p: { status: number; title: string; detail: string; type?: string; extra?: Record<string, unknown> }): FastifyReply {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: p.type ?? 'about:blank', title: p.title, status: p.status, detail: p.detail, ...p.extra }));
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function who(req: FastifyRequest): Principal {
  if (req.principal === null) throw new Problem(401, 'Unauthorized', 'a bearer token is required');
  return req.principal;
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.some((r) => p.roles.includes(r))) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`);
}

export const Id = z.coerce.number().int().positive().max(2_147_483_647);
export const IdParams = z.object({ id: Id });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
});

export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n <= 0) throw badRequest('the cursor is not one this API gave');
  return n;
}

/** Rows fetched as limit+1, newest first: the page and the cursor of the next one. */
export function page<T, U>(rows: T[], limit: number, idOf: (r: T) => number, map: (r: T) => U): { items: U[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: more && last !== undefined ? encodeCursor(idOf(last)) : null };
}

/** The opaque cursor decodeCursor() reads back. */
export function encodeCursor(n: number): string {
  return Buffer.from(String(n)).toString('base64url');
}

export const ROUTE_PREFIX = '/api/v1';
