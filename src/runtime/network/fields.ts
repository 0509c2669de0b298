// A request → the named places a value can travel in: query parameters, path segments, headers, cookies and
// body fields (form, JSON leaves, and JSON nested in a field, as SDKs often send `data={"imei":…}`).
import type { NameValue, NetRequest } from './types.ts';

export type FieldPlace = 'query' | 'path' | 'header' | 'cookie' | 'body';

export interface Field {
  readonly where: FieldPlace;
  /** The parameter, header or cookie name; a JSON path (`device.imei`, `apps[3]`) for JSON leaves; `(body)` for raw text. */
  readonly name: string;
  readonly value: string;
}

const MAX_FIELDS = 5000;
const MAX_DEPTH = 4;

function tryJson(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function formPairs(text: string): NameValue[] | null {
  if (!/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*&?$/u.test(text.trim())) return null;
  try {
    return [...new URLSearchParams(text.trim())].map(([name, value]) => ({ name, value }));
  } catch {
    return null;
  }
}

/** Every place of the request that may carry a value, bounded to MAX_FIELDS. */
export function fieldsOf(req: NetRequest): Field[] {
  const out: Field[] = [];
  const add = (where: FieldPlace, name: string, value: string, depth: number): void => {
    if (out.length >= MAX_FIELDS) return;
    // A field whose value is JSON (as SDKs wrap their payloads) adds its leaves first, so that a value is
    // reported at the most exact place that holds it; the whole field follows.
    if (depth < MAX_DEPTH && value.length > 2) {
      const j = tryJson(value);
      if (j !== undefined) leaves(where, name, j, depth + 1);
    }
    if (out.length < MAX_FIELDS) out.push({ where, name, value });
  };
  const leaves = (where: FieldPlace, path: string, v: unknown, depth: number): void => {
    if (out.length >= MAX_FIELDS) return;
    if (Array.isArray(v)) v.forEach((x, i) => leaves(where, `${path}[${i}]`, x, depth));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) leaves(where, path === '' ? k : `${path}.${k}`, x, depth);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') add(where, path, String(v), depth);
  };
  if (req.visibility !== 'full') return out;
  const url = new URL(req.url);
  for (const [name, value] of url.searchParams) add('query', name, value, 0);
  url.pathname.split('/').forEach((seg, i) => {
    if (seg.length >= 8) add('path', `/${i}`, decodeURIComponentSafe(seg), 0);
  });
  for (const h of req.headers) {
    if (h.name.toLowerCase() === 'cookie') {
      for (const part of h.value.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0) add('cookie', part.slice(0, eq).trim(), part.slice(eq + 1).trim(), 0);
      }
    } else add('header', h.name, h.value, 0);
  }
  for (const p of req.params) add('body', p.name, p.value, 0);
  if (req.body !== null) {
    const text = req.body.text;
    const json = tryJson(text);
    const form = json === undefined && /x-www-form-urlencoded/iu.test(req.body.mimeType) ? formPairs(text) : json === undefined ? formPairs(text) : null;
    if (json !== undefined) leaves('body', '', json, 1);
    else if (form !== null) for (const p of form) add('body', p.name, p.value, 0);
    // The raw text too: a value in a format no parser here knows is still found as a token.
    out.push({ where: 'body', name: '(body)', value: text });
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
