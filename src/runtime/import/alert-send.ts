// camille (zhengjim/camille, script.js) and AppScan (TongchengOpenSource/AppScan, helper/default.js) send
// one message per hooked call: {type, time, action, messages, arg, stacks}. A log of them, one JSON object a
// line (the message itself, frida's {"type":"send","payload":…} or AppScan's WebSocket {"type":
// "method_result","data":…}), becomes trace lines. What they lack, kept in the header's limits:
// - `time` is `get_format_time()`: whole seconds, local time with no zone (taken as UTC), and a month from
//   getMonth() (0-based: "2025-5-4" is 4 June), unpadded;
// - no consent, foreground or permission-answer markers (requestPermissions calls become requests);
// - `stacks` is the whole Java stack (getStackTrace of a new Exception), innermost first.
import { splitLines, type TraceItem } from '../read-trace.ts';
import type { TraceHeader, TraceLine } from '../types.ts';
import { apiIdFor, mask, digestField } from './catalogue.ts';
import type { Importer } from './index.ts';

type Obj = Record<string, unknown>;

function limits(tool: string): TraceHeader['limits'] {
  return { stack: 'full', timeResolutionMs: 1000, consentMarkers: false, foreground: false, permissionMarkers: false, note: `${tool} log: 1-second local time taken as UTC, no consent/foreground/permission-answer markers` };
}

function payloadOf(o: Obj): Obj | null {
  const inner = o.type === 'send' ? o.payload : o.type === 'method_result' && typeof o.data === 'object' ? o.data : o;
  if (typeof inner !== 'object' || inner === null) return null;
  const p = inner as Obj;
  return typeof p.time === 'string' && ('stacks' in p || 'action' in p) ? p : null;
}

/** "2025-5-4 11:39:31" (getMonth(), 0-based) → ms, or null. */
export function alertTime(t: string): number | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/u.exec(t.trim());
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  return Date.UTC(y, mo, d, h, mi, s);
}

function argsOf(arg: unknown): string[] {
  if (typeof arg === 'string') return arg === '' ? [] : [arg];
  if (Array.isArray(arg)) return arg.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? ''));
  return arg === undefined || arg === null ? [] : [JSON.stringify(arg) ?? ''];
}

function makeImporter(id: 'camille' | 'appscan', tool: string, kind: string): Importer {
  return {
    id,
    sniff: (head) => {
      const first = head.split('\n').find((l) => l.trim() !== '') ?? '';
      return first.includes(`"${kind}"`) && first.includes('"stacks"');
    },
    async *read(stream, file): AsyncGenerator<TraceItem> {
      let n = 0;
      let headerDone = false;
      for await (const bytes of splitLines(stream)) {
        n++;
        const at = { file, line: n };
        if (bytes === null) {
          yield { problem: { file, line: n, message: 'line longer than 1 MiB' } };
          continue;
        }
        const text = bytes.toString('utf8').trim();
        if (text === '') continue;
        let o: unknown;
        try {
          o = JSON.parse(text);
        } catch {
          yield { problem: { file, line: n, message: `not a ${tool} message (not JSON)` } };
          continue;
        }
        const p = typeof o === 'object' && o !== null ? payloadOf(o as Obj) : null;
        if (p === null) {
          // AppScan's capture results and frida errors are not hooked calls.
          if (typeof o === 'object' && o !== null && ((o as Obj).type === 'request_result' || (o as Obj).type === 'frida_error')) continue;
          yield { problem: { file, line: n, message: `not a ${tool} message: no time and stacks` } };
          continue;
        }
        const wall = alertTime(String(p.time));
        if (wall === null) {
          yield { problem: { file, line: n, message: `unreadable time ${JSON.stringify(p.time).slice(0, 40)}` } };
          continue;
        }
        if (!headerDone) {
          headerDone = true;
          yield { line: { type: 'header', format: 'piscope-trace', version: 1, source: id, session: `${file}#1`, package: null, limits: limits(tool) }, at };
        }
        const stack = typeof p.stacks === 'string' ? p.stacks.split(/\r?\n/u).map((l) => l.trim()).filter((l) => l !== '') : [];
        const top = /^(?:at\s+)?([\w$.]+)\(/u.exec(stack[0] ?? '')?.[1] ?? '';
        const args = argsOf(p.arg);
        let line: TraceLine;
        if (/\.requestPermissions$/u.test(top)) {
          const perms = args.join(' ').match(/android\.permission\.[A-Z_]+/gu) ?? [];
          line = { type: 'marker', marker: 'permission-request', wall, permissions: [...new Set(perms)], stack };
        } else {
          const what = [p.action, p.messages].filter((x) => typeof x === 'string').map((x) => x.split('获取的数据为：')[0]!).join(': ');
          const value = typeof p.messages === 'string' && p.messages.includes('获取的数据为：') ? (p.messages.split('获取的数据为：')[1] ?? '') : null;
          line = { type: 'api', wall, api: top === '' ? null : apiIdFor(top, args), method: top === '' ? `(${what})` : top, args: args.map((a) => (a.length > 200 ? `${a.slice(0, 200)}…` : a)), ret: value === null ? null : mask(value), ...digestField(value), stack };
        }
        yield { line, at };
      }
    },
  };
}

export const camille = makeImporter('camille', 'camille', 'notice');
export const appScan = makeImporter('appscan', 'AppScan', 'method_result');
