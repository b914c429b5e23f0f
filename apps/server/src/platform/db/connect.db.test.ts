import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { migrations } from '../../../migrations/index.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { dialectOf, openDatabase, sqlitePragmas } from './connect.js';

describe('SQLite connection', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => database.drop());

  it('runs with WAL, synchronous=FULL, foreign keys on and a busy timeout', async () => {
    const db = database.handle.db;
    const pragma = async (name: string) => {
      const result = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db);
      return Object.values(result.rows[0] ?? {})[0];
    };
    expect(await pragma('journal_mode')).toBe(sqlitePragmas.journal_mode);
    expect(await pragma('synchronous')).toBe(sqlitePragmas.synchronous);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(sqlitePragmas.busy_timeout);
  });

  it('rejects a row that breaks a foreign key', async () => {
    await migrateToLatest(database.handle.db);
    await expect(
      sql`insert into user_role (user_id, role) values ('no-such-user', 'operator')`.execute(database.handle.db),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe('openDatabase', () => {
  it('refuses a URL of an unknown kind', () => {
    expect(() => openDatabase('mysql://localhost/x')).toThrow(/Unsupported DATABASE_URL/);
  });
});

describeEachDatabase('migrations', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.drop());

  it('apply every migration on an empty database, then report none pending', async () => {
    const db = database.handle.db;
    expect(dialectOf(db)).toBe(dialect);
    expect(await pendingMigrations(db)).toEqual(Object.keys(migrations).sort());
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(Object.keys(migrations).sort());
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('create every table the modules declare', async () => {
    const tables = (await database.handle.db.introspection.getTables()).map((t) => t.name);
    for (const name of [
      'unit',
      'app_user',
      'user_role',
      'user_session',
      'login_attempt',
      'category',
      'category_unit',
      'calendar_year',
      'calendar_day',
      'audit_event',
    ]) {
      expect(tables).toContain(name);
    }
  });

  it('keep UTF-8 Chinese text intact', async () => {
    const db = database.handle.db;
    await db
      .insertInto('calendar_year')
      .values({
        year: 2099,
        source: '国务院办公厅关于2099年部分节假日安排的通知 🏮',
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const row = await db
      .selectFrom('calendar_year')
      .select('source')
      .where('year', '=', 2099)
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('国务院办公厅关于2099年部分节假日安排的通知 🏮');
  });
});
