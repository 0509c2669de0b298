// Streaming trace reader: lines are split from the byte stream here (not readline) so that one hostile line
// of a gigabyte costs at most MAX_LINE bytes; a bad line is reported with its file and line number and
// reading goes on.
import { parseTraceLine } from './parse-line.ts';
import type { TraceLine, TraceLocation, TraceProblem } from './types.ts';

/** A line longer than this is refused (a full 512-frame stack is about 60 KB). */
export const MAX_LINE = 1 << 20;

export type TraceItem = { readonly line: TraceLine; readonly at: TraceLocation } | { readonly problem: TraceProblem };

/** Splits a byte stream into lines of at most `max` bytes; longer ones come back as `null` (skipped). */
export async function* splitLines(stream: AsyncIterable<Uint8Array>, max = MAX_LINE): AsyncGenerator<Buffer | null> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      if (!tooLong) {
        if (size + end - start > max) {
          tooLong = true;
          parts = [];
          size = 0;
        } else if (end > start) {
          parts.push(buf.subarray(start, end));
          size += end - start;
        }
      }
      if (nl === -1) break;
      yield tooLong ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      parts = [];
      size = 0;
      tooLong = false;
      start = nl + 1;
    }
    // Keep no reference to the chunk's backing store beyond the pending line.
    if (parts.length > 0) parts = [Buffer.from(Buffer.concat(parts, size))];
  }
  if (tooLong) yield null;
  else if (size > 0) yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a trace stream: every line as a TraceLine or a problem; blank lines are skipped. */
export async function* readTraceStream(stream: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<TraceItem> {
  let n = 0;
  for await (const bytes of splitLines(stream)) {
    n++;
    if (bytes === null) {
      yield { problem: { file, line: n, message: `line longer than ${MAX_LINE} bytes` } };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      yield { problem: { file, line: n, message: 'not UTF-8' } };
      continue;
    }
    if (text.trim() === '') continue;
    const r = parseTraceLine(text.endsWith('\r') ? text.slice(0, -1) : text);
    if ('error' in r) yield { problem: { file, line: n, message: r.error } };
    else yield { line: r, at: { file, line: n } };
  }
}

export function formatProblem(p: TraceProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
