import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/platform/clock.js';
import { systemContext, type UseCaseContext } from '../../src/platform/context.js';
import type { DialectName } from '../../src/platform/db/connect.js';
import { demoPassword, seedDemo } from '../../src/seed/demo.js';
import { createMigratedDatabase, type TestDatabase } from './databases.js';

/** The instant tests start at unless they say otherwise: a Wednesday, 10:00 in Shanghai. */
export const testStart = '2026-11-25T02:00:00.000Z';

export interface TestEnv {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  clock: ManualClock;
  /** A system context on the test clock (for calling use cases directly). */
  ctx: UseCaseContext;
  close(): Promise<void>;
}

export function testConfig(database: TestDatabase, env: Record<string, string> = {}): Config {
  return loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: database.dir,
    DATABASE_URL: database.url,
    SEED_DEMO: 'false',
    ...env,
  });
}

/**
 * A migrated database (demo district seeded unless `seed: false`) and the app built on it,
 * with a manual clock. Call close() in afterAll.
 */
export async function createTestEnv(
  dialect: DialectName,
  options: { seed?: boolean; env?: Record<string, string>; logStream?: DestinationStream } = {},
): Promise<TestEnv> {
  const database = await createMigratedDatabase(dialect);
  const clock = new ManualClock(testStart);
  const config = testConfig(database, options.env);
  const ctx = systemContext(clock);
  if (options.seed !== false) await seedDemo(database.handle.db, config, ctx);
  const app = await buildApp({
    config,
    database: database.handle,
    clock,
    serveFrontEnds: false,
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    config,
    clock,
    ctx,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Signs in through the API and returns the Cookie header to send with later requests. */
export async function signInAs(app: FastifyInstance, username: string, password = demoPassword): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200)
    throw new Error(`sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'citydesk_session');
  if (!cookie) throw new Error('no session cookie');
  return `citydesk_session=${cookie.value}`;
}

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}
