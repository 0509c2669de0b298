// The rules index, the files and the metadata agree (ESLint's checkRuleFiles), and the tester is strict.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAUSE_IDS } from './clauses.ts';
import { RULES } from './index.ts';
import { checkCases, runCase } from './rule-tester.ts';
import { call, makePolicy } from './rule-fixtures.ts';
import noPrivacyPolicy from './no-privacy-policy.ts';
import { defineRule, runRule } from './define-rule.ts';
import { contextOf } from './rule-tester.ts';

const INFRA = new Set(['define-rule.ts', 'app-types.ts', 'clauses.ts', 'index.ts', 'rule-tester.ts', 'rule-fixtures.ts', 'docs.ts', 'write-docs.ts']);
const ruleFiles = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !INFRA.has(f));

describe('rules index', () => {
  it('lists every rule file, sorted, under its meta.id', () => {
    const ids = Object.keys(RULES);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort());
    for (const [id, rule] of Object.entries(RULES)) expect(rule.meta.id).toBe(id);
  });

  it('cites only clauses of the catalogue, with both titles and docs', () => {
    for (const rule of Object.values(RULES)) {
      expect(rule.meta.clauses.length).toBeGreaterThan(0);
      for (const c of [...rule.meta.clauses, ...(rule.meta.mayCite ?? [])]) expect(CLAUSE_IDS.has(c), `${rule.meta.id}: ${c}`).toBe(true);
      expect(rule.meta.title.zh && rule.meta.title.en && rule.meta.docs.description.zh && rule.meta.docs.rationale).toBeTruthy();
      expect(rule.meta.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
  });

  it('has a case table for every rule', () => {
    const tables = readdirSync(`${import.meta.dirname}/cases`).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(tables).toEqual(Object.keys(RULES));
  });
});

describe('rule tester', () => {
  const imei = call('device.imei', 'android.telephony.TelephonyManager.getDeviceId');
  const ok = { valid: [{ name: 'ok', policy: makePolicy({ declaredDataTypes: ['device.imei'] }), facts: { apiCalls: [imei] } }], invalid: [{ name: 'bad', findings: [{}] }] };

  it('accepts a good table', () => expect(() => checkCases(noPrivacyPolicy, ok)).not.toThrow());
  it('rejects an invalid case that expects no finding', () => {
    expect(() => checkCases(noPrivacyPolicy, { ...ok, invalid: [{ name: 'bad', findings: [] }] })).toThrow(/expects no finding/);
  });
  it('rejects duplicate cases, by name or by content', () => {
    expect(() => checkCases(noPrivacyPolicy, { ...ok, invalid: [...ok.invalid, { name: 'bad', findings: [{}] }] })).toThrow(/duplicate case name/);
    expect(() => checkCases(noPrivacyPolicy, { ...ok, invalid: [...ok.invalid, { name: 'bad again', findings: [{}] }] })).toThrow(/duplicate case/);
  });
  it('rejects unknown clause ids', () => {
    expect(() => checkCases(noPrivacyPolicy, { ...ok, invalid: [{ name: 'bad', findings: [{ clauses: ['RD-99'] }] }] })).toThrow(/unknown clause/);
  });
  it('rejects tables without valid or invalid cases', () => {
    expect(() => checkCases(noPrivacyPolicy, { valid: [], invalid: ok.invalid })).toThrow(/valid and invalid/);
  });
  it('reports a valid case that yields findings, and a wrong expectation', () => {
    expect(runCase(noPrivacyPolicy, { name: 'no policy' })).toHaveLength(1);
    expect(runCase(noPrivacyPolicy, { name: 'x', findings: [{ severity: 'info' }] })[0]).toMatch(/severity low, expected info/);
  });
});

describe('runRule', () => {
  const typed = defineRule({
    meta: { id: 'typed', title: { zh: 't', en: 't' }, clauses: ['RD-4.1'], methods: ['static'], severity: 'medium', usesAppType: true, docs: { description: { zh: 'd', en: 'd' }, rationale: 'r' } },
    check(ctx) {
      ctx.report({ severity: 'medium', confidence: 'confirmed', message: { zh: 'm', en: 'm' }, evidence: [{ kind: 'file', path: 'x' }] });
    },
  });
  it('never lets a finding resting on an inferred type be confirmed', () => {
    expect(runRule(typed, contextOf({ name: 'i', appType: { code: 'news', source: 'inferred' } }))[0]?.confidence).toBe('likely');
    expect(runRule(typed, contextOf({ name: 'g', appType: { code: 'news', source: 'given' } }))[0]?.confidence).toBe('confirmed');
  });
});
