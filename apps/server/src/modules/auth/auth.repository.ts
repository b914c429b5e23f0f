import type { Role } from '@citydesk/shared';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { unitIdsInScope } from '../org/index.js';
import type { AppUserTable, LoginAttemptTable, UserSessionTable } from './auth.tables.js';

export async function findUserByUsername(db: DbOrTrx, username: string): Promise<AppUserTable | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: DbOrTrx, id: string): Promise<AppUserTable | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rolesOfUser(db: DbOrTrx, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_role').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role as Role);
}

export async function rolesOfUsers(db: DbOrTrx, userIds: readonly string[]): Promise<Map<string, Role[]>> {
  const result = new Map<string, Role[]>();
  for (let i = 0; i < userIds.length; i += 500) {
    const chunk = userIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('user_role')
      .select(['user_id', 'role'])
      .where('user_id', 'in', chunk)
      .orderBy('role')
      .execute();
    for (const r of rows) result.set(r.user_id, [...(result.get(r.user_id) ?? []), r.role as Role]);
  }
  return result;
}

export async function insertUser(db: DbOrTrx, row: AppUserTable): Promise<void> {
  await db.insertInto('app_user').values(row).execute();
}

export async function updateUserRow(db: DbOrTrx, id: string, patch: Partial<AppUserTable>): Promise<void> {
  await db.updateTable('app_user').set(patch).where('id', '=', id).execute();
}

export async function replaceRoles(db: DbOrTrx, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    await db
      .insertInto('user_role')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
  }
}

export interface UserFilter {
  scopePath: string | null;
  unitId?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Users visible in a scope: their unit lies in the subtree (enforced in the query). */
export async function searchUsers(db: DbOrTrx, f: UserFilter): Promise<{ rows: AppUserTable[]; total: number }> {
  let query = db.selectFrom('app_user');
  if (f.scopePath !== null) query = query.where('app_user.unit_id', 'in', unitIdsInScope(db, f.scopePath));
  if (f.unitId) query = query.where('app_user.unit_id', '=', f.unitId);
  if (f.role) {
    const role = f.role;
    query = query.where('app_user.id', 'in', db.selectFrom('user_role').select('user_id').where('role', '=', role));
  }
  if (f.q) {
    const like = `%${f.q}%`;
    query = query.where((eb) =>
      eb.or([eb('app_user.username', 'like', like), eb('app_user.display_name', 'like', like)]),
    );
  }
  const [rows, count] = await Promise.all([
    query.selectAll('app_user').orderBy('app_user.username').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertSession(db: DbOrTrx, row: UserSessionTable): Promise<void> {
  await db.insertInto('user_session').values(row).execute();
}

export async function findSession(db: DbOrTrx, id: string): Promise<UserSessionTable | undefined> {
  return db.selectFrom('user_session').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A session and its user in one query (every request resolves one). */
export async function findSessionWithUser(db: DbOrTrx, id: string) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.last_seen_at',
      's.expires_at',
      's.ended_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'u.active',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, id: string, at: string): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function endSession(db: DbOrTrx, id: string, at: string, reason: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ ended_at: at, end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function endSessionsOfUser(db: DbOrTrx, userId: string, at: string, reason: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ ended_at: at, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}

export async function insertLoginAttempt(db: DbOrTrx, row: LoginAttemptTable): Promise<void> {
  await db.insertInto('login_attempt').values(row).execute();
}

/** Failed sign-ins of an account name after an instant. */
export async function countFailuresSince(db: DbOrTrx, username: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('username', '=', username)
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function lastSuccessAt(db: DbOrTrx, username: string): Promise<string | null> {
  const row = await db
    .selectFrom('login_attempt')
    .select('at')
    .where('username', '=', username)
    .where('succeeded', '=', 1)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** Display names of accounts by id (for timelines; the audit log keeps the account name). */
export async function findDisplayNames(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
