import type { CaseSummary, Urgency } from '@citydesk/shared';

const urgencyRank: Record<Urgency, number> = { critical: 0, urgent: 1, normal: 2 };

/** The queue order of the desk: most urgent first, then oldest first (then by number, for a stable order). */
export function byQueueOrder(a: CaseSummary, b: CaseSummary): number {
  return (
    urgencyRank[a.urgency] - urgencyRank[b.urgency] ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.number.localeCompare(b.number)
  );
}

/** The whole hours and days a case has waited, for "waiting 3 h" / "waiting 2 d" labels. */
export function waitedFor(createdAt: string, now: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const minutes = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 24 * 60) return { unit: 'hours', n: Math.floor(minutes / 60) };
  return { unit: 'days', n: Math.floor(minutes / (24 * 60)) };
}

/** Whether a key press belongs to a text field or an open menu (the desk's shortcuts leave those alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT') return (target as HTMLInputElement).type !== 'checkbox';
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.el-select-dropdown') !== null;
}
