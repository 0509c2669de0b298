// The platform's events, written to a transactional outbox in the same transaction as the change they
// announce, then delivered at least once (webhooks, e-mail). Consumers deduplicate by the event's id.

export type PlatformEventType =
  | 'notice.published'
  | 'deadline.approaching' // one working day left
  | 'deadline.passed'
  | 'retest.done'
  | 'takedown.confirmed';

export interface PlatformEvent {
  type: PlatformEventType;
  /** The organisation whose subscribers receive it. */
  orgId: number;
  /** What it is about, e.g. "notice:12" or "rectification:7". */
  subject: string;
  data: Record<string, unknown>;
}
