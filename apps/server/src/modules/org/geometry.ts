import type { AreaGeometry } from '@citydesk/shared';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Polygons of an area as arrays of rings (outer first, then holes), each ring flat [x0,y0,x1,y1,…]. */
export type FlatPolygons = Float64Array[][];

export function polygonsOf(geometry: AreaGeometry): number[][][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: AreaGeometry): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const p of ring) {
        const lon = p[0] ?? 0;
        const lat = p[1] ?? 0;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Packs an area into flat typed arrays for fast point tests. */
export function flatten(geometry: AreaGeometry): FlatPolygons {
  return polygonsOf(geometry).map((polygon) =>
    polygon.map((ring) => {
      const flat = new Float64Array(ring.length * 2);
      ring.forEach((p, i) => {
        flat[i * 2] = p[0] ?? 0;
        flat[i * 2 + 1] = p[1] ?? 0;
      });
      return flat;
    }),
  );
}

/** Even-odd ray casting over every ring of every polygon (holes subtract themselves). */
export function containsPoint(polygons: FlatPolygons, lon: number, lat: number): boolean {
  for (const rings of polygons) {
    let inside = false;
    for (const ring of rings) {
      const n = ring.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const xi = ring[i * 2] as number;
        const yi = ring[i * 2 + 1] as number;
        const xj = ring[j * 2] as number;
        const yj = ring[j * 2 + 1] as number;
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

/** Signed-area sanity: a ring with (almost) no area is degenerate. */
export function ringArea(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (!a || !b) continue;
    sum += (a[0] ?? 0) * (b[1] ?? 0) - (b[0] ?? 0) * (a[1] ?? 0);
  }
  return sum / 2;
}
