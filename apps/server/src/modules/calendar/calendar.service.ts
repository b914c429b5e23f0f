import type { CalendarStatusView as CalendarStatus, CalendarYearView } from '@citydesk/shared';
import type { CalendarDayInput, RowIssue, TimeLimit } from '@citydesk/shared';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import type { UseCaseContext } from '../../platform/context.js';
import { toDbTime } from '../../platform/clock.js';
import { AppError, importRejected } from '../../platform/errors.js';
import { parseCsv } from '../../platform/files/csv.js';
import { recordAudit } from '../audit/index.js';
import { findYear, listAllDays, listDaysOfYear, listYears, replaceYear } from './calendar.repository.js';
import { buildCalendar, computeDueAt, shanghaiDateOf, type DueAt, type WorkingCalendar } from '@citydesk/shared';

/**
 * Loaded calendars per database. Use cases load the calendar before opening a transaction and
 * pass it in, so nothing inside a transaction reads the calendar through another connection.
 */
const cache = new WeakMap<object, WorkingCalendar>();
/** Years a computation in this process needed but had no data for (reported, never silent). */
const missingYearsSeen = new Set<number>();

type Warn = (message: string, data: Record<string, unknown>) => void;

async function readCalendar(db: Db): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([listYears(db), listAllDays(db)]);
  return buildCalendar(
    days.map((d) => ({ date: d.date, isOffDay: d.is_off_day === 1 })),
    years.map((y) => y.year),
  );
}

/** The working-day calendar as stored (read once, then from memory until it changes). */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const cached = cache.get(db);
  if (cached) return cached;
  const loaded = await readCalendar(db);
  cache.set(db, loaded);
  return loaded;
}

/** Re-reads the calendar after a change committed. */
async function refreshCalendar(db: Db): Promise<void> {
  cache.set(db, await readCalendar(db));
}

/** Notes years a deadline needed without data: logged once, reported on /readyz. */
export function noteMissingYears(years: readonly number[], warn?: Warn): void {
  for (const year of years) {
    if (!missingYearsSeen.has(year)) {
      missingYearsSeen.add(year);
      warn?.('working-day calendar has no data for a year; Monday–Friday assumed', { year });
    }
  }
}

/** Computes a deadline with the stored calendar; a missing year is logged and remembered. */
export async function dueAt(db: Db, start: Date, limit: TimeLimit, warn?: Warn): Promise<DueAt> {
  const result = computeDueAt(start, limit, await loadCalendar(db));
  noteMissingYears(result.missingYears, warn);
  return result;
}

export type { CalendarStatusView as CalendarStatus } from '@citydesk/shared';

/** Which years are covered and which needed years are not (for /readyz and administrators). */
export async function calendarStatus(db: Db, now: Date): Promise<CalendarStatus> {
  const calendar = await loadCalendar(db);
  const thisYear = Number(shanghaiDateOf(now).slice(0, 4));
  const needed = new Set<number>([thisYear, thisYear + 1, ...missingYearsSeen]);
  return {
    years: [...calendar.years].sort((a, b) => a - b),
    missingYears: [...needed].filter((y) => !calendar.years.has(y)).sort((a, b) => a - b),
  };
}

export type { CalendarYearView } from '@citydesk/shared';

export async function getCalendarYear(db: DbOrTrx, year: number): Promise<CalendarYearView | null> {
  const row = await findYear(db, year);
  if (!row) return null;
  const days = await listDaysOfYear(db, year);
  return {
    year: Number(row.year),
    source: row.source,
    updatedAt: row.updated_at,
    days: days.map((d) => ({ date: d.date, isOffDay: d.is_off_day === 1, name: d.name })),
  };
}

export async function listCalendarYears(db: DbOrTrx) {
  const years = await listYears(db);
  return years.map((y) => ({ year: y.year, source: y.source, updatedAt: y.updated_at, days: y.days }));
}

/**
 * Problems with one year's listed days: unreal dates, dates outside the year's notice,
 * duplicates.
 * A working day listed on a weekday is allowed: the official data has one (2020-02-03, when the
 * extended 2020 Spring Festival break ended).
 */
