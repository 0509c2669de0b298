// Every rule against its own valid and invalid cases (cases/<id>.ts), through the strict tester.
import { describe, expect, it } from 'vitest';
import { RULES } from './index.ts';
import { checkCases, runCase, type InvalidCase, type RuleCase } from './rule-tester.ts';

for (const [id, rule] of Object.entries(RULES)) {
  describe(id, async () => {
    const cases = (await import(`./cases/${id}.ts`)) as { valid: RuleCase[]; invalid: InvalidCase[] };
    it('has a well-formed case table', () => {
      checkCases(rule, cases);
    });
    for (const c of cases.valid) it(`valid: ${c.name}`, () => expect(runCase(rule, c)).toEqual([]));
    for (const c of cases.invalid) it(`invalid: ${c.name}`, () => expect(runCase(rule, c)).toEqual([]));
  });
}
