import { shanghaiDateOf } from '@citydesk/shared';

/** The instants the board's periods start at: today's and this week's midnight in Shanghai. */
export interface BoardPeriods {
  today: Date;
  /** Monday 00:00 of the current week (ISO weeks, as Chinese offices count them). */
  week: Date;
}

const dayMs = 24 * 3600 * 1000;

/** Today and this week in Asia/Shanghai days, as UTC instants (Shanghai keeps UTC+8 all year). */
export function boardPeriods(now: Date): BoardPeriods {
  const today = new Date(`${shanghaiDateOf(now)}T00:00:00+08:00`);
  // getUTCDay of the Shanghai date's midnight-as-UTC is the Shanghai weekday (0 = Sunday).
  const weekday = new Date(`${shanghaiDateOf(now)}T00:00:00Z`).getUTCDay();
  const daysSinceMonday = (weekday + 6) % 7;
  return { today, week: new Date(today.getTime() - daysSinceMonday * dayMs) };
}
