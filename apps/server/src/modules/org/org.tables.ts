export interface UnitTable {
  id: string;
  code: string;
  type: string;
  name: string;
  name_en: string | null;
  parent_id: string | null;
  /** Materialised path of ids from the root, "/<root>/<…>/<id>/": subtree = path LIKE prefix%. */
  path: string;
  depth: number;
  active: number;
  phone: string | null;
  /** GeoJSON Polygon / MultiPolygon as text. */
  geometry: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  created_at: string;
  updated_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    unit: UnitTable;
  }
}
