// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) → the requests the app sent. A HAR is one JSON
// document, so it is read whole but bounded: a file over MAX_HAR bytes is refused before parsing (no streaming
// JSON parser is installed, and JSON.parse needs the text whole). Responses are not kept: what the app sent is
// the question. A malformed file is one error naming the file and what is wrong; a malformed entry is one
// problem naming its index, and the other entries are read.
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { jsonErrorOffset, lineColumn } from './json-error.ts';
import { MAX_BODY, type CaptureProblem, type NameValue, type NetRequest } from './types.ts';

/** The largest HAR read: JSON.parse of it peaks at a few times its size. Split bigger captures. */
export const MAX_HAR = 256 * 1024 * 1024;
const MAX_ENTRIES = 1_000_000;
const MAX_HEADERS = 256;

/** A capture that cannot be read at all (named by `file`; describeError puts the name first). */
export class CaptureError extends PiscopeError {
  constructor(file: string, message: string) {
    super(ErrorCode.CAPTURE_MALFORMED, message, { file });
  }
}

export interface ReadCapture {
  readonly requests: NetRequest[];
  readonly problems: CaptureProblem[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads up to `max` bytes of a stream; more is an error naming the file (nothing past the limit is held). */
export async function readBounded(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, file: string, max: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > max) throw new CaptureError(file, `${what} larger than ${Math.round(max / 1048576)} MiB: split the capture`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts, size);
}

function nameValues(v: unknown, max: number): NameValue[] {
  if (!Array.isArray(v)) return [];
  const out: NameValue[] = [];
  for (const x of v.slice(0, max)) if (isObj(x) && typeof x.name === 'string') out.push({ name: x.name, value: typeof x.value === 'string' ? x.value : typeof x.value === 'number' || typeof x.value === 'boolean' ? String(x.value) : '' });
  return out;
}

/** HAR text → requests. Throws CaptureError when the file is not a HAR at all. */
export function parseHar(text: string, file: string): ReadCapture {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(t);
  } catch {
    // V8's message may quote a snippet with line breaks in it: the place is said by line and column instead.
    const at = jsonErrorOffset(t);
    const what = at >= t.length ? 'the text ends too early' : `unexpected ${JSON.stringify(t.slice(at, at + 12))}`;
    throw new CaptureError(file, `not JSON: ${what} at ${lineColumn(t, at)}`);
  }
  if (!isObj(root) || !isObj(root.log)) throw new CaptureError(file, 'not a HAR: no "log" object at the top');
  const entries = root.log.entries;
  if (!Array.isArray(entries)) throw new CaptureError(file, 'not a HAR: "log.entries" is not a list');
  if (entries.length > MAX_ENTRIES) throw new CaptureError(file, `${entries.length} entries, more than ${MAX_ENTRIES}: split the capture`);
  const requests: NetRequest[] = [];
  const problems: CaptureProblem[] = [];
  entries.forEach((entry: unknown, i) => {
    const where = `entries[${i}]`;
    const bad = (message: string): void => void problems.push({ file, where, message });
    if (!isObj(entry) || !isObj(entry.request)) return bad('no "request" object');
    const r = entry.request;
    if (typeof r.url !== 'string' || r.url === '') return bad('no "request.url"');
    let url: URL;
    try {
      url = new URL(r.url);
    } catch {
      return bad(`"request.url" is not a URL: ${r.url.slice(0, 80)}`);
    }
    const method = typeof r.method === 'string' && r.method !== '' ? r.method.toUpperCase() : 'GET';
    let started: number | null = null;
    if (typeof entry.startedDateTime === 'string') {
      const ms = Date.parse(entry.startedDateTime);
      if (Number.isFinite(ms)) started = ms;
      else bad(`"startedDateTime" is not a date: ${entry.startedDateTime.slice(0, 40)} (the request is read without a time)`);
    }
    let body: NetRequest['body'] = null;
    let params: NameValue[] = [];
    if (isObj(r.postData)) {
      const text = typeof r.postData.text === 'string' ? r.postData.text : '';
      const mimeType = typeof r.postData.mimeType === 'string' ? r.postData.mimeType : '';
      if (text !== '') body = { mimeType, text: text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text, truncated: text.length > MAX_BODY };
      params = nameValues(r.postData.params, MAX_HEADERS);
    }
    const scheme = url.protocol === 'http:' ? 'http' : url.protocol === 'https:' ? 'https' : 'other';
    requests.push({ file, where, started, method, url: r.url, scheme, host: url.hostname.toLowerCase().replace(/^\[|\]$/gu, ''), headers: nameValues(r.headers, MAX_HEADERS), body, params, visibility: 'full' });
  });
  return { requests, problems };
}
