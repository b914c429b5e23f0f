import type { AreaGeometry } from '@citydesk/shared';
import { bboxOf, containsPoint, flatten, type BBox, type FlatPolygons } from './geometry.js';

interface Entry {
  id: string;
  bbox: BBox;
  polygons: FlatPolygons;
}

/**
 * A uniform-grid spatial index over areas (grids, communities, streets): each cell lists the
 * areas whose bounding box touches it, so a point is tested against a handful of polygons.
 */
export class AreaIndex {
  private readonly entries: Entry[];
  private readonly cells: Int32Array[];
  private readonly minLon: number;
  private readonly minLat: number;
  private readonly cellW: number;
  private readonly cellH: number;
  private readonly nx: number;
  private readonly ny: number;

  constructor(areas: readonly { id: string; geometry: AreaGeometry }[]) {
    this.entries = areas.map((a) => ({ id: a.id, bbox: bboxOf(a.geometry), polygons: flatten(a.geometry) }));
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (const e of this.entries) {
      minLon = Math.min(minLon, e.bbox[0]);
      minLat = Math.min(minLat, e.bbox[1]);
      maxLon = Math.max(maxLon, e.bbox[2]);
      maxLat = Math.max(maxLat, e.bbox[3]);
    }
    if (this.entries.length === 0) {
      minLon = minLat = 0;
      maxLon = maxLat = 1;
    }
    // About two cells per area keeps candidate lists short without wasting memory.
    const side = Math.max(1, Math.ceil(Math.sqrt(this.entries.length * 2)));
    this.nx = side;
    this.ny = side;
    this.minLon = minLon;
    this.minLat = minLat;
    this.cellW = Math.max((maxLon - minLon) / side, 1e-9);
    this.cellH = Math.max((maxLat - minLat) / side, 1e-9);
    const buckets: number[][] = Array.from({ length: this.nx * this.ny }, () => []);
    this.entries.forEach((e, index) => {
      const [x0, y0] = this.cellOf(e.bbox[0], e.bbox[1]);
      const [x1, y1] = this.cellOf(e.bbox[2], e.bbox[3]);
      for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) buckets[y * this.nx + x]?.push(index);
    });
    this.cells = buckets.map((b) => Int32Array.from(b));
  }

  get size(): number {
    return this.entries.length;
  }

  private cellOf(lon: number, lat: number): [number, number] {
    const x = Math.min(this.nx - 1, Math.max(0, Math.floor((lon - this.minLon) / this.cellW)));
    const y = Math.min(this.ny - 1, Math.max(0, Math.floor((lat - this.minLat) / this.cellH)));
    return [x, y];
  }

  /** The id of the first area containing the point, or null. */
  find(lon: number, lat: number): string | null {
    if (this.entries.length === 0) return null;
    if (lon < this.minLon || lat < this.minLat) return null;
    const [x, y] = this.cellOf(lon, lat);
    const candidates = this.cells[y * this.nx + x];
    if (!candidates) return null;
    for (const index of candidates) {
      const e = this.entries[index] as Entry;
      const b = e.bbox;
      if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
      if (containsPoint(e.polygons, lon, lat)) return e.id;
    }
    return null;
  }
}
