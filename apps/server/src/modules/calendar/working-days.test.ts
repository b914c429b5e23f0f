import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../platform/files/csv.js';
import { seedDataPath } from '../../platform/paths.js';
import {
  buildCalendar,
  computeDueAt,
  formatShanghai,
  isWorkingDay,
  parseInstant,
  shanghaiDateOf,
} from '@citydesk/shared';

const official = (() => {
  const table = parseCsv(fs.readFileSync(seedDataPath('holidays-cn-2018-2026.csv'), 'utf8'));
  return buildCalendar(table.rows.map((r) => ({ date: r.cells.date ?? '', isOffDay: r.cells.is_off_day === 'true' })));
})();

/** Deadline of n working days from a Shanghai local time, as +08:00 text. */
function due(fromLocal: string, workingDays: number): string {
  const start = parseInstant(fromLocal);
  if (!start) throw new Error(`bad test input ${fromLocal}`);
  return formatShanghai(computeDueAt(start, { workingDays }, official).dueAt);
}

describe('computeDueAt with natural hours', () => {
  it('adds hours to the instant, ignoring weekends and holidays', () => {
    const start = new Date('2026-10-01T02:00:00Z');
    expect(computeDueAt(start, { hours: 2 }, official).dueAt.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    expect(computeDueAt(start, { hours: 72 }, official).dueAt.toISOString()).toBe('2026-10-04T02:00:00.000Z');
    expect(computeDueAt(start, { hours: 0.5 }, official).dueAt.toISOString()).toBe('2026-10-01T02:30:00.000Z');
  });
});

describe('computeDueAt with working days', () => {
  it('does not count the start day and ends at 23:59:59 of the n-th working day', () => {
    expect(due('2026-11-25T10:00', 1)).toBe('2026-11-26T23:59:59+08:00');
    expect(due('2026-11-25T00:00:01', 1)).toBe('2026-11-26T23:59:59+08:00');
    expect(due('2026-11-25T23:59:59', 1)).toBe('2026-11-26T23:59:59+08:00');
  });

  it('uses the Shanghai date of the start, not the UTC date', () => {
    // 2026-11-27 17:30 UTC is already Saturday 01:30 in Shanghai: the next working day is Monday.
    expect(formatShanghai(computeDueAt(new Date('2026-11-27T17:30:00Z'), { workingDays: 1 }, official).dueAt)).toBe(
      '2026-11-30T23:59:59+08:00',
    );
    expect(shanghaiDateOf(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
  });

  it('skips ordinary weekends', () => {
    expect(due('2026-11-27T16:00', 1)).toBe('2026-11-30T23:59:59+08:00');
    expect(due('2026-11-27T16:00', 3)).toBe('2026-12-02T23:59:59+08:00');
    expect(due('2026-11-28T09:00', 1)).toBe('2026-11-30T23:59:59+08:00');
  });

  it('crosses the 2025 Spring Festival with its make-up Sunday and Saturday', () => {
    // Off Jan 28 – Feb 4; working Sunday Jan 26 and Saturday Feb 8.
    expect(due('2025-01-24T15:00', 1)).toBe('2025-01-26T23:59:59+08:00');
    expect(due('2025-01-24T15:00', 2)).toBe('2025-01-27T23:59:59+08:00');
    expect(due('2025-01-24T15:00', 3)).toBe('2025-02-05T23:59:59+08:00');
    expect(due('2025-01-27T09:00', 1)).toBe('2025-02-05T23:59:59+08:00');
    expect(due('2025-02-06T09:00', 2)).toBe('2025-02-08T23:59:59+08:00');
  });

  it('crosses the 2025 National Day and Mid-Autumn break', () => {
    // Off Oct 1 – Oct 8; working Sunday Sep 28 and Saturday Oct 11.
    expect(due('2025-09-26T17:00', 1)).toBe('2025-09-28T23:59:59+08:00');
    expect(due('2025-09-30T11:00', 1)).toBe('2025-10-09T23:59:59+08:00');
    expect(due('2025-09-30T11:00', 3)).toBe('2025-10-11T23:59:59+08:00');
    expect(due('2025-09-30T11:00', 5)).toBe('2025-10-14T23:59:59+08:00');
    expect(due('2025-10-03T11:00', 1)).toBe('2025-10-09T23:59:59+08:00');
  });

  it('crosses the 2026 Spring Festival with its make-up Saturdays', () => {
    // Working Saturday Feb 14; off Feb 15 – Feb 23; working Saturday Feb 28.
    expect(due('2026-02-13T10:00', 1)).toBe('2026-02-14T23:59:59+08:00');
    expect(due('2026-02-13T10:00', 2)).toBe('2026-02-24T23:59:59+08:00');
    expect(due('2026-02-25T10:00', 3)).toBe('2026-02-28T23:59:59+08:00');
    expect(due('2026-02-25T10:00', 4)).toBe('2026-03-02T23:59:59+08:00');
  });

  it('crosses the 2026 National Day break with its make-up Sunday and Saturday', () => {
    // Working Sunday Sep 20; off Sep 25–27 and Oct 1–7; working Saturday Oct 10.
    expect(due('2026-09-18T10:00', 1)).toBe('2026-09-20T23:59:59+08:00');
    expect(due('2026-09-24T10:00', 1)).toBe('2026-09-28T23:59:59+08:00');
    expect(due('2026-09-30T18:00', 1)).toBe('2026-10-08T23:59:59+08:00');
    expect(due('2026-09-30T18:00', 3)).toBe('2026-10-10T23:59:59+08:00');
    expect(due('2026-09-30T18:00', 7)).toBe('2026-10-15T23:59:59+08:00');
  });

  it('counts New Year 2026 with its make-up Sunday January 4', () => {
    expect(due('2025-12-31T10:00', 1)).toBe('2026-01-04T23:59:59+08:00');
  });

  it('falls back to Monday–Friday in a year without data and reports that year', () => {
    const start = parseInstant('2026-12-30T10:00');
    if (!start) throw new Error('bad input');
    const result = computeDueAt(start, { workingDays: 3 }, official);
    // Dec 31 (Thu), Jan 1 2027 (Fri: no 2027 data, so a working day), Jan 4 (Mon).
    expect(formatShanghai(result.dueAt)).toBe('2027-01-04T23:59:59+08:00');
    expect(result.missingYears).toEqual([2027]);
    expect(computeDueAt(start, { workingDays: 1 }, official).missingYears).toEqual([]);
  });

  it('reports no missing year for natural hours', () => {
    expect(computeDueAt(new Date('2030-01-01T00:00:00Z'), { hours: 5 }, official).missingYears).toEqual([]);
  });
});

describe('isWorkingDay', () => {
  it('knows listed off days, make-up days, weekends and the weekday working day of 2020', () => {
    expect(isWorkingDay('2026-10-01', official)).toBe(false);
    expect(isWorkingDay('2026-10-10', official)).toBe(true);
    expect(isWorkingDay('2026-11-28', official)).toBe(false);
    expect(isWorkingDay('2026-11-27', official)).toBe(true);
    expect(isWorkingDay('2020-02-03', official)).toBe(true);
  });
});

describe('parseInstant and formatShanghai', () => {
  it('reads offsets, Z and Shanghai local times', () => {
    expect(parseInstant('2026-09-30T18:00:00+08:00')?.toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(parseInstant('2026-09-30T10:00:00Z')?.toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(parseInstant('2026-09-30T18:00')?.toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(parseInstant('2026-09-30')?.toISOString()).toBe('2026-09-29T16:00:00.000Z');
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2026-13-45T10:00')).toBeNull();
  });

  it('prints +08:00 and keeps milliseconds only when present', () => {
    expect(formatShanghai(new Date('2026-10-10T15:59:59.000Z'))).toBe('2026-10-10T23:59:59+08:00');
    expect(formatShanghai(new Date('2026-10-10T15:59:59.250Z'))).toBe('2026-10-10T23:59:59.250+08:00');
  });
});
