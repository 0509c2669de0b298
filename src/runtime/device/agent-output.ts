// The trace writer of `piscope device-run`: what the frida CLI prints while the agent runs, turned into a
// piscope trace. Trace lines are found by their prefix anywhere in a printed line (the REPL may print its
// prompt first), checked by the trace parser, and written as they come; the header gains the package and the
// device, which only the driver knows. Frida's own messages (a failed spawn, the process ending) are kept.
import { parseTraceLine } from '../parse-line.ts';
import type { TraceLine } from '../types.ts';
import { READY_PREFIX, TRACE_PREFIX } from '../agent/format.ts';

const PROBLEMS_KEPT = 20;
const MAX_LINE = 1 << 20;

export interface AgentReady {
  readonly hooked: number;
  readonly failed: readonly string[];
}

/** Frida CLI messages that end a run before it starts (spawn, server, script). */
const FATAL = /Failed to (?:spawn|attach|load script|enumerate)[^\n]*|unable to connect to remote frida-server[^\n]*|Unable to find (?:process|device)[^\n]*|need Gadget[^\n]*|unexpectedly timed out[^\n]*/iu;
const ENDED = /Process (terminated|crashed)[^\n]*/u;

export class AgentOutput {
  lines = 0;
  apiEvents = 0;
  consent: 'given' | 'refused' | null = null;
  ready: AgentReady | null = null;
  /** Frida said the app's process ended (on its own or stopped). */
  ended: string | null = null;
  fatal: string | null = null;
  problemCount = 0;
  readonly problems: string[] = [];
  private buf = '';
  private printed = 0;
  private last: { wall: number; mono: number | null; pid: number | null; tid: number | null } | null = null;

  private readonly fill: { readonly package: string; readonly device: string | null };
  private readonly write: (text: string) => void;
  private readonly listen: (line: TraceLine) => void;

  constructor(fill: { readonly package: string; readonly device: string | null }, write: (text: string) => void, listen: (line: TraceLine) => void = () => {}) {
    this.fill = fill;
    this.write = write;
    this.listen = listen;
  }

  /** Text as it comes from frida's stdout (any chunking). */
  feed(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      this.line(this.buf.slice(0, nl).replace(/\r$/u, ''));
      this.buf = this.buf.slice(nl + 1);
    }
    // A line longer than any trace line can be is dropped, not held.
    if (this.buf.length > MAX_LINE) {
      this.problem(`frida output line ${this.printed + 1}: longer than 1 MiB, dropped`);
      this.buf = '';
    }
  }

  end(): void {
    if (this.buf !== '') this.line(this.buf);
    this.buf = '';
  }

  /** An app-stop marker the driver adds when frida reports the process gone: stamped with the last event's clocks. */
  stopMarker(detail: string): void {
    if (this.last === null) return;
    this.emit({ type: 'marker', marker: 'app-stop', ...this.last, detail });
  }

  private problem(p: string): void {
    this.problemCount++;
    if (this.problems.length < PROBLEMS_KEPT) this.problems.push(p);
  }

  private line(text: string): void {
    this.printed++;
    const t = text.indexOf(TRACE_PREFIX);
    if (t >= 0) {
      const parsed = parseTraceLine(text.slice(t + TRACE_PREFIX.length));
      if ('error' in parsed) this.problem(`frida output line ${this.printed}: ${parsed.error}`);
      else this.emit(parsed);
      return;
    }
    const r = text.indexOf(READY_PREFIX);
    if (r >= 0) {
      try {
        const o = JSON.parse(text.slice(r + READY_PREFIX.length)) as { hooked?: unknown; failed?: unknown };
        this.ready = { hooked: Number(o.hooked) || 0, failed: Array.isArray(o.failed) ? o.failed.map(String) : [] };
      } catch {
        this.problem(`frida output line ${this.printed}: unreadable agent-ready line`);
      }
      return;
    }
    const ended = ENDED.exec(text);
    if (ended !== null) {
      this.ended ??= ended[0].trim();
      return;
    }
    const fatal = FATAL.exec(text);
    if (fatal !== null) this.fatal ??= fatal[0].trim();
  }

  private emit(line: TraceLine): void {
    let out = line;
    if (line.type === 'header') out = { ...line, package: line.package ?? this.fill.package, device: line.device ?? this.fill.device };
    else {
      this.last = { wall: line.wall, mono: line.mono ?? null, pid: line.pid ?? null, tid: line.tid ?? null };
      if (line.type === 'api') this.apiEvents++;
      if (line.type === 'marker' && line.marker === 'consent') this.consent ??= (line).answer ?? 'given';
    }
    this.lines++;
    this.write(`${JSON.stringify(out)}\n`);
    this.listen(out);
  }
}
