import { createHash } from 'node:crypto';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { migrations } from '../../../migrations/index.js';
import { ManualClock } from '../../platform/clock.js';
import { resolveApiClient } from '../auth/index.js';

const migrator = (database: TestDatabase) =>
  new Migrator({
    db: database.handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });

describeEachDatabase('the integration migration', (dialect) => {
  let database: TestDatabase;
  const key = 'cdk_legacy-key-from-issue-3-0123456789abcdef';

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const before = await migrator(database).migrateTo('20261203T1000-portal');
    expect(before.error).toBeUndefined();
  });
  afterAll(async () => database.drop());

  it('moves the single key of an existing API client into its key list, so the system keeps calling in', async () => {
    const db = database.handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    await db
      .insertInto('unit')
      .values({
        id: 'u1',
        code: '440310',
        type: 'district_centre',
        name: '坪山区',
        name_en: null,
        parent_id: null,
        path: '/u1/',
        depth: 0,
        active: 1,
        phone: null,
        geometry: null,
        min_lon: null,
        min_lat: null,
        max_lon: null,
        max_lat: null,
        created_at: '2026-11-25T02:00:00.000Z',
        updated_at: '2026-11-25T02:00:00.000Z',
      })
      .execute();
    await db
      .insertInto('api_client')
      .values({
        id: 'c1',
        name: '视频智能分析平台',
        key_hash: createHash('sha256').update(key).digest('hex'),
        channels: '["video_ai"]',
        unit_id: 'u1',
        active: 1,
        created_at: '2026-11-25T02:00:00.000Z',
        last_used_at: null,
      })
      .execute();
    const result = await migrator(database).migrateToLatest();
    expect(result.error).toBeUndefined();
    const client = await database.handle.db.selectFrom('api_client').selectAll().executeTakeFirstOrThrow();
    expect(client).toMatchObject({ id: 'c1', kind: 'platform', channels: '["video_ai"]', active: 1 });
    const keys = await database.handle.db.selectFrom('api_client_key').selectAll().execute();
    expect(keys).toEqual([expect.objectContaining({ client_id: 'c1', revoked_at: null })]);
    const actor = await resolveApiClient(database.handle.db, new ManualClock('2026-12-03T02:00:00Z'), key);
    expect(actor).toMatchObject({ kind: 'client', id: 'c1', channels: ['video_ai'] });
  });

  it('goes back down to one key per client and up again', async () => {
    const down = await migrator(database).migrateTo('20261203T1000-portal');
    expect(down.error).toBeUndefined();
    const back = await database.handle.db.selectFrom('api_client').selectAll().executeTakeFirstOrThrow();
    expect(back).toMatchObject({ id: 'c1', key_hash: createHash('sha256').update(key).digest('hex') });
    expect((await migrator(database).migrateToLatest()).error).toBeUndefined();
  });
});
