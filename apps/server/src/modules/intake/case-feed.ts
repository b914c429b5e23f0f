import type { CaseChannel, CaseStatus } from '@citydesk/shared';
import type { DbOrTrx } from '../../platform/db/connect.js';
import type { CaseRecordTable } from './intake.tables.js';

/**
 * Which cases a public feed lists (Open311 `GET requests`): by number, or by the time they were
 * accepted or last changed, their item and status. Created time is acceptance time at intake.
 */
export interface CaseFeedQuery {
  /** These case numbers only (the other filters still apply to them). */
  numbers?: readonly string[] | undefined;
  categoryIds?: readonly string[] | undefined;
  statuses?: readonly CaseStatus[] | undefined;
  /** Accepted at or after (UTC ISO). */
  acceptedFrom?: string | undefined;
  /** Accepted at or before. */
  acceptedTo?: string | undefined;
  updatedFrom?: string | undefined;
  updatedTo?: string | undefined;
  /** Channels never listed (e.g. letters to the leaders' mailbox). */
  excludeChannels?: readonly CaseChannel[] | undefined;
  limit: number;
  offset: number;
}

/** Cases of a feed query, newest first (ties by id), one page. */
export async function listCasesForFeed(db: DbOrTrx, q: CaseFeedQuery): Promise<CaseRecordTable[]> {
  let query = db.selectFrom('case_record').selectAll();
  if (q.numbers) {
    if (q.numbers.length === 0) return [];
    query = query.where('number', 'in', [...q.numbers]);
  }
  if (q.categoryIds) {
    if (q.categoryIds.length === 0) return [];
    query = query.where('category_id', 'in', [...q.categoryIds]);
  }
  if (q.statuses) {
    if (q.statuses.length === 0) return [];
    query = query.where('status', 'in', [...q.statuses]);
  }
  if (q.acceptedFrom) query = query.where('created_at', '>=', q.acceptedFrom);
  if (q.acceptedTo) query = query.where('created_at', '<=', q.acceptedTo);
  if (q.updatedFrom) query = query.where('updated_at', '>=', q.updatedFrom);
  if (q.updatedTo) query = query.where('updated_at', '<=', q.updatedTo);
  if (q.excludeChannels && q.excludeChannels.length > 0) {
    query = query.where('channel', 'not in', [...q.excludeChannels]);
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}
