import type { DeadlineStatus } from '@citydesk/shared';
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { DbOrTrx } from '../../platform/db/connect.js';
import type { Database } from '../../platform/db/schema.js';
import { partyInScope } from '../intake/index.js';
import { isRootPath } from '../org/index.js';

/**
 * All SQL of the board. Analytics only reads: every query is a count or a short list over
 * case_record, limited to the caller's scope, each range on a column with its own index
 * (created_at, dispatched_at, closed_at, due_at; see migration 20261126T1100-board-indexes).
 */

type CaseQuery = SelectQueryBuilder<Database, 'case_record', object>;
type CaseExpressions = ExpressionBuilder<Database, 'case_record'>;

/** Cases visible in a scope (the district centre and the system see every case). */
function casesOf(db: DbOrTrx, scopePath: string | null): CaseQuery {
  const base = db.selectFrom('case_record') as unknown as CaseQuery;
  if (scopePath === null || isRootPath(scopePath)) return base;
  return base.where(partyInScope(db, scopePath));
}

/** Later than any timestamp: an unhandled case compares as handled "never". */
const never = '9999-12-31T23:59:59.999Z';

/**
 * When the case was handled (办结 in the deadline's sense): the lead unit's feedback, else (the
 * simple template, or a case answered without dispatch) its closing; `never` while neither.
 */
function handledAt(eb: CaseExpressions) {
  const feedback = eb
    .selectFrom('case_assignment')
    .select((a) => a.fn.max('case_assignment.feedback_at').as('feedback_at'))
    .whereRef('case_assignment.case_id', '=', 'case_record.id')
    .where('case_assignment.role', '=', 'lead');
  return eb.fn.coalesce(feedback, eb.ref('case_record.closed_at'), eb.val(never));
}

const asCount = (value: unknown): number => Number(value ?? 0);

export interface PeriodBounds {
  today: string;
  week: string;
  now: string;
}

/** Cases whose timestamp column falls in this week, and how many of them today. */
export async function countInPeriods(
  db: DbOrTrx,
  scopePath: string | null,
  column: 'created_at' | 'dispatched_at',
  p: PeriodBounds,
): Promise<{ today: number; week: number }> {
  const ref = `case_record.${column}` as const;
  const row = await casesOf(db, scopePath)
    .where(ref, '>=', p.week)
    .select((eb) => [
      eb.fn.countAll().as('week'),
      eb.fn.sum(eb.case().when(ref, '>=', p.today).then(1).else(0).end()).as('today'),
    ])
    .executeTakeFirst();
  return { today: asCount(row?.today), week: asCount(row?.week) };
}

/** Cases closed (not voided or merged) this week and today, and how many of them were handled in time. */
export async function countClosed(
  db: DbOrTrx,
  scopePath: string | null,
  p: PeriodBounds,
): Promise<{ today: number; week: number; todayOnTime: number; weekOnTime: number }> {
  const row = await casesOf(db, scopePath)
    .where('case_record.closed_at', '>=', p.week)
    .where('case_record.status', '=', 'closed')
    .select((eb) => {
      const onTime = eb.or([
        eb('case_record.due_at', 'is', null),
        eb(handledAt(eb), '<=', eb.ref('case_record.due_at')),
      ]);
      const isToday = eb('case_record.closed_at', '>=', p.today);
      return [
        eb.fn.countAll().as('week'),
        eb.fn.sum(eb.case().when(isToday).then(1).else(0).end()).as('today'),
        eb.fn.sum(eb.case().when(onTime).then(1).else(0).end()).as('week_on_time'),
        eb.fn
          .sum(
            eb
              .case()
              .when(eb.and([isToday, onTime]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('today_on_time'),
      ];
    })
    .executeTakeFirst();
  return {
    today: asCount(row?.today),
    week: asCount(row?.week),
    todayOnTime: asCount(row?.today_on_time),
    weekOnTime: asCount(row?.week_on_time),
  };
}

/** Cases whose handling deadline passed this week (and today) without the case being handled by then. */
export async function countMissedDeadlines(
  db: DbOrTrx,
  scopePath: string | null,
  p: PeriodBounds,
): Promise<{ today: number; week: number }> {
  const row = await casesOf(db, scopePath)
    .where('case_record.due_at', '>=', p.week)
    .where('case_record.due_at', '<=', p.now)
    .where('case_record.status', 'not in', ['voided', 'merged'])
    .where((eb) => eb(handledAt(eb), '>', eb.ref('case_record.due_at')))
    .select((eb) => [
      eb.fn.countAll().as('week'),
      eb.fn.sum(eb.case().when('case_record.due_at', '>=', p.today).then(1).else(0).end()).as('today'),
    ])
    .executeTakeFirst();
  return { today: asCount(row?.today), week: asCount(row?.week) };
}

/** Open cases right now by deadline status. */
export async function countOpenByDeadline(db: DbOrTrx, scopePath: string | null): Promise<Map<DeadlineStatus, number>> {
  const rows = await casesOf(db, scopePath)
    .where('case_record.status', '=', 'open')
    .select((eb) => ['case_record.deadline_status', eb.fn.countAll().as('n')])
    .groupBy('case_record.deadline_status')
    .execute();
  return new Map(rows.map((r) => [r.deadline_status, asCount(r.n)]));
}

/** The most frequent values of a column among the cases received since `from`. */
export async function topReceivedBy(
  db: DbOrTrx,
  scopePath: string | null,
  column: 'category_id' | 'street_id',
  from: string,
  limit: number,
): Promise<{ id: string; count: number }[]> {
  const ref = `case_record.${column}` as const;
  const rows = await casesOf(db, scopePath)
    .where('case_record.created_at', '>=', from)
    .where(ref, 'is not', null)
    .select((eb) => [eb.ref(ref).as('id'), eb.fn.countAll().as('n')])
    .groupBy(ref)
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy(ref)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), count: asCount(r.n) }));
}

/** Open cases with coordinates, newest first (one more than `limit`, to tell the caller there are more). */
export async function findOpenCasesWithPosition(db: DbOrTrx, scopePath: string | null, limit: number) {
  return casesOf(db, scopePath)
    .where('case_record.status', '=', 'open')
    .where('case_record.lat', 'is not', null)
    .where('case_record.lon', 'is not', null)
    .select([
      'case_record.id',
      'case_record.number',
      'case_record.title',
      'case_record.lat',
      'case_record.lon',
      'case_record.deadline_status',
    ])
    .orderBy('case_record.created_at', 'desc')
    .orderBy('case_record.id', 'desc')
    .limit(limit + 1)
    .execute();
}
