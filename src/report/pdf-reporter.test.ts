import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CHROMIUM_PATH, htmlToPdf, pdfReporter } from './pdf-reporter.ts';
import { sampleReport } from './testing/sample-report.ts';
import { ErrorCode, PiscopeError } from '../errors.ts';

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('') + '\n';
  }
  const pages = doc.numPages;
  await doc.destroy();
  // Noto CJK maps some glyphs to Kangxi radicals (人 → U+2F08) in ToUnicode; NFKC folds them back.
  return { pages, text: text.normalize('NFKC') };
}

describe('pdf reporter', () => {
  it.skipIf(!existsSync(CHROMIUM_PATH))('prints the HTML report with Chinese text', async () => {
    const pdf = await pdfReporter(sampleReport());
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain('个人信息合规检测报告');
    expect(text).toContain('同意隐私政策前收集IMEI');
    // The hostile label is printed as text, not run.
    expect(text).toContain('演示<script>alert(1)</script>');
  });

  it('names what to install when Chromium is missing', async () => {
    const err = await htmlToPdf('<p>x</p>', '/nonexistent/chromium').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PiscopeError);
    expect((err as PiscopeError).code).toBe(ErrorCode.PDF_RENDERER_MISSING);
    expect((err as PiscopeError).message).toContain('apt-get install chromium fonts-noto-cjk');
  });
});
