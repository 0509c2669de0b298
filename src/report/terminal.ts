// Terminal text safety and colour. App strings are hostile: an escape sequence in a label must not reach the
// terminal, so every control character is shown as \xNN.
import { cut, load } from '@node-rs/jieba';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Removes control and bidi-override characters (newlines and tabs are kept). */
export function safeText(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line: newlines and tabs become spaces too. */
export function safeLine(s: string): string {
  return safeText(s).replace(/[\n\t\r]+/g, ' ');
}

export interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
  green: (s: string) => string;
  magenta: (s: string) => string;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function paint(color: boolean): Paint {
  if (!color) {
    const id = (s: string): string => s;
    return { bold: id, dim: id, red: id, yellow: id, cyan: id, green: id, magenta: id };
  }
  return {
    bold: code(1, 22),
    dim: code(2, 22),
    red: code(31, 39),
    yellow: code(33, 39),
    cyan: code(36, 39),
    green: code(32, 39),
    magenta: code(35, 39),
  };
}

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000) ? 2 : 1;
  }
  return w;
}

/** Width of a table column: its widest cell in display columns, kept between min and max. */
export function columnWidth(cells: readonly string[], min: number, max: number): number {
  return Math.min(max, Math.max(min, ...cells.map(displayWidth)));
}

export function padEnd(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

// eslint-disable-next-line no-control-regex -- colour codes are what is skipped
const ANSI = /\u001b\[\d+m/g;
/** Closing punctuation stays with the text before it; opening punctuation with the text after it. */
const CLOSE = new Set(['，', '。', '、', '：', '；', '！', '？', '」', '』', '）', '》', '”', '’', '…', ',', '.', ';', ':', '!', '?', ')', ']']);
const OPEN = new Set(['「', '『', '（', '《', '“', '‘']);

/** Columns of a lead that a too-wide token may follow on its line. */
const SHORT_LEAD = 30;

interface Token {
  text: string;
  /** The spaces before the token in the line ('' when it follows without a break, e.g. CJK). */
  lead: string;
  /** A CJK character with the punctuation attached to it: merged into words afterwards (cjkWords). */
  cjk?: boolean;
}

// @node-rs/jieba 1.x keeps one dictionary per process: loaded once, here or by the policy analyzer (then load()
// throws, and the loaded one serves). Only lines that need wrapping and hold Chinese load it.
let jiebaLoaded = false;

function words(text: string): string[] {
  if (!jiebaLoaded) {
    try {
      load();
    } catch {
      // Already loaded in this process.
    }
    jiebaLoaded = true;
  }
  return cut(text, true);
}

/**
 * Runs of CJK tokens (one character each) merged into words, so that a line breaks between 通讯录 and 已安装,
 * never inside 通讯录: a token continues the word before it unless a word of the segmenter starts at it.
 */
function cjkWords(toks: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < toks.length; ) {
    if (toks[i]!.cjk !== true) {
      out.push(toks[i++]!);
      continue;
    }
    let j = i + 1;
    while (j < toks.length && toks[j]!.cjk === true && toks[j]!.lead === '') j++;
    const run = toks.slice(i, j);
    const plain = run.map((t) => t.text.replace(ANSI, ''));
    const starts = new Set<number>();
    let at = 0;
    for (const w of words(plain.join(''))) {
      starts.add(at);
      at += w.length;
    }
    let offset = 0;
    run.forEach((t, k) => {
      if (k === 0 || starts.has(offset)) out.push({ text: t.text, lead: t.lead });
      else out[out.length - 1]!.text += t.text;
      offset += plain[k]!.length;
    });
    i = j;
  }
  return out;
}

/** Words, CJK characters (each its own token) and punctuation attached to them; colour codes ride along. */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  let cur = '';
  // Set inside the closures too: typed as a mutable state, not narrowed.
  let kind = null as 'open' | 'cjk' | 'latin' | null;
  let lead = '';
  let pending = '';
  const push = (): void => {
    if (cur !== '') out.push(kind === 'cjk' ? { text: cur, lead, cjk: true } : { text: cur, lead });
    cur = '';
    kind = null;
  };
  const add = (ch: string, k: 'open' | 'cjk' | 'latin'): void => {
    if (cur === '') {
      lead = pending;
      pending = '';
    }
    cur += ch;
    kind = k;
  };
  for (let i = 0; i < line.length; ) {
    ANSI.lastIndex = i;
    const esc = line.charCodeAt(i) === 0x1b ? ANSI.exec(line) : null;
    if (esc?.index === i) {
      if (cur === '') {
        lead = pending;
        pending = '';
      }
      cur += esc[0];
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    i += ch.length;
    if (ch === ' ') {
      push();
      pending += ch;
    } else if (CLOSE.has(ch) && pending === '') {
      if (cur === '' && out.length > 0) out[out.length - 1]!.text += ch;
      else cur += ch;
    } else if (OPEN.has(ch)) {
      if (kind !== 'open') push();
      add(ch, 'open');
    } else if (displayWidth(ch) === 2) {
      if (kind !== 'open') push();
      add(ch, 'cjk');
    } else {
      if (kind === 'cjk') push();
      add(ch, kind === 'open' ? 'open' : 'latin');
      kind = 'latin';
    }
  }
  push();
  return out.some((t) => t.cjk === true) ? cjkWords(out) : out;
}

/**
 * A line broken to `width` display columns: between words (Chinese ones as @node-rs/jieba cuts them), never inside a word
 * (a smali method or a URL overflows rather than breaks). Continuation lines start with `indent`.
 */
export function wrapLine(line: string, width: number, indent: string): string[] {
  if (displayWidth(line.replace(ANSI, '')) <= width) return [line];
  const lead = /^ */.exec(line)![0];
  const lines: string[] = [];
  let cur = lead;
  let curW = displayWidth(lead);
  let empty = true;
  for (const t of tokens(line.slice(lead.length))) {
    const w = displayWidth(t.text.replace(ANSI, ''));
    const gap = empty ? 0 : t.lead.length;
    // A token too wide even for a fresh line (a smali method) stays after a short lead ("│ 调用者 caller:"):
    // breaking there would only leave the lead alone on a line.
    const stays = displayWidth(indent) + w > width && curW <= SHORT_LEAD;
    if (!empty && curW + gap + w > width && !stays) {
      lines.push(cur);
      cur = indent + t.text;
      curW = displayWidth(indent) + w;
    } else {
      cur += (empty ? '' : t.lead) + t.text;
      curW += gap + w;
    }
    empty = false;
  }
  lines.push(cur);
  return lines;
}
