import type { TimeLimit } from './schemas/catalogue.js';

/** Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving). */
const shanghaiOffsetMs = 8 * 3600 * 1000;
const dayMs = 24 * 3600 * 1000;

/** The official working-day calendar: listed off days, listed make-up working days, covered years. */
export interface WorkingCalendar {
  offDays: ReadonlySet<string>;
  workDays: ReadonlySet<string>;
  years: ReadonlySet<number>;
}

export interface DueAt {
  dueAt: Date;
  /** Years the computation crossed that have no calendar data (Mon–Fri was assumed). */
  missingYears: number[];
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDateOf(instant: Date): string {
  return new Date(instant.getTime() + shanghaiOffsetMs).toISOString().slice(0, 10);
}

/** Formats an instant as ISO 8601 in Shanghai time with the +08:00 offset. */
export function formatShanghai(instant: Date): string {
  const local = new Date(instant.getTime() + shanghaiOffsetMs).toISOString();
  const ms = local.slice(20, 23);
  return `${local.slice(0, 19)}${ms === '000' ? '' : `.${ms}`}+08:00`;
}

/** Parses ISO 8601; a date-time without an offset is read as Shanghai local time. */
export function parseInstant(text: string): Date | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) {
    return null;
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) && trimmed.length > 10;
  const withTime = trimmed.length === 10 ? `${trimmed}T00:00:00` : trimmed.replace(' ', 'T');
  const date = new Date(hasZone ? withTime : `${withTime}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whether a calendar date (as UTC-midnight ms of that date) is a working day; notes missing years. */
function isWorkingDate(dayStart: number, calendar: WorkingCalendar, missing: Set<number>): boolean {
  const date = new Date(dayStart);
  const iso = date.toISOString().slice(0, 10);
  const weekday = date.getUTCDay();
  const year = date.getUTCFullYear();
  const isWeekday = weekday >= 1 && weekday <= 5;
  if (!calendar.years.has(year)) {
    missing.add(year);
    return isWeekday;
  }
  if (calendar.offDays.has(iso)) return false;
  if (calendar.workDays.has(iso)) return true;
  return isWeekday;
}

/** Whether a Shanghai calendar date (YYYY-MM-DD) is a working day under the calendar. */
export function isWorkingDay(isoDate: string, calendar: WorkingCalendar): boolean {
  return isWorkingDate(Date.parse(`${isoDate}T00:00:00Z`), calendar, new Set());
}

/**
 * The deadline of a time limit started at `start`.
 * - `{ hours }`: natural hours from the start.
 * - `{ workingDays: n }`: the start's own date is not counted (期间开始之日不计算在内); the
 *   deadline is 23:59:59 Shanghai time of the n-th working day after the start's date.
 */
export function computeDueAt(start: Date, limit: TimeLimit, calendar: WorkingCalendar): DueAt {
  if ('hours' in limit) {
    return { dueAt: new Date(start.getTime() + limit.hours * 3600 * 1000), missingYears: [] };
  }
  const missing = new Set<number>();
  let day = Date.parse(`${shanghaiDateOf(start)}T00:00:00Z`);
  let counted = 0;
  // A real calendar has at most ~40 listed off days a year; this bound only stops a corrupt one.
  const maxSteps = limit.workingDays * 7 + 400;
  for (let step = 0; counted < limit.workingDays; step++) {
    if (step > maxSteps) throw new Error('working-day calendar has no working days in range');
    day += dayMs;
    if (isWorkingDate(day, calendar, missing)) counted++;
  }
  const dueAt = new Date(day + dayMs - 1000 - shanghaiOffsetMs);
  return { dueAt, missingYears: [...missing].sort((a, b) => a - b) };
}

/** Builds a calendar from listed days; `years` defaults to the years that have listed days. */
export function buildCalendar(
  days: readonly { date: string; isOffDay: boolean }[],
  years?: Iterable<number>,
): WorkingCalendar {
  const offDays = new Set<string>();
  const workDays = new Set<string>();
  for (const d of days) (d.isOffDay ? offDays : workDays).add(d.date);
  const covered = new Set<number>(years ?? days.map((d) => Number(d.date.slice(0, 4))));
  return { offDays, workDays, years: covered };
}

export interface RemainingTime {
  overdue: boolean;
  /** Whole working days between now and the deadline (or past it), not counting the partial days. */
  workingDays: number;
  /** Hours and minutes beyond the whole working days. */
  hours: number;
  minutes: number;
}

/**
 * The time left until a deadline (or past it), for "剩余 1 个工作日 3 小时". Within the first and
 * last day the clock time counts; whole days in between count only when they are working days,
 * so a weekend or holiday between now and the deadline does not count as time left.
 */
export function remainingWorkingTime(now: Date, due: Date, calendar: WorkingCalendar): RemainingTime {
  const overdue = due.getTime() < now.getTime();
  const [from, to] = overdue ? [due, now] : [now, due];
  const fromDay = Date.parse(`${shanghaiDateOf(from)}T00:00:00Z`);
  const toDay = Date.parse(`${shanghaiDateOf(to)}T00:00:00Z`);
  let ms: number;
  let workingDays = 0;
  if (fromDay === toDay) {
    ms = to.getTime() - from.getTime();
  } else {
    // The rest of the first day and the start of the last day are clock time.
    ms = fromDay + dayMs - shanghaiOffsetMs - from.getTime() + (to.getTime() - (toDay - shanghaiOffsetMs));
    const missing = new Set<number>();
    for (let day = fromDay + dayMs; day < toDay; day += dayMs) {
      if (isWorkingDate(day, calendar, missing)) workingDays++;
    }
  }
  workingDays += Math.floor(ms / dayMs);
  ms %= dayMs;
  return { overdue, workingDays, hours: Math.floor(ms / 3_600_000), minutes: Math.floor((ms % 3_600_000) / 60_000) };
}
