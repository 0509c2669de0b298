// The synonym data (synonyms.json) as one matcher: longest phrase first, Latin words bounded so that MAC does
// not match inside "Macbook" nor SN inside "SNS". Stop phrases (ids []) win over the shorter words inside them.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
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

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const terms = [...byTerm.keys()].sort((a, b) => b.length - a.length);
const pattern = new RegExp(
  terms
    .map((t) => {
      let p = escape(t).replace(/ /g, '\\s*');
      if (/^[a-z0-9]/i.test(t)) p = `(?<![A-Za-z0-9])${p}`;
      if (/[a-z0-9]$/i.test(t)) p = `${p}(?![A-Za-z])`;
      return p;
    })
    .join('|'),
  'gi',
);

let jieba: Jieba | null = null;

/** Jieba with our own words added, so a data word is one token and "主体重新" does not hold 体重. */
function segmenter(): Jieba {
  if (jieba !== null) return jieba;
  jieba = Jieba.withDict(dict);
  jieba.loadDict(Buffer.from(terms.filter((t) => /[\u4e00-\u9fff]/.test(t)).map((t) => `${t} 50000 n`).join('\n')));
  return jieba;
}

/** Token boundaries (character offsets) of a sentence. */
function boundaries(text: string): Set<number> {
  const set = new Set<number>([0]);
  let pos = 0;
  for (const tok of segmenter().cut(text, true)) {
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
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const term = m[0];
    const ids = byTerm.get(term.toLowerCase().replace(/\s+/g, ' ')) ?? byTerm.get(term.toLowerCase().replace(/\s+/g, '')) ?? [];
    if (term.length <= 2 && /[\u4e00-\u9fff]/.test(term)) {
      bounds ??= boundaries(text);
      if (!bounds.has(m.index) || !bounds.has(m.index + term.length)) continue;
    }
    out.push({ ids, term, start: m.index, end: m.index + term.length });
  }
  return out;
}

/** The data-type ids a phrase names (used for annotated spans and table cells). */
export function dataTypesIn(text: string): string[] {
  const ids = new Set<string>();
  for (const h of findSynonyms(text)) for (const id of h.ids) ids.add(id);
  return [...ids].sort();
}
