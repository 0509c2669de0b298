import { describe, expect, it } from 'vitest';
import { sarifLog, sarifReporter } from './sarif-reporter.ts';
import { sampleReport } from './testing/sample-report.ts';
import { validateSarif } from './testing/validate.ts';


// The required shape of SARIF 2.1.0 (§3.13 sarifLog, §3.14 run, §3.19 toolComponent, §3.27 result,
// §3.49 reportingDescriptor) is also checked field by field.
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => {
  expect(typeof v === 'object' && v !== null && !Array.isArray(v)).toBe(true);
  return v as Obj;
};
const arr = (v: unknown): unknown[] => {
  expect(Array.isArray(v)).toBe(true);
  return v as unknown[];
};

describe('sarif reporter', () => {
  const r = sampleReport();
  const log = obj(JSON.parse(sarifReporter(r)));
  const run = obj(arr(log.runs)[0]);
  const driver = obj(obj(run.tool).driver);
  const rules = arr(driver.rules).map(obj);
  const results = arr(run.results).map(obj);

  it('is valid against the SARIF 2.1.0 JSON schema', () => {
    expect(validateSarif(log)).toBeNull();
    const empty = sampleReport();
    empty.findings = [];
    expect(validateSarif(sarifLog(empty))).toBeNull();
    // The validator does reject a broken log.
    expect(validateSarif({ ...log, version: '2.0.0' })).toMatch(/version/);
    const badLevel = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
    badLevel.runs[0]!.results[0]!.level = 'critical';
    expect(validateSarif(badLevel)).toMatch(/level/);
  });

  it('has the required SARIF 2.1.0 shape', () => {
    expect(log.version).toBe('2.1.0');
    expect(driver.name).toBe('piscope');
    for (const rule of rules) {
      expect(typeof rule.id).toBe('string');
      expect(typeof obj(rule.shortDescription).text).toBe('string');
    }
    for (const res of results) {
      expect(typeof obj(res.message).text).toBe('string');
      expect(['error', 'warning', 'note', 'none']).toContain(res.level);
      expect(rules[res.ruleIndex as number]!.id).toBe(res.ruleId);
      for (const loc of arr(res.locations).map(obj)) {
        const uri = obj(obj(obj(loc.physicalLocation).artifactLocation)).uri as string;
        expect(() => new URL(uri, 'file:///base/')).not.toThrow();
      }
    }
  });

  it('has one rule per rule id, with clauses', () => {
    expect(rules.map((x) => x.id)).toEqual([...new Set(r.findings.map((f) => f.ruleId))].sort());
    const cbc = rules.find((x) => x.id === 'collect-before-consent')!;
    expect(obj(cbc.properties).clauses).toEqual(['RD-3.1', 'M164-1.1-S5']);
    expect(cbc.name).toBe('CollectBeforeConsent');
  });

  it('maps severities to levels and carries the locations', () => {
    const byRule = (id: string): Obj => results.find((x) => x.ruleId === id)!;
    expect(byRule('collect-before-consent').level).toBe('error');
    expect(byRule('no-account-deletion').level).toBe('warning');
    expect(byRule('self-start').level).toBe('note');
    expect(byRule('trace-imei-read').level).toBe('note');
    const loc = obj(arr(byRule('collect-before-consent').locations)[0]);
    expect(obj(arr(loc.logicalLocations)[0]).fullyQualifiedName).toBe('Lcom/umeng/analytics/DeviceConfig;->getImei(Landroid/content/Context;)Ljava/lang/String;');
    expect(obj(obj(loc.physicalLocation).artifactLocation).uri).toBe('file:///data/in/demo%3C1%3E.apk');
    const manifestLoc = obj(obj(arr(byRule('sensitive-permission-purpose').locations)[0]).physicalLocation);
    expect(obj(manifestLoc.artifactLocation).uri).toBe('AndroidManifest.xml');
    expect(obj(manifestLoc.region).startLine).toBe(12);
    expect(arr(byRule('collect-before-consent').codeFlows)).toHaveLength(1);
  });

  it('marks suppressed findings with suppressions, others without', () => {
    const sup = results.filter((x) => x.suppressions !== undefined);
    expect(sup.map((x) => x.ruleId)).toEqual(['self-start']);
    expect(obj(arr(sup[0]!.suppressions)[0])).toMatchObject({ kind: 'external', justification: '推送唤醒，已在政策中说明' });
  });

  it('is valid with no findings', () => {
    const empty = sampleReport();
    empty.findings = [];
    const l = sarifLog(empty);
    expect(obj(arr(l.runs)[0]).results).toEqual([]);
  });
});
