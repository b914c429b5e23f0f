/** What `/readyz` said, read loosely: its body is informational. */
export interface Readiness {
  ready: boolean;
  /** 0 when the server could not be reached. */
  httpStatus: number;
  version: string | null;
  checks: { name: string; ok: boolean }[];
  checkedAt: Date;
}

function isCheckOk(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'string') return ['ok', 'up', 'ready', 'pass'].includes(value.toLowerCase());
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record['ok'] === 'boolean') return record['ok'];
    if ('status' in record) return isCheckOk(record['status']);
  }
  return false;
}

/** Asks the server whether it is ready (database reachable, migrations applied). */
export async function fetchReadiness(): Promise<Readiness> {
  const checkedAt = new Date();
  let response: Response;
  try {
    response = await fetch('/readyz', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ready: false, httpStatus: 0, version: null, checks: [], checkedAt };
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // A bare status is enough.
  }
  const rawChecks = body['checks'];
  const checks =
    typeof rawChecks === 'object' && rawChecks !== null && !Array.isArray(rawChecks)
      ? Object.entries(rawChecks as Record<string, unknown>).map(([name, value]) => ({ name, ok: isCheckOk(value) }))
      : [];
  return {
    ready: response.ok,
    httpStatus: response.status,
    version: typeof body['version'] === 'string' ? body['version'] : null,
    checks,
    checkedAt,
  };
}
