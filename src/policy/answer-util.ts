// Shared helpers of the question answerers: evidence spans from sentences.
import type { Answer, Span } from './types.ts';
import type { Sentence } from './structure.ts';

export function span(s: Sentence): Span {
  return { sentence: s.text, start: s.start, end: s.end, section: s.section };
}

export function find(sentences: readonly Sentence[], test: (s: Sentence) => boolean, max = 3): Span[] {
  const out: Span[] = [];
  for (const s of sentences) {
    if (test(s)) {
      out.push(span(s));
      if (out.length >= max) break;
    }
  }
  return out;
}

export function answer(evidence: Span[]): Answer {
  return { value: evidence.length > 0, evidence };
}

/** A contents line that lists several rights ("你访问、更正、删除…的方式，以及注销账号、投诉举报的方式") only
 * announces a section; it gives no way to do anything. */
export function isRightsSummary(t: string): boolean {
  const rights = ['访问', '更正', '删除', '撤回', '注销', '投诉', '举报'].filter((w) => t.includes(w)).length;
  return rights >= 4 && /的方式[。；;,，]?$/.test(t.trim()) && !/@|\d{5,}|[“"「【]/.test(t);
}
