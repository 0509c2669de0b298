// A network capture read into requests the app sent: what a HAR or a pcap shows of each, and what it cannot.

export interface NameValue {
  readonly name: string;
  readonly value: string;
}

/** What the capture could see of a request: all of it, or (inside TLS) only the server name or a DNS lookup. */
export type Visibility = 'full' | 'tls-sni' | 'dns';

export interface NetRequest {
  readonly file: string;
  /** Where in the file: `entries[12]` in a HAR, `packet 340` in a pcap. */
  readonly where: string;
  /** Wall clock of the request, ms since the epoch, as the capturing machine stamped it; null when unknown. */
  readonly started: number | null;
  readonly method: string;
  /** The full URL (http/https), or `tls://host` / `dns://host` when only the name is visible. */
  readonly url: string;
  readonly scheme: 'http' | 'https' | 'other';
  /** Lower-case host name, without port. */
  readonly host: string;
  readonly headers: readonly NameValue[];
  /** The request body as text (cut to MAX_BODY), with its MIME type; null without one. */
  readonly body: { readonly mimeType: string; readonly text: string; readonly truncated: boolean } | null;
  /** HAR `postData.params` (form fields a tool already split). */
  readonly params: readonly NameValue[];
  readonly visibility: Visibility;
}

/** A part of a capture that could not be read: named (file and place) and skipped. */
export interface CaptureProblem {
  readonly file: string;
  readonly where: string;
  readonly message: string;
}

/** The bytes of a capture given with a scan, streamed once. */
export interface CaptureSource {
  readonly path: string;
  open(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** A request body kept for matching: longer bodies are cut (what is cut is not searched, and the evidence says so). */
export const MAX_BODY = 1 << 20;
