// Text → sections (headings with levels) and sentences with offsets. Works on the Markdown-like text that
// html-text.ts produces and on plain text as copied from a page: Chinese numbering (一、 （一） 第一条 1. 1.1)
// marks headings there.

export interface Section {
  heading: string;
  start: number;
  end: number;
  level: number;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Index of the line (0-based) the sentence is on. */
  line: number;
  section: string | null;
  /** A row of a table (`| a | b |`, tabs, or wide-space columns). */
  tableRow: boolean;
  /** A list item (`- `, `1)`, `（1）`, `•`). */
  listItem: boolean;
}

export interface Line {
  text: string;
  start: number;
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start: pos, end: pos + raw.replace(/\r$/, '').length });
    pos += raw.length + 1;
  }
  return lines;
}

const CN_NUM = '[一二三四五六七八九十百零〇]+';

/** Heading level of a line, or 0. */
export function headingLevel(line: string): number {
  const t = line.trim();
  if (t === '' || t.length > 60) return 0;
  const md = /^(#{1,6})\s+\S/.exec(t);
  if (md !== null) return md[1]!.length;
  // Headings rarely end a sentence; a line that ends with 。 or ； is prose even when numbered.
  if (/[。；;，,：:]$/.test(t) || t.length > 40) return 0;
  if (new RegExp(`^第${CN_NUM}[章部分节]`).test(t)) return 1;
  if (new RegExp(`^第${CN_NUM}条`).test(t)) return 2;
  if (new RegExp(`^${CN_NUM}\\s*[、.．]`).test(t)) return 1;
  if (new RegExp(`^[（(]${CN_NUM}[）)]`).test(t)) return 2;
  if (/^\d{1,2}\s*[、.．](?!\d)\s*\S/.test(t) && t.length <= 30) return 2;
  if (/^\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s*\S/.test(t) && t.length <= 30) return 3;
  if (/^【[^】]{2,30}】$/.test(t)) return 2;
  return 0;
}

function isTableRow(line: string): boolean {
  const t = line.trim();
  if (/^\|.*\|$/.test(t)) return true;
  return t.includes('\t') && t.split('\t').filter((c) => c.trim() !== '').length >= 2;
}

/** Cells of a table row. Markdown separator rows (|---|) return []. */
export function tableCells(line: string): string[] {
  const t = line.trim();
  let cells: string[];
  if (t.startsWith('|')) cells = t.replace(/^\|/, '').replace(/\|$/, '').split('|');
  else cells = t.split('\t');
  cells = cells.map((c) => c.trim());
  if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) return [];
  return cells;
}

const LIST = /^(?:[-*•·●◆■▪]\s*|\(?\d{1,2}[)）]\s*|[（(]\d{1,2}[）)]\s*|[①-⑳]\s*)/;

export function analyseStructure(text: string): { sections: Section[]; sentences: Sentence[]; lines: Line[] } {
  const lines = splitLines(text);
  const sections: Section[] = [];
  const sentences: Sentence[] = [];
  let currentHeading: string | null = null;
  const stack: Section[] = [];
  lines.forEach((ln, idx) => {
    const level = headingLevel(ln.text);
    if (level > 0) {
      const heading = ln.text.trim().replace(/^#+\s*/, '');
      while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop()!.end = ln.start;
      const sec: Section = { heading, start: ln.start, end: text.length, level };
      currentHeading = heading;
      sections.push(sec);
      stack.push(sec);
    }
    const section = currentHeading;
    const trimmed = ln.text.trim();
    if (trimmed === '' || /^[=\-_*]{3,}$/.test(trimmed)) return;
    if (isTableRow(ln.text)) {
      sentences.push({ text: ln.text, start: ln.start, end: ln.end, line: idx, section, tableRow: true, listItem: false });
      return;
    }
    const listItem = LIST.test(trimmed);
    // Sentence ends: Chinese and Western full stops, question and exclamation marks, semicolons.
    const re = /[^。！？!?；;]+[。！？!?；;]*/g;
    for (let m = re.exec(ln.text); m !== null; m = re.exec(ln.text)) {
      const s = m[0];
      if (s.trim() === '') continue;
      const lead = s.length - s.trimStart().length;
      const st = ln.start + m.index + lead;
      const body = s.trim();
      sentences.push({ text: body, start: st, end: st + body.length, line: idx, section, tableRow: false, listItem });
    }
  });
  for (const s of stack) s.end = text.length;
  return { sections, sentences, lines };
}
