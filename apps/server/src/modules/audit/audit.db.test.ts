import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedDatabase, describeEachDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../../platform/clock.js';
import { systemContext } from '../../platform/context.js';
import { openDatabase } from '../../platform/db/connect.js';
import { recordAudit, verifyAuditChain } from './audit.service.js';

const clock = new ManualClock('2026-11-25T02:00:00.000Z');
const ctx = systemContext(clock);

async function writeEvents(database: TestDatabase, reasons: string[]): Promise<void> {
  for (const reason of reasons) {
    await database.handle.db.transaction().execute((trx) =>
      recordAudit(trx, ctx, {
        action: 'unit.updated',
        subjectType: 'unit',
        subjectId: 'u1',
        before: { name: 'a' },
        after: { name: 'b' },
        reason,
      }),
    );
    clock.advance(1000);
  }
}

describeEachDatabase('the audit log', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createMigratedDatabase(dialect);
    await writeEvents(database, ['first', 'second', 'third']);
  });
  afterAll(async () => database.drop());

  it('chains every row to the previous one and verifies', async () => {
    const rows = await database.handle.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    expect(await verifyAuditChain(database.handle.db)).toEqual({ ok: true, checked: 3, firstBroken: null });
  });

  it('is refused UPDATE by the database itself', async () => {
    await expect(
      sql`update audit_event set reason = 'edited' where seq = 2`.execute(database.handle.db),
    ).rejects.toThrow(/append-only/);
  });

  it('is refused DELETE by the database itself', async () => {
    await expect(sql`delete from audit_event where seq = 1`.execute(database.handle.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: true, checked: 3 });
  });

  it('is written in the transaction of the change: a rollback leaves no event', async () => {
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await recordAudit(trx, ctx, { action: 'unit.created', subjectType: 'unit', subjectId: 'u2' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const count = await database.handle.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        database.handle.db
          .transaction()
          .execute((trx) => recordAudit(trx, ctx, { action: 'unit.updated', subjectType: 'unit', subjectId: `c${i}` })),
      ),
    );
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: true, checked: 15 });
  });

  it('rejects actions that are not <noun>.<verb>', async () => {
    await expect(
      database.handle.db
        .transaction()
        .execute((trx) => recordAudit(trx, ctx, { action: 'Updated Unit', subjectType: 'unit' })),
    ).rejects.toThrow(/noun/);
  });
});

describe('tampering with the SQLite file directly', () => {
  let database: TestDatabase;
  let file: string;
  beforeAll(async () => {
    database = await createMigratedDatabase('sqlite');
    await writeEvents(database, [
      'ORIGINAL-REASON-AAA',
      'ORIGINAL-REASON-BBB',
      'ORIGINAL-REASON-CCC',
      'ORIGINAL-REASON-DDD',
    ]);
    file = database.handle.file as string;
    await database.handle.close();
  });
  afterAll(async () => database.drop());

  it('is caught by verification, which names the first broken row', async () => {
    // Edit the bytes of the database file: same length, so SQLite still reads the page.
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf(Buffer.from('ORIGINAL-REASON-BBB'));
    expect(at).toBeGreaterThan(0);
    bytes.write('TAMPERED-REASON-BBB', at);
    fs.writeFileSync(file, bytes);

    const reopened = openDatabase(`sqlite:${file}`);
    try {
      const row = await reopened.db
        .selectFrom('audit_event')
        .select(['seq', 'reason'])
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      expect(row.reason).toBe('TAMPERED-REASON-BBB');
      const result = await verifyAuditChain(reopened.db);
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
      expect(result.checked).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});

describe('deleting an audit row behind the trigger', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createMigratedDatabase('sqlite');
    await writeEvents(database, ['one', 'two', 'three', 'four']);
  });
  afterAll(async () => database.drop());

  it('is caught as a gap in the sequence at the row after the deleted one', async () => {
    const file = database.handle.file as string;
    await database.handle.close();
    const raw = new BetterSqlite3(file);
    raw.exec('drop trigger audit_event_no_delete; delete from audit_event where seq = 3;');
    raw.close();
    const reopened = openDatabase(`sqlite:${file}`);
    try {
      const result = await verifyAuditChain(reopened.db);
      expect(result).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 4, reason: 'sequence_gap' } });
    } finally {
      await reopened.close();
    }
  });
});
