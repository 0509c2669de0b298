// The console's API files are the live document's: a route changed without `npm run console:api` fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleTypes, SNAPSHOT, TYPES } from './openapi-types.ts';
import { documentText, openApiDocument } from './openapi.ts';

describe('the OpenAPI document the console is typed from', () => {
  it('equals the committed snapshot, and the committed types are generated from it', async () => {
    const doc = await openApiDocument();
    const stale = 'stale: run `npm run console:api` and commit console/src/api/';
    expect(readFileSync(SNAPSHOT, 'utf8'), stale).toBe(documentText(doc));
    expect(readFileSync(TYPES, 'utf8'), stale).toBe(await consoleTypes(doc));
    // Every route names its reply, so that the console never reads an untyped body (the report is raw bytes).
    const untyped: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        // A declared 204 has no body to type.
        const ok = Object.entries(op.responses ?? {}).some(([code, r]) => code === '204' || (code.startsWith('2') && r.content !== undefined));
        if (!ok && path !== '/api/v1/scans/{id}/report') untyped.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(untyped).toEqual([]);
  });
});
