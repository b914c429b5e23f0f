import type { PointLocation } from '@citydesk/shared';
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
};
