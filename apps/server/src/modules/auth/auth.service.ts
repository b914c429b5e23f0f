import { createHash, randomBytes } from 'node:crypto';
import {
  permissionsOf,
  type UserUnitView as UnitSummary,
  type UserView,
  type CreateUserInput,
  type Permission,
  type Role,
  type UnitType,
  type UpdateUserInput,
} from '@citydesk/shared';
import type { Config } from '../../config.js';
import { toDbTime, type Clock } from '../../platform/clock.js';
import { scopePathOf, type Actor, type UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx } from '../../platform/db/connect.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPhone } from '../../platform/logging.js';
import { recordAudit } from '../audit/index.js';
import { getUnitByCode, getUnitRow, isWithin, unitPathOf } from '../org/index.js';
import { assertAdminSeparation, assertMayAssignRoles } from './auth.policy.js';
import {
  countFailuresSince,
  endSession,
  endSessionsOfUser,
  findSessionWithUser,
  findUserById,
  findUserByUsername,
  insertLoginAttempt,
  insertSession,
  insertUser,
  lastSuccessAt,
  replaceRoles,
  rolesOfUser,
  rolesOfUsers,
  searchUsers,
  touchSession,
  updateUserRow,
  type UserFilter,
} from './auth.repository.js';
import type { AppUserTable } from './auth.tables.js';
import { checkPasswordPolicy, decoy, hashPassword, verifyPassword } from './password.js';

type AuthSettings = Pick<Config, 'session' | 'login' | 'passwordPolicy'>;

const minuteMs = 60_000;

// ---------------------------------------------------------------------------------------------
// Views

/** Shapes shared with the console (packages/shared). */
export type { UserUnitView as UnitSummary, UserView } from '@citydesk/shared';

export interface MeView extends Omit<UserView, 'phone' | 'lockedUntil'> {
  permissions: Permission[];
}

async function unitSummary(db: DbOrTrx, unitId: string): Promise<UnitSummary | null> {
  const unit = await getUnitRow(db, unitId);
  return unit
    ? { id: unit.id, code: unit.code, name: unit.name, nameEn: unit.name_en, type: unit.type as UnitType }
    : null;
}

/** Staff phone numbers are personal data: shown masked. */
function presentUser(row: AppUserTable, roles: Role[], unit: UnitSummary | null, now: Date): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unit,
    phone: maskPhone(row.phone),
    roles,
    active: row.active === 1,
    lockedUntil: row.locked_until && row.locked_until > toDbTime(now) ? row.locked_until : null,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Sessions

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SignInMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

function actorOf(
  user: Pick<AppUserTable, 'id' | 'username' | 'display_name' | 'unit_id'>,
  roles: Role[],
  unitPath: string | null,
): Actor {
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    unitId: user.unit_id,
    unitPath,
    roles,
    permissions: permissionsOf(roles),
  };
}

function ctxFor(actor: Actor, clock: Clock, meta: SignInMeta): UseCaseContext {
  return { actor, clock, requestId: meta.requestId, ip: meta.ip, channel: 'web' };
}

/**
 * Signs a staff member in. Refuses locked accounts before looking at the password; counts
 * failures per account name and locks after `maxFailures` within the window.
 */
