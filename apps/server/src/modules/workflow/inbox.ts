import { caseChannels, caseNodes, deadlineStatuses, requestTypes } from '@citydesk/shared';
import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { DbOrTrx } from '../../platform/db/connect.js';
import type { Database } from '../../platform/db/schema.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/keyset-cursor.js';
import {
  casesInScope,
  casesMatching,
  partyInScope,
  presentSummaries,
  queryTerms,
  type CaseSummary,
} from '../intake/index.js';
import { isRootPath, unitIdsInScope } from '../org/index.js';

/** The tabs of the work queues; each is "cases waiting for someone in your scope to act". */
export const inboxTabs = [
  'to_dispatch',
  'returned',
  'to_sign',
  'in_hand',
  'near_deadline',
  'overdue',
  'to_verify',
  'to_visit',
  'to_close',
  'suspended',
  'all',
] as const;
export type InboxTab = (typeof inboxTabs)[number];

export const caseFilterSchema = z.object({
  node: z.enum(caseNodes).optional(),
  deadlineStatus: z.enum(deadlineStatuses).optional(),
  channel: z.enum(caseChannels).optional(),
  requestType: z.enum(requestTypes).optional(),
  categoryId: z.string().max(64).optional(),
  tag: z.string().max(30).optional(),
  streetId: z.string().max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type CaseFilter = z.infer<typeof caseFilterSchema>;

export const searchSchema = caseFilterSchema.extend({
  number: z.string().trim().max(40).optional(),
  phone: z.string().trim().max(20).optional(),
  q: z.string().trim().max(100).optional(),
  address: z.string().trim().max(100).optional(),
});
export type CaseSearch = z.infer<typeof searchSchema>;

type CaseQuery = SelectQueryBuilder<Database, 'case_record', object>;

/** The district centre's scope is everything: no filter needed. */
const isRootScope = (scopePath: string | null) => scopePath === null || isRootPath(scopePath);

/** The query limited to cases some unit in the scope is a party to. */
export function scoped(db: DbOrTrx, query: CaseQuery, scopePath: string | null): CaseQuery {
  return isRootScope(scopePath) ? query : query.where('case_record.id', 'in', casesInScope(db, scopePath as string));
}

/** The same filter for a narrow set of cases (amber, red, suspended): checked case by case. */
function scopedFew(db: DbOrTrx, query: CaseQuery, scopePath: string | null): CaseQuery {
  return isRootScope(scopePath) ? query : query.where(partyInScope(db, scopePath as string));
}

/** Unit ids in scope, or null for everything. */
const units = (db: DbOrTrx, scopePath: string | null) =>
  isRootScope(scopePath) ? null : unitIdsInScope(db, scopePath as string);

function assignedWith(
  db: DbOrTrx,
  query: CaseQuery,
  scopePath: string | null,
  status: 'dispatched' | 'signed',
): CaseQuery {
  let sub = db
    .selectFrom('case_assignment')
    .select('case_assignment.case_id')
    .where('case_assignment.status', '=', status);
  const scope = units(db, scopePath);
  if (scope) sub = sub.where('case_assignment.unit_id', 'in', scope);
  return query.where('case_record.status', '=', 'open').where('case_record.id', 'in', sub);
}

function ownedBy(db: DbOrTrx, query: CaseQuery, scopePath: string | null): CaseQuery {
  const scope = units(db, scopePath);
  return scope ? query.where('case_record.owner_unit_id', 'in', scope) : query;
}

function applyTab(db: DbOrTrx, base: CaseQuery, tab: InboxTab, scopePath: string | null): CaseQuery {
  const open = base.where('case_record.status', '=', 'open');
  switch (tab) {
    case 'to_dispatch':
      return ownedBy(db, open.where('case_record.node', 'in', ['register', 'dispatch']), scopePath);
    case 'returned':
      return ownedBy(
        db,
        open
          .where('case_record.node', '=', 'dispatch')
          .where(
            'case_record.id',
            'in',
            db.selectFrom('case_assignment').select('case_id').where('status', '=', 'returned'),
          ),
        scopePath,
      );
    case 'to_sign':
      return assignedWith(db, base, scopePath, 'dispatched');
    case 'in_hand':
      return assignedWith(db, base, scopePath, 'signed');
    case 'near_deadline':
      return scopedFew(db, open.where('case_record.deadline_status', '=', 'amber'), scopePath);
    case 'overdue':
      return scopedFew(db, open.where('case_record.deadline_status', '=', 'red'), scopePath);
    case 'to_verify': {
      const scope = units(db, scopePath);
      const q = open.where('case_record.node', '=', 'verify');
      return scope
        ? q.where((eb) => eb.or([eb('case_record.grid_id', 'in', scope), eb('case_record.community_id', 'in', scope)]))
        : q;
    }
    case 'to_visit':
      return ownedBy(db, open.where('case_record.node', '=', 'return_visit'), scopePath);
    case 'to_close':
      return ownedBy(db, open.where('case_record.node', '=', 'close'), scopePath);
    case 'suspended':
      return scopedFew(db, base.where('case_record.status', '=', 'suspended'), scopePath);
    case 'all':
      return scoped(db, base, scopePath);
  }
}

function applyFilters(db: DbOrTrx, query: CaseQuery, f: CaseFilter): CaseQuery {
  let q = query;
  if (f.node) q = q.where('case_record.node', '=', f.node);
  if (f.deadlineStatus) q = q.where('case_record.deadline_status', '=', f.deadlineStatus);
  if (f.channel) q = q.where('case_record.channel', '=', f.channel);
  if (f.requestType) q = q.where('case_record.request_type', '=', f.requestType);
  if (f.categoryId) q = q.where('case_record.category_id', '=', f.categoryId);
  if (f.streetId) q = q.where('case_record.street_id', '=', f.streetId);
  if (f.from) q = q.where('case_record.created_at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('case_record.created_at', '<', new Date(f.to).toISOString());
  if (f.tag) {
    const tag = f.tag;
    q = q.where('case_record.id', 'in', db.selectFrom('case_tag').select('case_id').where('tag', '=', tag));
  }
  return q;
}

/** One page of a keyset-paginated list: oldest first (queues) or newest first (search). */
async function page(
  query: CaseQuery,
  db: DbOrTrx,
  f: CaseFilter,
  newestFirst: boolean,
): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
  const cursor = decodeKeysetCursor(f.cursor);
  let q = query;
  if (cursor) {
    const op = newestFirst ? '<' : '>';
    q = q.where((eb) =>
      eb.or([
        eb('case_record.created_at', op, cursor.createdAt),
        eb.and([eb('case_record.created_at', '=', cursor.createdAt), eb('case_record.id', op, cursor.id)]),
      ]),
    );
  }
  const direction = newestFirst ? 'desc' : 'asc';
  const rows = await q
    .selectAll('case_record')
    .orderBy('case_record.created_at', direction)
    .orderBy('case_record.id', direction)
    .limit(f.limit + 1)
    .execute();
  const more = rows.length > f.limit;
  const pageRows = rows.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: await presentSummaries(db, pageRows),
    nextCursor: more && last ? encodeKeysetCursor(last) : null,
  };
}

/** The cases of one queue tab in the caller's scope, filtered, oldest first. */
export async function listInbox(db: DbOrTrx, scopePath: string | null, tab: InboxTab, f: CaseFilter) {
  const base = db.selectFrom('case_record') as unknown as CaseQuery;
  return page(applyFilters(db, applyTab(db, base, tab, scopePath), f), db, f, false);
}

/** The tabs counted when a caller names none: every work queue (not `all`, which is everything). */
export const countedTabs = inboxTabs.filter((t) => t !== 'all');

/** How many cases each asked-for tab holds for the caller (a page asks only for the tabs it shows). */
export async function inboxCounts(
  db: DbOrTrx,
  scopePath: string | null,
  tabs: readonly InboxTab[] = countedTabs,
): Promise<Partial<Record<InboxTab, number>>> {
  const counts: Partial<Record<InboxTab, number>> = {};
  for (const tab of tabs) {
    const base = db.selectFrom('case_record') as unknown as CaseQuery;
    const row = await applyTab(db, base, tab, scopePath)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[tab] = Number((row as { n: unknown }).n);
  }
  return counts;
}

/** Search by number, phone (exact), words of the text, address and the queue filters; newest first. */
export async function searchCases(db: DbOrTrx, scopePath: string | null, s: CaseSearch) {
  let q = scoped(db, db.selectFrom('case_record'), scopePath);
  if (s.number) q = q.where('case_record.number', '=', s.number.toUpperCase());
  if (s.phone) q = q.where('case_record.reporter_phone', '=', s.phone);
  if (s.address) q = q.where('case_record.address', 'like', `%${s.address}%`);
  if (s.q) {
    const terms = queryTerms(s.q);
    if (terms.length > 0) q = q.where('case_record.id', 'in', casesMatching(db, terms));
    else
      q = q.where((eb) =>
        eb.or([eb('case_record.title', 'like', `%${s.q}%`), eb('case_record.description', 'like', `%${s.q}%`)]),
      );
  }
  return page(applyFilters(db, q, s), db, s, true);
}
