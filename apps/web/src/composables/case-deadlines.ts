import { handlingNodes, type CaseSummary, type DeadlineStatus } from '@citydesk/shared';
import { serverNow } from '../api/http';

/**
 * The deadline that binds a case now: the step's own deadline, or the handling deadline while
 * the case is being handled when that one comes first (the sweep colours the case by the earlier).
 */
export function bindingDue(c: Pick<CaseSummary, 'node' | 'dueAt' | 'nodeDueAt'>): string | null {
  const candidates = [c.nodeDueAt, handlingNodes.includes(c.node) ? c.dueAt : null].filter(
    (d): d is string => d !== null,
  );
  return candidates.sort()[0] ?? null;
}

/** The status of one of a case's deadlines: past is red; the binding one carries the case's colour. */
export function statusOfDue(
  c: Pick<CaseSummary, 'node' | 'dueAt' | 'nodeDueAt' | 'deadlineStatus'>,
  due: string | null,
  now: number = serverNow(),
): DeadlineStatus {
  if (!due || c.deadlineStatus === 'none') return 'none';
  if (Date.parse(due) <= now) return 'red';
  return due === bindingDue(c) ? c.deadlineStatus : 'normal';
}
