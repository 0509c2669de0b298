// HTML → plain text that keeps structure in a Markdown-like form the structure parser reads: headings as
// "# …", list items as "- …", table rows as "| a | b |". A small tolerant scanner, not a DOM: policies are
// simple pages, and a hostile page can only make it output odd text, never loop (each step advances).
// A link's target is kept after its text, "隐私政策（https://…）" as the Markdown reader does, where the text alone
// would lose it: in table cells (an SDK table's "隐私政策" column is the SDK's policy link) and for links whose
// text only says "click here".

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'thead',
  'tbody', 'tfoot', 'blockquote', 'pre', 'form', 'nav', 'aside', 'hr', 'center', 'caption', 'figure', 'address',
]);
const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg', 'iframe', 'object']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', middot: '·',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', hellip: '…', mdash: '—', ndash: '–', copy: '©', reg: '®',
  times: '×', bull: '•', laquo: '«', raquo: '»', yen: '¥',
};

const HREF = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
/** Link texts that do not say where they go. */
const BARE_LINK_TEXT = /点击|查看|详见|详情|链接|网址|地址|点此|这里|此处|官网|^\s*(?:link|here|click)/i;

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, body: string) => {
    if (body.startsWith('#')) {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  let line = '';
  let inCell = false;
  let rowCells: string[] | null = null;
  const flush = (): void => {
    const t = line.replace(/[ \t\u00a0\u3000]+/g, ' ').trim();
    if (t !== '') out.push(t);
    line = '';
  };
  // The open <a>: its http(s) target and the text written since.
  let anchor: { href: string; text: string } | null = null;
  const emit = (s: string): void => {
    if (anchor !== null) anchor.text += s;
    if (inCell && rowCells !== null && rowCells.length > 0) rowCells[rowCells.length - 1] = `${rowCells[rowCells.length - 1] ?? ''}${s}`;
    else line += s;
  };
  const closeAnchor = (): void => {
    const a = anchor;
    anchor = null;
    if (a === null || a.text.includes(a.href)) return;
    if (inCell || BARE_LINK_TEXT.test(a.text)) emit(`（${a.href}）`);
  };
  const endRow = (): void => {
    if (rowCells === null) return;
    const cells = rowCells.map((c) => c.replace(/\s+/g, ' ').replace(/\|/g, '/').trim());
    if (cells.some((c) => c !== '')) out.push(`| ${cells.join(' | ')} |`);
    rowCells = null;
    inCell = false;
  };
  let i = 0;
  let pre = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      let t = decodeEntities(html.slice(i, textEnd));
      if (pre === 0) t = t.replace(/\s+/g, ' ');
      else if (!inCell) {
        // <pre>: keep its line breaks.
        const parts = t.split('\n');
        for (let k = 0; k < parts.length; k++) {
          if (k > 0) flush();
          line += parts[k] ?? '';
        }
        t = '';
      }
      if (t !== '') emit(t);
    }
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) {
      // A '<' that never closes is text, not a tag.
      emit(decodeEntities(html.slice(lt)).replace(/\s+/g, ' '));
      break;
    }
    const m = /^<\s*(\/?)\s*([a-zA-Z][\w:-]*)/.exec(html.slice(lt, Math.min(gt + 1, lt + 64)));
    i = gt + 1;
    if (m === null) continue;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (tag === 'a') {
      closeAnchor();
      if (!closing) {
        const h = HREF.exec(html.slice(lt, gt));
        const href = h === null ? '' : decodeEntities(h[1] ?? h[2] ?? h[3] ?? '').trim();
        if (/^https?:\/\/[^\s"'<>]+$/i.test(href)) anchor = { href, text: '' };
      }
      continue;
    }
    if (SKIP.has(tag) && !closing) {
      const close = new RegExp(`</\\s*${tag}\\s*>`, 'i');
      const rest = close.exec(html.slice(i));
      i = rest === null ? n : i + rest.index + rest[0].length;
      continue;
    }
    if (tag === 'pre') pre += closing ? (pre > 0 ? -1 : 0) : 1;
    if (tag === 'tr' || (tag === 'table' && closing)) {
      closeAnchor();
      if (tag === 'tr' && !closing) {
        endRow();
        flush();
        rowCells = [];
      } else endRow();
      continue;
    }
    if (tag === 'td' || tag === 'th') {
      // A link left open ends with its cell, so its target stays in that cell.
      closeAnchor();
      if (!closing) {
        if (rowCells === null) {
          flush();
          rowCells = [];
        }
        rowCells.push('');
        inCell = true;
      } else inCell = false;
      continue;
    }
    if (inCell) {
      // Inside a cell, line structure becomes a separator so one row stays one line.
      if (tag === 'br' || tag === 'p' || tag === 'div' || tag === 'li') emit(' ');
      continue;
    }
    if (/^h[1-6]$/.test(tag)) {
      flush();
      if (!closing) line = '#'.repeat(Number(tag[1])) + ' ';
      continue;
    }
    if (tag === 'li') {
      flush();
      if (!closing) line = '- ';
      continue;
    }
    if (tag === 'br') {
      flush();
      continue;
    }
    if (BLOCK.has(tag)) flush();
  }
  endRow();
  flush();
  return out.join('\n');
}
