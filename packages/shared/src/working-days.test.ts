import { describe, expect, it } from 'vitest';
import { buildCalendar, remainingWorkingTime } from './working-days.js';

// 2026-10-01..07 National Day holiday; 2026-10-10 (Saturday) a make-up working day.
const calendar = buildCalendar(
  [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, isOffDay: true })),
    { date: '2026-10-10', isOffDay: false },
  ],
  [2026],
);
const at = (text: string) => new Date(`${text}+08:00`);

describe('remainingWorkingTime', () => {
  it('counts clock time within one day', () => {
    expect(remainingWorkingTime(at('2026-11-25T09:00:00'), at('2026-11-25T12:30:00'), calendar)).toEqual({
      overdue: false,
      workingDays: 0,
      hours: 3,
      minutes: 30,
    });
  });

  it('skips a weekend between now and the deadline', () => {
    // Friday 20:00 → Monday 23:59:59: 3 h 59 min of Friday + Monday's day; Saturday and Sunday do not count.
    const left = remainingWorkingTime(at('2026-11-27T20:00:00'), at('2026-11-30T23:59:59'), calendar);
    expect(left).toEqual({ overdue: false, workingDays: 1, hours: 3, minutes: 59 });
  });

  it('skips the National Day holiday and counts the make-up Saturday', () => {
    // 09-30 18:00 → 10-10 18:00: 6 h of 09-30, 10-08 and 10-09 (working), 18 h of 10-10.
    const left = remainingWorkingTime(at('2026-09-30T18:00:00'), at('2026-10-10T18:00:00'), calendar);
    expect(left).toEqual({ overdue: false, workingDays: 3, hours: 0, minutes: 0 });
  });

  it('says how far past the deadline a case is', () => {
    const left = remainingWorkingTime(at('2026-11-26T10:15:00'), at('2026-11-25T23:59:59'), calendar);
    expect(left.overdue).toBe(true);
    expect(left).toMatchObject({ workingDays: 0, hours: 10, minutes: 15 });
  });
});
