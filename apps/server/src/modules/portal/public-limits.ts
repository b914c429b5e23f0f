/**
 * The limits of the portal's public endpoints, as data, and the window arithmetic behind them.
 * Pure: the repository applies a window atomically, this file says which window and for how long.
 */

/** A verification code works this long. */
export const codeValidityMs = 5 * 60_000;
/** Wrong entries after which a code is dead. */
export const codeMaxAttempts = 5;
/** A citizen session lasts this long (no idle timeout: phones come back days later). */
export const citizenSessionMs = 7 * 24 * 3600_000;

export type LimitName = 'phone_minute' | 'phone_day' | 'ip_hour';

/** One rate limit: at most `limit` per window, and optionally at least `gap.ms` between two. */
export interface LimitRule {
  name: LimitName;
  window: 'shanghai_day' | 'hour';
  limit: number;
  gap: { ms: number; name: LimitName } | null;
}

/** Codes per number: one a minute and ten a Shanghai day (the rule carriers and users expect). */
export const phoneCodeRule: LimitRule = {
  name: 'phone_day',
  window: 'shanghai_day',
  limit: 10,
  gap: { ms: 60_000, name: 'phone_minute' },
};
/** Codes asked for from one address: a shared office or a school may ask for many numbers. */
export const addressCodeRule: LimitRule = { name: 'ip_hour', window: 'hour', limit: 30, gap: null };
/** Photo uploads from one address (9 photos a report). */
export const addressUploadRule: LimitRule = { name: 'ip_hour', window: 'hour', limit: 60, gap: null };
/** Anonymous reports and letters from one address (nobody verified them). */
export const addressAnonymousRule: LimitRule = { name: 'ip_hour', window: 'hour', limit: 20, gap: null };

const shanghaiOffsetMs = 8 * 3600_000;

/** The Asia/Shanghai calendar day of an instant (China has one offset, no daylight saving). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + shanghaiOffsetMs).toISOString().slice(0, 10);
}

/** The start of a rule's window containing `at`, as comparable text, and when that window ends. */
export function windowOf(rule: LimitRule, at: Date): { start: string; endsAt: Date } {
  if (rule.window === 'shanghai_day') {
    const day = shanghaiDay(at);
    return { start: day, endsAt: new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 3600_000 - shanghaiOffsetMs) };
  }
  const hour = Math.floor(at.getTime() / 3600_000) * 3600_000;
  return { start: new Date(hour).toISOString(), endsAt: new Date(hour + 3600_000) };
}

/** A stored window of a key, as the repository reads it back after a refusal. */
export interface WindowState {
  windowStart: string;
  count: number;
  lastAt: string;
}

/**
 * Why a rule refused at `at`, given the window as stored, and how long until it would allow:
 * the gap since the last one first (it ends sooner), then the window's count.
 */
export function refusalOf(
  rule: LimitRule,
  state: WindowState,
  at: Date,
): { limit: LimitName; retryAfterSeconds: number } {
  const now = at.getTime();
  const last = Date.parse(state.lastAt);
  if (rule.gap && Number.isFinite(last) && now - last < rule.gap.ms) {
    return { limit: rule.gap.name, retryAfterSeconds: Math.max(1, Math.ceil((last + rule.gap.ms - now) / 1000)) };
  }
  const window = windowOf(rule, at);
  return { limit: rule.name, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt.getTime() - now) / 1000)) };
}
