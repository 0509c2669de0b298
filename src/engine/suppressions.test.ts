import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { fixtureApk } from '../../test/helpers/paths.ts';
import { isPiscopeError } from '../errors.ts';
import type { Finding } from '../report/types.ts';
import schema from './suppressions.schema.json' with { type: 'json' };
import { scan } from './scan.ts';
import { applySuppressions, matches, parseSuppressions } from './suppressions.ts';

const validate = new Ajv2020({ strict: false }).compile(schema);

const GOOD = { version: 1, suppressions: [{ rule: 'undeclared-data-type', dataType: 'device.imei', caller: 'Lcom/example/*', justification: 'IMEI read only on Android < 10 for the legacy login, declared in v2 of the policy' }] };
const BAD: [string, unknown][] = [
  ['wrong version', { version: 2, suppressions: [] }],
  ['unknown top-level key', { version: 1, suppressions: [], extra: true }],
  ['no justification', { version: 1, suppressions: [{ rule: 'undeclared-data-type' }] }],
  ['short justification', { version: 1, suppressions: [{ rule: 'undeclared-data-type', justification: 'ok' }] }],
  ['unknown entry key', { version: 1, suppressions: [{ rule: 'undeclared-data-type', justification: 'long enough reason', ruleId: 'x' }] }],
  ['rule not an id', { version: 1, suppressions: [{ rule: 'Undeclared Data', justification: 'long enough reason' }] }],
  ['not an array', { version: 1, suppressions: {} }],
  ['wrong type', { version: 1, suppressions: [{ rule: 'x', sdk: 3, justification: 'long enough reason' }] }],
];

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'undeclared-data-type', clauses: ['RD-2.1'], severity: 'high', confidence: 'likely', methods: ['static'], dataTypes: ['device.imei'],
    title: { zh: 't', en: 't' }, message: { zh: 'm', en: 'm' },
    evidence: [{ kind: 'code', caller: 'Lcom/example/app/Ids;->read()V', callee: 'android.telephony.TelephonyManager.getDeviceId' }],
    ...over,
  };
}

describe('suppression files', () => {
  it('accepts a good file, as the JSON schema does', () => {
    expect(validate(GOOD)).toBe(true);
    expect(parseSuppressions(JSON.stringify(GOOD), 'x.json').suppressions).toHaveLength(1);
  });

  for (const [name, doc] of BAD) {
    it(`rejects: ${name} (and so does the schema)`, () => {
      expect(validate(doc)).toBe(false);
      let err: unknown;
      try {
        parseSuppressions(JSON.stringify(doc), 'bad.json');
      } catch (e) {
        err = e;
      }
      expect(isPiscopeError(err) && err.code === 'SUPPRESSIONS_INVALID' && err.file === 'bad.json').toBe(true);
    });
  }

  it('rejects text that is not JSON', () => {
    expect(() => parseSuppressions('{ nope', 'bad.json')).toThrow(/not JSON/);
  });

  it('matches by rule, data type, SDK and caller glob', () => {
    const s = GOOD.suppressions[0]!;
    expect(matches(s, finding())).toBe(true);
    expect(matches(s, finding({ ruleId: 'other' }))).toBe(false);
    expect(matches(s, finding({ dataTypes: ['contacts'] }))).toBe(false);
    expect(matches(s, finding({ evidence: [{ kind: 'code', caller: 'Lcom/umeng/X;->y()V' }] }))).toBe(false);
    expect(matches({ ...s, caller: undefined }, finding({ evidence: [{ kind: 'manifest', element: 'uses-permission' }] }))).toBe(true);
    expect(matches({ rule: 'undisclosed-sdk', sdk: 'jpush', justification: 'x'.repeat(10) }, finding({ ruleId: 'undisclosed-sdk', sdk: 'getui' }))).toBe(false);
  });

  it('marks matched findings and keeps them, and counts unused entries', () => {
    const fs = [finding(), finding({ ruleId: 'no-privacy-policy' })];
    const counts = applySuppressions(fs, { ...parseSuppressions(JSON.stringify(GOOD), 'repo/.piscope-suppressions.json') });
    expect(counts).toEqual([1]);
    expect(fs[0]!.suppressed).toEqual({ justification: GOOD.suppressions[0]!.justification, file: 'repo/.piscope-suppressions.json' });
    expect(fs[1]!.suppressed).toBeUndefined();
  });

  it('works through scan(): the finding stays, marked suppressed', async () => {
    const path = fixtureApk('rule-no-policy');
    const suppressions = parseSuppressions(JSON.stringify({ version: 1, suppressions: [{ rule: 'no-privacy-policy', justification: 'The policy is served by the login web view; reviewed 2026-11.' }] }), '.piscope-suppressions.json');
    const r = await scan({ bytes: readFileSync(path), path }, { suppressions });
    const f = r.findings.find((x) => x.ruleId === 'no-privacy-policy');
    expect(f?.suppressed?.justification).toMatch(/login web view/);
  });
});
