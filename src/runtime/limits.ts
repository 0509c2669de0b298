// Frequency limits per data type (the shape of frequency.json), and the check of a table a user gives
// with --frequency. No knowledge import: the CLI checks the file before any scanning.

export interface FrequencyLimit {
  /** The window in ms; null: the whole recorded session. */
  readonly windowMs: number | null;
  /** Reads allowed in the window; one more breaks the limit. */
  readonly max: number;
}

export type LimitTable = Readonly<Record<string, readonly FrequencyLimit[]>>;

export interface LimitFile {
  readonly default: readonly FrequencyLimit[];
  readonly dataTypes: LimitTable;
}

/** A table of frequency.json's shape, checked: the reason when it is not one. */
export function parseLimits(text: string): LimitFile | { error: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON (${(e as Error).message.slice(0, 80)})` };
  }
  const list = (v: unknown, where: string): FrequencyLimit[] | string => {
    if (!Array.isArray(v)) return `${where} must be a list of {windowMs, max}`;
    for (const l of v as unknown[]) {
      const x = l as Record<string, unknown> | null;
      if (typeof x !== 'object' || x === null || !(x.windowMs === null || (typeof x.windowMs === 'number' && x.windowMs > 0)) || typeof x.max !== 'number' || !Number.isInteger(x.max) || x.max < 0) return `${where}: each limit needs windowMs (ms > 0, or null for a whole run) and max (an integer ≥ 0)`;
    }
    return v as FrequencyLimit[];
  };
  if (typeof o !== 'object' || o === null) return { error: 'not an object with "default" and "dataTypes"' };
  const r = o as Record<string, unknown>;
  const def = list(r.default, '"default"');
  if (typeof def === 'string') return { error: def };
  const types: Record<string, readonly FrequencyLimit[]> = {};
  if (r.dataTypes !== undefined) {
    if (typeof r.dataTypes !== 'object' || r.dataTypes === null) return { error: '"dataTypes" must map data-type ids to limit lists' };
    for (const [k, v] of Object.entries(r.dataTypes)) {
      const l = list(v, `"dataTypes.${k}"`);
      if (typeof l === 'string') return { error: l };
      types[k] = l;
    }
  }
  return { default: def, dataTypes: types };
}