export async function signIn(
  db: Db,
  settings: AuthSettings,
  clock: Clock,
  input: { username: string; password: string },
  meta: SignInMeta,
): Promise<{ token: string; me: MeView; expiresAt: string }> {
  const now = clock.now();
  const nowText = toDbTime(now);
  const username = input.username.trim().toLowerCase();
  const user = await findUserByUsername(db, username);
  if (user?.locked_until && user.locked_until > nowText) {
    throw new AppError('ACCOUNT_LOCKED', {
      retryAfterSeconds: Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000),
    });
  }
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoy()), input.password);
  if (!user || !passwordOk) {
    await recordFailure(db, settings, clock, username, user, meta);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.active !== 1) throw new AppError('ACCOUNT_DISABLED');

  const token = randomBytes(32).toString('base64url');
  const expiresAt = toDbTime(new Date(now.getTime() + settings.session.maxHours * 3600_000));
  const roles = await rolesOfUser(db, user.id);
  const unit = await getUnitRow(db, user.unit_id);
  const actor = actorOf(user, roles, unit?.path ?? null);
  await db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: tokenHash(token),
      user_id: user.id,
      created_at: nowText,
      last_seen_at: nowText,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ended_at: null,
      end_reason: null,
    });
    await insertLoginAttempt(trx, {
      id: newId(now.getTime()),
      username,
      user_id: user.id,
      succeeded: 1,
      at: nowText,
      ip: meta.ip,
    });
    await recordAudit(trx, ctxFor(actor, clock, meta), {
      action: 'session.created',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
  return { token, expiresAt, me: await presentMe(db, user, roles) };
}

async function recordFailure(
  db: Db,
  settings: AuthSettings,
  clock: Clock,
  username: string,
  user: AppUserTable | undefined,
  meta: SignInMeta,
): Promise<void> {
  const now = clock.now();
  const nowText = toDbTime(now);
  await db.transaction().execute(async (trx) => {
    await insertLoginAttempt(trx, {
      id: newId(now.getTime()),
      username,
      user_id: user?.id ?? null,
      succeeded: 0,
      at: nowText,
      ip: meta.ip,
    });
    // Nobody is signed in yet: the refusal is recorded by the system, naming the account tried.
    const system: Actor = {
      kind: 'system',
      id: null,
      username: user?.username ?? username,
      displayName: username,
      unitId: user?.unit_id ?? null,
      unitPath: null,
      roles: [],
      permissions: new Set(),
    };
    const ctx = ctxFor(system, clock, meta);
    await recordAudit(trx, ctx, {
      action: 'session.refused',
      subjectType: 'user',
      subjectId: user?.id ?? null,
      after: { username, reason: 'invalid_credentials' },
    });
    if (!user) return;
    const windowStart = toDbTime(new Date(now.getTime() - settings.login.failureWindowMinutes * minuteMs));
    const since = [windowStart, await lastSuccessAt(trx, username), user.lockout_cleared_at]
      .filter((t): t is string => t !== null)
      .reduce((a, b) => (a > b ? a : b));
    const failures = await countFailuresSince(trx, username, since);
    if (failures >= settings.login.maxFailures) {
      const lockedUntil = toDbTime(new Date(now.getTime() + settings.login.lockMinutes * minuteMs));
      // The failures that caused this lock are used up: after it ends, counting starts afresh.
      await updateUserRow(trx, user.id, { locked_until: lockedUntil, lockout_cleared_at: nowText });
      await recordAudit(trx, ctx, {
        action: 'user.locked',
        subjectType: 'user',
        subjectId: user.id,
        after: { lockedUntil, failures },
      });
    }
  });
}

export type SessionResolution = { actor: Actor; sessionId: string } | { problem: 'SESSION_EXPIRED' };

/**
 * The actor behind a session cookie. Ended, idle-timed-out or past-maximum sessions resolve to
 * SESSION_EXPIRED (and are closed); activity is recorded at most once a minute.
 */
export async function resolveSession(
  db: Db,
  settings: AuthSettings,
  clock: Clock,
  token: string,
): Promise<SessionResolution> {
  const now = clock.now();
  const nowText = toDbTime(now);
  const id = tokenHash(token);
  // Every request comes through here: one query for session and user, one for roles, and the
  // unit's path from the organisation's cache.
  const found = await findSessionWithUser(db, id);
  if (!found || found.ended_at !== null) return { problem: 'SESSION_EXPIRED' };
  const idleDeadline = Date.parse(found.last_seen_at) + settings.session.idleMinutes * minuteMs;
  if (found.expires_at <= nowText || idleDeadline <= now.getTime()) {
    await endSession(db, id, nowText, found.expires_at <= nowText ? 'max_age' : 'idle_timeout');
    return { problem: 'SESSION_EXPIRED' };
  }
  if (found.active !== 1) {
    await endSession(db, id, nowText, 'account_disabled');
    return { problem: 'SESSION_EXPIRED' };
  }
  if (now.getTime() - Date.parse(found.last_seen_at) > minuteMs) await touchSession(db, id, nowText);
  const roles = await rolesOfUser(db, found.id);
  const user = { id: found.id, username: found.username, display_name: found.display_name, unit_id: found.unit_id };
  return { actor: actorOf(user, roles, await unitPathOf(db, found.unit_id)), sessionId: id };
}

export async function signOut(db: Db, ctx: UseCaseContext, token: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSession(trx, tokenHash(token), toDbTime(ctx.clock.now()), 'signed_out');
    await recordAudit(trx, ctx, { action: 'session.ended', subjectType: 'user', subjectId: ctx.actor.id });
  });
}

async function presentMe(db: DbOrTrx, user: AppUserTable, roles: Role[]): Promise<MeView> {
  const {
    phone: _phone,
    lockedUntil: _locked,
    ...rest
  } = presentUser(user, roles, await unitSummary(db, user.unit_id), new Date(0));
  return { ...rest, permissions: [...permissionsOf(roles)].sort() };
}

