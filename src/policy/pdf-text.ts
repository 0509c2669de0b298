// PDF → text with pdf.js's legacy (Node) build. Offline: CMaps and standard fonts come from the installed
// package, no worker is fetched (the Node build runs its worker in-process), eval is off.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PiscopeError, ErrorCode } from '../errors.ts';

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
}

const MAX_PAGES = 500;

// Fonts subset by print engines often map hanzi to the Kangxi / CJK radical code points (⼈ for 人, ⺠ for 民).
const RADICALS: Record<string, string> = {
  '⺠': '民', '⻓': '长', '⻔': '门', '⻜': '飞', '⻢': '马', '⻋': '车', '⻅': '见', '⻚': '页', '⻛': '风', '⻝': '食',
  '⻥': '鱼', '⻦': '鸟', '⻆': '角', '⻘': '青', '⻬': '齐', '⻰': '龙', '⻳': '龟', '⺟': '母', '⺫': '目', '⺝': '月',
  '⻣': '骨', '⻉': '贝', '⻄': '西', '⻩': '黄', '⻨': '麦', '⻤': '鬼', '⻭': '齿', '⻮': '齿', '⺁': '厂', '⺇': '几',
};

function normaliseGlyphs(line: string): string {
  return line.replace(/[\u2e80-\u2eff\u2f00-\u2fdf]/g, (c) => RADICALS[c] ?? c.normalize('NFKC'));
}

/** pdf.js gives visual lines; a paragraph ends at a blank line. Join wrapped lines, with no space between hanzi. */
function joinWrapped(lines: string[]): string {
  const out: string[] = [];
  let para = '';
  for (const l of lines) {
    if (l.trim() === '') {
      if (para !== '') out.push(para);
      para = '';
      continue;
    }
    if (para === '') para = l;
    else {
      const a = para.charCodeAt(para.length - 1);
      const b = l.trimStart().charCodeAt(0);
      para += a < 0x2e80 && b < 0x2e80 ? ` ${l.trimStart()}` : l.trimStart();
    }
  }
  if (para !== '') out.push(para);
  return out.join('\n');
}

function pdfjsDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

export async function pdfToText(bytes: Uint8Array, name: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const dir = pdfjsDir();
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
    stopAtErrors: false,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    throw new PiscopeError(ErrorCode.POLICY_UNREADABLE, `not a readable PDF (${e instanceof Error ? e.message : String(e)})`, {
      structure: 'pdf',
      file: name,
      cause: e,
    });
  }
  try {
    const lines: string[] = [];
    const pages = Math.min(doc.numPages, MAX_PAGES);
    for (let p = 1; p <= pages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let line = '';
      let lastY: number | null = null;
      for (const raw of content.items) {
        const item = raw as TextItemLike;
        if (typeof item.str !== 'string') continue;
        const y = item.transform?.[5] ?? null;
        // A new baseline is a new line even when pdf.js did not mark EOL.
        if (lastY !== null && y !== null && Math.abs(y - lastY) > 2 && line !== '') {
          lines.push(line);
          line = '';
        }
        line += item.str;
        lastY = y;
        if (item.hasEOL === true) {
          lines.push(line);
          line = '';
          lastY = null;
        }
      }
      if (line !== '') lines.push(line);
      page.cleanup();
    }
    return joinWrapped(lines.map((l) => normaliseGlyphs(l.replace(/\s+$/, ''))));
  } finally {
    await doc.destroy();
  }
}
