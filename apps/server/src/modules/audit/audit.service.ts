import type { AuditEventView } from '@citydesk/shared';
import { lockStream, type Db, type DbOrTrx, type Trx } from '../../platform/db/connect.js';
import type { UseCaseContext } from '../../platform/context.js';
import { toDbTime } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { findLastEvent, insertEvent, listEventsAfter, searchEvents, type AuditQuery } from './audit.repository.js';
import type { AuditEventTable } from './audit.tables.js';
import { findChainBreak, genesisHash, hashAuditRow, type ChainBreak } from './hash-chain.js';

/** Advisory-lock key serialising appends to the audit chain on PostgreSQL. */
const auditStreamKey = 7_310_001;

export interface AuditEntry {
  /** `<noun>.<past-tense verb>`, e.g. `unit.created`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

const actionPattern = /^[a-z_]+(\.[a-z_]+)+$/;

/**
 * Appends one event to the audit chain. Must be called inside the transaction of the change it
 * records, so both commit or neither does.
 */
export async function recordAudit(trx: Trx, ctx: UseCaseContext, entry: AuditEntry): Promise<void> {
  if (!actionPattern.test(entry.action)) {
    throw new Error(`audit action must be <noun>.<past-tense verb>: ${entry.action}`);
  }
  await lockStream(trx, auditStreamKey);
  const last = await findLastEvent(trx);
  const at = ctx.clock.now();
  const row: Omit<AuditEventTable, 'hash'> = {
    seq: last ? Number(last.seq) + 1 : 1,
    id: newId(at.getTime()),
    at: toDbTime(at),
    actor_id: ctx.actor.id,
    actor_name: ctx.actor.username,
    actor_roles: ctx.actor.roles.join(','),
    unit_id: ctx.actor.unitId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    reason: entry.reason ?? null,
    request_id: ctx.requestId,
    ip: ctx.ip,
    channel: ctx.channel,
    prev_hash: last ? last.hash : genesisHash,
  };
  await insertEvent(trx, { ...row, hash: hashAuditRow(row) });
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

/** Recomputes the whole chain in seq order and names the first broken row. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerification> {
  let state = { seq: 0, hash: genesisHash };
  let checked = 0;
  for (;;) {
    const rows = await listEventsAfter(db, state.seq, pageSize);
    if (rows.length === 0) return { ok: true, checked, firstBroken: null };
    const { broken, last, verified } = findChainBreak(rows, state);
    checked += verified;
    if (broken) return { ok: false, checked, firstBroken: broken };
    state = last;
  }
}

export type { AuditEventView };

export function presentAuditEvent(row: AuditEventTable): AuditEventView {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRoles: row.actor_roles ? row.actor_roles.split(',') : [],
    unitId: row.unit_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    reason: row.reason,
    requestId: row.request_id,
    ip: row.ip,
    channel: row.channel,
    hash: row.hash,
  };
}

/** Events matching a query, newest first. */
export async function listAuditEvents(
  db: DbOrTrx,
  query: AuditQuery,
): Promise<{ items: AuditEventView[]; total: number }> {
  const { rows, total } = await searchEvents(db, query);
  return { items: rows.map(presentAuditEvent), total };
}
