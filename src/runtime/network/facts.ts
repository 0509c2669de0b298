// Network facts: the requests of the captures given with a scan, each with who receives it (hosts.ts), the
// personal information it carries (match.ts) and, when a trace with a consent answer covers its time, where it
// falls relative to that answer. Only requests that carry something are kept whole; hosts are counted.
import type { AnalysisFacts } from '../../analysis/facts.ts';
import { sdkById } from '../../knowledge/index.ts';
import type { KnownValue, RuntimeFacts, RuntimeSession } from '../facts.ts';
import { fieldsOf, type Field } from './fields.ts';
import { hostAttributor, type HostOwner } from './hosts.ts';
import { knownIndex, matchKnown, matchPatterns, maskToken, type ValueHit } from './match.ts';
import type { CaptureProblem, NetRequest } from './types.ts';

/**
 * The trace's clock (the phone's) and the capture's (the proxy's) are two clocks. A request is put before or
 * after the consent answer only when it is this far from it; nearer, its side is unknown.
 */
export const CLOCK_SLACK_MS = 2000;
/** Further than this from the answer (and both clocks synchronised by NTP), the side is `likely`; nearer, `possible`. */
export const CLOCK_SURE_MS = 10_000;
const TRANSFERS_KEPT = 2000;
const HOSTS_KEPT = 500;
const PROBLEMS_KEPT = 50;

export interface ConsentRelation {
  readonly session: string;
  /**
   * The session's answer; null when its recorder marks consent and the user never answered (the dialog was left
   * open): then the whole recorded run is before consent, and deltaMs is measured to the recording's last event.
   */
  readonly answer: 'given' | 'refused' | null;
  /** Request time minus the answer's time (or, unanswered, the recording's end), ms (negative: before), across the two clocks. */
  readonly deltaMs: number;
  readonly side: 'before' | 'after' | 'unsure';
}

export interface Transfer {
  readonly request: NetRequest;
  readonly owner: HostOwner;
  readonly hits: readonly ValueHit[];
  readonly consent: ConsentRelation | null;
  /** The request line with the values found masked: `GET http://h/p?imei=8612•••••••1234`. */
  readonly line: string;
}

export interface HostSeen {
  readonly host: string;
  readonly owner: HostOwner;
  requests: number;
  cleartext: number;
  /** Seen only as a TLS server name or a DNS lookup: nothing of what was sent is visible. */
  nameOnly: number;
}

export interface NetworkFacts {
  readonly captures: { file: string; requests: number; problems: number }[];
  readonly transfers: Transfer[];
  readonly hosts: Map<string, HostSeen>;
  readonly problems: CaptureProblem[];
  problemCount: number;
  /** Device values looked for, by where they came from. */
  readonly valuesFromTrace: number;
  readonly valuesGiven: number;
  requests: number;
}

function relation(started: number | null, sessions: readonly RuntimeSession[]): ConsentRelation | null {
  if (started === null) return null;
  // The session whose recorded span (with a minute either side) holds the request: one with an answer first,
  // else one whose recorder marks consent and saw none.
  const covers = (x: RuntimeSession): boolean => x.firstWall !== null && x.lastWall !== null && started >= x.firstWall - 60_000 && started <= x.lastWall + 60_000;
  const s = sessions.find((x) => x.consent !== null && covers(x)) ?? sessions.find((x) => x.consent === null && x.limits.consentMarkers && covers(x));
  if (s === undefined) return null;
  if (s.consent === null) {
    // No answer while recorded: before consent up to the recording's end; past it an answer could have come unrecorded.
    const deltaMs = started - s.lastWall!;
    return { session: s.id, answer: null, deltaMs, side: deltaMs <= -CLOCK_SLACK_MS ? 'before' : 'unsure' };
  }
  const deltaMs = started - s.consent.wall;
  const side = deltaMs <= -CLOCK_SLACK_MS ? 'before' : deltaMs >= CLOCK_SLACK_MS ? 'after' : 'unsure';
  return { session: s.id, answer: s.consent.answer, deltaMs, side };
}

