// TEST-ONLY stand-ins for the workflow's dependencies (domain/workflow-deps.ts) until the official calendar
// (workflow/working-days.ts), the category mapping and the outbox are merged. Never used by `serve`.
import { UNWIRED_WORKFLOW, type WorkflowDeps } from '../domain/workflow-deps.ts';
import type { PlatformEvent } from '../domain/events.ts';

/** Monday to Friday, no holidays, no make-up days: NOT the official calendar. Counts from the day after issue. */
export function weekdaysOnlyDeadlineForTests(issueDate: string, workingDays: number): string {
  const d = new Date(`${issueDate}T00:00:00Z`);
  let left = workingDays;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

/** The rule ids themselves as "categories": NOT the 164号文 mapping. */
export const ruleIdsAsCategoriesForTests = (ruleIds: readonly string[]): string[] => [...new Set(ruleIds)].sort();

/** Stand-ins that keep the events they are given in `events`, so that tests can check them. */
export function workflowStandInsForTests(): WorkflowDeps & { events: PlatformEvent[] } {
  const events: PlatformEvent[] = [];
  return {
    ...UNWIRED_WORKFLOW,
    deadlineAfter: weekdaysOnlyDeadlineForTests,
    problemCategories: ruleIdsAsCategoriesForTests,
    recordEvent: (_trx, e) => {
      events.push(e);
      return Promise.resolve();
    },
    events,
  };
}
