import { describe, expect, it } from 'vitest';
import { boardPeriods } from './board-periods.js';

describe('board periods', () => {
  it('starts today at midnight in Shanghai, which is 16:00 UTC the day before', () => {
    // Wednesday 2026-11-25 10:00 in Shanghai.
    const p = boardPeriods(new Date('2026-11-25T02:00:00.000Z'));
    expect(p.today.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(p.week.toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('counts a late UTC evening as the next Shanghai day', () => {
    // 2026-11-29 17:30 UTC is Monday 2026-11-30 01:30 in Shanghai: a new week begins.
    const p = boardPeriods(new Date('2026-11-29T17:30:00.000Z'));
    expect(p.today.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(p.week.toISOString()).toBe('2026-11-29T16:00:00.000Z');
  });

  it('keeps Sunday in the week that began on the Monday before', () => {
    // Sunday 2026-11-29 23:59 in Shanghai.
    const p = boardPeriods(new Date('2026-11-29T15:59:00.000Z'));
    expect(p.today.toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(p.week.toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });
});
