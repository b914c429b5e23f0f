import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestEnv, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { codeSentTo, requestCode } from './test-citizens.js';

interface SessionView {
  phone: string;
  phoneLast4: string;
  expiresAt: string;
  groups: string[];
}

describeEachDatabase('citizen verification codes and sessions', (dialect) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv(dialect, { seed: false });
  });
  afterAll(async () => env.close());

  const signIn = (phone: string, code: string) =>
    env.app.inject({ method: 'POST', url: '/api/public/sessions', payload: { phone, code } });

  it('sends a 6-digit code through the outbox and keeps only its hash', async () => {
    const response = await requestCode(env.app, '13800000001', { purpose: 'my_cases' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = await codeSentTo(env.database.handle.db, '13800000001');
    expect(code).toMatch(/^\d{6}$/);
    const message = await env.database.handle.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('recipient', '=', '13800000001')
      .executeTakeFirstOrThrow();
    expect(message).toMatchObject({ channel: 'sms', template: 'verification_code', status: 'pending' });
    expect(JSON.parse(message.payload)).toEqual({ code, minutes: 5, purpose: 'my_cases' });
    const stored = await env.database.handle.db.selectFrom('sms_code').selectAll().execute();
    expect(stored).toHaveLength(1);
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain(code);
    expect(raw).not.toContain('13800000001');
  });

  it('refuses a number that cannot receive SMS, naming the field', async () => {
    for (const phone of ['0755-28308888', '1380000000', 'abc']) {
      const response = await requestCode(env.app, phone);
      expect(response.statusCode).toBe(400);
      const error = response.json<ErrorBody>().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields).toEqual([expect.objectContaining({ field: 'phone' })]);
    }
  });

  it('allows one code per number per minute, with the wait in seconds', async () => {
    expect((await requestCode(env.app, '13800000002')).statusCode).toBe(202);
    env.clock.advance(20_000);
    const again = await requestCode(env.app, '13800000002');
    expect(again.statusCode).toBe(429);
    expect(again.json<ErrorBody>().error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 'phone_minute', retryAfterSeconds: 40 },
    });
    // Another number is not affected.
    expect((await requestCode(env.app, '13800000003')).statusCode).toBe(202);
    env.clock.advance(41_000);
    expect((await requestCode(env.app, '13800000002')).statusCode).toBe(202);
  });

  it('allows ten codes per number per Shanghai day, and the limit holds across a restart', async () => {
    // 2026-11-25 15:00 Shanghai: nine hours to midnight.
    env.clock.set('2026-11-25T07:00:00.000Z');
    for (let i = 0; i < 10; i++) {
      expect((await requestCode(env.app, '13800000004')).statusCode, `code ${i + 1}`).toBe(202);
      env.clock.advance(61_000);
    }
    const eleventh = await requestCode(env.app, '13800000004');
    expect(eleventh.statusCode).toBe(429);
    const details = eleventh.json<ErrorBody>().error.details;
    expect(details.limit).toBe('phone_day');
    // Until 2026-11-26 00:00 Shanghai (16:00Z): 9 hours less the 10 minutes 10 seconds used.
    expect(details.retryAfterSeconds).toBe(9 * 3600 - 610);

    // A second server on the same database (or this one after a restart) keeps counting.
    const other = await buildApp({
      config: env.config,
      database: env.database.handle,
      clock: env.clock,
      serveFrontEnds: false,
    });
    await other.ready();
    try {
      const elsewhere = await requestCode(other, '13800000004');
      expect(elsewhere.statusCode).toBe(429);
      expect(elsewhere.json<ErrorBody>().error.details.limit).toBe('phone_day');
    } finally {
      await other.close();
    }

    env.clock.set('2026-11-25T16:00:01.000Z');
    expect((await requestCode(env.app, '13800000004')).statusCode).toBe(202);
  });

  it('limits the codes one address may ask for, whatever the numbers', async () => {
    env.clock.set('2026-11-27T02:00:00.000Z');
    for (let i = 0; i < 30; i++) {
      const phone = `1390000${String(i).padStart(4, '0')}`;
      expect((await requestCode(env.app, phone, { ip: '203.0.113.9' })).statusCode, phone).toBe(202);
    }
    const refused = await requestCode(env.app, '13900009999', { ip: '203.0.113.9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<ErrorBody>().error.details).toMatchObject({ limit: 'ip_hour', retryAfterSeconds: 3600 });
    // The refused number's own quota was not used: from another address it gets its code.
    expect((await requestCode(env.app, '13900009999', { ip: '203.0.113.10' })).statusCode).toBe(202);
  });

  it('counts wrong codes, says how many tries are left, and kills the code after five', async () => {
    env.clock.set('2026-11-28T02:00:00.000Z');
    await requestCode(env.app, '13800000005');
    const code = await codeSentTo(env.database.handle.db, '13800000005');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const response = await signIn('13800000005', wrong);
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error).toMatchObject({
        code: 'VERIFICATION_CODE_INVALID',
        details: { attemptsLeft: left },
      });
    }
    const dead = await signIn('13800000005', code);
    expect(dead.statusCode).toBe(400);
    expect(dead.json<ErrorBody>().error.code).toBe('VERIFICATION_CODE_EXPIRED');
  });

  it('refuses a code after five minutes, and one that was never sent', async () => {
    env.clock.set('2026-11-28T03:00:00.000Z');
    await requestCode(env.app, '13800000006');
    const code = await codeSentTo(env.database.handle.db, '13800000006');
    env.clock.advance(5 * 60_000 + 1);
    const late = await signIn('13800000006', code);
    expect(late.json<ErrorBody>().error.code).toBe('VERIFICATION_CODE_EXPIRED');
    const never = await signIn('13800000099', '123456');
    expect(never.json<ErrorBody>().error.code).toBe('VERIFICATION_CODE_EXPIRED');
    expect(never.statusCode).toBe(400);
  });

  it('accepts only the newest code of a number (an older one is a wrong code)', async () => {
    env.clock.set('2026-11-28T04:00:00.000Z');
    await requestCode(env.app, '13800000007');
    const first = await codeSentTo(env.database.handle.db, '13800000007');
    env.clock.advance(61_000);
    await requestCode(env.app, '13800000007');
    const second = await codeSentTo(env.database.handle.db, '13800000007');
    if (first !== second) {
      expect((await signIn('13800000007', first)).json<ErrorBody>().error).toMatchObject({
        code: 'VERIFICATION_CODE_INVALID',
        details: { attemptsLeft: 4 },
      });
    }
    expect((await signIn('13800000007', second)).statusCode).toBe(201);
  });

  it('opens a 7-day session behind an HttpOnly, same-site cookie for the public API only', async () => {
    env.clock.set('2026-11-28T05:00:00.000Z');
    await requestCode(env.app, '13800138000');
    const code = await codeSentTo(env.database.handle.db, '13800138000');
    const response = await signIn('13800138000', code);
    expect(response.statusCode).toBe(201);
    expect(response.json<SessionView>()).toEqual({
      phone: '138****8000',
      phoneLast4: '8000',
      expiresAt: '2026-12-05T05:00:00.000Z',
      groups: [],
    });
    const cookie = response.cookies.find((c) => c.name === 'citydesk_citizen');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/public', maxAge: 7 * 24 * 3600 });
    expect(cookie?.secure).toBeFalsy();
    // The database holds neither the token nor the number in clear.
    const rows = await env.database.handle.db.selectFrom('citizen_session').selectAll().execute();
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(cookie?.value ?? '');
    expect(raw).not.toContain('13800138000');

    // The code worked once.
    expect((await signIn('13800138000', code)).json<ErrorBody>().error.code).toBe('VERIFICATION_CODE_EXPIRED');

    const header = `citydesk_citizen=${cookie?.value ?? ''}`;
    const current = await env.app.inject({ url: '/api/public/session', headers: { cookie: header } });
    expect(current.statusCode).toBe(200);
    expect(current.json<SessionView>().phoneLast4).toBe('8000');

    const out = await env.app.inject({ method: 'DELETE', url: '/api/public/session', headers: { cookie: header } });
    expect(out.statusCode).toBe(204);
    const after = await env.app.inject({ url: '/api/public/session', headers: { cookie: header } });
    expect(after.statusCode).toBe(401);
    expect(after.json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
    const none = await env.app.inject({ url: '/api/public/session' });
    expect(none.json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
  });

  it('ends a session after 7 days', async () => {
    env.clock.set('2026-11-29T02:00:00.000Z');
    await requestCode(env.app, '13800000008');
    const response = await signIn('13800000008', await codeSentTo(env.database.handle.db, '13800000008'));
    const header = `citydesk_citizen=${response.cookies.find((c) => c.name === 'citydesk_citizen')?.value ?? ''}`;
    env.clock.advance(7 * 24 * 3600_000 - 1000);
    expect((await env.app.inject({ url: '/api/public/session', headers: { cookie: header } })).statusCode).toBe(200);
    env.clock.advance(2000);
    expect((await env.app.inject({ url: '/api/public/session', headers: { cookie: header } })).statusCode).toBe(401);
  });
});

describeEachDatabase('the citizen cookie behind an https address', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect, { seed: false, env: { PUBLIC_BASE_URL: 'https://12345.example.gov.cn' } });
  });
  afterAll(async () => env.close());

  it('is sent only over HTTPS', async () => {
    await requestCode(env.app, '13800000010');
    const response = await env.app.inject({
      method: 'POST',
      url: '/api/public/sessions',
      payload: { phone: '13800000010', code: await codeSentTo(env.database.handle.db, '13800000010') },
    });
    expect(response.statusCode).toBe(201);
    expect(response.cookies.find((c) => c.name === 'citydesk_citizen')?.secure).toBe(true);
  });
});
