/** The first retry waits this long; each later one twice as long as the one before. */
export const firstRetryDelayMs = 30_000;
/** No retry waits longer than this. */
export const maxRetryDelayMs = 60 * 60_000;
/** How long a claimed message is reserved for the worker that claimed it. */
export const claimLeaseMs = 60_000;

/**
 * How long to wait before the next attempt after `attempts` failed ones (1, 2, …):
 * 30 s × 2^(attempts−1), capped at one hour. Deterministic on purpose (tests compare exact times).
 */
export function retryDelayMs(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`attempts must be a positive integer: ${attempts}`);
  // The cap applies from the 8th attempt; bounding the exponent keeps huge counts finite.
  return Math.min(firstRetryDelayMs * 2 ** Math.min(attempts - 1, 16), maxRetryDelayMs);
}
