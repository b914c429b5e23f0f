/** The source of "now" for every use case; tests inject a controllable one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests and the CLI's --at options. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** The system time moved by an offset; the server's clock when test hooks are on (e2e moves it). */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }
}

/** Timestamps are stored as fixed-width UTC ISO text, which sorts by time on both databases. */
export function toDbTime(date: Date): string {
  return date.toISOString();
}
