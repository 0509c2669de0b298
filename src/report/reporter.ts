// The registry of report formats. A reporter is a pure function of a Report (PDF is async because it prints
// through a browser); only the CLI writes the result anywhere.
import { jsonReporter } from './json-reporter.ts';
import { textReporter } from './text-reporter.ts';
import { htmlReporter } from './html-reporter.ts';
import { pdfReporter } from './pdf-reporter.ts';
import { sarifReporter } from './sarif-reporter.ts';
import type { Report } from './types.ts';

export interface ReportOptions {
  /** ANSI colour in the text format (the CLI sets it from the terminal and NO_COLOR). */
  color?: boolean;
}

export type ReportOutput = string | Uint8Array;
export type Reporter = (report: Report, opts: ReportOptions) => ReportOutput | Promise<ReportOutput>;

export const REPORT_FORMATS = ['text', 'json', 'html', 'pdf', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reporters: Record<ReportFormat, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  html: htmlReporter,
  pdf: pdfReporter,
  sarif: sarifReporter,
};

/** File extension for `--out <folder>` in batch mode. */
export const FORMAT_EXTENSION: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  html: 'html',
  pdf: 'pdf',
  sarif: 'sarif',
};

export async function renderReport(report: Report, format: ReportFormat, opts: ReportOptions = {}): Promise<ReportOutput> {
  return reporters[format](report, opts);
}
