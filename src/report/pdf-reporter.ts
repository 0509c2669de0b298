// PDF: the HTML report printed by the system's headless Chromium (Debian's /usr/bin/chromium) through
// playwright-core. We never download a browser; a missing one is a usage problem with a clear fix.
import { existsSync } from 'node:fs';
import { PiscopeError, ErrorCode } from '../errors.ts';
import { htmlReporter } from './html-reporter.ts';
import type { Report } from './types.ts';

export const CHROMIUM_PATH = process.env.PISCOPE_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL_HINT = 'apt-get install chromium fonts-noto-cjk';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function pdfReporter(report: Report): Promise<Uint8Array> {
  return htmlToPdf(htmlReporter(report));
}

export async function htmlToPdf(html: string, executablePath: string = CHROMIUM_PATH): Promise<Uint8Array> {
  if (!existsSync(executablePath)) {
    throw new PiscopeError(ErrorCode.PDF_RENDERER_MISSING, `PDF needs Chromium at ${executablePath}, which is missing; install it with: ${INSTALL_HINT}`);
  }
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
  } catch (e) {
    throw new PiscopeError(ErrorCode.PDF_RENDERER_MISSING, `could not start Chromium at ${executablePath} (${firstLine(e)}); install it with: ${INSTALL_HINT}`, { cause: e });
  }
  try {
    const page = await browser.newPage();
    // The report fetches nothing; refuse any request so a hostile string can never reach the network.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } catch (e) {
    throw new PiscopeError(ErrorCode.PDF_RENDER_FAILED, `Chromium failed to print the report: ${firstLine(e)}`, { cause: e });
  } finally {
    await browser.close();
  }
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}
