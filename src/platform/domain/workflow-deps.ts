// What the workflow needs from the parts built beside it (issue 13): the official working-day calendar, the
// mapping of findings to the 164号文's problem categories, and the transactional outbox. They come in as one
// object so that the platform, the tests and the demo each say which they use; nothing here guesses a
// calendar or a category.
import { createHash } from 'node:crypto';
import { ALL_RULES } from '../../rules/index.ts';
import { Problem } from '../api/http.ts';
import type { Db } from '../db/schema.ts';
import { recordEvent } from '../events/outbox.ts';
import { problemCategories } from '../workflow/problem-categories.ts';
import { CalendarError, deadlineAfter, workingDaysBetween } from '../workflow/working-days.ts';
import type { PlatformEvent } from './events.ts';

export interface WorkflowDeps {
  /** YYYY-MM-DD: the last day to rectify, `workingDays` working days counted from the day after `issueDate`. */
  deadlineAfter(issueDate: string, workingDays: number): string;
  /** Working days after `from` up to and including `to` (0 when `to` <= `from`): a deadline's countdown. */
  workingDaysBetween(from: string, to: string): number;
  /** 所涉问题: the problem categories of the findings' rules, in the order of the published notices. */
  problemCategories(ruleIds: readonly string[]): string[];
  /** Writes the event to the outbox in the caller's transaction. */
  recordEvent(trx: Db, event: PlatformEvent): Promise<void>;
}

const unwired = (what: string): never => {
  throw new Problem(503, 'Service Unavailable', `${what} is not wired into this platform yet (see docs/workflow.md)`);
};

/** For an API built without a workflow (benches): routes that need a deadline or a category answer 503 rather than guess. */
export const UNWIRED_WORKFLOW: WorkflowDeps = {
  deadlineAfter: () => unwired('the official working-day calendar'),
  workingDaysBetween: () => unwired('the official working-day calendar'),
  problemCategories: () => unwired('the problem-category mapping'),
  recordEvent: () => Promise.resolve(),
};

/**
 * What `serve` uses: the State Council's calendar (knowledge/holidays-cn.json), the cited 164号文 mapping
 * (knowledge/problem-categories.json) and the transactional outbox. A date outside the calendar's years is
 * the caller's to fix (422 naming the date), not a server failure.
 */
export const OFFICIAL_WORKFLOW: WorkflowDeps = {
  deadlineAfter(issueDate, workingDays) {
    try {
      return deadlineAfter(issueDate, workingDays);
    } catch (e) {
      if (e instanceof CalendarError || e instanceof RangeError) throw new Problem(422, 'Unprocessable Content', e.message);
      throw e;
    }
  },
  workingDaysBetween(from, to) {
    try {
      return workingDaysBetween(from, to);
    } catch (e) {
      if (e instanceof CalendarError) throw new Problem(422, 'Unprocessable Content', e.message);
      throw e;
    }
  },
  problemCategories: (ruleIds) => problemCategories(ruleIds),
  recordEvent: async (trx, event) => {
    await recordEvent(trx, event);
  },
};

/** The rule set's identity: a hash of every rule's id, clauses, severity and methods. */
export const RULES_VERSION: string = createHash('sha256')
  .update(JSON.stringify(ALL_RULES.map((r) => [r.meta.id, r.meta.clauses, r.meta.mayCite ?? [], r.meta.severity, r.meta.methods, r.meta.sector ?? null]).sort()))
  .digest('hex');