export function checkYearDays(
  year: number,
  days: readonly CalendarDayInput[],
): { index: number; field: string; reason: string }[] {
  const problems: { index: number; field: string; reason: string }[] = [];
  const seen = new Set<string>();
  days.forEach((d, index) => {
    const date = new Date(`${d.date}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== d.date) {
      problems.push({ index, field: 'date', reason: `not a real date: ${d.date}` });
      return;
    }
    // A year's notice may start in the December before (e.g. the 2019 notice lists 2018-12-29…31).
    const inNotice =
      date.getUTCFullYear() === year || (date.getUTCFullYear() === year - 1 && date.getUTCMonth() === 11);
    if (!inNotice) {
      problems.push({ index, field: 'date', reason: `${d.date} is not in ${year} (or the December before it)` });
    }
    if (seen.has(d.date)) problems.push({ index, field: 'date', reason: `${d.date} listed twice` });
    seen.add(d.date);
  });
  return problems;
}

/** Replaces one year of the calendar (admins add a year when the State Council publishes it). */
export async function setCalendarYear(
  db: Db,
  ctx: UseCaseContext,
  year: number,
  input: { days: CalendarDayInput[]; source: string },
): Promise<CalendarYearView> {
  const problems = checkYearDays(year, input.days);
  if (problems.length > 0) {
    throw new AppError('CALENDAR_INVALID', {
      fields: problems.map((p) => ({ field: `days.${p.index}.${p.field}`, reason: p.reason })),
    });
  }
  const view = await db.transaction().execute(async (trx) => {
    const before = await getCalendarYear(trx, year);
    await writeYear(trx, year, input.days, input.source, toDbTime(ctx.clock.now()));
    const after = await getCalendarYear(trx, year);
    await recordAudit(trx, ctx, {
      action: before ? 'calendar_year.updated' : 'calendar_year.created',
      subjectType: 'calendar_year',
      subjectId: String(year),
      before: before ? { source: before.source, days: before.days } : undefined,
      after: after ? { source: after.source, days: after.days } : undefined,
    });
    return after;
  });
  await refreshCalendar(db);
  if (!view) throw new Error('calendar year vanished after write');
  return view;
}

async function writeYear(trx: Trx, year: number, days: readonly CalendarDayInput[], source: string, now: string) {
  await replaceYear(
    trx,
    { year, source, updated_at: now },
    days.map((d) => ({ date: d.date, year, is_off_day: d.isOffDay ? 1 : 0, name: d.name })),
  );
}

/**
 * Imports the official holiday CSV (date,year,name,is_off_day) for every notice year it holds;
 * rejected whole when any row is bad.
 */
export async function importHolidayCsv(db: Db, ctx: UseCaseContext, csv: string, source: string): Promise<number[]> {
  const table = parseCsv(csv);
  const issues: RowIssue[] = [];
  const byYear = new Map<number, CalendarDayInput[]>();
  for (const row of table.rows) {
    const date = (row.cells.date ?? '').trim();
    const flag = (row.cells.is_off_day ?? '').trim().toLowerCase();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      issues.push({ line: row.line, field: 'date', reason: 'expected YYYY-MM-DD' });
      continue;
    }
    if (flag !== 'true' && flag !== 'false') {
      issues.push({ line: row.line, field: 'is_off_day', reason: 'expected true or false' });
      continue;
    }
    // The notice year (column "year") may differ from the date's year for late-December days.
    const year = Number((row.cells.year ?? '').trim() || date.slice(0, 4));
    const list = byYear.get(year) ?? [];
    list.push({ date, isOffDay: flag === 'true', name: (row.cells.name ?? '').trim() });
    byYear.set(year, list);
  }
  for (const [year, days] of byYear) {
    for (const p of checkYearDays(year, days)) {
      const d = days[p.index];
      const line = table.rows.find((r) => r.cells.date?.trim() === d?.date)?.line ?? 0;
      issues.push({ line, field: p.field === 'isOffDay' ? 'is_off_day' : p.field, reason: p.reason });
    }
  }
  if (issues.length > 0) throw importRejected(issues);
  const now = toDbTime(ctx.clock.now());
  await db.transaction().execute(async (trx) => {
    for (const [year, days] of byYear) {
      await writeYear(trx, year, days, source, now);
    }
    await recordAudit(trx, ctx, {
      action: 'calendar.imported',
      subjectType: 'calendar',
      after: { years: [...byYear.keys()], days: table.rows.length, source },
    });
  });
  await refreshCalendar(db);
  return [...byYear.keys()].sort((a, b) => a - b);
}
