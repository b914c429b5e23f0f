/**
 * A deterministic synthetic district for the lookup benchmark, in the unit file format
 * (a GeoJSON FeatureCollection whose features carry code, type, name, parentCode, …).
 *
 * A lattice of NX × NY cells is laid over a rectangle. Every interior lattice vertex is jittered
 * and every cell edge gets one or two extra vertices pushed sideways, all derived from a hash of
 * the lattice position, so the two cells sharing an edge share exactly the same polyline: the
 * grids tile the rectangle without gaps or overlaps, and each is an irregular polygon with 6–12
 * vertices. Communities and streets are blocks of cells whose polygons are traced along the same
 * jittered edges (the exact union of their grids). The outer boundary stays straight, so the
 * whole district is exactly the rectangle `bbox`.
 */
import type { AreaGeometry } from '@citydesk/shared';
import { hashUnit } from './support.js';

type Point = [lon: number, lat: number];

export const districtCode = '990001';

export interface SyntheticOptions {
  /** Streets across × down. */
  streetsX: number;
  streetsY: number;
  /** Communities across × down within a street. */
  communitiesX: number;
  communitiesY: number;
  /** Grids across × down within a community. */
  gridsX: number;
  gridsY: number;
  /** Lattice cell size in degrees. */
  cellLon: number;
  cellLat: number;
  /** South-west corner. */
  originLon: number;
  originLat: number;
}

/** 10 streets (5 × 2) × 10 communities (2 × 5) × 50 grids (10 × 5) = 5,000 grids, ~200 m each. */
export const defaultOptions: SyntheticOptions = {
  streetsX: 5,
  streetsY: 2,
  communitiesX: 2,
  communitiesY: 5,
  gridsX: 10,
  gridsY: 5,
  cellLon: 0.002,
  cellLat: 0.0018,
  originLon: 114.2,
  originLat: 22.6,
};

export interface SyntheticGrid {
  code: string;
  /** The closed outer ring, [lon, lat] positions. */
  ring: Point[];
}

export interface SyntheticDistrict {
  /** The unit file (GeoJSON FeatureCollection). */
  document: { type: 'FeatureCollection'; features: unknown[] };
  grids: SyntheticGrid[];
  counts: { streets: number; communities: number; grids: number };
  /** [minLon, minLat, maxLon, maxLat] of the district (the area every grid together covers). */
  bbox: [number, number, number, number];
  /** Vertices per grid polygon (not counting the closing repeat). */
  vertices: { min: number; max: number; mean: number };
}

const round = (n: number) => Math.round(n * 1e7) / 1e7;
const pad3 = (n: number) => String(n).padStart(3, '0');

/** Interior lattice vertices move by up to this fraction of a cell in each axis. */
const cornerJitter = 0.15;
/** Extra edge vertices move sideways by up to this fraction of a cell (small enough that no polygon self-intersects). */
const edgeJitter = 0.06;

