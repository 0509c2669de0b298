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
    return lines.map((l) => l.replace(/\s+$/, '')).join('\n');
  } finally {
    await doc.destroy();
  }
}
