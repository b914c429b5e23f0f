import type { RouteCandidate } from '@citydesk/shared';
import { http } from './http';

/** Where a call not yet saved would go: its item and its point or street (any may be missing). */
export interface RouteQuery {
  categoryId?: string | null;
  streetId?: string | null;
  lat?: number | null;
  lon?: number | null;
}

export const dispatchApi = {
  /** Ranked units with the rule behind each, by the same ranking as a saved case's route. */
  suggest: (query: RouteQuery, signal?: AbortSignal) =>
    http
      .get<{ items: RouteCandidate[] }>('/api/dispatch/suggest', {
        query: { categoryId: query.categoryId, streetId: query.streetId, lat: query.lat, lon: query.lon },
        ...(signal ? { signal } : {}),
      })
      .then((r) => r.items),
};

/**
 * The dispatch the top suggestion stands for: its lead and the co-units of the same rule (as the
 * server's automatic dispatch reads a clear rule). Null when there is no lead candidate.
 */
export function suggestedDispatch(
  candidates: readonly RouteCandidate[],
): { lead: RouteCandidate; coUnits: RouteCandidate[] } | null {
  const lead = candidates.find((c) => c.role === 'lead');
  if (!lead) return null;
  return { lead, coUnits: candidates.filter((c) => c.role === 'co' && c.rule === lead.rule) };
}
