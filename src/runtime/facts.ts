// Runtime facts: what the recorded sessions show, folded as the events stream by, in memory bounded by the
// number of (session, owner, data type) groups and never by the trace's length. Rules read these facts.
import type { AnalysisFacts } from '../analysis/facts.ts';
import { sensitiveApis } from '../knowledge/index.ts';
import { attributor, callerFrame, ownerKey, type Attributor, type Owner } from './attribute.ts';
import defaultLimits from './frequency.json' with { type: 'json' };
import type { FrequencyLimit, LimitFile } from './limits.ts';
export type { FrequencyLimit, LimitFile } from './limits.ts';
import type { ValueDigest } from './digest.ts';
import type { ApiEvent, AppState, MarkerEvent, TraceHeader, TraceLimits, TraceLocation, TraceProblem } from './types.ts';

/** One recorded call, as evidence: what, when, where in the trace, and who. */
export interface ObservedCall {
  readonly session: string;
  readonly apiId: string;
  readonly method: string;
  readonly dataType: string;
  readonly wall: number;
  /** The monotonic clock, or the wall clock when the recorder has none. */
  readonly clock: number;
  readonly mono: number | null;
  readonly state: AppState;
  readonly tid: number | null;
  /** Innermost frames first, cut to STACK_KEEP. */
  readonly stack: readonly string[];
  readonly stackDepth: number;
  /** The frame blamed (first non-platform frame), or null when the stack has none. */
  readonly caller: string | null;
  readonly owner: Owner;
  readonly threw: string | null;
  readonly at: TraceLocation;
}

export interface CallGroup {
  readonly session: string;
  readonly ownerKey: string;
  readonly owner: Owner;
  readonly dataType: string;
  count: number;
  /** The first few calls (SAMPLE), as evidence. */
  readonly sample: ObservedCall[];
}

export interface RuntimeSession {
  readonly id: string;
  /** Wall clock of the session's first and last event (null before any): which session a request falls in. */
  firstWall: number | null;
  lastWall: number | null;
  readonly file: string;
  readonly source: string;
  readonly package: string | null;
  readonly limits: TraceLimits;
  /** The first consent answer of the session (a tap on the policy dialog), or null when none was recorded. */
  consent: { answer: 'given' | 'refused'; wall: number; clock: number; at: TraceLocation } | null;
  /** Whether the session starts with the app's start (a cold start, so nothing ran before the trace). */
  coldStart: boolean;
  /** Wall clock of the app-start marker of a cold start. */
  startClock: number | null;
  firstUserAction: number | null;
  /** Wall clock of the first app-stop marker (a stop, a crash or an exit: the recorder cannot tell which). */
  stopWall: number | null;
  apiEvents: number;
  unmatched: number;
}

export interface FrequencyExcess {
  readonly session: string;
  readonly ownerKey: string;
  readonly owner: Owner;
  readonly dataType: string;
  readonly limit: FrequencyLimit;
  /** Reads seen in the window (for a run-wide limit, in the session). */
  readonly count: number;
  /** Span of the sampled reads in ms, as stamped. */
  readonly spanMs: number;
  readonly sample: readonly ObservedCall[];
}

export interface PermissionMark {
  readonly session: string;
  readonly permission: string;
  readonly wall: number;
  readonly at: TraceLocation;
}

export interface ReRequest {
  readonly permission: string;
  readonly refused: PermissionMark;
  readonly askedAgain: PermissionMark;
}

export interface RuntimeFacts {
  readonly sessions: RuntimeSession[];
  /** Calls before the session's consent answer (or after a refusal), by owner and data type. */
  readonly beforeConsent: CallGroup[];
  /** Sessions with no consent marker: calls within STARTUP_MS of a cold start, before any user action. */
  readonly unmarkedStartup: CallGroup[];
  readonly background: CallGroup[];
  readonly frequency: FrequencyExcess[];
  readonly reRequests: ReRequest[];
  readonly problems: TraceProblem[];
  problemCount: number;
  apiEvents: number;
  /** Data types seen, with who read them (`app` or an SDK id; unattributed code is not listed). */
  readonly observed: Map<string, Set<string>>;
  /** Values the device returned (as digests), to look for in network captures; one per value. */
  readonly values: KnownValue[];
}

