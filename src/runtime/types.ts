// piscope's trace format (docs/trace-format.md, docs/trace.schema.json): JSON Lines, one event per line.
// A header line opens each recorded session and says what its recorder could not see.

export type AppState = 'foreground' | 'background' | 'unknown';

export interface TraceLimits {
  /** full: every frame; top: a few frames; none: no stack. */
  readonly stack: 'full' | 'top' | 'none';
  /** The clock's resolution in ms (1 for ms timestamps, 1000 for second-resolution logs). */
  readonly timeResolutionMs: number;
  /** Whether the recorder marks consent given/refused; without it nothing can be "before consent" for sure. */
  readonly consentMarkers: boolean;
  /** Whether events carry foreground/background state. */
  readonly foreground: boolean;
  /** Whether permission dialogs and answers are recorded. */
  readonly permissionMarkers: boolean;
  readonly note?: string;
}

export interface TraceHeader {
  readonly type: 'header';
  readonly format: 'piscope-trace';
  readonly version: 1;
  /** What recorded it: piscope-agent, camille, appscan, android-privacy-monitor, or a lab's own name. */
  readonly source: string;
  readonly session: string;
  readonly package?: string | null;
  readonly device?: string | null;
  /** Wall-clock start, ms since the epoch. */
  readonly started?: number | null;
  readonly limits: TraceLimits;
}

interface Timed {
  /** Wall clock, ms since the epoch. */
  readonly wall: number;
  /** Monotonic clock (SystemClock.elapsedRealtime), ms; null when the recorder has none. */
  readonly mono?: number | null;
  readonly pid?: number | null;
  readonly tid?: number | null;
}

export interface ApiEvent extends Timed {
  readonly type: 'api';
  /** Id in the sensitive-API catalogue (src/knowledge/sensitive-apis.json); null when none matched. */
  readonly api: string | null;
  /** The Java member as hooked, dotted: `android.os.Build.getSerial`. */
  readonly method: string;
  readonly state?: AppState;
  /** Arguments and return value as strings, personal values masked to what the evidence needs. */
  readonly args?: readonly string[];
  readonly ret?: string | null;
  /**
   * Digests of the whole return value, taken before masking (src/runtime/digest.ts): what lets a network
   * capture prove that this value left the phone. Only for values worth matching.
   */
  readonly retDigest?: { readonly sha256: string; readonly md5?: string; readonly sha1?: string; readonly length: number } | null;
  /** Set when the call threw (e.g. SecurityException): the data was asked for, not obtained. */
  readonly threw?: string | null;
  /** Java stack, innermost frame first, as Throwable.getStackTrace() prints: `pkg.Cls.method(File.java:12)`. */
  readonly stack: readonly string[];
}

export type MarkerKind = 'consent' | 'permission-request' | 'permission-result' | 'app-start' | 'app-stop' | 'foreground' | 'background' | 'user-action';

export interface MarkerEvent extends Timed {
  readonly type: 'marker';
  readonly marker: MarkerKind;
  /** consent: the user's answer. */
  readonly answer?: 'given' | 'refused';
  /** permission-request: the permissions asked; permission-result: the one answered. */
  readonly permissions?: readonly string[];
  /** permission-result: granted or refused. */
  readonly granted?: boolean;
  readonly stack?: readonly string[];
  readonly detail?: string;
}

export type TraceEvent = ApiEvent | MarkerEvent;
export type TraceLine = TraceHeader | TraceEvent;

/** Where an event was read: evidence a person can open. */
export interface TraceLocation {
  readonly file: string;
  readonly line: number;
}

/** A line that could not be read: named and skipped, never fatal. */
export interface TraceProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}
