// The mapping table is knowledge: it validates against its schema, every row cites a source, and every
// target is one of our rules (whose clauses are in the catalogue).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CLAUSE_IDS } from '../../rules/clauses.ts';
import { RULES } from '../../rules/index.ts';
import { ENGINE_RULES, mapRule } from './engine-rules.ts';

const here = (f: string): unknown => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8'));

describe('engine-rules.json', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(here('./engine-rules.schema.json') as object);

  it('validates against its schema, and the schema refuses a row without a source', () => {
    expect(validate(here('./engine-rules.json')), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ engines: [], rules: [{ engine: 'MobSF', ruleId: 'android_ip_disclosure', to: 'collection-before-consent' }] })).toBe(false);
  });

  it('maps only to rules we have, whose clauses are in the catalogue; a cited file exists', () => {
    for (const r of ENGINE_RULES.rules) {
      expect(RULES[r.to], `${r.engine}/${r.ruleId} → ${r.to}`).toBeDefined();
      for (const c of RULES[r.to]!.meta.clauses) expect(CLAUSE_IDS.has(c), c).toBe(true);
    }
    for (const e of ENGINE_RULES.engines) {
      const file = /^(src\/\S+)/u.exec(e.source.ref)?.[1];
      if (file !== undefined) expect(existsSync(resolve(import.meta.dirname, '../../..', file)), file).toBe(true);
    }
  });

  it('maps piscope ids to themselves with the rule’s clauses; anything else keeps its id, namespaced, with no clause', () => {
    expect(mapRule('sarif', 'piscope', 'no-privacy-policy')).toEqual({ ruleId: 'no-privacy-policy', mapped: true, clauses: [...RULES['no-privacy-policy']!.meta.clauses] });
    expect(mapRule('piscope', 'piscope', 'a-rule-from-elsewhere')).toEqual({ ruleId: 'piscope:a-rule-from-elsewhere', mapped: false, clauses: [] });
    expect(mapRule('sarif', 'Android Lint', 'HardwareIds')).toEqual({ ruleId: 'sarif:android-lint/HardwareIds', mapped: false, clauses: [] });
    // The same id from another tool is not ours: the table maps engines, not ids.
    expect(mapRule('sarif', 'semgrep', 'no-privacy-policy').mapped).toBe(false);
  });
});
