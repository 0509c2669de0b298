// The mapping from the engine's clauses to the 164号文's problem categories: complete for every rule, in the
// notice's order, and consistent with the clause ids it names.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { clauseCategories, problemCategoryList } from '../../knowledge/index.ts';
import { CLAUSE_IDS } from '../../rules/clauses.ts';
import { RULES } from '../../rules/index.ts';
import { problemCategories, problemCategoriesOfClauses } from './problem-categories.ts';

const knowledge = (f: string): unknown => JSON.parse(readFileSync(new URL(`../../knowledge/${f}`, import.meta.url), 'utf8'));

describe('problem-categories.json', () => {
  it('validates against its schema, and the schema can fail', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(knowledge('schemas/problem-categories.schema.json') as object);
    expect(validate(knowledge('problem-categories.json')), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ $comment: 'x', categories: [], clauses: [{ clause: 'RD-3.1', categories: [], basis: 'maybe', why: 'because so' }] })).toBe(false);
  });

  it('lists the 164号文\'s ten items in its order, then 账号注销难', () => {
    expect(problemCategoryList().map((c) => c.name)).toEqual([
      '违规收集个人信息', '超范围收集个人信息', '违规使用个人信息', '强制用户使用定向推送功能',
      'APP强制、频繁、过度索取权限', 'APP频繁自启动和关联启动', '欺骗误导用户下载APP', '欺骗误导用户提供个人信息',
      '应用分发平台上的APP信息明示不到位', '应用分发平台管理责任落实不到位', '账号注销难',
    ]);
  });

  it('maps only clauses of the catalogue, each once, to known categories; a 164号文 scenario to its own item', () => {
    const ids = new Set(problemCategoryList().map((c) => c.id));
    const seen = new Set<string>();
    for (const m of clauseCategories()) {
      expect(CLAUSE_IDS, m.clause).toContain(m.clause);
      expect(seen.has(m.clause), m.clause).toBe(false);
      seen.add(m.clause);
      for (const c of m.categories) expect(ids, `${m.clause} → ${c}`).toContain(c);
      const item = /^M164-(\d\.\d)/u.exec(m.clause)?.[1];
      if (item !== undefined) expect(m.categories, m.clause).toEqual([`M164-${item}`]);
      expect(m.basis === 'direct', m.clause).toBe(item !== undefined);
    }
  });

  it('maps every clause any rule cites (its own and those it may cite)', () => {
    const mapped = new Set(clauseCategories().map((m) => m.clause));
    const missing = Object.values(RULES).flatMap((r) => [...r.meta.clauses, ...(r.meta.mayCite ?? [])].filter((c) => !mapped.has(c)).map((c) => `${r.meta.id}: ${c}`));
    expect(missing).toEqual([]);
  });

  it('gives every rule of the engine at least one category', () => {
    const empty = Object.keys(RULES).filter((id) => problemCategories([id]).length === 0);
    expect(Object.keys(RULES).length).toBeGreaterThanOrEqual(36);
    expect(empty).toEqual([]);
  });
});

describe('problemCategories', () => {
  it('deduplicates and keeps the 164号文\'s order, whatever the order of the rules', () => {
    // permission-re-request: RD-3.2 (1.1, 2.1) and M164-2.1-S5; collection-before-consent: RD-3.1 (1.1);
    // self-or-chain-start: M23-6 and M164-2.2-S1 (2.2); beyond-necessary-scope: RD-4.1 (1.2, 2.1).
    expect(problemCategories(['self-or-chain-start', 'permission-re-request', 'collection-before-consent', 'beyond-necessary-scope'])).toEqual([
      '违规收集个人信息', '超范围收集个人信息', 'APP强制、频繁、过度索取权限', 'APP频繁自启动和关联启动',
    ]);
    // no-account-cancellation: RD-6.1, C25-3, GB35273-8.5 (账号注销难); personalization-no-opt-out: RD-3.6, C25-4 … (1.4).
    expect(problemCategories(['no-account-cancellation', 'personalization-no-opt-out'])).toEqual(['强制用户使用定向推送功能', '账号注销难']);
    expect(problemCategories([])).toEqual([]);
  });

  it('names an unknown rule', () => {
    expect(() => problemCategories(['no-such-rule'])).toThrow(/no rule "no-such-rule"/u);
  });

  it('reads a finding\'s clauses, ignoring those it does not know', () => {
    expect(problemCategoriesOfClauses(['SDK-2', 'M164-1.1-S5', 'XX-9'])).toEqual(['违规收集个人信息']);
    expect(problemCategoriesOfClauses(['RD-6.5'])).toEqual([]);
  });
});
