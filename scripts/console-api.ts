// Regenerates the web console's API types from the API's own OpenAPI document, made in-process (nothing is
// started): console/src/api/openapi.json (the document, committed so that the console builds and type-checks
// without running the server) and console/src/api/schema.d.ts (openapi-typescript's types of it).
// src/platform/api/openapi.test.ts fails when either is stale: run `npm run console:api` after changing a route.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleTypes, SNAPSHOT, TYPES } from '../src/platform/api/openapi-types.ts';
import { documentText, openApiDocument } from '../src/platform/api/openapi.ts';

const doc = await openApiDocument();
writeFileSync(SNAPSHOT, documentText(doc));
writeFileSync(TYPES, await consoleTypes(doc));
process.stdout.write(`wrote ${join('console', 'src', 'api', 'openapi.json')} and schema.d.ts\n`);