/** A personal value read on the device, known by its digests and its masked form. */
export interface KnownValue {
  readonly dataType: string;
  readonly digest: ValueDigest;
  /** The value masked as the trace shows it (`ba44••••••••13ed`). */
  readonly masked: string;
  /** Where it came from: the recorded call, or a file of values given by the lab. */
  readonly source: { readonly kind: 'trace'; readonly method: string; readonly wall: number; readonly session: string; readonly at: TraceLocation; readonly sdk: string | null } | { readonly kind: 'given'; readonly file: string };
}

export const STACK_KEEP = 16;
const SAMPLE = 3;
const BURST_KEEP = 20;
const PROBLEMS_KEPT = 50;
/** Distinct device values kept for network matching: a run reads a handful; a hostile trace cannot grow it. */
const VALUES_KEPT = 1000;
/**
 * Without consent markers, only reads this soon after a cold start count as before consent (possible): no one
 * reads a policy dialog and taps Agree within 3 s of the process starting.
 */
export const STARTUP_MS = 3000;
export const RE_REQUEST_WINDOW_MS = 48 * 3600 * 1000;


/** The limits of a data type from a table of frequency.json's shape. */
export function limitsFor(table: LimitFile, dataType: string): readonly FrequencyLimit[] {
  return table.dataTypes[dataType] ?? table.default;
}

/** Time between two calls: on the monotonic clock when both have it, else on the wall clock. */
function span(a: ObservedCall, b: ObservedCall): number {
  return a.mono !== null && b.mono !== null ? b.mono - a.mono : b.wall - a.wall;
}

const API_BY_ID = new Map(sensitiveApis().map((a) => [a.id, a]));

interface FreqState {
  readonly limit: FrequencyLimit;
  readonly recent: ObservedCall[];
  hit: boolean;
  /** Still inside the window that broke the limit. */
  open: boolean;
}

interface GroupState {
  readonly group: CallGroup;
  readonly freq: FreqState[];
}

/** Folds trace lines into RuntimeFacts; feed it in file order, then call `finish()`. */
export class RuntimeCollector {
  private readonly owner: Attributor;
  private readonly limits: LimitFile;
  private readonly sessions: RuntimeSession[] = [];
  private session: RuntimeSession | null = null;
  private state: AppState = 'unknown';
  private readonly groups = new Map<string, GroupState>();
  private readonly before = new Map<string, CallGroup>();
  private readonly unmarked = new Map<string, CallGroup>();
  private readonly background = new Map<string, CallGroup>();
  private readonly refusals: PermissionMark[] = [];
  private readonly requests: PermissionMark[] = [];
  private readonly problems: TraceProblem[] = [];
  private problemCount = 0;
  private apiEvents = 0;
  private readonly observed = new Map<string, Set<string>>();
  private anonymous = 0;
  private readonly values = new Map<string, KnownValue>();

  constructor(facts: Pick<AnalysisFacts, 'sdks' | 'appPackages'>, limits?: LimitFile) {
    this.owner = attributor(facts);
    this.limits = limits ?? (defaultLimits);
  }

  problem(p: TraceProblem): void {
    this.problemCount++;
    if (this.problems.length < PROBLEMS_KEPT) this.problems.push(p);
  }

  header(h: TraceHeader, at: TraceLocation): void {
    this.session = {
      id: h.session, file: at.file, source: h.source, package: h.package ?? null, limits: h.limits,
      consent: null, coldStart: false, startClock: null, firstUserAction: null, apiEvents: 0, unmatched: 0, firstWall: null, lastWall: null, stopWall: null,
    };
    this.sessions.push(this.session);
    this.state = 'unknown';
  }

