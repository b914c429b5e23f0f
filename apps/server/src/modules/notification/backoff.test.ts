import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

describe('retry backoff', () => {
  it('doubles from 30 seconds and stops at one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => retryDelayMs(n) / 1000)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => retryDelayMs(0)).toThrow(/positive integer/);
    expect(() => retryDelayMs(1.5)).toThrow(/positive integer/);
  });
});
