import type { DbOrTrx } from '../../platform/db/connect.js';
import { shanghaiDateOf } from '../calendar/index.js';

/**
 * The next case number: prefix + Shanghai date + a daily sequence, e.g. PS20261125-00012 —
 * short enough to read aloud, sorted by time. The sequence row is incremented inside the
 * creating transaction, so numbers never repeat (PostgreSQL locks the row; SQLite has one writer).
 */
export async function nextCaseNumber(trx: DbOrTrx, prefix: string, now: Date): Promise<string> {
  const day = shanghaiDateOf(now).replace(/-/g, '');
  const row = await trx
    .insertInto('case_number_seq')
    .values({ day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ last: eb('case_number_seq.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${prefix}${day}-${String(row.last).padStart(5, '0')}`;
}
