import type { PointLocation, UnitType, UnitView } from '@citydesk/shared';
import { http } from './http';

export type AreaType = 'street_centre' | 'community' | 'grid';

export interface AreaFeature {
  type: 'Feature';
  id: string;
  properties: {
    id: string;
    code: string;
    name: string;
    nameEn: string | null;
    type: AreaType;
    parentId: string | null;
  };
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | null;
}

export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

export type GeoLookup = PointLocation;

const areaCache = new Map<string, Promise<AreaCollection>>();

/** A unit with its children (`GET /api/units/tree`). */
export interface UnitTreeNode extends UnitView {
  children: UnitTreeNode[];
}

let unitTree: Promise<UnitTreeNode[]> | null = null;

/** Forgets the cached outlines (after an administrator imported or edited units). */
export function forgetAreas(): void {
  areaCache.clear();
}

export const orgApi = {
  /** Street, community and grid outlines as GeoJSON (cached for the page's life: they rarely change). */
  areas: (types: AreaType[] = ['street_centre', 'grid']) => {
    const key = types.join(',');
    let hit = areaCache.get(key);
    if (!hit) {
      hit = http.get<AreaCollection>('/api/units/areas', { query: { types: key } });
      hit.catch(() => areaCache.delete(key));
      areaCache.set(key, hit);
    }
    return hit;
  },
  lookup: (lat: number, lon: number) => http.get<GeoLookup>('/api/geo/lookup', { query: { lat, lon } }),
  /** Units by parent or type (active ones unless asked otherwise). */
  units: (filter: { parentId?: string; type?: UnitType; q?: string; active?: boolean } = {}) =>
    http.get<{ items: UnitView[] }>('/api/units', {
      query: { ...filter, active: filter.active === undefined ? 'true' : String(filter.active) },
    }),
  /** The whole unit tree (cached for the page's life, like the areas): pickers for places and units. */
  tree: (): Promise<UnitTreeNode[]> => {
    if (!unitTree) {
      unitTree = http.get<{ items: UnitTreeNode[] }>('/api/units/tree').then((r) => r.items);
      unitTree.catch(() => (unitTree = null));
    }
    return unitTree;
  },
};
