// Working days (工作日) of the official calendar: the State Council's annual holiday notices
// (knowledge/holidays-cn.json). A rectification deadline of N working days counts from the day after the notice
// is issued: weekends are off unless the notice makes them make-up working days (调休上班), holidays are off.
// A date in a year the calendar does not hold is an error naming that date, never a guess: a deadline
// computed on weekends alone would be published wrong.
import { holidayCalendarData, type HolidayArrangement, type HolidayCalendarData } from '../../knowledge/index.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

export interface DayInfo {
  date: string;
  kind: DayKind;
  working: boolean;
  /** The holiday or the holiday a make-up day belongs to, with the notice saying so. */
  holiday?: string;
  notice?: string;
}

/** A date outside the years the calendar holds (or not a date at all). */
export class CalendarError extends Error {
  readonly date: string;
  constructor(date: string, message: string) {
    super(message);
    this.name = 'CalendarError';
    this.date = date;
  }
}

export interface WorkingCalendar {
  /** The years whose notices the calendar holds, ascending. */
  readonly years: readonly number[];
  dayInfo(date: string): DayInfo;
  isWorkingDay(date: string): boolean;
  /** The Nth working day after issueDate (the day of issue does not count). */
  deadlineAfter(issueDate: string, workingDays: number): string;
  /** Working days after `from` up to and including `to` (0 when `to` <= `from`). */
  workingDaysBetween(from: string, to: string): number;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** Days since 1970-01-01 of a YYYY-MM-DD date, or a CalendarError naming it. */
function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (m === null || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new CalendarError(date, `"${date}" is not a date of the form YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function* daysOf(range: readonly [string, string]): Generator<string> {
  for (let d = dayNumber(range[0]); d <= dayNumber(range[1]); d++) yield dateOf(d);
}

export function buildWorkingCalendar(data: HolidayCalendarData): WorkingCalendar {
  const years = data.years.map((y) => y.year).sort((a, b) => a - b);
  const noticeDate = new Map(data.notices.map((n) => [n.docNo, n.date]));
  // Later notices win a date (an extension turns a make-up day into a day off): apply in notice order.
  const arrangements: HolidayArrangement[] = data.years.flatMap((y) => y.arrangements);
  const order = (a: HolidayArrangement): string => {
    const d = noticeDate.get(a.notice);
    if (d === undefined) throw new Error(`holidays-cn.json: arrangement "${a.text}" cites ${a.notice}, which is not among the notices`);
    return d;
  };
  arrangements.sort((a, b) => order(a).localeCompare(order(b)));
  const special = new Map<string, DayInfo>();
  for (const a of arrangements) {
    for (const date of daysOf(a.off)) special.set(date, { date, kind: 'holiday', working: false, holiday: a.holiday, notice: a.notice });
    for (const date of a.work) special.set(date, { date, kind: 'makeup-workday', working: true, holiday: a.holiday, notice: a.notice });
  }
  const covered = new Set(years);

  function dayInfo(date: string): DayInfo {
    const n = dayNumber(date);
    const year = Number(date.slice(0, 4));
    if (!covered.has(year)) {
      throw new CalendarError(date, `${date} is outside the official holiday calendar (years ${years.join(', ')}): add the State Council's notice for ${year} to src/knowledge/holidays-cn.json (docs/workflow.md)`);
    }
    const hit = special.get(date);
    if (hit !== undefined) return hit;
    const weekday = new Date(n * DAY_MS).getUTCDay();
    return weekday === 0 || weekday === 6 ? { date, kind: 'weekend', working: false } : { date, kind: 'workday', working: true };
  }

  return {
    years,
    dayInfo,
    isWorkingDay: (date) => dayInfo(date).working,
    deadlineAfter(issueDate, workingDays) {
      if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError(`working days must be a whole number of at least 1, not ${workingDays}`);
      dayInfo(issueDate);
      let day = dayNumber(issueDate);
      for (let left = workingDays; left > 0; ) {
        day++;
        if (dayInfo(dateOf(day)).working) left--;
      }
      return dateOf(day);
    },
    workingDaysBetween(from, to) {
      let count = 0;
      for (let d = dayNumber(from) + 1; d <= dayNumber(to); d++) if (dayInfo(dateOf(d)).working) count++;
      return count;
    },
  };
}

let official: WorkingCalendar | undefined;

/** The calendar of holidays-cn.json (built once). */
export function officialCalendar(): WorkingCalendar {
  official ??= buildWorkingCalendar(holidayCalendarData());
  return official;
}

/** Whether a YYYY-MM-DD date is a working day of the official calendar. */
export function isWorkingDay(date: string): boolean {
  return officialCalendar().isWorkingDay(date);
}

/** The deadline of a notice issued on issueDate with N working days: the Nth working day after it. */
export function deadlineAfter(issueDate: string, workingDays: number): string {
  return officialCalendar().deadlineAfter(issueDate, workingDays);
}

/** Working days after `from` up to and including `to` ("deadline in 1 working day" is 1). */
export function workingDaysBetween(from: string, to: string): number {
  return officialCalendar().workingDaysBetween(from, to);
}
