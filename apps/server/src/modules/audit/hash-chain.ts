import { createHash } from 'node:crypto';
import type { AuditEventTable } from './audit.tables.js';

export const genesisHash = '0'.repeat(64);

/** The hash of one audit row: sha256 over every stored field and the previous row's hash. */
export function hashAuditRow(row: Omit<AuditEventTable, 'hash'>): string {
  const fields = [
    row.seq,
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.actor_roles,
    row.unit_id,
    row.action,
    row.subject_type,
    row.subject_id,
    row.before_json,
    row.after_json,
    row.reason,
    row.request_id,
    row.ip,
    row.channel,
    row.prev_hash,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export interface ChainBreak {
  seq: number;
  id: string;
  reason: 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch';
}

/**
 * Walks rows in seq order and returns the first that breaks the chain, or null.
 * `previous` carries the state across pages of rows.
 */
export function findChainBreak(
  rows: readonly AuditEventTable[],
  previous: { seq: number; hash: string },
): { broken: ChainBreak | null; last: { seq: number; hash: string }; verified: number } {
  let last = previous;
  let verified = 0;
  for (const row of rows) {
    const seq = Number(row.seq);
    const reason: ChainBreak['reason'] | null =
      seq !== last.seq + 1
        ? 'sequence_gap'
        : row.prev_hash !== last.hash
          ? 'previous_hash_mismatch'
          : hashAuditRow(row) !== row.hash
            ? 'hash_mismatch'
            : null;
    if (reason) return { broken: { seq, id: row.id, reason }, last, verified };
    last = { seq, hash: row.hash };
    verified++;
  }
  return { broken: null, last, verified };
}
