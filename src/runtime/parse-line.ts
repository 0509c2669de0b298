// One trace line → a checked TraceLine, or the reason it is refused. The same rules as docs/trace.schema.json
// (parse-line.test.ts runs both on the same lines), written out so that reading needs no schema library.
import type { TraceLine } from './types.ts';

const MARKERS = new Set(['consent', 'permission-request', 'permission-result', 'app-start', 'app-stop', 'foreground', 'background', 'user-action']);
const STATES = new Set(['foreground', 'background', 'unknown']);
const STACK_KINDS = new Set(['full', 'top', 'none']);
const API_ID = /^[a-z0-9][a-z0-9.-]*$/u;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown, max: number, maxLen = Infinity): boolean {
  return Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string' && s.length <= maxLen);
}

function optNum(o: Obj, k: string, int = false): string | null {
  const v = o[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (int && !Number.isInteger(v))) return `"${k}" must be a ${int ? 'non-negative integer' : 'non-negative number'}`;
  return null;
}

function timed(o: Obj): string | null {
  if (typeof o.wall !== 'number' || !Number.isFinite(o.wall) || o.wall < 0) return '"wall" (ms since the epoch) is required';
  return optNum(o, 'mono') ?? optNum(o, 'pid', true) ?? optNum(o, 'tid', true);
}

function optString(o: Obj, k: string, nullable = false): string | null {
  const v = o[k];
  if (v === undefined || (nullable && v === null) || typeof v === 'string') return null;
  return `"${k}" must be a string${nullable ? ' or null' : ''}`;
}

function checkHeader(o: Obj): string | null {
  if (o.format !== 'piscope-trace') return '"format" must be "piscope-trace"';
  if (o.version !== 1) return `unsupported version ${JSON.stringify(o.version)}`;
  if (typeof o.source !== 'string' || o.source === '') return '"source" is required';
  if (typeof o.session !== 'string' || o.session === '') return '"session" is required';
  const l = o.limits;
  if (!isObj(l)) return '"limits" is required';
  if (typeof l.stack !== 'string' || !STACK_KINDS.has(l.stack)) return '"limits.stack" must be full, top or none';
  if (typeof l.timeResolutionMs !== 'number' || !(l.timeResolutionMs > 0)) return '"limits.timeResolutionMs" must be > 0';
  for (const k of ['consentMarkers', 'foreground', 'permissionMarkers']) if (typeof l[k] !== 'boolean') return `"limits.${k}" must be a boolean`;
  return optString(o, 'package', true) ?? optString(o, 'device', true) ?? (o.started !== undefined && o.started !== null && typeof o.started !== 'number' ? '"started" must be a number' : null);
}

function checkApi(o: Obj): string | null {
  const t = timed(o);
  if (t !== null) return t;
  if (o.api !== null && (typeof o.api !== 'string' || !API_ID.test(o.api))) return '"api" must be a catalogue id or null';
  if (typeof o.method !== 'string' || o.method === '') return '"method" is required';
  if (o.state !== undefined && (typeof o.state !== 'string' || !STATES.has(o.state))) return '"state" must be foreground, background or unknown';
  if (o.args !== undefined && !strings(o.args, 64)) return '"args" must be at most 64 strings';
  if (!strings(o.stack, 512, 2000)) return '"stack" must be at most 512 strings';
  if (o.retDigest !== undefined && o.retDigest !== null && !digestOk(o.retDigest)) return '"retDigest" must be {sha256, md5?, sha1?: lower-case hex, length: integer > 0}';
  return optString(o, 'ret', true) ?? optString(o, 'threw', true);
}

function digestOk(d: unknown): boolean {
  if (!isObj(d)) return false;
  const hex = (k: string, n: number, required: boolean): boolean => (d[k] === undefined ? !required : typeof d[k] === 'string' && d[k].length === n && /^[0-9a-f]+$/u.test(d[k]));
  return hex('sha256', 64, true) && hex('md5', 32, false) && hex('sha1', 40, false) && typeof d.length === 'number' && Number.isInteger(d.length) && d.length > 0;
}

function checkMarker(o: Obj): string | null {
  const t = timed(o);
  if (t !== null) return t;
  if (typeof o.marker !== 'string' || !MARKERS.has(o.marker)) return `unknown marker ${JSON.stringify(o.marker)}`;
  if (o.answer !== undefined && o.answer !== 'given' && o.answer !== 'refused') return '"answer" must be given or refused';
  if (o.marker === 'consent' && o.answer === undefined) return 'a consent marker needs "answer"';
  if (o.permissions !== undefined && !strings(o.permissions, 64)) return '"permissions" must be at most 64 strings';
  if ((o.marker === 'permission-request' || o.marker === 'permission-result') && o.permissions === undefined) return `a ${o.marker} marker needs "permissions"`;
  if (o.granted !== undefined && typeof o.granted !== 'boolean') return '"granted" must be a boolean';
  if (o.marker === 'permission-result' && o.granted === undefined) return 'a permission-result marker needs "granted"';
  if (o.stack !== undefined && !strings(o.stack, 512, 2000)) return '"stack" must be at most 512 strings';
  return optString(o, 'detail');
}

/** The line as a TraceLine, or why it is refused. */
export function parseTraceLine(text: string): TraceLine | { error: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON (${(e as Error).message.slice(0, 80)})` };
  }
  if (!isObj(o)) return { error: 'not a JSON object' };
  const why = o.type === 'header' ? checkHeader(o) : o.type === 'api' ? checkApi(o) : o.type === 'marker' ? checkMarker(o) : `unknown "type" ${JSON.stringify(o.type)?.slice(0, 40) ?? ''}`;
  return why === null ? (o as unknown as TraceLine) : { error: why };
}
