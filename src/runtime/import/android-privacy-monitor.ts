// AndroidPrivacyMonitor (LangQiang/AndroidPrivacyMonitor, lib/privacy_monitor_ultimate.js) console logs →
// trace lines. What the log lacks, kept visible in the header's limits:
// - stacks are cut to 9 frames (`split('\n').slice(0, 10)` with the "java.lang.Exception" line): `top`;
// - times are the lab machine's local clock with no zone (taken as UTC here) and seconds padded to three
//   digits (`11:39:031.916` is 11:39:31.916); the date comes from the "启动时间" line;
// - no consent, foreground or permission markers; "Spawned `pkg`" is taken as the cold start.
import { splitLines, type TraceItem } from '../read-trace.ts';
import type { ApiEvent, TraceHeader } from '../types.ts';
import { apiIdFor, mask, digestField } from './catalogue.ts';
import type { Importer } from './index.ts';

const LIMITS: TraceHeader['limits'] = {
  stack: 'top', timeResolutionMs: 1, consentMarkers: false, foreground: false, permissionMarkers: false,
  note: 'AndroidPrivacyMonitor log: 9 stack frames, local time taken as UTC, no consent/foreground/permission markers',
};

/** Settings keys the monitor's labels name (it logs the label, not the key). */
const LABEL_KEYS: [RegExp, string][] = [[/android\s*id/iu, 'android_id']];

interface Pending {
  line: number;
  wall: number;
  label: string;
  api?: string;
  ret?: string;
  threw?: string;
  stack: string[];
  inStack: boolean;
}

export const androidPrivacyMonitor: Importer = {
  id: 'android-privacy-monitor',
  sniff: (head) => head.includes('===== STACK_START =====') || head.includes('Frida隐私监控') || /🚨 \[\d+\] \[\d{1,2}:\d{2}:\d{2,3}\.\d{3}\]/u.test(head),
  async *read(stream, file): AsyncGenerator<TraceItem> {
    let n = 0;
    let date: [number, number, number] | null = null;
    let pkg: string | null = null;
    let headerDone = false;
    let pending: Pending | null = null;
    let spawned = false;
    let awaitingStart = false;
    let startDone = false;
    const header = (line: number): TraceItem => {
      headerDone = true;
      return { line: { type: 'header', format: 'piscope-trace', version: 1, source: 'android-privacy-monitor', session: `${file}#1`, package: pkg, limits: LIMITS }, at: { file, line } };
    };
    const flush = (p: Pending): TraceItem => {
      const frames = p.stack.filter((l) => /^\s*at\s/u.test(l)).map((l) => l.trim());
      const top = /^at\s+([\w$.]+)\(/u.exec(frames[0] ?? '')?.[1] ?? p.api ?? p.label;
      const key = LABEL_KEYS.find(([re]) => re.test(p.label))?.[1];
      const event: ApiEvent = {
        type: 'api', wall: p.wall, api: apiIdFor(top, key === undefined ? [] : [key]), method: top,
        args: key === undefined ? [] : [key], ret: p.ret === undefined ? null : mask(p.ret), ...digestField(p.ret), threw: p.threw ?? null, stack: frames.map((f) => f.replace(/^at\s+/u, '')),
      };
      return { line: event, at: { file, line: p.line } };
    };
    for await (const bytes of splitLines(stream)) {
      n++;
      if (bytes === null) {
        yield { problem: { file, line: n, message: 'line longer than 1 MiB' } };
        continue;
      }
      const text = bytes.toString('utf8').replace(/\r$/u, '');
      const started = /启动时间:\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(text);
      if (started !== null) date = [Number(started[3]), Number(started[1]), Number(started[2])];
      const target = /目标应用:\s*(\S+)/u.exec(text) ?? /^Spawned `([^`]+)`/u.exec(text);
      if (target !== null) pkg ??= target[1]!;
      if (text.startsWith('Spawned `')) {
        if (!headerDone) yield header(n);
        spawned = true;
        continue;
      }
      // Frida spawned the app (a cold start); its start is the logged time of Application.onCreate.
      if (text.includes('Application.onCreate()被调用')) awaitingStart = spawned && !startDone;
      const clock = /⏰ 时间:\s*(\d{1,2}):(\d{2}):(\d{2,3})\.(\d{3})\s*$/u.exec(text);
      if (clock !== null && awaitingStart && date !== null) {
        if (!headerDone) yield header(n);
        yield { line: { type: 'marker', marker: 'app-start', wall: Date.UTC(date[0], date[1] - 1, date[2], Number(clock[1]), Number(clock[2]), Number(clock[3]), Number(clock[4])) }, at: { file, line: n } };
        awaitingStart = false;
        startDone = true;
        continue;
      }
      if (pending !== null && pending.inStack) {
        if (text.includes('===== STACK_END =====')) {
          yield flush(pending);
          pending = null;
        } else pending.stack.push(text);
        continue;
      }
      const ev = /🚨 \[\d+\] \[(\d{1,2}):(\d{2}):(\d{2,3})\.(\d{3})\]\s*(.*)$/u.exec(text);
      if (ev !== null) {
        if (!headerDone) yield header(n);
        if (date === null) {
          yield { problem: { file, line: n, message: 'event before the 启动时间 line: no date to place it' } };
          continue;
        }
        const wall = Date.UTC(date[0], date[1] - 1, date[2], Number(ev[1]), Number(ev[2]), Number(ev[3]), Number(ev[4]));
        if (spawned && !startDone) {
          startDone = true;
          yield { line: { type: 'marker', marker: 'app-start', wall }, at: { file, line: n } };
        }
        pending = { line: n, wall, label: ev[5]!.trim(), stack: [], inStack: false };
        continue;
      }
      if (pending === null) continue;
      const api = /📋 API:\s*(.+)$/u.exec(text);
      if (api !== null) pending.api = api[1]!.trim();
      const ret = /📤 返回值:\s*(.*)$/u.exec(text);
      if (ret !== null) pending.ret = ret[1]!.trim();
      const detail = /📝 详情:\s*(SecurityException.*)$/u.exec(text);
      if (detail !== null) pending.threw = detail[1]!.trim().slice(0, 300);
      if (text.includes('===== STACK_START =====')) pending.inStack = true;
    }
    if (pending !== null) yield { problem: { file, line: pending.line, message: 'event without its stack (the log ends)' } };
  },
};
