import { sql } from 'kysely';
import { dialectOf, type DbOrTrx, type Trx } from '../../platform/db/connect.js';
import type { MessageLogTable, MessageTemplateTable, OutboxMessageTable } from './notification.tables.js';

export const outboxStatuses = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** Adds one message to the outbox (inside the caller's transaction). */
export async function insertOutboxMessage(db: DbOrTrx, row: OutboxMessageTable): Promise<void> {
  await db.insertInto('outbox_message').values(row).execute();
}

/** One outbox message by id. */
export async function findOutboxMessage(db: DbOrTrx, id: string): Promise<OutboxMessageTable | undefined> {
  return db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims up to `limit` due messages, oldest first: pending ones whose time has come and sending
 * ones whose lease ran out (their worker died). Claimed rows become `sending` with
 * `next_attempt_at = leaseUntil`, so no other worker takes them while the lease lasts.
 * On PostgreSQL `FOR UPDATE SKIP LOCKED` lets concurrent workers claim disjoint batches without
 * waiting on each other; SQLite has one writer at a time, so a plain select inside the
 * transaction is already exclusive.
 */
export async function claimDueMessages(
  trx: Trx,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<OutboxMessageTable[]> {
  let query = trx
    .selectFrom('outbox_message')
    .selectAll()
    .where('status', 'in', ['pending', 'sending'] satisfies OutboxStatus[])
    .where('next_attempt_at', '<=', now)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  if (dialectOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
  const rows = await query.execute();
  if (rows.length === 0) return [];
  await trx
    .updateTable('outbox_message')
    .set({ status: 'sending' satisfies OutboxStatus, next_attempt_at: leaseUntil })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows;
}

/**
 * Records the outcome of one send, but only while the claim is still ours (`sending` with our
 * lease): if the lease ran out and another worker re-claimed the message, its outcome wins.
 */
export async function finishDelivery(
  db: DbOrTrx,
  claim: { id: string; leaseUntil: string },
  outcome: Pick<OutboxMessageTable, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'sent_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set(outcome)
    .where('id', '=', claim.id)
    .where('status', '=', 'sending' satisfies OutboxStatus)
    .where('next_attempt_at', '=', claim.leaseUntil)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts a dead letter back in the queue; false when it is not (or no longer) dead. */
export async function requeueDeadMessage(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set({ status: 'pending' satisfies OutboxStatus, attempts: 0, next_attempt_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'dead' satisfies OutboxStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface OutboxQuery {
  status?: OutboxStatus | undefined;
  channel?: string | undefined;
  /** Only messages of these subjects (e.g. integration clients). */
  subjects?: readonly string[] | undefined;
  limit: number;
  offset: number;
}

/** Outbox messages, newest first, with the total matching the filter. */
export async function searchOutbox(
  db: DbOrTrx,
  q: OutboxQuery,
): Promise<{ rows: OutboxMessageTable[]; total: number }> {
  let query = db.selectFrom('outbox_message');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.channel) query = query.where('channel', '=', q.channel);
  if (q.subjects)
    query = q.subjects.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where('subject', 'in', [...q.subjects]);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Records one message the log provider "sent". */
export async function insertMessageLog(db: DbOrTrx, row: MessageLogTable): Promise<void> {
  await db.insertInto('message_log').values(row).execute();
}

/** The development message log, newest first; `recipient` matches exactly. */
export async function searchMessageLog(
  db: DbOrTrx,
  q: { recipient?: string | undefined; limit: number },
): Promise<MessageLogTable[]> {
  let query = db.selectFrom('message_log').selectAll();
  if (q.recipient !== undefined) query = query.where('recipient', '=', q.recipient);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

export async function listTemplateOverrides(db: DbOrTrx): Promise<MessageTemplateTable[]> {
  return db.selectFrom('message_template').selectAll().orderBy('name').execute();
}

export async function findTemplateOverride(db: DbOrTrx, name: string): Promise<MessageTemplateTable | undefined> {
  return db.selectFrom('message_template').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Stores an administrator's text for a template, replacing an earlier one. */
export async function upsertTemplateOverride(db: DbOrTrx, row: MessageTemplateTable): Promise<void> {
  const updated = await db
    .updateTable('message_template')
    .set({ text_zh: row.text_zh, text_en: row.text_en, updated_at: row.updated_at, updated_by: row.updated_by })
    .where('name', '=', row.name)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('message_template').values(row).execute();
}

export async function deleteTemplateOverride(db: DbOrTrx, name: string): Promise<boolean> {
  const deleted = await db.deleteFrom('message_template').where('name', '=', name).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}
