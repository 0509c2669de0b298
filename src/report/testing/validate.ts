// Schema validation in tests: every Report against our copy of the contract (JSON Schema 2020-12), and SARIF
// logs against the official SARIF 2.1.0 schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../report.schema.json' with { type: 'json' };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** Throws with ajv's errors when `report` does not satisfy report.schema.json. */
export function assertValidReport(report: unknown): void {
  if (!validate(report)) throw new Error(`report does not match report.schema.json: ${ajv.errorsText(validate.errors)}`);
}

// The official SARIF 2.1.0 schema (draft-04), as shipped by @microsoft/jest-sarif. ajv 8 reads it once the
// draft-04 `id` is renamed, with regexps read without the u flag (one of its patterns needs that). Formats
// (uri, date-time) are not checked here.
let sarif: ((log: unknown) => string | null) | undefined;

/** null when `log` is a valid SARIF 2.1.0 log, else ajv's errors. */
export function validateSarif(log: unknown): string | null {
  if (sarif === undefined) {
    const file = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const v = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
    const check = v.compile(schema);
    sarif = (l) => (check(l) ? null : v.errorsText(check.errors));
  }
  return sarif(log);
}
