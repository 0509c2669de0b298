import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertValidReport } from './testing/validate.ts';
import { sampleReport } from './testing/sample-report.ts';
import { jsonReporter } from './json-reporter.ts';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');

describe('report.schema.json', () => {
  it.skipIf(!existsSync(join(SHARED, 'spec')))('is an exact copy of ../shared/spec/report.schema.json', () => {
    const ours = readFileSync(join(import.meta.dirname, 'report.schema.json'), 'utf8');
    const theirs = readFileSync(join(SHARED, 'spec', 'report.schema.json'), 'utf8');
    expect(ours).toBe(theirs);
  });

  it('accepts the sample report and its JSON round trip', () => {
    const r = sampleReport();
    assertValidReport(r);
    assertValidReport(JSON.parse(jsonReporter(r)));
  });

  it('rejects a report that breaks the contract', () => {
    const r = sampleReport() as unknown as Record<string, unknown>;
    expect(() => assertValidReport({ ...r, schemaVersion: '2' })).toThrow(/schemaVersion/);
    const bad = sampleReport();
    (bad.findings[0] as unknown as Record<string, unknown>).clauses = [];
    expect(() => assertValidReport(bad)).toThrow(/clauses/);
  });
});
