// The contract format (../shared/spec/README.md): one Report object, as is, with a trailing newline.
import type { Report } from './types.ts';

export function jsonReporter(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
