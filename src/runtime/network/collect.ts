// Reads the captures given with a scan (HAR; pcap/pcapng when pcap.ts knows the file) into NetworkFacts.
// A capture that cannot be read at all is an error naming it; a bad entry inside one is a problem and the
// rest is read.
import type { AnalysisFacts } from '../../analysis/facts.ts';
import { digestOf, worthMatching } from '../digest.ts';
import type { KnownValue, RuntimeFacts } from '../facts.ts';
import { NetworkCollector, type NetworkFacts } from './facts.ts';
import { CaptureError, MAX_HAR, parseHar, readBounded, type ReadCapture } from './har.ts';
import { maskToken } from './match.ts';
import { isPcap, parsePcap } from './pcap.ts';
import type { CaptureSource } from './types.ts';

export { CaptureError } from './har.ts';

/** One capture's bytes → its requests, by what its first bytes show. */
export async function readCapture(source: CaptureSource): Promise<ReadCapture> {
  let bytes: Buffer | null = await readBounded(source.open(), source.path, MAX_HAR, 'capture');
  if (isPcap(bytes)) return parsePcap(bytes, source.path);
  const head = bytes.subarray(0, 64).toString('utf8').trimStart();
  if (!head.startsWith('{') && !head.startsWith('\ufeff{')) throw new CaptureError(source.path, 'neither a HAR (JSON) nor a pcap/pcapng capture');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CaptureError(source.path, 'a HAR must be UTF-8 (it is not)');
  }
  // The bytes are not needed once decoded: let them go before JSON.parse builds the document.
  bytes = null;
  return parseHar(text, source.path);
}

/**
 * Device values a lab gives (`--device-values`): `{"device.imei": "86…", "device.android-id": ["…", "…"]}`,
 * data-type ids to values. Values too short or placeholders are refused: finding them proves nothing.
 */
export function parseGivenValues(text: string, file: string, known: ReadonlySet<string>): KnownValue[] {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new CaptureError(file, `not JSON (${(e as Error).message.slice(0, 80)})`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new CaptureError(file, 'must map data-type ids (device.imei, device.android-id, …) to a value or a list of values');
  const out: KnownValue[] = [];
  for (const [type, v] of Object.entries(o as Record<string, unknown>)) {
    if (!known.has(type)) throw new CaptureError(file, `"${type}" is not a data-type id of src/knowledge/data-types.json`);
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) {
      if (typeof x !== 'string') throw new CaptureError(file, `"${type}": values must be strings`);
      if (!worthMatching(x)) throw new CaptureError(file, `"${type}": ${maskToken(x.trim())} is too short or a placeholder to prove anything`);
      out.push({ dataType: type, digest: digestOf(x), masked: maskToken(x.trim()), source: { kind: 'given', file } });
    }
  }
  return out;
}

export async function collectNetwork(
  sources: readonly CaptureSource[],
  facts: Pick<AnalysisFacts, 'sdks' | 'urls'>,
  packageName: string | null,
  runtime: RuntimeFacts | undefined,
  given: readonly KnownValue[] = [],
): Promise<NetworkFacts> {
  const c = new NetworkCollector(facts, packageName, runtime, given);
  for (const s of sources) {
    const r = await readCapture(s);
    c.capture(s.path, r.requests, r.problems);
  }
  return c.finish();
}
