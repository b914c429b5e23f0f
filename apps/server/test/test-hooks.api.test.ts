import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { systemClock } from '../src/platform/clock.js';
import { systemContext } from '../src/platform/context.js';
import { seedDemo } from '../src/seed/demo.js';
import { signInAs, testConfig } from './support/app.js';
import { createMigratedDatabase, describeEachDatabase, type TestDatabase } from './support/databases.js';
import type { FastifyInstance } from 'fastify';

describeEachDatabase('test hooks and the client configuration', (dialect) => {
  let database: TestDatabase;
  let hooked: FastifyInstance;
  let plain: FastifyInstance;
  beforeAll(async () => {
    database = await createMigratedDatabase(dialect);
    await seedDemo(database.handle.db, testConfig(database), systemContext(systemClock));
    hooked = await buildApp({
      config: testConfig(database, { TEST_HOOKS: 'true', MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' }),
      database: database.handle,
      serveFrontEnds: false,
    });
    plain = await buildApp({ config: testConfig(database), database: database.handle, serveFrontEnds: false });
  });
  afterAll(async () => {
    await hooked.close();
    await plain.close();
    await database.drop();
  });

  it('moves the server clock forward, which new cases and the sweep then see', async () => {
    const before = Date.now();
    const moved = await hooked.inject({
      method: 'POST',
      url: '/api/test/clock',
      payload: { advanceMinutes: 60 * 24 * 10 },
    });
    expect(moved.statusCode).toBe(200);
    const now = Date.parse(moved.json<{ now: string }>().now);
    expect(now - before).toBeGreaterThanOrEqual(10 * 24 * 3600_000 - 1000);
    const sweep = await hooked.inject({ method: 'POST', url: '/api/test/sweep' });
    expect(sweep.statusCode).toBe(200);
    const operator = await signInAs(hooked, 'operator');
    const created = await hooked.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: operator },
      payload: {
        channel: 'hotline',
        requestType: 'consultation',
        description: '测试时钟',
        location: { address: '坪山大道 1 号' },
        reporter: { phone: '13800138000' },
      },
    });
    expect(created.statusCode).toBe(201);
    const detail = await hooked.inject({
      url: `/api/cases/${created.json<{ id: string }>().id}`,
      headers: { cookie: operator },
    });
    expect(Date.parse(detail.json<{ acceptedAt: string }>().acceptedAt)).toBeGreaterThanOrEqual(now);
  });

  it('dates its answers by its own clock, so consoles count deadlines down from it', async () => {
    const moved = await hooked.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMinutes: 60 } });
    const now = Date.parse(moved.json<{ now: string }>().now);
    const answer = await hooked.inject({ url: '/healthz' });
    expect(Math.abs(Date.parse(String(answer.headers['date'])) - now)).toBeLessThan(2000);
  });

  it('refuses bad clock moves with the error envelope', async () => {
    const bad = await hooked.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMinutes: -5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });

  it('has no test routes unless TEST_HOOKS is on', async () => {
    const res = await plain.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMinutes: 5 } });
    expect(res.statusCode).toBe(404);
  });

  it('tells the front ends the map tile URL only when one is configured', async () => {
    expect((await hooked.inject({ url: '/api/client-config' })).json()).toEqual({
      mapTileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
      mapAttribution: null,
    });
    expect((await plain.inject({ url: '/api/client-config' })).json()).toEqual({
      mapTileUrl: null,
      mapAttribution: null,
    });
  });
});

it('refuses to start with test hooks in production', () => {
  expect(() => loadConfig({ TEST_HOOKS: 'true', NODE_ENV: 'production' })).toThrow(ConfigError);
});
