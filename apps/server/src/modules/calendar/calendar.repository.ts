import type { DbOrTrx } from '../../platform/db/connect.js';
import type { CalendarDayTable, CalendarYearTable } from './calendar.tables.js';

export async function listYears(db: DbOrTrx): Promise<(CalendarYearTable & { days: number })[]> {
  const rows = await db
    .selectFrom('calendar_year as y')
    .leftJoin('calendar_day as d', 'd.year', 'y.year')
    .select(['y.year', 'y.source', 'y.updated_at', (eb) => eb.fn.count<number>('d.date').as('days')])
    .groupBy(['y.year', 'y.source', 'y.updated_at'])
    .orderBy('y.year')
    .execute();
  return rows.map((r) => ({ ...r, year: Number(r.year), days: Number(r.days) }));
}

export async function listAllDays(db: DbOrTrx): Promise<CalendarDayTable[]> {
  return db.selectFrom('calendar_day').selectAll().orderBy('date').execute();
}

export async function listDaysOfYear(db: DbOrTrx, year: number): Promise<CalendarDayTable[]> {
  return db.selectFrom('calendar_day').selectAll().where('year', '=', year).orderBy('date').execute();
}

export async function findYear(db: DbOrTrx, year: number): Promise<CalendarYearTable | undefined> {
  return db.selectFrom('calendar_year').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Replaces a year's listed days (the year row is created or updated). */
export async function replaceYear(
  db: DbOrTrx,
  year: CalendarYearTable,
  days: readonly CalendarDayTable[],
): Promise<void> {
  await db.deleteFrom('calendar_day').where('year', '=', year.year).execute();
  const existing = await findYear(db, year.year);
  if (existing) {
    await db
      .updateTable('calendar_year')
      .set({ source: year.source, updated_at: year.updated_at })
      .where('year', '=', year.year)
      .execute();
  } else {
    await db.insertInto('calendar_year').values(year).execute();
  }
  for (let i = 0; i < days.length; i += 200) {
    await db
      .insertInto('calendar_day')
      .values(days.slice(i, i + 200))
      .execute();
  }
}
