import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { buildApp } from '../src/app.js';
import { createTestEnv, signInAs, testConfig, type ErrorBody, type TestEnv } from './support/app.js';
import { createMigratedDatabase, describeEachDatabase } from './support/databases.js';

describeEachDatabase('health and readiness', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => env.close());

  it('answers /healthz while the process is up', async () => {
    const response = await env.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('answers /readyz with the database, migrations and the calendar years that are missing', async () => {
    const response = await env.app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      database: { dialect, reachable: true, pendingMigrations: [] },
      calendar: { missingYears: [2027] },
    });
    expect(response.json<{ warnings: string[] }>().warnings[0]).toMatch(/2027/);
  });
});

describe('readiness of an unmigrated database', () => {
  it('reports not ready with the pending migrations', async () => {
    const database = await createMigratedDatabase('sqlite');
    await database.handle.db.deleteFrom('kysely_migration' as never).execute();
    const app = await buildApp({ config: testConfig(database), database: database.handle, serveFrontEnds: false });
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'not_ready',
      database: { pendingMigrations: Object.keys(migrations).sort() },
    });
    await app.close();
    await database.drop();
  });
});

describe('errors', () => {
  let env: TestEnv;
  let sys: string;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    sys = await signInAs(env.app, 'sysadmin');
  });
  afterAll(async () => env.close());

  it('answers unknown routes with a 404 in the error envelope, in Chinese by default and English on request', async () => {
    const zh = await env.app.inject({ url: '/api/no-such-thing' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在', details: { method: 'GET', path: '/api/no-such-thing' } },
    });
    const en = await env.app.inject({ url: '/api/no-such-thing', headers: { 'accept-language': 'en' } });
    expect(en.json<ErrorBody>().error.message).toBe('No such endpoint');
  });

  it('names every bad field of an invalid request', async () => {
    const response = await env.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: sys },
      payload: { code: 'bad code!', type: 'castle', name: '', phone: '12', active: 'yes' },
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['active', 'code', 'name', 'phone', 'type']);
  });

  it('answers unparseable JSON with MALFORMED_REQUEST and unknown content types with 415', async () => {
    const broken = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<ErrorBody>().error.code).toBe('MALFORMED_REQUEST');
    const odd = await env.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: sys, 'content-type': 'application/x-weird' },
      payload: 'x',
    });
    expect(odd.statusCode).toBe(415);
    expect(odd.json<ErrorBody>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('never sends a stack trace: an unexpected failure is a bare 500 with the request id', async () => {
    const database = await createMigratedDatabase('sqlite');
    const app = await buildApp({ config: testConfig(database), database: database.handle, serveFrontEnds: false });
    app.get('/api/test/explode', () => {
      throw new Error('secret internal detail at /srv/citydesk/x.ts:12');
    });
    const response = await app.inject({ url: '/api/test/explode', headers: { 'x-request-id': 'req-123' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试', details: { requestId: 'req-123' } },
    });
    expect(response.body).not.toMatch(/secret|\.ts|stack/);
    await app.close();
    await database.drop();
  });

  it('echoes a safe incoming request id and replaces an unsafe one', async () => {
    const kept = await env.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await env.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\n{"x":1}' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('logs', () => {
  it('carry request ids and never hold personal data unmasked', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const env = await createTestEnv('sqlite', { env: { LOG_LEVEL: 'info' }, logStream: stream });
    try {
      const sys = await signInAs(env.app, 'sysadmin');
      await env.app.inject({
        url: '/api/users?q=13812345678&id=440306199001011234',
        headers: { cookie: sys, 'x-request-id': 'log-test-1' },
      });
      await env.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sysadmin', password: 'Secret-Guess-99' },
      });
      const text = lines.join('\n');
      expect(text).toContain('"requestId":"log-test-1"');
      expect(text).toContain('138****5678');
      expect(text).toContain('440306********1234');
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('440306199001011234');
      expect(text).not.toContain('Secret-Guess-99');
      expect(text).not.toContain('citydesk_session=');
    } finally {
      await env.close();
    }
  });
});

describe('behind a reverse proxy', () => {
  const signInFrom = (app: TestEnv['app'], remoteAddress: string, forwardedFor: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { username: 'sysadmin', password: 'wrong password 1' },
    });
  const refusedFrom = async (env: TestEnv): Promise<(string | null)[]> => {
    const audit = await signInAs(env.app, 'auditadmin');
    const events = await env.app.inject({
      url: '/api/audit/events?action=session.refused&limit=10',
      headers: { cookie: audit },
    });
    return events.json<{ items: { ip: string | null }[] }>().items.map((e) => e.ip);
  };

  it('believes X-Forwarded-For only from the configured proxies', async () => {
    const env = await createTestEnv('sqlite', { env: { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' } });
    await signInFrom(env.app, '10.1.2.3', '203.0.113.7');
    await signInFrom(env.app, '198.51.100.9', '203.0.113.8');
    expect((await refusedFrom(env)).sort()).toEqual(['198.51.100.9', '203.0.113.7']);
    await env.close();
  });

  it('ignores X-Forwarded-For when no proxy is configured', async () => {
    const env = await createTestEnv('sqlite');
    await signInFrom(env.app, '10.1.2.3', '203.0.113.7');
    expect(await refusedFrom(env)).toEqual(['10.1.2.3']);
    await env.close();
  });
});
