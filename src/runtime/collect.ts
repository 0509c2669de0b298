// Reads the traces given with a scan into RuntimeFacts: each file streamed once, in the format its first
// bytes show (piscope's own, or an importer's), with the static facts for attribution.
import type { AnalysisFacts } from '../analysis/facts.ts';
import { RuntimeCollector, type LimitFile, type RuntimeFacts } from './facts.ts';
import { detectImport } from './import/index.ts';
import { readTraceStream, type TraceItem } from './read-trace.ts';

export interface TraceSource {
  readonly path: string;
  /** The bytes: a file stream, or chunks held in memory. */
  open(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** The stream with its first `n` bytes (or fewer) taken off for sniffing, and the whole stream again. */
async function peek(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, n: number): Promise<{ head: Buffer; all: AsyncIterable<Uint8Array> }> {
  const it = (async function* () {
    yield* stream;
  })();
  const taken: Buffer[] = [];
  let size = 0;
  while (size < n) {
    const r = await it.next();
    if (r.done === true) break;
    const b = Buffer.from(r.value);
    taken.push(b);
    size += b.length;
  }
  const all = (async function* () {
    yield* taken;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield r.value;
    }
  })();
  return { head: Buffer.concat(taken), all };
}

export async function* traceItems(source: TraceSource): AsyncGenerator<TraceItem> {
  const { head, all } = await peek(source.open(), 1 << 14);
  const text = head.toString('utf8');
  const importer = detectImport(text);
  if (importer !== null) {
    yield* importer.read(all, source.path);
    return;
  }
  // Not JSON from the first line on and no importer knows it: one problem for the file, not one per line.
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0 && !lines[first]!.trimStart().startsWith('{')) {
    yield { problem: { file: source.path, line: first + 1, message: 'not a piscope trace (JSON Lines, docs/trace-format.md) nor a camille, AppScan or AndroidPrivacyMonitor log' } };
    return;
  }
  yield* readTraceStream(all, source.path);
}

export async function collectRuntime(
  sources: readonly TraceSource[],
  facts: Pick<AnalysisFacts, 'sdks' | 'appPackages'>,
  options: { signal?: AbortSignal; limits?: LimitFile } = {},
): Promise<RuntimeFacts> {
  const c = new RuntimeCollector(facts, options.limits);
  for (const source of sources) {
    let n = 0;
    for await (const item of traceItems(source)) {
      if ((++n & 0xffff) === 0 && options.signal?.aborted === true) throw new Error('cancelled');
      if ('problem' in item) c.problem(item.problem);
      else if (item.line.type === 'header') c.header(item.line, item.at);
      else if (item.line.type === 'api') c.api(item.line, item.at);
      else c.marker(item.line, item.at);
    }
  }
  return c.finish();
}
