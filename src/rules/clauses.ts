// The clause catalogue (clauses.json, from ../shared/reference/rules-catalog.json).
import data from './clauses.json' with { type: 'json' };

export interface Clause {
  readonly id: string;
  readonly source: string;
  readonly title_zh: string;
  readonly summary_en: string;
  readonly detect: readonly string[];
  readonly severity_hint: string;
}

export const CLAUSES: readonly Clause[] = data.clauses;
export const CLAUSE_IDS: ReadonlySet<string> = new Set(CLAUSES.map((c) => c.id));

export function clauseById(id: string): Clause | undefined {
  return CLAUSES.find((c) => c.id === id);
}
