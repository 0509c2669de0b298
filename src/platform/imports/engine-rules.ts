// The cited mapping from other engines' rule ids to piscope's rules (engine-rules.json). Clauses come from the
// rule it maps to, never from the imported file: a tool saying "clause X" is not our finding of clause X.
import { RULES } from '../../rules/index.ts';
import data from './engine-rules.json' with { type: 'json' };

/** The import formats, declared once: the API's enum and the type come from here. */
export const FORMATS = ['sarif', 'piscope', 'camille', 'appscan'] as const;
export type ImportFormat = (typeof FORMATS)[number];

interface EngineMapping {
  engine: string;
  formats: ImportFormat[];
  map: 'same-id';
  note: string;
  source: { title: string; ref: string };
}

interface RuleMapping {
  engine: string;
  ruleId: string;
  to: string;
  source: { title: string; ref: string };
}

export const ENGINE_RULES = data as unknown as { engines: EngineMapping[]; rules: RuleMapping[] };

export interface Mapped {
  ruleId: string;
  mapped: boolean;
  clauses: string[];
}

/** A rule id usable in a report and a fingerprint: the engine's name and id kept readable, nothing invented. */
export function namespaced(format: ImportFormat, engine: string, ruleId: string): string {
  const tool = engine.toLowerCase().replace(/[^a-z0-9._-]+/gu, '-');
  return format === 'sarif' ? `sarif:${tool}/${ruleId}` : `${tool}:${ruleId}`;
}

/** Our rule for `ruleId` of `engine` (read from `format`) when the table says so; else the namespaced id and no clause. */
export function mapRule(format: ImportFormat, engine: string, ruleId: string): Mapped {
  const key = engine.toLowerCase();
  const row = ENGINE_RULES.rules.find((r) => r.engine.toLowerCase() === key && r.ruleId === ruleId);
  const to = row?.to ?? (ENGINE_RULES.engines.some((e) => e.engine.toLowerCase() === key && e.formats.includes(format) && e.map === 'same-id') ? ruleId : undefined);
  const rule = to === undefined ? undefined : RULES[to];
  if (rule === undefined) return { ruleId: namespaced(format, engine, ruleId), mapped: false, clauses: [] };
  return { ruleId: rule.meta.id, mapped: true, clauses: [...rule.meta.clauses] };
}