export function generateSyntheticDistrict(options: SyntheticOptions = defaultOptions): SyntheticDistrict {
  const o = options;
  const nx = o.streetsX * o.communitiesX * o.gridsX;
  const ny = o.streetsY * o.communitiesY * o.gridsY;

  const vertex = (i: number, j: number): Point => {
    const dx = i > 0 && i < nx ? (hashUnit(1, i, j) - 0.5) * 2 * cornerJitter : 0;
    const dy = j > 0 && j < ny ? (hashUnit(2, i, j) - 0.5) * 2 * cornerJitter : 0;
    return [round(o.originLon + (i + dx) * o.cellLon), round(o.originLat + (j + dy) * o.cellLat)];
  };

  /** Extra points of an edge from `a` to `b` (in lattice order), pushed sideways unless on the boundary. */
  const edgePoints = (
    a: Point,
    b: Point,
    count: number,
    horizontal: boolean,
    i: number,
    j: number,
    onBoundary: boolean,
  ): Point[] => {
    const points: Point[] = [];
    const salt = horizontal ? 3 : 4;
    for (let k = 0; k < count; k++) {
      // Where along the edge (0..1): one point in the middle, or two in the first and second half.
      const from = count === 1 ? 0.35 : k === 0 ? 0.25 : 0.55;
      const t = from + 0.2 * hashUnit(salt, i, j, k) + (count === 1 ? 0.1 * hashUnit(salt + 20, i, j, k) : 0);
      // Sideways: horizontal edges bend in latitude, vertical edges in longitude.
      const side = onBoundary ? 0 : (hashUnit(salt + 10, i, j, k) - 0.5) * 2 * edgeJitter;
      const lon = a[0] + (b[0] - a[0]) * t + (horizontal ? 0 : side * o.cellLon);
      const lat = a[1] + (b[1] - a[1]) * t + (horizontal ? side * o.cellLat : 0);
      points.push([round(lon), round(lat)]);
    }
    return points;
  };

  // Precompute every vertex and edge once so shared edges are literally the same numbers.
  const vertices: Point[][] = [];
  for (let i = 0; i <= nx; i++) {
    const column: Point[] = [];
    for (let j = 0; j <= ny; j++) column.push(vertex(i, j));
    vertices.push(column);
  }
  const v = (i: number, j: number): Point => vertices[i]?.[j] as Point;
  /** Horizontal edge from (i, j) to (i+1, j): 1–2 extra points. */
  const hEdges: Point[][][] = [];
  for (let i = 0; i < nx; i++) {
    const column: Point[][] = [];
    for (let j = 0; j <= ny; j++) {
      const count = 1 + Math.floor(hashUnit(5, i, j) * 2);
      column.push(edgePoints(v(i, j), v(i + 1, j), count, true, i, j, j === 0 || j === ny));
    }
    hEdges.push(column);
  }
  /** Vertical edge from (i, j) to (i, j+1): 0–2 extra points. */
  const vEdges: Point[][][] = [];
  for (let i = 0; i <= nx; i++) {
    const column: Point[][] = [];
    for (let j = 0; j < ny; j++) {
      const count = Math.floor(hashUnit(6, i, j) * 3);
      column.push(edgePoints(v(i, j), v(i, j + 1), count, false, i, j, i === 0 || i === nx));
    }
    vEdges.push(column);
  }
  const h = (i: number, j: number): Point[] => hEdges[i]?.[j] ?? [];
  const vert = (i: number, j: number): Point[] => vEdges[i]?.[j] ?? [];

  /** The counter-clockwise closed ring around the block of cells [i0, i1) × [j0, j1). */
  const blockRing = (i0: number, j0: number, i1: number, j1: number): Point[] => {
    const ring: Point[] = [];
    for (let i = i0; i < i1; i++) ring.push(v(i, j0), ...h(i, j0));
    for (let j = j0; j < j1; j++) ring.push(v(i1, j), ...vert(i1, j));
    for (let i = i1 - 1; i >= i0; i--) ring.push(v(i + 1, j1), ...[...h(i, j1)].reverse());
    for (let j = j1 - 1; j >= j0; j--) ring.push(v(i0, j + 1), ...[...vert(i0, j)].reverse());
    ring.push(v(i0, j0));
    return ring;
  };
  const polygon = (ring: Point[]): AreaGeometry => ({ type: 'Polygon', coordinates: [ring] });

  const features: unknown[] = [];
  const feature = (properties: Record<string, unknown>, geometry: AreaGeometry) =>
    features.push({ type: 'Feature', properties, geometry });

  feature(
    {
      code: districtCode,
      type: 'district_centre',
      name: '合成区民生诉求指挥中心',
      nameEn: 'Synthetic District Command Centre',
      parentCode: null,
      active: true,
      phone: '0755-28300000',
    },
    polygon(blockRing(0, 0, nx, ny)),
  );

  const grids: SyntheticGrid[] = [];
  const streetW = o.communitiesX * o.gridsX;
  const streetH = o.communitiesY * o.gridsY;
  let streetCount = 0;
  let communityCount = 0;
  let vertexMin = Infinity;
  let vertexMax = 0;
  let vertexSum = 0;
  for (let sy = 0; sy < o.streetsY; sy++) {
    for (let sx = 0; sx < o.streetsX; sx++) {
      const s = sy * o.streetsX + sx + 1;
      const streetCode = `${districtCode}${pad3(s)}`;
      const si = sx * streetW;
      const sj = sy * streetH;
      streetCount++;
      feature(
        {
          code: streetCode,
          type: 'street_centre',
          name: `合成街道${s}`,
          nameEn: `Synthetic Street ${s}`,
          parentCode: districtCode,
        },
        polygon(blockRing(si, sj, si + streetW, sj + streetH)),
      );
      for (let cy = 0; cy < o.communitiesY; cy++) {
        for (let cx = 0; cx < o.communitiesX; cx++) {
          const c = cy * o.communitiesX + cx + 1;
          const communityCode = `${streetCode}${pad3(c)}`;
          const ci = si + cx * o.gridsX;
          const cj = sj + cy * o.gridsY;
          communityCount++;
          feature(
            {
              code: communityCode,
              type: 'community',
              name: `合成街道${s}第${c}社区`,
              nameEn: `Street ${s} Community ${c}`,
              parentCode: streetCode,
            },
            polygon(blockRing(ci, cj, ci + o.gridsX, cj + o.gridsY)),
          );
          for (let gy = 0; gy < o.gridsY; gy++) {
            for (let gx = 0; gx < o.gridsX; gx++) {
              const g = gy * o.gridsX + gx + 1;
              const code = `${communityCode}${pad3(g)}`;
              const ring = blockRing(ci + gx, cj + gy, ci + gx + 1, cj + gy + 1);
              const n = ring.length - 1;
              vertexMin = Math.min(vertexMin, n);
              vertexMax = Math.max(vertexMax, n);
              vertexSum += n;
              grids.push({ code, ring });
              feature(
                {
                  code,
                  type: 'grid',
                  name: `网格${code.slice(-6)}`,
                  nameEn: `Grid ${code.slice(-6)}`,
                  parentCode: communityCode,
                },
                polygon(ring),
              );
            }
          }
        }
      }
    }
  }

  return {
    document: { type: 'FeatureCollection', features },
    grids,
    counts: { streets: streetCount, communities: communityCount, grids: grids.length },
    bbox: [o.originLon, o.originLat, round(o.originLon + nx * o.cellLon), round(o.originLat + ny * o.cellLat)],
    vertices: { min: vertexMin, max: vertexMax, mean: vertexSum / Math.max(1, grids.length) },
  };
}

/**
 * Non-zero winding-number point-in-polygon test, written independently of the server's
 * even-odd `containsPoint`, for the brute-force cross-check.
 */
export function windingContains(ring: readonly Point[], lon: number, lat: number): boolean {
  let winding = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    const a = ring[k] as Point;
    const b = ring[k + 1] as Point;
    const cross = (b[0] - a[0]) * (lat - a[1]) - (lon - a[0]) * (b[1] - a[1]);
    if (a[1] <= lat) {
      if (b[1] > lat && cross > 0) winding++;
    } else if (b[1] <= lat && cross < 0) {
      winding--;
    }
  }
  return winding !== 0;
}