export async function getMe(db: Db, actor: Actor): Promise<MeView> {
  const user = actor.id ? await findUserById(db, actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED');
  return presentMe(db, user, [...actor.roles]);
}

// ---------------------------------------------------------------------------------------------
// Accounts

function assertPassword(settings: AuthSettings, password: string, username: string): void {
  const reasons = checkPasswordPolicy(password, settings.passwordPolicy, username);
  if (reasons.length > 0) throw new AppError('PASSWORD_POLICY', { reasons });
}

async function userInScope(db: DbOrTrx, actor: Actor, id: string): Promise<AppUserTable> {
  const user = await findUserById(db, id);
  if (!user) throw new AppError('NOT_FOUND', { id });
  const scope = scopePathOf(actor);
  if (scope !== null) {
    const unit = await getUnitRow(db, user.unit_id);
    if (!unit || !isWithin(unit.path, scope)) throw new AppError('NOT_FOUND', { id });
  }
  return user;
}

async function unitForUser(db: DbOrTrx, actor: Actor, unitCode: string) {
  const unit = await getUnitByCode(db, unitCode);
  if (!unit)
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'unitCode', reason: `no unit with code ${unitCode}` }],
    });
  const scope = scopePathOf(actor);
  if (scope !== null && !isWithin(unit.path, scope)) throw new AppError('OUT_OF_SCOPE', { unitCode });
  return unit;
}

/** Creates a staff account. Roles are given only by the CLI; in the console a security admin assigns them. */
export async function createUser(
  db: Db,
  settings: AuthSettings,
  ctx: UseCaseContext,
  input: CreateUserInput,
  roles: readonly Role[] = [],
): Promise<UserView> {
  const username = input.username.toLowerCase();
  assertPassword(settings, input.password, username);
  assertAdminSeparation(roles);
  const unit = await unitForUser(db, ctx.actor, input.unitCode);
  if (await findUserByUsername(db, username)) {
    throw new AppError('CONFLICT', { fields: [{ field: 'username', reason: `account ${username} exists` }] });
  }
  const now = toDbTime(ctx.clock.now());
  const row: AppUserTable = {
    id: newId(ctx.clock.now().getTime()),
    username,
    display_name: input.displayName,
    unit_id: unit.id,
    phone: input.phone ?? null,
    password_hash: await hashPassword(input.password),
    password_changed_at: now,
    active: 1,
    locked_until: null,
    lockout_cleared_at: null,
    created_at: now,
    updated_at: now,
  };
  const sortedRoles = [...new Set(roles)].sort();
  await db.transaction().execute(async (trx) => {
    await insertUser(trx, row);
    await replaceRoles(trx, row.id, sortedRoles);
    await recordAudit(trx, ctx, {
      action: 'user.created',
      subjectType: 'user',
      subjectId: row.id,
      after: {
        username,
        displayName: row.display_name,
        unitCode: unit.code,
        phone: maskPhone(row.phone),
        roles: sortedRoles,
      },
    });
  });
  return presentUser(
    row,
    sortedRoles,
    { id: unit.id, code: unit.code, name: unit.name, nameEn: unit.name_en, type: unit.type as UnitType },
    ctx.clock.now(),
  );
}

export async function updateUser(db: Db, ctx: UseCaseContext, id: string, patch: UpdateUserInput): Promise<UserView> {
  const user = await userInScope(db, ctx.actor, id);
  const unit = patch.unitCode ? await unitForUser(db, ctx.actor, patch.unitCode) : undefined;
  if (patch.active === false && ctx.actor.id === id) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'active', reason: 'you cannot disable your own account' }],
    });
  }
  const now = toDbTime(ctx.clock.now());
  const changes: Partial<AppUserTable> = {
    ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
    ...(unit ? { unit_id: unit.id } : {}),
    ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
    ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, id, changes);
    if (patch.active === false) await endSessionsOfUser(trx, id, now, 'account_disabled');
    await recordAudit(trx, ctx, {
      action: patch.active === false ? 'user.disabled' : 'user.updated',
      subjectType: 'user',
      subjectId: id,
      before: {
        displayName: user.display_name,
        unitId: user.unit_id,
        phone: maskPhone(user.phone),
        active: user.active === 1,
      },
      after: {
        displayName: changes.display_name ?? user.display_name,
        unitId: changes.unit_id ?? user.unit_id,
        phone: maskPhone(changes.phone !== undefined ? changes.phone : user.phone),
        active: (changes.active ?? user.active) === 1,
      },
    });
  });
  return getUser(db, ctx.actor, id, ctx.clock);
}

