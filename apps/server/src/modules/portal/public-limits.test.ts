import { describe, expect, it } from 'vitest';
import { addressUploadRule, phoneCodeRule, refusalOf, shanghaiDay, windowOf } from './public-limits.js';

describe('public rate-limit windows', () => {
  it('count codes per Shanghai day, which starts at 16:00 UTC', () => {
    expect(shanghaiDay(new Date('2026-11-25T15:59:59.999Z'))).toBe('2026-11-25');
    expect(shanghaiDay(new Date('2026-11-25T16:00:00.000Z'))).toBe('2026-11-26');
    expect(windowOf(phoneCodeRule, new Date('2026-11-25T02:00:00.000Z'))).toEqual({
      start: '2026-11-25',
      endsAt: new Date('2026-11-25T16:00:00.000Z'),
    });
  });

  it('count uploads per clock hour', () => {
    expect(windowOf(addressUploadRule, new Date('2026-11-25T02:59:59.000Z'))).toEqual({
      start: '2026-11-25T02:00:00.000Z',
      endsAt: new Date('2026-11-25T03:00:00.000Z'),
    });
  });

  it('explain a refusal by the minute gap first, then by the day', () => {
    const at = new Date('2026-11-25T02:00:30.000Z');
    const recent = { windowStart: '2026-11-25', count: 3, lastAt: '2026-11-25T02:00:00.000Z' };
    expect(refusalOf(phoneCodeRule, recent, at)).toEqual({ limit: 'phone_minute', retryAfterSeconds: 30 });
    const full = { windowStart: '2026-11-25', count: 10, lastAt: '2026-11-25T01:00:00.000Z' };
    expect(refusalOf(phoneCodeRule, full, at)).toEqual({ limit: 'phone_day', retryAfterSeconds: 14 * 3600 - 30 });
  });
});
