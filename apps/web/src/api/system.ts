/** What `/readyz` said: database reachable and migrated, and which calendar years are missing. */
export interface Readiness {
  ready: boolean;
  /** 0 when the server could not be reached. */
  httpStatus: number;
  version: string | null;
  /** sqlite or postgres, when the server said. */
  database: string | null;
  pendingMigrations: string[];
  /** Years without a working-day calendar: deadlines there assume Monday–Friday. */
  missingCalendarYears: number[];
  checkedAt: Date;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const listOf = <T>(value: unknown, keep: (item: unknown) => item is T): T[] =>
  Array.isArray(value) ? value.filter(keep) : [];

/** Asks the server whether it is ready. */
export async function fetchReadiness(): Promise<Readiness> {
  const checkedAt = new Date();
  const empty = { version: null, database: null, pendingMigrations: [], missingCalendarYears: [], checkedAt };
  let response: Response;
  try {
    response = await fetch('/readyz', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ready: false, httpStatus: 0, ...empty };
  }
  let body: Record<string, unknown> = {};
  try {
    body = asRecord(await response.json());
  } catch {
    // A bare status is enough.
  }
  const database = asRecord(body['database']);
  const calendar = asRecord(body['calendar']);
  return {
    ...empty,
    ready: response.ok,
    httpStatus: response.status,
    version: typeof body['version'] === 'string' ? body['version'] : null,
    database: typeof database['dialect'] === 'string' ? database['dialect'] : null,
    pendingMigrations: listOf(database['pendingMigrations'], (x): x is string => typeof x === 'string'),
    missingCalendarYears: listOf(calendar['missingYears'], (x): x is number => typeof x === 'number'),
  };
}
