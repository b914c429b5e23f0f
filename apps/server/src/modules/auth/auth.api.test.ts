import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { demoPassword } from '../../seed/demo.js';

const minute = 60_000;

async function login(app: FastifyInstance, username: string, password: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
}

async function userId(env: TestEnv, username: string): Promise<string> {
  const row = await env.database.handle.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

describeEachDatabase('signing in and sessions', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => env.close());

  it('signs in with the right password and sets an HttpOnly, SameSite session cookie', async () => {
    const response = await login(env.app, 'operator', demoPassword);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'citydesk_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value.length).toBeGreaterThan(30);
    const me = await env.app.inject({ url: '/api/auth/me', headers: { cookie: `citydesk_session=${cookie?.value}` } });
    expect(me.json()).toMatchObject({ username: 'operator', roles: ['operator'], unit: { code: '440310' } });
    expect(me.json<{ permissions: string[] }>().permissions).toContain('catalogue.read');
  });

  it('stores only a hash of the session token', async () => {
    const response = await login(env.app, 'leader', demoPassword);
    const token = response.cookies.find((c) => c.name === 'citydesk_session')?.value ?? '';
    const rows = await env.database.handle.db.selectFrom('user_session').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });

  it('refuses a wrong password and an unknown account with the same message, in Chinese or English', async () => {
    const wrong = await login(env.app, 'operator', 'Wrong-password-1');
    const unknown = await login(env.app, 'nobody', 'Wrong-password-1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<ErrorBody>().error).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: '账号或密码错误',
      details: {},
    });
    expect(unknown.json<ErrorBody>().error.code).toBe('INVALID_CREDENTIALS');
    const english = await login(env.app, 'operator', 'Wrong-password-1', { 'accept-language': 'en-US,en;q=0.9' });
    expect(english.json<ErrorBody>().error.message).toBe('Wrong account or password');
  });

  it('locks an account after 5 failures in 15 minutes, even against the right password, until the lock ends', async () => {
    for (let i = 0; i < 5; i++) {
      env.clock.advance(30_000);
      expect((await login(env.app, 'dispatcher', `Bad-guess-${i}x`)).statusCode).toBe(401);
    }
    const locked = await login(env.app, 'dispatcher', demoPassword);
    expect(locked.statusCode).toBe(423);
    expect(locked.json<ErrorBody>().error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.json<ErrorBody>().error.details.retryAfterSeconds).toBe(15 * 60);
    env.clock.advance(14 * minute);
    expect((await login(env.app, 'dispatcher', demoPassword)).statusCode).toBe(423);
    env.clock.advance(2 * minute);
    expect((await login(env.app, 'dispatcher', demoPassword)).statusCode).toBe(200);
    const events = await env.database.handle.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'user.locked')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('does not lock for failures spread over more than the window', async () => {
    for (let i = 0; i < 4; i++) await login(env.app, 'supervisor', `Bad-guess-${i}x`);
    env.clock.advance(16 * minute);
    for (let i = 0; i < 4; i++) await login(env.app, 'supervisor', `Bad-guess-${i}y`);
    expect((await login(env.app, 'supervisor', demoPassword)).statusCode).toBe(200);
  });

  it('lets the security administrator unlock a locked account', async () => {
    for (let i = 0; i < 5; i++) await login(env.app, 'ps.handler', `Bad-guess-${i}z`);
    expect((await login(env.app, 'ps.handler', demoPassword)).statusCode).toBe(423);
    const sec = await signInAs(env.app, 'secadmin');
    const unlock = await env.app.inject({
      method: 'POST',
      url: `/api/users/${await userId(env, 'ps.handler')}/unlock`,
      headers: { cookie: sec },
    });
    expect(unlock.statusCode).toBe(200);
    expect((await login(env.app, 'ps.handler', demoPassword)).statusCode).toBe(200);
  });

  it('expires a session after the idle timeout, and keeps an active one alive', async () => {
    const cookie = await signInAs(env.app, 'cgj.handler');
    const me = () => env.app.inject({ url: '/api/auth/me', headers: { cookie } });
    env.clock.advance(20 * minute);
    expect((await me()).statusCode).toBe(200);
    env.clock.advance(20 * minute);
    expect((await me()).statusCode).toBe(200);
    env.clock.advance(31 * minute);
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(expired.json<ErrorBody>().error.code).toBe('SESSION_EXPIRED');
    expect(expired.headers['set-cookie']).toMatch(/citydesk_session=;/);
  });

  it('expires even an active session after the maximum session age', async () => {
    const cookie = await signInAs(env.app, 'grid01');
    // Active every 20 minutes for 12 hours: never idle, but past the 12-hour maximum.
    for (let step = 0; step < 35; step++) {
      env.clock.advance(20 * minute);
      expect((await env.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    }
    env.clock.advance(20 * minute);
    const late = await env.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(late.json<ErrorBody>().error.code).toBe('SESSION_EXPIRED');
  });

  it('ends the session on sign-out', async () => {
    const cookie = await signInAs(env.app, 'operator');
    const out = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await env.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.json<ErrorBody>().error.code).toBe('SESSION_EXPIRED');
    expect((await env.app.inject({ url: '/api/auth/me' })).json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
  });

  it('changes the own password, refusing a wrong current or a weak new one, and ends other sessions', async () => {
    const first = await signInAs(env.app, 'leader');
    const second = await signInAs(env.app, 'leader');
    const change = (payload: object) =>
      env.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: first }, payload });
    expect(
      (await change({ currentPassword: 'nope', newPassword: 'Another#Pass2026' })).json<ErrorBody>().error.code,
    ).toBe('VALIDATION_FAILED');
    const weak = await change({ currentPassword: demoPassword, newPassword: 'short' });
    expect(weak.json<ErrorBody>().error.code).toBe('PASSWORD_POLICY');
    expect(weak.json<ErrorBody>().error.details.reasons).toEqual(expect.arrayContaining(['at least 10 characters']));
    expect((await change({ currentPassword: demoPassword, newPassword: 'Another#Pass2026' })).statusCode).toBe(204);
    expect((await env.app.inject({ url: '/api/auth/me', headers: { cookie: first } })).statusCode).toBe(200);
    expect((await env.app.inject({ url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    expect((await login(env.app, 'leader', 'Another#Pass2026')).statusCode).toBe(200);
  });
});

describeEachDatabase('accounts, roles and data scope', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let sec: string;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    sec = await signInAs(env.app, 'secadmin');
  });
  afterAll(async () => env.close());

  const setRoles = async (cookie: string, username: string, roles: string[]) =>
    env.app.inject({
      method: 'PUT',
      url: `/api/users/${await userId(env, username)}/roles`,
      headers: { cookie },
      payload: { roles },
    });

  it('keeps the three administrator roles on separate accounts', async () => {
    const both = await setRoles(sec, 'operator', ['system_admin', 'audit_admin']);
    expect(both.statusCode).toBe(422);
    expect(both.json<ErrorBody>().error).toMatchObject({
      code: 'ADMIN_ROLES_CONFLICT',
      details: { roles: ['system_admin', 'audit_admin'] },
    });
    const addToAuditor = await setRoles(sec, 'auditadmin', ['audit_admin', 'security_admin']);
    expect(addToAuditor.json<ErrorBody>().error.code).toBe('ADMIN_ROLES_CONFLICT');
    const ok = await setRoles(sec, 'operator', ['operator', 'supervisor']);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ roles: string[] }>().roles).toEqual(['operator', 'supervisor']);
  });

  it('also refuses two administrator roles in the database itself', async () => {
    const id = await userId(env, 'sysadmin');
    await expect(
      sql`insert into user_role (user_id, role) values (${id}, 'audit_admin')`.execute(env.database.handle.db),
    ).rejects.toThrow();
  });

  it('lets only the security administrator assign roles, and never their own', async () => {
    expect((await setRoles(sys, 'operator', ['operator'])).json<ErrorBody>().error.code).toBe('FORBIDDEN');
    expect((await setRoles(sec, 'secadmin', ['security_admin', 'leader'])).json<ErrorBody>().error.code).toBe(
      'SELF_ROLE_CHANGE',
    );
  });

  it('lets the system administrator create accounts under the password policy, without roles', async () => {
    const weak = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: sys },
      payload: {
        username: 'ps.supervisor',
        displayName: '坪山街道督办员',
        unitCode: '440310001',
        password: 'password',
      },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json<ErrorBody>().error.code).toBe('PASSWORD_POLICY');
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: sys },
      payload: {
        username: 'ps.supervisor',
        displayName: '坪山街道督办员',
        unitCode: '440310001',
        password: 'Street#Sup2026',
        phone: '13812345678',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'ps.supervisor', roles: [], phone: '138****5678' });
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: sys },
      payload: { username: 'X Y', unitCode: '', password: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<ErrorBody>().error.details.fields as { field: string }[];
    expect(fields.map((f) => f.field).sort()).toEqual(['displayName', 'password', 'unitCode', 'username']);
    expect((await setRoles(sec, 'ps.supervisor', ['supervisor'])).statusCode).toBe(200);
  });

  it('shows a street supervisor only the street’s staff, the district centre everyone', async () => {
    const street = await signInAs(env.app, 'ps.supervisor', 'Street#Sup2026');
    const listed = await env.app.inject({ url: '/api/users?limit=100', headers: { cookie: street } });
    const names = listed
      .json<{ items: { username: string }[] }>()
      .items.map((u) => u.username)
      .sort();
    expect(names).toEqual(['grid01', 'ps.dispatcher', 'ps.handler', 'ps.supervisor']);
    const outside = await env.app.inject({
      url: `/api/users/${await userId(env, 'operator')}`,
      headers: { cookie: street },
    });
    expect(outside.statusCode).toBe(404);
    const district = await signInAs(env.app, 'supervisor');
    const all = await env.app.inject({ url: '/api/users?limit=100', headers: { cookie: district } });
    expect(all.json<{ total: number }>().total).toBe(13);
  });

  it('disables an account: its sessions end and it can no longer sign in', async () => {
    const victim = await signInAs(env.app, 'cgj.handler');
    const patch = await env.app.inject({
      method: 'PATCH',
      url: `/api/users/${await userId(env, 'cgj.handler')}`,
      headers: { cookie: sys },
      payload: { active: false },
    });
    expect(patch.statusCode).toBe(200);
    expect(
      (await env.app.inject({ url: '/api/auth/me', headers: { cookie: victim } })).json<ErrorBody>().error.code,
    ).toBe('SESSION_EXPIRED');
    expect((await login(env.app, 'cgj.handler', demoPassword)).json<ErrorBody>().error.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('every route checks permissions on the server', () => {
  let env: TestEnv;
  let operator: string;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    operator = await signInAs(env.app, 'operator');
  });
  afterAll(async () => env.close());

  const protectedRoutes: [string, string, string][] = [
    ['GET', '/api/users', 'user.read'],
    ['POST', '/api/users', 'user.manage'],
    ['PUT', '/api/users/x/roles', 'user.assign_roles'],
    ['POST', '/api/users/x/unlock', 'user.unlock'],
    ['POST', '/api/units', 'unit.manage'],
    ['POST', '/api/units/import', 'unit.manage'],
    ['GET', '/api/units/export', 'unit.manage'],
    ['POST', '/api/catalogue/items', 'catalogue.manage'],
    ['POST', '/api/catalogue/import', 'catalogue.manage'],
    ['PUT', '/api/calendar/years/2027', 'calendar.manage'],
    ['GET', '/api/audit/events', 'audit.read'],
    ['POST', '/api/audit/verify', 'audit.verify'],
  ];

  it.each(protectedRoutes)('%s %s needs a session and %s', async (method, url, permission) => {
    const anonymous = await env.app.inject({ method: method as 'GET', url });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
    const refused = await env.app.inject({ method: method as 'GET', url, headers: { cookie: operator } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().error).toMatchObject({ code: 'FORBIDDEN', details: { missing: [permission] } });
  });
});
