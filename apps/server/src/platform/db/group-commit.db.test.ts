import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.js';

describe('group commit on SQLite', () => {
  let database: TestDatabase;
  let observer: BetterSqlite3.Database;
  const count = () => (observer.prepare('select count(*) as n from gc_probe').get() as { n: number }).n;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await sql`create table gc_probe (id integer primary key, label text not null)`.execute(database.handle.db);
    observer = new BetterSqlite3(database.handle.file as string, { readonly: true });
  });
  afterAll(async () => {
    observer.close();
    await database.drop();
  });

  it('commits concurrent transactions together, each visible to another connection once it resolves', async () => {
    const seenAtResolve: boolean[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.handle.db
          .transaction()
          .execute(async (trx) => {
            await sql`insert into gc_probe (id, label) values (${i}, ${`row ${i}`})`.execute(trx);
          })
          .then(() => {
            // Another connection sees the row the moment the transaction is reported done.
            seenAtResolve.push(observer.prepare('select 1 from gc_probe where id = ?').get(i) !== undefined);
          }),
      ),
    );
    expect(seenAtResolve).toEqual(Array.from({ length: 20 }, () => true));
    expect(count()).toBe(20);
  });

  it('rolls back only the failing transaction of a batch', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        database.handle.db.transaction().execute(async (trx) => {
          await sql`insert into gc_probe (id, label) values (${100 + i}, 'batch')`.execute(trx);
          if (i === 4) throw new Error('this one fails');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(
      (observer.prepare('select count(*) as n from gc_probe where label = ?').get('batch') as { n: number }).n,
    ).toBe(9);
    expect(observer.prepare('select 1 from gc_probe where id = 104').get()).toBeUndefined();
  });

  it('makes a write outside a transaction durable before it returns', async () => {
    await sql`insert into gc_probe (id, label) values (500, 'single')`.execute(database.handle.db);
    expect(observer.prepare('select label from gc_probe where id = 500').get()).toEqual({ label: 'single' });
  });

  it('keeps the database usable after a unit fails on a constraint', async () => {
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await sql`insert into gc_probe (id, label) values (500, 'duplicate')`.execute(trx);
      }),
    ).rejects.toThrow(/UNIQUE/);
    await database.handle.db.transaction().execute(async (trx) => {
      await sql`insert into gc_probe (id, label) values (501, 'after')`.execute(trx);
    });
    expect(observer.prepare('select label from gc_probe where id = 501').get()).toEqual({ label: 'after' });
  });
});