  /** Events before any header belong to an anonymous session that can prove nothing about consent. */
  private current(at: TraceLocation): RuntimeSession {
    if (this.session !== null) return this.session;
    this.header({
      type: 'header', format: 'piscope-trace', version: 1, source: 'unknown', session: `${at.file}#${++this.anonymous}`,
      limits: { stack: 'full', timeResolutionMs: 1, consentMarkers: false, foreground: false, permissionMarkers: false, note: 'no header line' },
    }, at);
    return this.session!;
  }

  private stamp(s: RuntimeSession, wall: number): void {
    if (s.firstWall === null || wall < s.firstWall) s.firstWall = wall;
    if (s.lastWall === null || wall > s.lastWall) s.lastWall = wall;
  }

  marker(e: MarkerEvent, at: TraceLocation): void {
    const s = this.current(at);
    this.stamp(s, e.wall);
    const clock = e.mono ?? e.wall;
    switch (e.marker) {
      case 'consent':
        s.consent ??= { answer: e.answer ?? 'given', wall: e.wall, clock, at };
        if (s.firstUserAction === null) s.firstUserAction = clock;
        break;
      case 'user-action':
        if (s.firstUserAction === null) s.firstUserAction = clock;
        break;
      case 'app-start':
        if (s.apiEvents === 0) {
          s.coldStart = true;
          s.startClock = e.wall;
        }
        this.state = 'foreground';
        break;
      case 'foreground':
      case 'background':
        this.state = e.marker;
        break;
      case 'app-stop':
        s.stopWall ??= e.wall;
        this.state = 'unknown';
        break;
      case 'permission-request':
        for (const p of e.permissions ?? []) this.requests.push({ session: s.id, permission: p, wall: e.wall, at });
        break;
      case 'permission-result':
        if (e.granted === false) for (const p of e.permissions ?? []) this.refusals.push({ session: s.id, permission: p, wall: e.wall, at });
        break;
    }
  }

  api(e: ApiEvent, at: TraceLocation): void {
    const s = this.current(at);
    this.apiEvents++;
    s.apiEvents++;
    this.stamp(s, e.wall);
    const entry = e.api === null ? undefined : API_BY_ID.get(e.api);
    if (entry === undefined || entry.dataType === null) {
      s.unmatched++;
      return;
    }
    const frame = callerFrame(e.stack);
    const owner = frame === null ? ({ kind: 'unknown' } as const) : this.owner(frame.className);
    const key = ownerKey(owner, frame);
    const clock = e.mono ?? e.wall;
    const state: AppState = e.state ?? (s.limits.foreground ? this.state : 'unknown');
    const call: ObservedCall = {
      session: s.id, apiId: entry.id, method: e.method, dataType: entry.dataType, wall: e.wall, clock, mono: e.mono ?? null, state,
      tid: e.tid ?? null, stack: e.stack.slice(0, STACK_KEEP), stackDepth: e.stack.length, caller: frame?.text ?? null,
      owner, threw: e.threw ?? null, at,
    };
    const d = e.retDigest;
    if (d != null && (e.threw ?? null) === null && !this.values.has(d.sha256) && this.values.size < VALUES_KEPT) {
      this.values.set(d.sha256, { dataType: entry.dataType, digest: { sha256: d.sha256, md5: d.md5 ?? '', sha1: d.sha1 ?? '', length: d.length }, masked: e.ret ?? '', source: { kind: 'trace', method: e.method, wall: e.wall, session: s.id, at, sdk: owner.kind === 'sdk' ? (owner.sdk ?? null) : null } });
    }
    let seenBy = this.observed.get(entry.dataType);
    if (seenBy === undefined) this.observed.set(entry.dataType, (seenBy = new Set()));
    if (owner.kind !== 'unknown') seenBy.add(owner.sdk ?? 'app');
    const gk = `${s.id}\u0000${key}\u0000${entry.dataType}`;
    const add = (m: Map<string, CallGroup>): void => {
      let g = m.get(gk);
      if (g === undefined) {
        g = { session: s.id, ownerKey: key, owner, dataType: entry.dataType!, count: 0, sample: [] };
        m.set(gk, g);
      }
      g.count++;
      if (g.sample.length < SAMPLE) g.sample.push(call);
    };
    // A consent refusal does not make later reads lawful: they count as without consent too.
    // Before the consent marker in the recorder's order (the file's), which needs no clock to agree.
    if (s.consent === null ? s.limits.consentMarkers : s.consent.answer === 'refused') {
      if (s.consent !== null || s.limits.consentMarkers) add(this.before);
    } else if (s.consent === null && s.coldStart && s.firstUserAction === null && s.startClock !== null && e.wall - s.startClock <= STARTUP_MS) add(this.unmarked);
    if (state === 'background') add(this.background);
    this.frequency(gk, s, key, owner, call);
  }

