import type { RouteCandidate, UnitRef } from '@citydesk/shared';

export interface RoutingItem {
  pathNames: string[];
  responsibilities: { street: UnitRef | null; lead: UnitRef; coUnits: UnitRef[] }[];
}

export type Candidate = RouteCandidate;

/**
 * Ranks the units a case could go to: the item's rule for the case's street first, then the
 * item's default rule, then (without an item) the street centre of the location. Each candidate
 * says why.
 */
export function rankCandidates(input: { item: RoutingItem | null; street: UnitRef | null }): Candidate[] {
  const result: Candidate[] = [];
  const add = (unit: UnitRef, role: 'lead' | 'co', rule: Candidate['rule'], reason: string) => {
    if (result.some((c) => c.unit.id === unit.id)) return;
    result.push({ unit, role, rule, reason, rank: result.length + 1 });
  };
  const { item, street } = input;
  if (item) {
    const path = item.pathNames.join('/');
    const streetRule = street ? item.responsibilities.find((r) => r.street?.id === street.id) : undefined;
    if (streetRule && street) {
      add(streetRule.lead, 'lead', 'street', `item ${path} → ${streetRule.lead.name} by street rule (${street.name})`);
      for (const co of streetRule.coUnits)
        add(co, 'co', 'street', `item ${path} → co-unit ${co.name} by street rule (${street.name})`);
    }
    const fallback = item.responsibilities.find((r) => r.street === null);
    if (fallback) {
      add(fallback.lead, streetRule ? 'co' : 'lead', 'item', `item ${path} → ${fallback.lead.name} by the item's rule`);
      for (const co of fallback.coUnits) add(co, 'co', 'item', `item ${path} → co-unit ${co.name} by the item's rule`);
    }
  }
  if (street)
    add(street, result.length === 0 ? 'lead' : 'co', 'location', `location in ${street.name} → its street centre`);
  return result;
}

/** The dispatch a clear rule gives (lead plus co-units of one rule), or null when none is clear. */
export function clearRule(
  candidates: readonly Candidate[],
): { lead: UnitRef; coUnits: UnitRef[]; reason: string } | null {
  const first = candidates[0];
  if (!first || first.rule === 'location' || first.role !== 'lead') return null;
  const coUnits = candidates.filter((c) => c.rule === first.rule && c.role === 'co').map((c) => c.unit);
  return { lead: first.unit, coUnits, reason: first.reason };
}
