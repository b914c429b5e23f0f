import type { CitizenGroup } from '@citydesk/shared';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/connect.js';
import type {
  CitizenGroupMemberTable,
  CitizenSessionTable,
  PortalRateWindowTable,
  SmsCodeTable,
} from './portal.tables.js';

// ---------------------------------------------------------------------------------------------
// Rate-limit windows

/**
 * Counts one for `key` if its window allows it: fewer than `limit` in the current window and,
 * with `gapBefore`, none later than that instant. One conditional UPDATE decides, so two servers
 * (or two requests) racing for the last slot cannot both get it. Returns whether it counted.
 */
export async function takeRateWindow(
  db: DbOrTrx,
  key: string,
  window: { start: string; limit: number; now: string; gapBefore: string | null },
): Promise<boolean> {
  await db
    .insertInto('portal_rate_window')
    .values({ key, window_start: '', count: 0, last_at: '' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  let update = db
    .updateTable('portal_rate_window')
    .set({
      // Every expression reads the row as it was before this update (both engines).
      count: sql<number>`case when window_start = ${window.start} then count + 1 else 1 end`,
      window_start: window.start,
      last_at: window.now,
    })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('window_start', '<>', window.start), eb('count', '<', window.limit)]));
  if (window.gapBefore !== null) update = update.where('last_at', '<=', window.gapBefore);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findRateWindow(db: DbOrTrx, key: string): Promise<PortalRateWindowTable | undefined> {
  return db.selectFrom('portal_rate_window').selectAll().where('key', '=', key).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Verification codes

export async function insertSmsCode(db: DbOrTrx, row: SmsCodeTable): Promise<void> {
  await db.insertInto('sms_code').values(row).execute();
}

/** Ends a number's codes not yet used: only the newest code works. */
export async function supersedeSmsCodes(db: DbOrTrx, phoneHash: string, at: string): Promise<void> {
  await db
    .updateTable('sms_code')
    .set({ used_at: at })
    .where('phone_hash', '=', phoneHash)
    .where('used_at', 'is', null)
    .execute();
}

/** The newest code of a number that has not been used (it may have expired or be used up). */
export async function findOpenSmsCode(db: DbOrTrx, phoneHash: string): Promise<SmsCodeTable | undefined> {
  return db
    .selectFrom('sms_code')
    .selectAll()
    .where('phone_hash', '=', phoneHash)
    .where('used_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Counts a wrong entry; returns the attempts now recorded. */
export async function countWrongCode(db: DbOrTrx, id: string): Promise<number> {
  await db
    .updateTable('sms_code')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .execute();
  const row = await db.selectFrom('sms_code').select('attempts').where('id', '=', id).executeTakeFirst();
  return Number(row?.attempts ?? 0);
}

/**
 * Uses a code once: only while unused, unexpired and not used up, so a code entered twice at
 * the same moment signs in once. Returns whether this call used it.
 */
export async function useSmsCode(db: DbOrTrx, id: string, at: string, maxAttempts: number): Promise<boolean> {
  const result = await db
    .updateTable('sms_code')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .where('attempts', '<', maxAttempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Citizen sessions

export async function insertCitizenSession(db: DbOrTrx, row: CitizenSessionTable): Promise<void> {
  await db.insertInto('citizen_session').values(row).execute();
}

/** A session that has not ended and has not expired at `at`. */
export async function findLiveCitizenSession(
  db: DbOrTrx,
  id: string,
  at: string,
): Promise<CitizenSessionTable | undefined> {
  return db
    .selectFrom('citizen_session')
    .selectAll()
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
}

export async function endCitizenSession(db: DbOrTrx, id: string, at: string): Promise<void> {
  await db
    .updateTable('citizen_session')
    .set({ ended_at: at })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

/** Deletes codes and sessions that expired before `before`, and windows idle since then. */
export async function purgeExpiredPortalRows(db: DbOrTrx, before: string): Promise<number> {
  const codes = await db.deleteFrom('sms_code').where('expires_at', '<', before).executeTakeFirst();
  const sessions = await db.deleteFrom('citizen_session').where('expires_at', '<', before).executeTakeFirst();
  const windows = await db.deleteFrom('portal_rate_window').where('last_at', '<', before).executeTakeFirst();
  return Number(codes.numDeletedRows) + Number(sessions.numDeletedRows) + Number(windows.numDeletedRows);
}

// ---------------------------------------------------------------------------------------------
// Special groups

export async function insertGroupMember(db: DbOrTrx, row: CitizenGroupMemberTable): Promise<void> {
  await db.insertInto('citizen_group_member').values(row).execute();
}

export async function findGroupMember(db: DbOrTrx, id: string): Promise<CitizenGroupMemberTable | undefined> {
  return db.selectFrom('citizen_group_member').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroupMemberByPhone(
  db: DbOrTrx,
  phoneHash: string,
  group: CitizenGroup,
): Promise<CitizenGroupMemberTable | undefined> {
  return db
    .selectFrom('citizen_group_member')
    .selectAll()
    .where('phone_hash', '=', phoneHash)
    .where('group_code', '=', group)
    .executeTakeFirst();
}

export async function deleteGroupMember(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('citizen_group_member').where('id', '=', id).execute();
}

/** The groups a number is registered in, in a fixed order. */
export async function groupsOfPhone(db: DbOrTrx, phoneHash: string): Promise<CitizenGroup[]> {
  const rows = await db
    .selectFrom('citizen_group_member')
    .select('group_code')
    .where('phone_hash', '=', phoneHash)
    .orderBy('group_code')
    .execute();
  return rows.map((r) => r.group_code);
}

/** One page of members, newest first, by keyset (created_at, id); optionally one group. */
export async function listGroupMembers(
  db: DbOrTrx,
  filter: { group?: CitizenGroup | undefined },
  page: { limit: number; after: { createdAt: string; id: string } | null },
): Promise<CitizenGroupMemberTable[]> {
  let query = db.selectFrom('citizen_group_member').selectAll();
  if (filter.group) query = query.where('group_code', '=', filter.group);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}
