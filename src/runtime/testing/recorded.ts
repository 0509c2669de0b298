// Small recorded traces for tests, in piscope's trace format. Only tests import this.
import { digestOf } from '../digest.ts';
import { maskToken } from '../network/match.ts';
import type { ApiEvent, MarkerEvent, TraceHeader, TraceLimits } from '../types.ts';

export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

const FULL: TraceLimits = { stack: 'full', timeResolutionMs: 1, consentMarkers: true, foreground: true, permissionMarkers: true };

export function header(session = 's1', limits: Partial<TraceLimits> = {}, source = 'piscope-agent'): TraceHeader {
  return { type: 'header', format: 'piscope-trace', version: 1, source, session, package: 'com.example.app', limits: { ...FULL, ...limits } };
}

/** A stack as Throwable prints it, innermost first: the API, then the callers given, then the app's main loop. */
export function stack(api: string, ...callers: string[]): string[] {
  return [`${api}(Native Method)`, ...callers.map((c) => `${c}(Unknown Source:12)`), 'android.os.Handler.handleCallback(Handler.java:958)', 'android.os.Looper.loop(Looper.java:294)', 'android.app.ActivityThread.main(ActivityThread.java:8177)'];
}

export const IMEI = { api: 'telephony-telephonymanager-getdeviceid', method: 'android.telephony.TelephonyManager.getDeviceId' };
export const ANDROID_ID = { api: 'settings-secure-android-id', method: 'android.provider.Settings$Secure.getString' };
export const LOCATION = { api: 'location-locationmanager-getlastknownlocation', method: 'android.location.LocationManager.getLastKnownLocation' };

export function call(ms: number, which: { api: string; method: string }, caller: string, over: Partial<ApiEvent> = {}): ApiEvent {
  return { type: 'api', wall: T0 + ms, mono: 10_000 + ms, pid: 4242, tid: 1, api: which.api, method: which.method, ret: '86••••••••••12', stack: stack(which.method, caller), ...over };
}

export function mark(ms: number, marker: MarkerEvent['marker'], over: Partial<MarkerEvent> = {}): MarkerEvent {
  return { type: 'marker', wall: T0 + ms, mono: 10_000 + ms, pid: 4242, marker, ...over };
}

/** A call whose return value is recorded as the importers and agent do: masked, with its digests. */
export function valueCall(ms: number, which: { api: string; method: string }, caller: string, value: string, over: Partial<ApiEvent> = {}): ApiEvent {
  return call(ms, which, caller, { ret: maskToken(value), retDigest: digestOf(value), ...over });
}

export interface HarRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A body: an object is sent as JSON, a string as a form. */
  body?: string | object;
}

/** A HAR 1.2 entry at T0 + ms (the capture's clock), as a proxy writes it. */
export function harEntry(ms: number, url: string, r: HarRequest = {}): object {
  const body = r.body === undefined ? undefined : typeof r.body === 'string' ? { mimeType: 'application/x-www-form-urlencoded', text: r.body } : { mimeType: 'application/json', text: JSON.stringify(r.body) };
  return {
    startedDateTime: new Date(T0 + ms).toISOString(), time: 42,
    request: { method: r.method ?? (body === undefined ? 'GET' : 'POST'), url, httpVersion: 'HTTP/1.1', headers: Object.entries(r.headers ?? {}).map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...(body === undefined ? {} : { postData: body }) },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { send: 0, wait: 40, receive: 2 },
  };
}

export function har(...entries: object[]): object {
  return { log: { version: '1.2', creator: { name: 'piscope-test', version: '1' }, entries } };
}
