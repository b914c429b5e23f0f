import { AppError } from '../errors.js';

/**
 * A fixed-window counter per key (e.g. client address), in memory: enough to slow down guessing
 * on public endpoints of one process. Counts only what the caller reports (e.g. failures).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Throws RATE_LIMITED when the key has used up its window. */
  check(key: string, now: number): void {
    const w = this.windows.get(key);
    if (w && w.resetAt > now && w.count >= this.limit) {
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000) });
    }
  }

  hit(key: string, now: number): void {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    else w.count++;
    if (this.windows.size > 10_000) {
      for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k);
    }
  }
}
