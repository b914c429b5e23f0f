import { handlingNodes, type CaseSummary } from '@citydesk/shared';

/**
 * The deadline a list should count down to: the node's own one, or the case's handling deadline
 * while it still runs (until feedback), whichever comes first — the one the status is about.
 */
export function nearestDue(row: Pick<CaseSummary, 'node' | 'dueAt' | 'nodeDueAt'>): string | null {
  const candidates = [row.nodeDueAt, handlingNodes.includes(row.node) ? row.dueAt : null].filter(
    (d): d is string => d !== null,
  );
  return candidates.sort()[0] ?? null;
}
