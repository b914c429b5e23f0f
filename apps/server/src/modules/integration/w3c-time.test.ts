import { describe, expect, it } from 'vitest';
import { formatW3c, parseW3c } from './w3c-time.js';

describe('W3C date-times', () => {
  it('formats stored UTC instants in China Standard Time with the offset, to the second', () => {
    expect(formatW3c('2026-11-25T02:00:00.000Z')).toBe('2026-11-25T10:00:00+08:00');
    expect(formatW3c('2026-12-31T16:30:59.999Z')).toBe('2027-01-01T00:30:59+08:00');
    expect(formatW3c(new Date('2026-11-25T02:00:00Z'), 0)).toBe('2026-11-25T02:00:00Z');
    expect(formatW3c('2026-11-25T02:00:00Z', -300)).toBe('2026-11-24T21:00:00-05:00');
  });

  it('parses date-times with a zone and refuses dates, missing zones and impossible days', () => {
    expect(parseW3c('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3c('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3c('2026-11-25T10:00+08:00')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(parseW3c('2026-11-25T10:00:00.5+08:00')?.toISOString()).toBe('2026-11-25T02:00:00.500Z');
    for (const bad of [
      '2026-11-25',
      '2026-11-25T10:00:00',
      '2026-02-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      'yesterday',
      '2026-11-25T25:00:00Z',
    ]) {
      expect(parseW3c(bad), bad).toBeNull();
    }
  });
});
