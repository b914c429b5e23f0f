import fs from 'node:fs';
import type { CasePage, GridQuickEvent, GridWorkerGrid, GridWorkerView } from '@citydesk/shared';
import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { parseInput } from '../../platform/errors.js';
import { seedDataPath } from '../../platform/paths.js';
import { publicCatalogue } from '../catalogue/index.js';
import { listOwnCases, presentSummaries } from '../intake/index.js';
import { areasGeoJson, getUnitRow, listUnitViews, unitRefsByIds } from '../org/index.js';
import {
  quickEventFileSchema,
  resolveQuickEvents,
  type MatchableItem,
  type QuickEventDefinition,
} from './quick-events.js';

/**
 * The worker and the grids of the worker's unit subtree (a grid worker: that grid; a worker of a
 * community: all its grids), with their community, street and outline for the patrol map.
 */
export async function gridWorkerView(db: Db, actor: Actor): Promise<GridWorkerView> {
  const unit = actor.unitId ? await getUnitRow(db, actor.unitId) : undefined;
  const grids = actor.unitPath
    ? await listUnitViews(db, { type: 'grid', active: true, scopePath: actor.unitPath })
    : [];
  const ids = new Set(grids.map((g) => g.id));
  const shapes = ids.size === 0 ? [] : (await areasGeoJson(db, ['grid'])).features.filter((f) => ids.has(f.id));
  const communities = await unitRefsByIds(
    db,
    shapes.map((f) => f.properties.parentId).filter((id): id is string => id !== null),
  );
  const streets = await unitRefsByIds(
    db,
    [...communities.values()].map((c) => c.parentId).filter((id): id is string => id !== null),
  );
  const items: GridWorkerGrid[] = shapes.map((f) => {
    const community = f.properties.parentId ? communities.get(f.properties.parentId) : undefined;
    const street = community?.parentId ? streets.get(community.parentId) : undefined;
    return {
      id: f.id,
      code: f.properties.code,
      name: f.properties.name,
      community: community ? { id: community.id, name: community.name } : null,
      street: street ? { id: street.id, name: street.name } : null,
      geometry: f.geometry,
    };
  });
  return {
    worker: {
      displayName: actor.displayName,
      unit: unit ? { id: unit.id, code: unit.code, name: unit.name, type: unit.type } : null,
    },
    grids: items,
  };
}

let definitions: QuickEventDefinition[] | null = null;

/** The shipped event list, read and checked once (a broken file fails loudly, not silently). */
function quickEventDefinitions(): QuickEventDefinition[] {
  definitions ??= parseInput(
    quickEventFileSchema,
    JSON.parse(fs.readFileSync(seedDataPath('grid-quick-events.json'), 'utf8')) as unknown,
  ).events;
  return definitions;
}

const resolved = new WeakMap<object, { at: number; events: Promise<GridQuickEvent[]> }>();
/** An administrator's catalogue change is picked up within this time. */
const resolvedTtlMs = 60_000;

/** The active catalogue's level-3 items, flattened for matching. */
async function matchableItems(db: Db): Promise<MatchableItem[]> {
  return (await publicCatalogue(db)).flatMap((l1) =>
    l1.children.flatMap((l2) =>
      l2.items.map((item) => ({
        id: item.id,
        code: item.code,
        name: item.name,
        pathNames: item.pathNames,
        keywords: item.keywords,
        extraFields: item.extraFields,
      })),
    ),
  );
}

/**
 * The common grid events, each resolved to an active catalogue item (resolved at start, then
 * again at most once a minute, so a catalogue change shows without a restart).
 */
export async function quickEvents(db: Db, now: number = Date.now()): Promise<GridQuickEvent[]> {
  const cached = resolved.get(db);
  if (cached && now - cached.at < resolvedTtlMs) return cached.events;
  const events = matchableItems(db).then((items) => resolveQuickEvents(quickEventDefinitions(), items));
  resolved.set(db, { at: now, events });
  events.catch(() => resolved.delete(db));
  return events;
}

/** The cases the worker reported, newest first, as the staff lists show them. */
export async function myReports(db: Db, actor: Actor, cursor: string | undefined, limit: number): Promise<CasePage> {
  if (actor.kind !== 'user' || !actor.id) return { items: [], nextCursor: null };
  const page = await listOwnCases(db, { createdByUserId: actor.id }, { limit, cursor });
  return { items: await presentSummaries(db, page.rows), nextCursor: page.nextCursor };
}
