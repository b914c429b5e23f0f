import type { ExpressionBuilder } from 'kysely';
import { dialectOf, type Db, type DbOrTrx } from '../../platform/db/connect.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/keyset-cursor.js';
import { isRootPath, unitIdsInScope } from '../org/index.js';
import type { CasePartyRole, CaseRecordTable } from './intake.tables.js';

export async function findCaseById(db: DbOrTrx, id: string): Promise<CaseRecordTable | undefined> {
  return db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCaseByNumber(db: DbOrTrx, number: string): Promise<CaseRecordTable | undefined> {
  return db.selectFrom('case_record').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function findCaseByTokenHash(db: DbOrTrx, hash: string): Promise<CaseRecordTable | undefined> {
  return db.selectFrom('case_record').selectAll().where('tracking_token_hash', '=', hash).executeTakeFirst();
}

export async function findCasesByIds(db: DbOrTrx, ids: readonly string[]): Promise<CaseRecordTable[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('case_record')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertCase(db: DbOrTrx, row: CaseRecordTable): Promise<void> {
  await db.insertInto('case_record').values(row).execute();
}

export type CasePatch = Partial<Omit<CaseRecordTable, 'id' | 'number' | 'version'>>;

/**
 * Applies a change if the case is still at the version the caller read (optimistic concurrency)
 * and bumps the version; otherwise VERSION_CONFLICT with the current version.
 */
export async function updateCaseVersioned(
  db: DbOrTrx,
  id: string,
  expectedVersion: number,
  patch: CasePatch,
): Promise<number> {
  const result = await db
    .updateTable('case_record')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const current = await db.selectFrom('case_record').select('version').where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('NOT_FOUND', { id });
    throw new AppError('VERSION_CONFLICT', { currentVersion: Number(current.version), yourVersion: expectedVersion });
  }
  return expectedVersion + 1;
}

export async function addParty(db: DbOrTrx, caseId: string, unitId: string, role: CasePartyRole): Promise<void> {
  await db
    .insertInto('case_party')
    .values({ case_id: caseId, unit_id: unitId, role })
    .onConflict((oc) => oc.columns(['case_id', 'unit_id', 'role']).doNothing())
    .execute();
}

export async function removeParty(db: DbOrTrx, caseId: string, unitId: string, role: CasePartyRole): Promise<void> {
  await db
    .deleteFrom('case_party')
    .where('case_id', '=', caseId)
    .where('unit_id', '=', unitId)
    .where('role', '=', role)
    .execute();
}

export async function partiesOf(db: DbOrTrx, caseId: string): Promise<{ unit_id: string; role: CasePartyRole }[]> {
  return db.selectFrom('case_party').select(['unit_id', 'role']).where('case_id', '=', caseId).execute();
}

export async function addTag(db: DbOrTrx, caseId: string, tag: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('case_tag')
    .values({ case_id: caseId, tag, created_at: at })
    .onConflict((oc) => oc.columns(['case_id', 'tag']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeTag(db: DbOrTrx, caseId: string, tag: string): Promise<boolean> {
  const result = await db
    .deleteFrom('case_tag')
    .where('case_id', '=', caseId)
    .where('tag', '=', tag)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function tagsOfCases(db: DbOrTrx, caseIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (caseIds.length === 0) return result;
  const rows = await db
    .selectFrom('case_tag')
    .select(['case_id', 'tag'])
    .where('case_id', 'in', [...caseIds])
    .orderBy('created_at')
    .execute();
  for (const r of rows) result.set(r.case_id, [...(result.get(r.case_id) ?? []), r.tag]);
  return result;
}

/** Ids of the cases some unit in the scope is a party to (a subquery for data-scope filters). */
export function casesInScope(db: DbOrTrx, scopePath: string) {
  return db
    .selectFrom('case_party')
    .select('case_party.case_id')
    .where('case_party.unit_id', 'in', unitIdsInScope(db, scopePath));
}

/**
 * A condition on `case_record`: the case has a party in the scope's subtree. A correlated EXISTS
 * rather than `id IN (cases of the scope)`, for queries over a narrow set of cases (a time range,
 * the overdue ones): the database walks that set and reads each case's few parties by the primary
 * key's case_id prefix, instead of first collecting every case a unit ever had. The district
 * centre and the system see everything: callers skip the condition for them.
 */
export function partyInScope(db: DbOrTrx, scopePath: string) {
  // Same prefix test as org's unitIdsInScope: LIKE on PostgreSQL, a range on SQLite (its LIKE
  // ignores case and cannot use the index; paths end with "/", and "0" is the next character).
  const end = `${scopePath.slice(0, -1)}0`;
  return (eb: ExpressionBuilder<Database, 'case_record'>) =>
    eb.exists(
      eb
        .selectFrom('case_party')
        .innerJoin('unit as party_unit', 'party_unit.id', 'case_party.unit_id')
        .select('case_party.case_id')
        .whereRef('case_party.case_id', '=', 'case_record.id')
        .where((u) =>
          dialectOf(db) === 'postgres'
            ? u('party_unit.path', 'like', `${scopePath}%`)
            : u.and([u('party_unit.path', '>=', scopePath), u('party_unit.path', '<', end)]),
        ),
    );
}

/** Whether a case is visible in a scope (null scope: the system sees everything). */
export async function isCaseInScope(db: Db | DbOrTrx, caseId: string, scopePath: string | null): Promise<boolean> {
  // The system and the district centre see every case (existence is checked by the caller).
  if (scopePath === null || isRootPath(scopePath)) return true;
  const row = await db
    .selectFrom('case_party')
    .select('case_party.case_id')
    .where('case_party.case_id', '=', caseId)
    .where('case_party.unit_id', 'in', unitIdsInScope(db, scopePath))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A caller's earlier cases by phone number, newest first. */
export async function findCasesByPhone(db: DbOrTrx, phone: string, limit: number): Promise<CaseRecordTable[]> {
  return db
    .selectFrom('case_record')
    .selectAll()
    .where('reporter_phone', '=', phone)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Whose cases a personal list shows: a reporter's number (not anonymous ones) or a creator's. */
export type OwnCasesFilter = { reporterPhone: string } | { createdByUserId: string };

/**
 * One page of a person's own cases, newest first, by keyset (created_at, id): the citizen's
 * "my cases" by their verified number, a grid worker's "my reports". Pass `nextCursor` back as
 * `cursor` for the next page.
 */
export async function listOwnCases(
  db: DbOrTrx,
  filter: OwnCasesFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ rows: CaseRecordTable[]; nextCursor: string | null }> {
  let query = db.selectFrom('case_record').selectAll();
  query =
    'reporterPhone' in filter
      ? query.where('reporter_phone', '=', filter.reporterPhone).where('reporter_anonymous', '=', 0)
      : query.where('created_by_user_id', '=', filter.createdByUserId);
  const after = decodeKeysetCursor(page.cursor);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return { rows: pageRows, nextCursor: rows.length > page.limit && last ? encodeKeysetCursor(last) : null };
}
