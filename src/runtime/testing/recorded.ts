// Small recorded traces for tests, in piscope's trace format. Only tests import this.
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
