// Names shown next to ids in reports: clause titles, data-type names, app-type names, severity words.
// Unknown ids fall back to the id itself, so a new rule or data type never breaks a report.
import labels from './labels.json' with { type: 'json' };
import type { LocalizedText, Severity } from './types.ts';

interface ClauseLabel extends LocalizedText {
  source: string;
}
interface DataTypeLabel extends LocalizedText {
  sensitive: boolean;
}
interface CategoryLabel extends LocalizedText {
  id: number;
}

const clauses: Record<string, ClauseLabel | undefined> = labels.clauses;
const dataTypes: Record<string, DataTypeLabel | undefined> = labels.dataTypes;
const categories: Record<string, CategoryLabel | undefined> = labels.categories;

export function clauseTitle(id: string): LocalizedText {
  const c = clauses[id];
  return c === undefined ? { zh: id, en: id } : { zh: c.zh, en: c.en };
}

/** The regulation a clause comes from (e.g. 《…认定方法》一.1), or null when unknown. */
export function clauseSource(id: string): string | null {
  return clauses[id]?.source ?? null;
}

export function dataTypeName(id: string): LocalizedText {
  const d = dataTypes[id];
  return d === undefined ? { zh: id, en: id } : { zh: d.zh, en: d.en };
}

export function isSensitiveDataType(id: string): boolean {
  return dataTypes[id]?.sensitive === true;
}

export function categoryName(code: string): LocalizedText {
  const c = categories[code];
  return c === undefined ? { zh: code, en: code } : { zh: c.zh, en: c.en };
}

export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export const SEVERITY_NAME: Record<Severity, LocalizedText> = {
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
  info: { zh: '提示', en: 'info' },
};

export const CONFIDENCE_NAME: Record<string, LocalizedText> = {
  confirmed: { zh: '已确认', en: 'confirmed' },
  likely: { zh: '很可能', en: 'likely' },
  possible: { zh: '可能', en: 'possible' },
};

export const OWNER_APP: LocalizedText = { zh: 'App自身', en: 'the app' };

/** An app type given as its code (`news`) or its number (`30`) → the code; null when unknown. */
export function resolveCategory(s: string): string | null {
  if (categories[s] !== undefined) return s;
  const n = Number(s);
  if (!Number.isInteger(n)) return null;
  for (const [code, c] of Object.entries(categories)) if (c?.id === n) return code;
  return null;
}

/** The 39 app types as `number code 中文名`, in number order, for help texts. */
export function categoryList(): string[] {
  return Object.entries(categories)
    .filter((e): e is [string, CategoryLabel] => e[1] !== undefined)
    .sort((a, b) => a[1].id - b[1].id)
    .map(([code, c]) => `${String(c.id).padStart(2)} ${code} ${c.zh}`);
}