/**
 * A vendor's host shared by several of its SDKs names one of them when the values it received were read, in
 * the trace, by that SDK's code: the reader is the sender.
 */
function refine(owner: HostOwner, hits: readonly ValueHit[]): HostOwner {
  if (owner.kind !== 'vendor') return owner;
  const readers = new Set(hits.map((h) => (h.known?.source.kind === 'trace' ? h.known.source.sdk : null)));
  const only = readers.size === 1 ? [...readers][0] : null;
  if (only == null || !owner.sdks.includes(only)) return owner;
  const s = sdkById(only);
  return s === undefined ? owner : { kind: 'sdk', sdk: s.id, name: s.name, vendor: s.vendorZh ?? s.vendor, domain: owner.domain, inPackage: true, readBy: 'trace' };
}

function maskedLine(req: NetRequest, hits: readonly ValueHit[], fields: readonly Field[]): string {
  let url = req.url;
  // Every value found is masked in the line; so is any other query value as long as an id.
  for (const h of hits) if (h.field.where === 'query' || h.field.where === 'path') url = url.split(encodeURIComponent(h.field.value)).join(maskToken(h.field.value)).split(h.field.value).join(maskToken(h.field.value));
  for (const f of fields) if (f.where === 'query' && f.value.length >= 12 && /^[\w:.-]+$/u.test(f.value)) url = url.split(f.value).join(maskToken(f.value));
  return `${req.method} ${url.length > 400 ? `${url.slice(0, 400)}…` : url}`;
}

export class NetworkCollector {
  private readonly owner: ReturnType<typeof hostAttributor>;
  private readonly index: ReturnType<typeof knownIndex>;
  private readonly facts: NetworkFacts;
  private readonly sessions: readonly RuntimeSession[];
  private readonly ownPackage: string | null;

  constructor(facts: Pick<AnalysisFacts, 'sdks' | 'urls'>, packageName: string | null, runtime: RuntimeFacts | undefined, given: readonly KnownValue[] = []) {
    this.owner = hostAttributor(facts, packageName);
    const values = [...(runtime?.values ?? []), ...given];
    this.index = knownIndex(values);
    this.sessions = runtime?.sessions ?? [];
    this.ownPackage = packageName;
    this.facts = { captures: [], transfers: [], hosts: new Map(), problems: [], problemCount: 0, valuesFromTrace: runtime?.values.length ?? 0, valuesGiven: given.length, requests: 0 };
  }

  capture(file: string, requests: readonly NetRequest[], problems: readonly CaptureProblem[]): void {
    this.facts.captures.push({ file, requests: requests.length, problems: problems.length });
    for (const p of problems) this.problem(p);
    for (const r of requests) this.request(r);
  }

  problem(p: CaptureProblem): void {
    this.facts.problemCount++;
    if (this.facts.problems.length < PROBLEMS_KEPT) this.facts.problems.push(p);
  }

  request(req: NetRequest): void {
    this.facts.requests++;
    const owner = this.owner(req.host);
    let h = this.facts.hosts.get(req.host);
    if (h === undefined && this.facts.hosts.size < HOSTS_KEPT) this.facts.hosts.set(req.host, (h = { host: req.host, owner, requests: 0, cleartext: 0, nameOnly: 0 }));
    if (h !== undefined) {
      h.requests++;
      if (req.scheme === 'http') h.cleartext++;
      if (req.visibility !== 'full') h.nameOnly++;
    }
    if (req.visibility !== 'full') return;
    const fields = fieldsOf(req);
    const known = matchKnown(fields, this.index);
    const hits = [...known, ...matchPatterns(fields, new Set(known.map((k) => k.field)), this.ownPackage)];
    if (hits.length === 0 || this.facts.transfers.length >= TRANSFERS_KEPT) return;
    this.facts.transfers.push({ request: req, owner: refine(owner, hits), hits, consent: relation(req.started, this.sessions), line: maskedLine(req, hits, fields) });
  }

  finish(): NetworkFacts {
    return this.facts;
  }
}
