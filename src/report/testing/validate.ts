// Schema validation of every Report a test produces (ajv, JSON Schema 2020-12), against our copy of the contract.
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../report.schema.json' with { type: 'json' };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** Throws with ajv's errors when `report` does not satisfy report.schema.json. */
export function assertValidReport(report: unknown): void {
  if (!validate(report)) throw new Error(`report does not match report.schema.json: ${ajv.errorsText(validate.errors)}`);
}