/** Replaces a user's roles (security administrator); keeps the three administrators separate. */
export async function setUserRoles(
  db: Db,
  ctx: UseCaseContext,
  id: string,
  roles: readonly Role[],
  reason?: string,
): Promise<UserView> {
  assertMayAssignRoles(ctx.actor, id);
  assertAdminSeparation(roles);
  await userInScope(db, ctx.actor, id);
  const before = await rolesOfUser(db, id);
  const after = [...new Set(roles)].sort();
  await db.transaction().execute(async (trx) => {
    await replaceRoles(trx, id, after);
    // Permissions changed: open sessions pick them up on the next request (roles are read per request).
    await recordAudit(trx, ctx, {
      action: 'user.roles_changed',
      subjectType: 'user',
      subjectId: id,
      before: { roles: before },
      after: { roles: after },
      reason: reason ?? null,
    });
  });
  return getUser(db, ctx.actor, id, ctx.clock);
}

export async function unlockUser(db: Db, ctx: UseCaseContext, id: string): Promise<UserView> {
  const user = await userInScope(db, ctx.actor, id);
  const now = toDbTime(ctx.clock.now());
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, id, { locked_until: null, lockout_cleared_at: now, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'user.unlocked',
      subjectType: 'user',
      subjectId: id,
      before: { lockedUntil: user.locked_until },
    });
  });
  return getUser(db, ctx.actor, id, ctx.clock);
}

/** A user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(
  db: Db,
  settings: AuthSettings,
  ctx: UseCaseContext,
  current: string,
  next: string,
  keepSessionId: string | null,
): Promise<void> {
  const user = ctx.actor.id ? await findUserById(db, ctx.actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'currentPassword', reason: 'wrong password' }] });
  }
  assertPassword(settings, next, user.username);
  const now = toDbTime(ctx.clock.now());
  const hashed = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { password_hash: hashed, password_changed_at: now, updated_at: now });
    await trx
      .updateTable('user_session')
      .set({ ended_at: now, end_reason: 'password_changed' })
      .where('user_id', '=', user.id)
      .where('ended_at', 'is', null)
      .$if(keepSessionId !== null, (q) => q.where('id', '!=', keepSessionId ?? ''))
      .execute();
    await recordAudit(trx, ctx, { action: 'user.password_changed', subjectType: 'user', subjectId: user.id });
  });
}

/** Sets a password without knowing the old one (system administrator or CLI). */
export async function resetPassword(
  db: Db,
  settings: AuthSettings,
  ctx: UseCaseContext,
  id: string,
  password: string,
): Promise<void> {
  const user = await userInScope(db, ctx.actor, id);
  assertPassword(settings, password, user.username);
  const now = toDbTime(ctx.clock.now());
  const hashed = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, id, { password_hash: hashed, password_changed_at: now, updated_at: now });
    await endSessionsOfUser(trx, id, now, 'password_reset');
    await recordAudit(trx, ctx, { action: 'user.password_reset', subjectType: 'user', subjectId: id });
  });
}

export async function getUser(db: Db, actor: Actor, id: string, clock: Clock): Promise<UserView> {
  const user = await userInScope(db, actor, id);
  return presentUser(user, await rolesOfUser(db, id), await unitSummary(db, user.unit_id), clock.now());
}

export async function getUserByUsername(db: DbOrTrx, username: string): Promise<AppUserTable | undefined> {
  return findUserByUsername(db, username.toLowerCase());
}

/** Users in the actor's scope (a street sees its street's staff, the district centre everyone). */
export async function listUsers(
  db: Db,
  actor: Actor,
  clock: Clock,
  filter: Omit<UserFilter, 'scopePath'>,
): Promise<{ items: UserView[]; total: number }> {
  const { rows, total } = await searchUsers(db, { ...filter, scopePath: scopePathOf(actor) });
  const roles = await rolesOfUsers(
    db,
    rows.map((r) => r.id),
  );
  const units = new Map<string, UnitSummary | null>();
  for (const r of rows) if (!units.has(r.unit_id)) units.set(r.unit_id, await unitSummary(db, r.unit_id));
  return {
    items: rows.map((r) => presentUser(r, roles.get(r.id) ?? [], units.get(r.unit_id) ?? null, clock.now())),
    total,
  };
}
