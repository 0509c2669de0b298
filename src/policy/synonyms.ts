// The synonym data (synonyms.json) as one matcher: longest phrase first, Latin words bounded so that MAC does
// not match inside "Macbook" nor SN inside "SNS". Stop phrases (ids []) win over the shorter words inside them.
import { cut, load } from '@node-rs/jieba';
import data from './synonyms.json' with { type: 'json' };

export interface SynonymHit {
  /** Data-type ids; empty for a stop phrase. */
  ids: readonly string[];
  term: string;
  start: number;
  end: number;
}

interface Entry {
  ids: string[];
  terms: string[];
  source: string;
}

const byTerm = new Map<string, string[]>();
for (const e of (data as { entries: Entry[] }).entries) {
  for (const t of e.terms) {
    const key = t.toLowerCase();
    const prev = byTerm.get(key) ?? [];
    byTerm.set(key, [...new Set([...prev, ...e.ids])]);
  }
}

const terms = [...byTerm.keys()].sort((a, b) => b.length - a.length);

// Terms by first character, longest first: one pass over the text, no giant regular expression (a 450-way
// alternation retried at every position was the analyzer's hottest spot).
const byFirst = new Map<number, string[]>();
for (const t of terms) {
  const list = byFirst.get(t.charCodeAt(0)) ?? [];
  list.push(t);
  byFirst.set(t.charCodeAt(0), list);
}

/** a–z or 0–9 (the text is ASCII-lowercased); NaN (out of range) is not. */
const isLatinCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
const isLatin = (c: string | undefined): boolean => c !== undefined && isLatinCode(c.charCodeAt(0));

/** End of `term` matched at `i` of the ASCII-lowercased text (a space in a term matches any run of spaces), or -1. */
function matchAt(t: string, i: number, term: string): number {
  let j = i;
  for (let k = 0; k < term.length; k++) {
    const c = term[k]!;
    if (c === ' ') {
      while (j < t.length && (t.charCodeAt(j) === 0x20 || t.charCodeAt(j) === 0x09 || t.charCodeAt(j) === 0x3000)) j++;
      continue;
    }
    if (t.charCodeAt(j) !== term.charCodeAt(k)) return -1;
    j++;
  }
  return j;
}

// @node-rs/jieba 1.x: one default dictionary per process, loaded once (the addon is process-wide, so a second
// copy of this module in the same process finds it loaded). 2.x, whose per-instance API could add our own words,
// has no platform packages but linux-x64 on the registry we install from, which breaks `npm ci`.
let loaded = false;

function segment(text: string): string[] {
  if (!loaded) {
    try {
      load();
    } catch {
      // Already loaded in this process.
    }
    loaded = true;
  }
  return cut(text, true);
}

/** Token boundaries (character offsets) of a sentence. */
function boundaries(text: string): Set<number> {
  const set = new Set<number>([0]);
  let pos = 0;
  for (const tok of segment(text)) {
    pos += tok.length;
    set.add(pos);
  }
  return set;
}

/** Every synonym occurrence in text, non-overlapping, longest first at each position. Short Chinese words
 * (two characters) must also start and end on word boundaries. */
export function findSynonyms(text: string): SynonymHit[] {
  const out: SynonymHit[] = [];
  let bounds: Set<number> | null = null;
  // ASCII-only lowercasing keeps every offset the same.
  const t = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  for (let i = 0; i < t.length; ) {
    const code = t.charCodeAt(i);
    const list = byFirst.get(code);
    let advanced = false;
    if (list !== undefined && !(isLatinCode(code) && i > 0 && isLatinCode(t.charCodeAt(i - 1)))) {
      for (const term of list) {
        const end = matchAt(t, i, term);
        if (end < 0) continue;
        if (isLatin(term[term.length - 1]) && end < t.length && t.charCodeAt(end) >= 0x61 && t.charCodeAt(end) <= 0x7a) continue;
        if (term.length <= 2 && /[\u4e00-\u9fff]/.test(term)) {
          bounds ??= boundaries(text);
          if (!bounds.has(i) || !bounds.has(end)) continue;
        }
        out.push({ ids: byTerm.get(term) ?? [], term: text.slice(i, end), start: i, end });
        i = end;
        advanced = true;
        break;
      }
    }
    if (!advanced) i++;
  }
  return out;
}

/** The data-type ids a phrase names (used for annotated spans and table cells). */
export function dataTypesIn(text: string): string[] {
  const ids = new Set<string>();
  for (const h of findSynonyms(text)) for (const id of h.ids) ids.add(id);
  return [...ids].sort();
}
