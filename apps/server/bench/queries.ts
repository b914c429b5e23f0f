/**
 * Phase Q of the lifecycle benchmark: how fast the console's lists answer over the preloaded
 * data set — inbox tabs, tab counts and searches, as a dispatcher (the whole district) and as a
 * department handler (its own scope). Sequential requests, one at a time, so the figure is the
 * server's answer time for one user, not a throughput.
 */
import type { HttpClient } from './http-load.js';
import { quantile, sortedCopy } from './support.js';

export interface QuerySpec {
  label: string;
  path: string;
  cookie: string;
}

export interface QueryTiming {
  label: string;
  status: number;
  rows: number | null;
  p50: number;
  p95: number;
  max: number;
}

/** Times each query `repeat` times after two unrecorded warm-ups; milliseconds. */
export async function timeQueries(client: HttpClient, specs: QuerySpec[], repeat = 20): Promise<QueryTiming[]> {
  const results: QueryTiming[] = [];
  for (const spec of specs) {
    const times: number[] = [];
    let status = 0;
    let rows: number | null = null;
    for (let i = 0; i < repeat + 2; i++) {
      const t0 = performance.now();
      const answer = await client.request('GET', spec.path, undefined, spec.cookie);
      const ms = performance.now() - t0;
      status = answer.status;
      if (i === 0) {
        try {
          const body = JSON.parse(answer.body) as { items?: unknown[] };
          rows = Array.isArray(body.items) ? body.items.length : null;
        } catch {
          rows = null;
        }
      }
      if (i >= 2) times.push(ms);
    }
    const sorted = sortedCopy(times);
    results.push({
      label: spec.label,
      status,
      rows,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      max: sorted[sorted.length - 1] ?? 0,
    });
  }
  return results;
}

/** The console's list queries for a dispatcher and a handler. */
export function consoleQueries(cookies: { dispatcher: string; handler: string }, sampleNumber: string): QuerySpec[] {
  const q = (text: string) => encodeURIComponent(text);
  const d = cookies.dispatcher;
  const h = cookies.handler;
  return [
    { label: 'dispatcher inbox to_dispatch (50)', path: '/api/cases/inbox?tab=to_dispatch', cookie: d },
    { label: 'dispatcher inbox all (50)', path: '/api/cases/inbox?tab=all', cookie: d },
    { label: 'dispatcher inbox overdue (50)', path: '/api/cases/inbox?tab=overdue', cookie: d },
    {
      label: 'dispatcher inbox all, 100 rows, channel filter',
      path: '/api/cases/inbox?tab=all&limit=100&channel=hotline',
      cookie: d,
    },
    { label: 'dispatcher desk tab counts', path: '/api/cases/inbox/counts?tabs=to_dispatch,returned', cookie: d },
    { label: 'dispatcher every queue count', path: '/api/cases/inbox/counts', cookie: d },
    { label: `search by number`, path: `/api/cases/search?number=${q(sampleNumber)}`, cookie: d },
    { label: 'search text 噪音', path: `/api/cases/search?q=${q('噪音')}`, cookie: d },
    {
      label: 'search text 占道经营 + channel',
      path: `/api/cases/search?q=${q('占道经营')}&channel=hotline`,
      cookie: d,
    },
    { label: 'search address 坪山', path: `/api/cases/search?address=${q('坪山')}`, cookie: d },
    { label: 'handler inbox to_sign (50)', path: '/api/cases/inbox?tab=to_sign', cookie: h },
    { label: 'handler inbox in_hand (50)', path: '/api/cases/inbox?tab=in_hand', cookie: h },
    {
      label: 'handler inbox tab counts',
      path: '/api/cases/inbox/counts?tabs=to_sign,in_hand,near_deadline,overdue,suspended',
      cookie: h,
    },
    { label: 'handler search text 噪音', path: `/api/cases/search?q=${q('噪音')}`, cookie: h },
  ];
}
