import type { BoardMap, BoardPeriodCounts, BoardRankItem, BoardSummary } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { categoryNamesByIds } from '../catalogue/index.js';
import { unitRefsByIds } from '../org/index.js';
import {
  countClosed,
  countInPeriods,
  countMissedDeadlines,
  countOpenByDeadline,
  findOpenCasesWithPosition,
  topReceivedBy,
  type PeriodBounds,
} from './analytics.repository.js';
import { boardPeriods } from './board-periods.js';

const topSize = 10;

/** The command board's figures for the caller's scope, at `now`. */
export async function boardSummary(db: DbOrTrx, scopePath: string | null, now: Date): Promise<BoardSummary> {
  const periods = boardPeriods(now);
  const p: PeriodBounds = { today: toDbTime(periods.today), week: toDbTime(periods.week), now: toDbTime(now) };
  // One after another: SQLite has one connection, and on PostgreSQL a board must not take the pool.
  const received = await countInPeriods(db, scopePath, 'created_at', p);
  const dispatched = await countInPeriods(db, scopePath, 'dispatched_at', p);
  const closed = await countClosed(db, scopePath, p);
  const overdue = await countMissedDeadlines(db, scopePath, p);
  const open = await countOpenByDeadline(db, scopePath);
  const topCategoryIds = await topReceivedBy(db, scopePath, 'category_id', p.today, topSize);
  const topStreetIds = await topReceivedBy(db, scopePath, 'street_id', p.today, topSize);
  const [categories, streets] = await Promise.all([
    categoryNamesByIds(
      db,
      topCategoryIds.map((c) => c.id),
    ),
    unitRefsByIds(
      db,
      topStreetIds.map((s) => s.id),
    ),
  ]);

  const period = (from: string, which: 'today' | 'week'): BoardPeriodCounts => {
    const closedCount = closed[which];
    const onTime = which === 'today' ? closed.todayOnTime : closed.weekOnTime;
    return {
      from,
      received: received[which],
      dispatched: dispatched[which],
      closed: closedCount,
      closedOnTime: onTime,
      onTimeRate: closedCount > 0 ? onTime / closedCount : null,
      overdue: overdue[which],
    };
  };
  const ranked = (items: { id: string; count: number }[], nameOf: (id: string) => string | undefined) =>
    items.map((i): BoardRankItem => ({ id: i.id, name: nameOf(i.id) ?? i.id, count: i.count }));

  const normal = open.get('normal') ?? 0;
  const amber = open.get('amber') ?? 0;
  const red = open.get('red') ?? 0;
  return {
    at: toDbTime(now),
    today: period(p.today, 'today'),
    week: period(p.week, 'week'),
    open: { total: normal + amber + red + (open.get('none') ?? 0), normal, amber, red },
    topCategories: ranked(topCategoryIds, (id) => categories.get(id)?.name),
    topStreets: ranked(topStreetIds, (id) => streets.get(id)?.name),
  };
}

/** Open cases with coordinates for the board's map, newest first, at most `limit`. */
export async function boardMap(db: DbOrTrx, scopePath: string | null, limit: number): Promise<BoardMap> {
  const rows = await findOpenCasesWithPosition(db, scopePath, limit);
  return {
    items: rows.slice(0, limit).map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      lat: Number(r.lat),
      lon: Number(r.lon),
      deadlineStatus: r.deadline_status,
    })),
    capped: rows.length > limit,
  };
}
