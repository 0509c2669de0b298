// 所涉问题: the problem categories of a notice's annex row, from the clauses of the app's confirmed findings,
// through knowledge/problem-categories.json (the 164号文's items in its order, then 账号注销难).
import { clauseCategories, problemCategoryList } from '../../knowledge/index.ts';
import { RULES } from '../../rules/index.ts';

function categoryOrder(): Map<string, number> {
  return new Map(problemCategoryList().map((c, i) => [c.id, i]));
}

function namesInOrder(ids: Iterable<string>): string[] {
  const order = categoryOrder();
  const names = new Map(problemCategoryList().map((c) => [c.id, c.name]));
  return [...new Set(ids)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).map((id) => names.get(id) ?? id);
}

/** The category names of clause ids (a finding's `clauses`), deduplicated, in the 164号文's order. Unknown clauses are ignored. */
export function problemCategoriesOfClauses(clauseIds: readonly string[]): string[] {
  const byClause = new Map(clauseCategories().map((c) => [c.clause, c.categories]));
  return namesInOrder(clauseIds.flatMap((c) => byClause.get(c) ?? []));
}

/** The category names of rule ids, through each rule's own clauses; deduplicated, in the 164号文's order. */
export function problemCategories(ruleIds: readonly string[]): string[] {
  return problemCategoriesOfClauses(
    ruleIds.flatMap((id) => {
      const rule = RULES[id];
      if (rule === undefined) throw new Error(`problemCategories: no rule "${id}" in the engine`);
      return rule.meta.clauses;
    }),
  );
}