  private frequency(gk: string, s: RuntimeSession, key: string, owner: Owner, call: ObservedCall): void {
    let g = this.groups.get(gk);
    if (g === undefined) {
      g = { group: { session: s.id, ownerKey: key, owner, dataType: call.dataType, count: 0, sample: [] }, freq: limitsFor(this.limits, call.dataType).map((limit) => ({ limit, recent: [], hit: false, open: true })) };
      this.groups.set(gk, g);
    }
    g.group.count++;
    const r = s.limits.timeResolutionMs;
    for (const f of g.freq) {
      if (f.hit) {
        // Keep counting the reads of the window that broke the limit, as evidence (a few at most).
        if (f.limit.windowMs !== null && f.open && f.recent.length < BURST_KEEP && span(f.recent[0]!, call) <= f.limit.windowMs - r) f.recent.push(call);
        else f.open = false;
        continue;
      }
      if (f.limit.windowMs === null) {
        if (f.recent.length <= f.limit.max) f.recent.push(call);
        if (g.group.count > f.limit.max) f.hit = true;
        continue;
      }
      f.recent.push(call);
      if (f.recent.length > f.limit.max + 1) f.recent.shift();
      // Stamped times are exact to the clock's resolution: reads stamped within windowMs − resolution
      // certainly fell in one window (for a 1 s clock and a 1 s window: the same stamp).
      if (f.recent.length === f.limit.max + 1 && span(f.recent[0]!, call) <= f.limit.windowMs - r) f.hit = true;
    }
  }

  finish(): RuntimeFacts {
    const frequency: FrequencyExcess[] = [];
    for (const g of this.groups.values()) {
      for (const f of g.freq) {
        if (!f.hit) continue;
        frequency.push({
          session: g.group.session, ownerKey: g.group.ownerKey, owner: g.group.owner, dataType: g.group.dataType, limit: f.limit,
          count: f.limit.windowMs === null ? g.group.count : f.recent.length, spanMs: span(f.recent[0]!, f.recent.at(-1)!), sample: [...f.recent],
        });
      }
    }
    const reRequests: ReRequest[] = [];
    const requests = [...this.requests].sort((a, b) => a.wall - b.wall);
    for (const refused of [...this.refusals].sort((a, b) => a.wall - b.wall)) {
      const again = requests.find((q) => q.permission === refused.permission && q.wall > refused.wall && q.wall - refused.wall <= RE_REQUEST_WINDOW_MS);
      if (again !== undefined && !reRequests.some((x) => x.askedAgain === again)) reRequests.push({ permission: refused.permission, refused, askedAgain: again });
    }
    return {
      sessions: this.sessions, beforeConsent: [...this.before.values()], unmarkedStartup: [...this.unmarked.values()],
      background: [...this.background.values()], frequency, reRequests, problems: this.problems, problemCount: this.problemCount, apiEvents: this.apiEvents, observed: this.observed,
      values: [...this.values.values()],
    };
  }
}

/** Builds facts from events held in memory (tests, imports). */
export function runtimeFromLines(facts: Pick<AnalysisFacts, 'sdks' | 'appPackages'>, lines: readonly (TraceHeader | ApiEvent | MarkerEvent)[], file = 'trace.jsonl'): RuntimeFacts {
  const c = new RuntimeCollector(facts);
  lines.forEach((l, i) => {
    const at = { file, line: i + 1 };
    if (l.type === 'header') c.header(l, at);
    else if (l.type === 'api') c.api(l, at);
    else c.marker(l, at);
  });
  return c.finish();
}
