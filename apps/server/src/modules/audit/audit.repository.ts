import type { DbOrTrx } from '../../platform/db/connect.js';
import type { AuditEventTable } from './audit.tables.js';

export async function findLastEvent(db: DbOrTrx): Promise<Pick<AuditEventTable, 'seq' | 'hash'> | undefined> {
  return db.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function insertEvent(db: DbOrTrx, row: AuditEventTable): Promise<void> {
  await db.insertInto('audit_event').values(row).execute();
}

export async function listEventsAfter(db: DbOrTrx, afterSeq: number, limit: number): Promise<AuditEventTable[]> {
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
}

export interface AuditQuery {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  action?: string | undefined;
  /** Any of these actions. */
  actions?: readonly string[] | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

export async function searchEvents(db: DbOrTrx, q: AuditQuery): Promise<{ rows: AuditEventTable[]; total: number }> {
  let query = db.selectFrom('audit_event');
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actions && q.actions.length > 0) query = query.where('action', 'in', [...q.actions]);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('seq', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
