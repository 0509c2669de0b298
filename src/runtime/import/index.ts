// Importers of other recorders' logs into piscope's trace format, chosen by what the file's start shows.
import type { TraceItem } from '../read-trace.ts';
import { appScan, camille } from './alert-send.ts';
import { androidPrivacyMonitor } from './android-privacy-monitor.ts';

export interface Importer {
  readonly id: string;
  /** Whether the start of a file (up to 16 KiB) is this recorder's log. */
  sniff(head: string): boolean;
  read(stream: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<TraceItem>;
}

export const IMPORTERS: readonly Importer[] = [androidPrivacyMonitor, camille, appScan];

/** The importer for a file, or null for piscope's own format (which is tried last and checked line by line). */
export function detectImport(head: string): Importer | null {
  const first = head.split('\n').find((l) => l.trim() !== '') ?? '';
  if (first.includes('"piscope-trace"') || /^\s*\{"type":"(?:api|marker)"/u.test(first)) return null;
  return IMPORTERS.find((i) => i.sniff(head)) ?? null;
}
