import type { TimeLimit } from '@citydesk/shared';

/** Reads "3wd", "3 工作日", "3个工作日", "24h", "24 小时", "0.5h" into a time limit; null if unreadable. */
export function parseTimeLimitText(text: string): TimeLimit | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  const days = /^(\d+)(wd|个?工作日)$/.exec(t);
  if (days) return { workingDays: Number(days[1]) };
  const hours = /^(\d+(?:\.\d+)?)(h|小时|个小时)$/.exec(t);
  if (hours) return { hours: Number(hours[1]) };
  return null;
}

/** Writes a time limit the way the import reads it back: "3wd" or "24h". */
export function formatTimeLimitText(limit: TimeLimit): string {
  return 'hours' in limit ? `${limit.hours}h` : `${limit.workingDays}wd`;
}
