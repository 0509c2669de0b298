// `.piscope-suppressions.json`: findings a team has reviewed and accepted, each matched by rule and location
// (data type, SDK, caller glob) and carrying a justification. Suppressed findings stay in the report, marked.
// The file is user input: it is validated field by field (suppressions.schema.json documents the same shape).
import { PiscopeError, ErrorCode } from '../errors.ts';
import { globToRegExp } from '../knowledge/packer-matcher.ts';
import type { Finding } from '../report/types.ts';

export interface Suppression {
  /** Rule id, e.g. `undeclared-data-type`. */
  rule: string;
  dataType?: string;
  sdk?: string;
  /** Glob over the smali caller of code evidence: `*` any run of characters, e.g. `Lcom/foo/*`. */
  caller?: string;
  justification: string;
}

export interface SuppressionFile {
  version: 1;
  suppressions: Suppression[];
  /** Where it was read from, for the report. */
  file?: string;
}

const KEYS = new Set(['rule', 'dataType', 'sdk', 'caller', 'justification']);

function bad(file: string, what: string): PiscopeError {
  return new PiscopeError(ErrorCode.SUPPRESSIONS_INVALID, what, { structure: 'suppressions', file });
}

/** Parse and validate a suppression file's text. */
export function parseSuppressions(text: string, file: string): SuppressionFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw bad(file, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad(file, 'top level must be an object');
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) if (k !== 'version' && k !== 'suppressions' && k !== '$schema') throw bad(file, `unknown key "${k}"`);
  if (d.version !== 1) throw bad(file, '"version" must be 1');
  if (!Array.isArray(d.suppressions)) throw bad(file, '"suppressions" must be an array');
  const out: Suppression[] = d.suppressions.map((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(file, `suppressions[${i}] must be an object`);
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!KEYS.has(k)) throw bad(file, `suppressions[${i}]: unknown key "${k}"`);
    for (const k of KEYS) if (r[k] !== undefined && typeof r[k] !== 'string') throw bad(file, `suppressions[${i}].${k} must be a string`);
    if (typeof r.rule !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(r.rule)) throw bad(file, `suppressions[${i}].rule must be a rule id`);
    if (typeof r.justification !== 'string' || r.justification.trim().length < 10) throw bad(file, `suppressions[${i}].justification must say why (10 characters or more)`);
    const s: Suppression = { rule: r.rule, justification: r.justification.trim() };
    if (typeof r.dataType === 'string') s.dataType = r.dataType;
    if (typeof r.sdk === 'string') s.sdk = r.sdk;
    if (typeof r.caller === 'string') s.caller = r.caller;
    return s;
  });
  return { version: 1, suppressions: out, file };
}

/** The caller glob of a suppression, compiled: case-sensitive (smali names), no flags. */
function callerRegExp(s: Suppression): RegExp | null {
  return s.caller === undefined ? null : globToRegExp(s.caller, '');
}

export function matches(s: Suppression, f: Finding): boolean {
  return matchesWith(s, callerRegExp(s), f);
}

/** matches() with the caller glob already compiled (callerRegExp), so a suppression compiles it once. */
function matchesWith(s: Suppression, re: RegExp | null, f: Finding): boolean {
  if (s.rule !== f.ruleId) return false;
  if (s.dataType !== undefined && !(f.dataTypes ?? []).includes(s.dataType)) return false;
  if (s.sdk !== undefined && f.sdk !== s.sdk) return false;
  if (re !== null) {
    const callers = f.evidence.flatMap((e) => (e.kind === 'code' ? [e.caller] : []));
    if (callers.length === 0 || !callers.every((c) => re.test(c))) return false;
  }
  return true;
}

/** Marks the findings each suppression accepts; returns how many each one matched (unused ones are stale). */
export function applySuppressions(findings: Finding[], file: SuppressionFile): number[] {
  return file.suppressions.map((s) => {
    const re = callerRegExp(s);
    let n = 0;
    for (const f of findings) {
      if (f.suppressed === undefined && matchesWith(s, re, f)) {
        f.suppressed = { justification: s.justification, file: file.file ?? '.piscope-suppressions.json' };
        n++;
      }
    }
    return n;
  });
}
