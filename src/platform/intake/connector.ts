// The app-store connector interface: a source lists candidate packages (where to fetch each, what the store
// says its sha256 and size are, and the store's listing); intake (service.ts) fetches, checks and registers them.
import type { StoreListing } from '../../package/store-listing.ts';

export interface Candidate {
  /** Stable within the source (the failure log and re-runs name the item by it). */
  readonly key: string;
  /** Where to fetch it; absent for a watched folder's file (path). */
  readonly url?: string;
  readonly path?: string;
  readonly fileName: string;
  /** What a signed index says; a download that differs is refused. */
  readonly sha256?: string;
  readonly size?: number;
  readonly listing?: StoreListing;
  /** Changes when the item does (a file's size and time): a logged failure is not tried again by runs until then. */
  readonly version?: string;
}

/** What a connector may do during a run: fetch small documents (recorded, rate-limited, retried) and keep state. */
export interface ConnectorRun {
  fetchBytes(url: string, maxBytes?: number): Promise<Uint8Array>;
  /** Kept between runs (JSON). */
  state: Record<string, unknown>;
  /** Larger state kept as a file (an index to apply the next diff to). */
  loadBlob(name: string): Uint8Array | null;
  saveBlob(name: string, bytes: Uint8Array): void;
}

export interface Connector {
  /** The store's id, e.g. `fdroid:https://f-droid.org/repo` (StoreListing.store; rate limits are per store). */
  readonly store: string;
  candidates(run: ConnectorRun): Promise<{ candidates: Candidate[]; skipped: { key: string; why: string }[] }>;
}

/** A failure of one item or fetch; transient ones (network, 5xx, 429, timeouts) are tried again with backoff. */
export class IntakeError extends Error {
  readonly transient: boolean;
  constructor(message: string, transient: boolean) {
    super(message);
    this.transient = transient;
  }
}

/** Base URL + a repository-relative path, each segment percent-encoded (file names may hold `;`, `,` or Cyrillic). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')}`;
}
