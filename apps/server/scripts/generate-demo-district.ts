/**
 * Deterministic generator for the demo district's organisation units (坪山区 440310).
 *
 *   npx tsx apps/server/scripts/generate-demo-district.ts
 *
 * Reads  apps/server/seed-data/pingshan-outline.geojson (the real district outline, GCJ-02)
 * Writes apps/server/seed-data/demo-district.geojson   (one Feature per organisation unit)
 *
 * The street / community / grid boundaries are FICTITIOUS: a lattice of square cells is
 * clipped to the district outline, each cell is assigned to the street with the nearest
 * (approximate, real) street-centre seed, each street's cells are clustered into its
 * communities with a deterministic k-means, and each community's cells become grids (one
 * cell, or two adjacent cells merged). Only the outline, the street codes/names and the
 * community names are modelled on reality. No randomness except a fixed-seed PRNG used
 * for the verification sample; running the script twice produces byte-identical output.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon, Pair, Polygon, Ring } from 'polygon-clipping';

// ---------------------------------------------------------------------------------------------
// Paths & tunables
// ---------------------------------------------------------------------------------------------

const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url));
const SEED_DIR = resolve(SCRIPT_DIR, '../seed-data');
const OUTLINE_FILE = resolve(SEED_DIR, 'pingshan-outline.geojson');
const OUTPUT_FILE = resolve(SEED_DIR, 'demo-district.geojson');

/** Lattice cell size in degrees (square in degrees). */
const CELL = 0.009;
/** Clipped pieces smaller than this fraction of a full cell are merged into a neighbour. */
const SLIVER_FRACTION = 0.15;
/** Lon distances are scaled by cos(latitude) so "nearest" is roughly metric. */
const LON_SCALE = Math.cos((22.7 * Math.PI) / 180);
const MIN_GRIDS_PER_COMMUNITY = 4;
const MAX_GRIDS_PER_COMMUNITY = 9;
/** Fraction of a community's cells that stay single-cell grids (the rest are merged in pairs). */
const GRID_RATIO = 0.75;
const DECIMALS = 6;
const SAMPLE_POINTS = 300;
const SAMPLE_SEED = 0x440310;
const BORDER_TOLERANCE = 1e-6;

// ---------------------------------------------------------------------------------------------
// Organisation data
// ---------------------------------------------------------------------------------------------

type UnitType = 'district_centre' | 'street_centre' | 'department' | 'community' | 'grid' | 'external';

interface StreetDef {
  code: string;
  name: string;
  nameEn: string;
  seed: Pair; // approximate street centre, GCJ-02
  communities: ReadonlyArray<readonly [name: string, nameEn: string]>;
}

const DISTRICT = {
  code: '440310',
  name: '坪山区民生诉求指挥中心',
  nameEn: 'Pingshan District Command Centre',
  phone: '0755-28308000',
} as const;

const STREETS: readonly StreetDef[] = [
  {
    code: '440310001',
    name: '坪山街道',
    nameEn: 'Pingshan Subdistrict',
    seed: [114.345, 22.7],
    communities: [
      ['六和社区', 'Liuhe Community'],
      ['六联社区', 'Liulian Community'],
      ['和平社区', 'Heping Community'],
      ['坪山社区', 'Pingshan Community'],
      ['东门社区', 'Dongmen Community'],
    ],
  },
  {
    code: '440310002',
    name: '马峦街道',
    nameEn: 'Maluan Subdistrict',
    seed: [114.33, 22.655],
    communities: [
      ['马峦社区', 'Maluan Community'],
      ['江岭社区', 'Jiangling Community'],
      ['沙坣社区', 'Shatan Community'],
      ['坪环社区', 'Pinghuan Community'],
    ],
  },
  {
    code: '440310003',
    name: '碧岭街道',
    nameEn: 'Biling Subdistrict',
    seed: [114.29, 22.67],
    communities: [
      ['碧岭社区', 'Biling Community'],
      ['沙湖社区', 'Shahu Community'],
      ['汤坑社区', 'Tangkeng Community'],
    ],
  },
  {
    code: '440310004',
    name: '石井街道',
    nameEn: 'Shijing Subdistrict',
    seed: [114.395, 22.66],
    communities: [
      ['石井社区', 'Shijing Community'],
      ['田头社区', 'Tiantou Community'],
      ['金龟社区', 'Jingui Community'],
      ['田心社区', 'Tianxin Community'],
    ],
  },
  {
    code: '440310005',
    name: '坑梓街道',
    nameEn: 'Kengzi Subdistrict',
    seed: [114.395, 22.73],
    communities: [
      ['坑梓社区', 'Kengzi Community'],
      ['秀新社区', 'Xiuxin Community'],
      ['沙田社区', 'Shatian Community'],
      ['金沙社区', 'Jinsha Community'],
    ],
  },
  {
    code: '440310006',
    name: '龙田街道',
    nameEn: 'Longtian Subdistrict',
    seed: [114.355, 22.745],
    communities: [
      ['龙田社区', 'Longtian Community'],
      ['老坑社区', 'Laokeng Community'],
      ['南布社区', 'Nanbu Community'],
      ['竹坑社区', 'Zhukeng Community'],
    ],
  },
];

interface DeptDef {
  code: string;
  name: string;
  nameEn: string;
  children?: ReadonlyArray<readonly [code: string, name: string, nameEn: string]>;
}

const DEPARTMENTS: readonly DeptDef[] = [
  {
    code: 'PS.CGJ',
    name: '区城市管理和综合执法局',
    nameEn: 'Pingshan Urban Management and Law Enforcement Bureau',
    children: [
      ['PS.CGJ.SRHJ', '市容环境科', 'City Appearance and Environment Section'],
      ['PS.CGJ.ZFDD', '综合执法大队', 'Comprehensive Law Enforcement Brigade'],
    ],
  },
  {
    code: 'PS.ZJJ',
    name: '区住房和建设局',
    nameEn: 'Pingshan Housing and Construction Bureau',
    children: [['PS.ZJJ.WYK', '物业管理科', 'Property Management Section']],
  },
  { code: 'PS.JTJ', name: '区交通运输局', nameEn: 'Pingshan Transport Bureau' },
  { code: 'PS.SWJ', name: '区水务局', nameEn: 'Pingshan Water Affairs Bureau' },
  {
    code: 'PS.STHJ',
    name: '市生态环境局坪山管理局',
    nameEn: 'Pingshan Administration, Shenzhen Ecology and Environment Bureau',
  },
  {
    code: 'PS.SCJG',
    name: '市市场监督管理局坪山监管局',
    nameEn: 'Pingshan Branch, Shenzhen Administration for Market Regulation',
    children: [['PS.SCJG.SPK', '食品安全科', 'Food Safety Section']],
  },
  { code: 'PS.RLZY', name: '区人力资源局', nameEn: 'Pingshan Human Resources Bureau' },
  { code: 'PS.JYJ', name: '区教育局', nameEn: 'Pingshan Education Bureau' },
  { code: 'PS.WJJ', name: '区卫生健康局', nameEn: 'Pingshan Health Bureau' },
  { code: 'PS.GAFJ', name: '市公安局坪山分局', nameEn: 'Pingshan Branch, Shenzhen Public Security Bureau' },
  { code: 'PS.MZJ', name: '区民政局', nameEn: 'Pingshan Civil Affairs Bureau' },
  {
    code: 'PS.GHZY',
    name: '市规划和自然资源局坪山管理局',
    nameEn: 'Pingshan Administration, Shenzhen Planning and Natural Resources Bureau',
  },
  { code: 'PS.YJGL', name: '区应急管理局', nameEn: 'Pingshan Emergency Management Bureau' },
  {
    code: 'PS.WGLT',
    name: '区文化广电旅游体育局',
    nameEn: 'Pingshan Culture, Radio, Television, Tourism and Sports Bureau',
  },
  { code: 'PS.FGJ', name: '区发展和改革局', nameEn: 'Pingshan Development and Reform Bureau' },
  { code: 'PS.GXJ', name: '区工业和信息化局', nameEn: 'Pingshan Industry and Information Technology Bureau' },
  { code: 'PS.SFJ', name: '区司法局', nameEn: 'Pingshan Justice Bureau' },
  {
    code: 'PS.ZWSJ',
    name: '区政务服务和数据管理局',
    nameEn: 'Pingshan Government Services and Data Management Bureau',
  },
  { code: 'PS.CZJ', name: '区财政局', nameEn: 'Pingshan Finance Bureau' },
  { code: 'PS.TYJR', name: '区退役军人事务局', nameEn: 'Pingshan Veterans Affairs Bureau' },
  { code: 'PS.XFJ', name: '区信访局', nameEn: 'Pingshan Letters and Calls Bureau' },
  { code: 'PS.ZFB', name: '区政府办公室', nameEn: 'Pingshan District Government Office' },
  // Receives the letters of the citizen portal's leader mailbox (领导信箱, MAILBOX_UNIT_CODE).
  { code: 'PS.LDBGS', name: '区领导办公室', nameEn: "Pingshan District Leaders' Office" },
];

const EXTERNALS: ReadonlyArray<readonly [code: string, name: string, nameEn: string]> = [
  ['EXT.POWER', '深圳供电局坪山供电局', 'Pingshan Power Supply Bureau, Shenzhen Power Supply Bureau'],
  ['EXT.WATER', '深圳市水务集团坪山分公司', 'Shenzhen Water Group, Pingshan Branch'],
  ['EXT.GAS', '深圳燃气坪山分公司', 'Shenzhen Gas, Pingshan Branch'],
  ['EXT.TELECOM', '中国电信坪山分公司', 'China Telecom, Pingshan Branch'],
];

// Fictitious but well-formed Shenzhen landlines (0755 + 8 digits starting 28).
const streetPhone = (i: number): string => `0755-2830${String(8100 + i + 1)}`;
const deptPhone = (i: number): string => `0755-2830${String(8200 + i + 1)}`;
const subUnitPhone = (i: number): string => `0755-2830${String(8300 + i + 1)}`;
const externalPhone = (i: number): string => `0755-2830${String(8400 + i + 1)}`;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function at<T>(arr: readonly T[], i: number): T {
  const v = arr[i];
  if (v === undefined) throw new Error(`index ${i} out of range (length ${arr.length})`);
  return v;
}

function round(v: number): number {
  const f = 10 ** DECIMALS;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = at(ring, i);
    const [x2, y2] = at(ring, i + 1);
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

function mpArea(mp: MultiPolygon): number {
  let a = 0;
  for (const poly of mp) {
    poly.forEach((ring, k) => {
      const ra = Math.abs(ringSignedArea(ring));
      a += k === 0 ? ra : -ra;
    });
  }
  return a;
}

function mpCentroid(mp: MultiPolygon): Pair {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = at(ring, i);
        const [x2, y2] = at(ring, i + 1);
        const cross = x1 * y2 - x2 * y1;
        a += cross;
        cx += (x1 + x2) * cross;
        cy += (y1 + y2) * cross;
      }
    }
  }
  // Rings from polygon-clipping are consistently wound (outer CCW, holes CW), so the summed
  // signed area is the net area.
  if (Math.abs(a) < 1e-18) {
    const p = at(at(at(mp, 0), 0), 0);
    return [p[0], p[1]];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function bbox(mp: MultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of mp)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}

function bboxesTouch(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  const e = 1e-9;
  return a[0] <= b[2] + e && b[0] <= a[2] + e && a[1] <= b[3] + e && b[1] <= a[3] + e;
}

function dist2(a: Pair, b: Pair): number {
  const dx = (a[0] - b[0]) * LON_SCALE;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/** Round to DECIMALS, drop repeated vertices and degenerate rings/polygons, renormalise. */
function roundMultiPolygon(mp: MultiPolygon): MultiPolygon {
  const out: MultiPolygon = [];
  for (const poly of mp) {
    const rings: Polygon = [];
    for (const ring of poly) {
      const r: Ring = [];
      for (const [x, y] of ring) {
        const p: Pair = [round(x), round(y)];
        const last = r[r.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
      }
      const first = r[0];
      const last = r[r.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) r.push([first[0], first[1]]);
      const degenerate = r.length < 4 || ringSignedArea(r) === 0;
      if (degenerate && rings.length === 0) break; // outer ring collapsed: drop the whole polygon
      if (!degenerate) rings.push(r);
    }
    if (rings.length > 0) out.push(rings);
  }
  if (out.length === 0) return [];
  // Let polygon-clipping fix any self-touching introduced by rounding and normalise winding.
  return polygonClipping.union(out);
}

function unionAll(mps: readonly MultiPolygon[]): MultiPolygon {
  const [first, ...rest] = mps;
  if (!first) return [];
  return polygonClipping.union(first, ...rest);
}

/** Number of polygons after union < sum of parts ⇔ the parts share (at least) an edge. */
function sharesEdge(a: MultiPolygon, b: MultiPolygon): boolean {
  return polygonClipping.union(a, b).length < a.length + b.length;
}

// ---------------------------------------------------------------------------------------------
// Read the outline
// ---------------------------------------------------------------------------------------------

interface OutlineFile {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    properties: { adcode: number; name: string };
    geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: MultiPolygon };
  }>;
}

const outlineFc = JSON.parse(readFileSync(OUTLINE_FILE, 'utf8')) as OutlineFile;
const outlineFeature = outlineFc.features.find((f) => f.properties.adcode === 440310);
if (!outlineFeature) throw new Error('adcode 440310 not found in outline file');
const outlineRaw: MultiPolygon =
  outlineFeature.geometry.type === 'Polygon'
    ? [outlineFeature.geometry.coordinates]
    : outlineFeature.geometry.coordinates;
/** The outline re-wound per RFC 7946 (outer rings CCW, holes CW), vertices unchanged. */
const outline: MultiPolygon = outlineRaw.map((poly) =>
  poly.map((ring, k) => {
    const ccw = ringSignedArea(ring) > 0;
    const wantCcw = k === 0;
    return ccw === wantCcw ? ring.map((p): Pair => [p[0], p[1]]) : [...ring].reverse().map((p): Pair => [p[0], p[1]]);
  }),
);
const outlineArea = mpArea(outline);
const [oMinX, oMinY, oMaxX, oMaxY] = bbox(outline);

// ---------------------------------------------------------------------------------------------
// 1. Lattice cells clipped to the outline → "units" (one per connected piece)
// ---------------------------------------------------------------------------------------------

interface Unit {
  id: number;
  geom: MultiPolygon;
  area: number;
  centroid: Pair;
  box: [number, number, number, number];
}

const fullCellArea = CELL * CELL;
const i0 = Math.floor(oMinX / CELL);
const i1 = Math.ceil(oMaxX / CELL);
const j0 = Math.floor(oMinY / CELL);
const j1 = Math.ceil(oMaxY / CELL);
const lat = (j: number): number => round(j * CELL);
const lon = (i: number): number => round(i * CELL);

let units: Unit[] = [];
let nextId = 0;
function makeUnit(geom: MultiPolygon): Unit {
  return { id: nextId++, geom, area: mpArea(geom), centroid: mpCentroid(geom), box: bbox(geom) };
}

for (let j = j1 - 1; j >= j0; j--) {
  for (let i = i0; i < i1; i++) {
    const x0 = lon(i);
    const x1 = lon(i + 1);
    const y0 = lat(j);
    const y1 = lat(j + 1);
    const cell: Polygon = [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ];
    const clipped = roundMultiPolygon(polygonClipping.intersection(outline, cell));
    for (const piece of clipped) units.push(makeUnit([piece]));
  }
}
const rawPieceCount = units.length;

// Merge slivers (smallest first) into the largest edge-sharing neighbour.
const sliverThreshold = SLIVER_FRACTION * fullCellArea;
let slivers = 0;
for (;;) {
  const small = units.filter((u) => u.area < sliverThreshold).sort((a, b) => a.area - b.area || a.id - b.id)[0];
  if (!small) break;
  const others = units.filter((u) => u !== small);
  if (others.length === 0) break;
  const touching = others
    .filter((u) => bboxesTouch(u.box, small.box) && sharesEdge(u.geom, small.geom))
    .sort((a, b) => b.area - a.area || a.id - b.id);
  const target =
    touching[0] ??
    [...others].sort((a, b) => dist2(a.centroid, small.centroid) - dist2(b.centroid, small.centroid) || a.id - b.id)[0];
  if (!target) break;
  const merged = makeUnit(roundMultiPolygon(polygonClipping.union(target.geom, small.geom)));
  merged.id = target.id; // keep the stable identity/order of the absorbing unit
  units = units.filter((u) => u !== small && u !== target);
  units.push(merged);
  units.sort((a, b) => a.id - b.id);
  slivers++;
}

// ---------------------------------------------------------------------------------------------
// 2. Streets: nearest seed, then repair non-contiguous pieces
// ---------------------------------------------------------------------------------------------

/** Precomputed edge adjacency between units (by id). */
const adjacency = new Map<number, number[]>();
for (const u of units) adjacency.set(u.id, []);
for (let a = 0; a < units.length; a++) {
  for (let b = a + 1; b < units.length; b++) {
    const ua = at(units, a);
    const ub = at(units, b);
    if (bboxesTouch(ua.box, ub.box) && sharesEdge(ua.geom, ub.geom)) {
      adjacency.get(ua.id)?.push(ub.id);
      adjacency.get(ub.id)?.push(ua.id);
    }
  }
}
const neighbours = (id: number): number[] => adjacency.get(id) ?? [];
const unitById = new Map(units.map((u) => [u.id, u] as const));
const getUnit = (id: number): Unit => {
  const u = unitById.get(id);
  if (!u) throw new Error(`unit ${id} missing`);
  return u;
};

/** Connected components (via edge adjacency) of the given unit ids, largest first. */
function components(ids: readonly number[]): number[][] {
  const set = new Set(ids);
  const seen = new Set<number>();
  const comps: number[][] = [];
  for (const start of [...ids].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    const comp: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const cur = stack.pop();
      if (cur === undefined) break;
      comp.push(cur);
      for (const n of neighbours(cur)) {
        if (set.has(n) && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    comps.push(comp.sort((a, b) => a - b));
  }
  const area = (c: number[]): number => c.reduce((s, id) => s + getUnit(id).area, 0);
  return comps.sort((a, b) => area(b) - area(a) || at(a, 0) - at(b, 0));
}

/**
 * Make every group contiguous: detached pieces are moved to the group they share the most
 * neighbouring units with. Repeats until stable. `label` maps unit id → group key.
 */
function makeContiguous(label: Map<number, number>, groups: readonly number[]): void {
  for (let pass = 0; pass < 20; pass++) {
    let changed = false;
    for (const g of groups) {
      const ids = [...label.entries()].filter(([, l]) => l === g).map(([id]) => id);
      const comps = components(ids);
      for (const comp of comps.slice(1)) {
        const votes = new Map<number, number>();
        for (const id of comp)
          for (const n of neighbours(id)) {
            const l = label.get(n);
            if (l !== undefined && l !== g) votes.set(l, (votes.get(l) ?? 0) + 1);
          }
        const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
        if (!best) continue;
        for (const id of comp) label.set(id, best[0]);
        changed = true;
      }
    }
    if (!changed) return;
  }
}

const streetOf = new Map<number, number>();
for (const u of units) {
  let best = 0;
  let bestD = Infinity;
  STREETS.forEach((s, k) => {
    const d = dist2(u.centroid, s.seed);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  streetOf.set(u.id, best);
}
makeContiguous(
  streetOf,
  STREETS.map((_, k) => k),
);

// ---------------------------------------------------------------------------------------------
// 3. Communities: deterministic weighted k-means inside each street
// ---------------------------------------------------------------------------------------------

/** communityOf: unit id → global community index (street k, community c) encoded k*100+c. */
const communityOf = new Map<number, number>();

function kMeans(ids: readonly number[], k: number, seed: Pair): Map<number, number> {
  const pts = ids.map((id) => getUnit(id));
  // Farthest-point initialisation starting from the unit closest to the street seed.
  const centres: Pair[] = [];
  const first = [...pts].sort((a, b) => dist2(a.centroid, seed) - dist2(b.centroid, seed) || a.id - b.id)[0];
  if (!first) throw new Error('empty street');
  centres.push(first.centroid);
  while (centres.length < k) {
    let far: Unit | undefined;
    let farD = -1;
    for (const p of pts) {
      const d = Math.min(...centres.map((c) => dist2(c, p.centroid)));
      if (d > farD) {
        farD = d;
        far = p;
      }
    }
    if (!far) break;
    centres.push(far.centroid);
  }
  const assign = new Map<number, number>();
  for (let iter = 0; iter < 100; iter++) {
    let changed = false;
    for (const p of pts) {
      let best = 0;
      let bestD = Infinity;
      centres.forEach((c, ci) => {
        const d = dist2(c, p.centroid);
        if (d < bestD) {
          bestD = d;
          best = ci;
        }
      });
      if (assign.get(p.id) !== best) {
        assign.set(p.id, best);
        changed = true;
      }
    }
    for (let ci = 0; ci < centres.length; ci++) {
      const members = pts.filter((p) => assign.get(p.id) === ci);
      const w = members.reduce((s, p) => s + p.area, 0);
      if (w > 0)
        centres[ci] = [
          members.reduce((s, p) => s + p.centroid[0] * p.area, 0) / w,
          members.reduce((s, p) => s + p.centroid[1] * p.area, 0) / w,
        ];
    }
    if (!changed) break;
  }
  return assign;
}

STREETS.forEach((street, k) => {
  const ids = units.filter((u) => streetOf.get(u.id) === k).map((u) => u.id);
  if (ids.length < street.communities.length * MIN_GRIDS_PER_COMMUNITY)
    throw new Error(`street ${street.name} has only ${ids.length} cells`);
  const assign = kMeans(ids, street.communities.length, street.seed);
  // Order clusters north→south, then west→east, and give them the community names in list order.
  const clusterIdx = [...new Set(assign.values())];
  const centroidOf = (ci: number): Pair => {
    const ms = ids.filter((id) => assign.get(id) === ci).map(getUnit);
    const w = ms.reduce((s, u) => s + u.area, 0);
    return [
      ms.reduce((s, u) => s + u.centroid[0] * u.area, 0) / w,
      ms.reduce((s, u) => s + u.centroid[1] * u.area, 0) / w,
    ];
  };
  const order = clusterIdx
    .map((ci) => ({ ci, c: centroidOf(ci) }))
    .sort((a, b) => b.c[1] - a.c[1] || a.c[0] - b.c[0] || a.ci - b.ci);
  const rank = new Map(order.map((o, r) => [o.ci, r] as const));
  for (const id of ids) communityOf.set(id, k * 100 + (rank.get(assign.get(id) ?? -1) ?? 0));
  const groups = street.communities.map((_, c) => k * 100 + c);
  const local = new Map(ids.map((id) => [id, communityOf.get(id) ?? 0] as const));
  makeContiguous(local, groups);
  for (const [id, l] of local) communityOf.set(id, l);
});

// ---------------------------------------------------------------------------------------------
// 4. Grids: pair up adjacent units inside each community until the target count is reached
// ---------------------------------------------------------------------------------------------

interface GridDef {
  unitIds: number[];
  geom: MultiPolygon;
  centroid: Pair;
}

function buildGrids(ids: readonly number[]): GridDef[] {
  const n = ids.length;
  const target = Math.min(
    n,
    Math.max(
      Math.ceil(n / 2),
      Math.min(MAX_GRIDS_PER_COMMUNITY, Math.max(MIN_GRIDS_PER_COMMUNITY, Math.round(n * GRID_RATIO))),
    ),
  );
  const groupOf = new Map<number, number[]>(ids.map((id) => [id, [id]] as const));
  const idSet = new Set(ids);
  let count = n;
  while (count > target) {
    const singles = ids
      .filter((id) => groupOf.get(id)?.length === 1)
      .map(getUnit)
      .sort((a, b) => a.area - b.area || a.id - b.id);
    let merged = false;
    for (const u of singles) {
      const partner = neighbours(u.id)
        .filter((nid) => idSet.has(nid) && groupOf.get(nid)?.length === 1)
        .map(getUnit)
        .sort((a, b) => a.area - b.area || a.id - b.id)[0];
      if (!partner) continue;
      const g = [u.id, partner.id].sort((a, b) => a - b);
      groupOf.set(u.id, g);
      groupOf.set(partner.id, g);
      count--;
      merged = true;
      break;
    }
    if (!merged) break;
  }
  const seen = new Set<number[]>();
  const grids: GridDef[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const g = groupOf.get(id);
    if (!g || seen.has(g)) continue;
    seen.add(g);
    const geom = roundMultiPolygon(unionAll(g.map((gid) => getUnit(gid).geom)));
    grids.push({ unitIds: g, geom, centroid: mpCentroid(geom) });
  }
  // Number grids north→south, west→east (reading order).
  return grids.sort((a, b) => b.centroid[1] - a.centroid[1] || a.centroid[0] - b.centroid[0]);
}

// ---------------------------------------------------------------------------------------------
// 5. Assemble features
// ---------------------------------------------------------------------------------------------

type Geometry = { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: MultiPolygon } | null;

interface OrgProps {
  code: string;
  type: UnitType;
  name: string;
  nameEn?: string;
  parentCode: string | null;
  active: true;
  phone?: string;
}

interface OrgFeature {
  type: 'Feature';
  properties: OrgProps;
  geometry: Geometry;
}

function toGeometry(mp: MultiPolygon): Geometry {
  const rounded = mp.map((poly) => poly.map((ring) => ring.map(([x, y]): Pair => [round(x), round(y)])));
  if (rounded.length === 0) throw new Error('empty geometry');
  const only = rounded[0];
  return rounded.length === 1 && only
    ? { type: 'Polygon', coordinates: only }
    : { type: 'MultiPolygon', coordinates: rounded };
}

function feature(props: OrgProps, geometry: Geometry): OrgFeature {
  // Fixed key order for stable output.
  const p: OrgProps = {
    code: props.code,
    type: props.type,
    name: props.name,
    ...(props.nameEn !== undefined ? { nameEn: props.nameEn } : {}),
    parentCode: props.parentCode,
    active: true,
    ...(props.phone !== undefined ? { phone: props.phone } : {}),
  };
  return { type: 'Feature', properties: p, geometry };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

interface CommunityBuilt {
  code: string;
  name: string;
  nameEn: string;
  geom: MultiPolygon;
  grids: Array<{ code: string; name: string; nameEn: string; geom: MultiPolygon }>;
}

const streetsBuilt = STREETS.map((street, k) => {
  const communities: CommunityBuilt[] = street.communities.map(([cName, cNameEn], c) => {
    const ids = units.filter((u) => communityOf.get(u.id) === k * 100 + c).map((u) => u.id);
    if (ids.length === 0) throw new Error(`community ${cName} received no cells`);
    const code = `${street.code}${pad(c + 1, 3)}`;
    const grids = buildGrids(ids).map((g, gi) => ({
      code: `${code}${pad(gi + 1, 3)}`,
      name: `${cName}第${pad(gi + 1, 2)}网格`,
      nameEn: `${cNameEn} Grid ${pad(gi + 1, 2)}`,
      geom: g.geom,
    }));
    const geom = roundMultiPolygon(unionAll(grids.map((g) => g.geom)));
    return { code, name: cName, nameEn: cNameEn, geom, grids };
  });
  const geom = roundMultiPolygon(unionAll(communities.map((c) => c.geom)));
  return { street, geom, communities };
});

const features: OrgFeature[] = [];
features.push(
  feature(
    {
      code: DISTRICT.code,
      type: 'district_centre',
      name: DISTRICT.name,
      nameEn: DISTRICT.nameEn,
      parentCode: null,
      active: true,
      phone: DISTRICT.phone,
    },
    toGeometry(outline),
  ),
);
streetsBuilt.forEach(({ street, geom }, k) => {
  features.push(
    feature(
      {
        code: street.code,
        type: 'street_centre',
        name: street.name,
        nameEn: street.nameEn,
        parentCode: DISTRICT.code,
        active: true,
        phone: streetPhone(k),
      },
      toGeometry(geom),
    ),
  );
});
let subIdx = 0;
DEPARTMENTS.forEach((d, k) => {
  features.push(
    feature(
      {
        code: d.code,
        type: 'department',
        name: d.name,
        nameEn: d.nameEn,
        parentCode: DISTRICT.code,
        active: true,
        phone: deptPhone(k),
      },
      null,
    ),
  );
  for (const [code, name, nameEn] of d.children ?? []) {
    features.push(
      feature(
        { code, type: 'department', name, nameEn, parentCode: d.code, active: true, phone: subUnitPhone(subIdx++) },
        null,
      ),
    );
  }
});
EXTERNALS.forEach(([code, name, nameEn], k) => {
  features.push(
    feature(
      { code, type: 'external', name, nameEn, parentCode: DISTRICT.code, active: true, phone: externalPhone(k) },
      null,
    ),
  );
});
for (const { street, communities } of streetsBuilt) {
  for (const c of communities) {
    features.push(
      feature(
        { code: c.code, type: 'community', name: c.name, nameEn: c.nameEn, parentCode: street.code, active: true },
        toGeometry(c.geom),
      ),
    );
    for (const g of c.grids) {
      features.push(
        feature(
          { code: g.code, type: 'grid', name: g.name, nameEn: g.nameEn, parentCode: c.code, active: true },
          toGeometry(g.geom),
        ),
      );
    }
  }
}

const text = `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
writeFileSync(OUTPUT_FILE, text);

// ---------------------------------------------------------------------------------------------
// 6. Verification (stderr)
// ---------------------------------------------------------------------------------------------

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};
const problems: string[] = [];

// Re-read what was written, so the checks cover the file itself.
const written = JSON.parse(readFileSync(OUTPUT_FILE, 'utf8')) as { features: OrgFeature[] };
const fs = written.features;

const byType = new Map<string, number>();
for (const f of fs) byType.set(f.properties.type, (byType.get(f.properties.type) ?? 0) + 1);
log(`features: ${fs.length} total`);
for (const t of ['district_centre', 'street_centre', 'department', 'external', 'community', 'grid'])
  log(`  ${t.padEnd(16)} ${byType.get(t) ?? 0}`);
log(`lattice: cell ${CELL}°, ${rawPieceCount} clipped pieces, ${slivers} slivers merged, ${units.length} cells`);

// Codes, parents, prefixes.
const seenCodes = new Map<string, OrgFeature>();
for (const f of fs) {
  const p = f.properties;
  if (seenCodes.has(p.code)) problems.push(`duplicate code ${p.code}`);
  if (p.parentCode !== null && !seenCodes.has(p.parentCode))
    problems.push(`${p.code}: parent ${p.parentCode} not earlier`);
  const parent = p.parentCode === null ? undefined : seenCodes.get(p.parentCode);
  if (p.type === 'grid') {
    if (
      parent?.properties.type !== 'community' ||
      !p.code.startsWith(parent.properties.code) ||
      !/^\d{15}$/.test(p.code)
    )
      problems.push(`grid ${p.code}: bad parent/prefix`);
  }
  if (p.type === 'community') {
    if (
      parent?.properties.type !== 'street_centre' ||
      !p.code.startsWith(parent.properties.code) ||
      !/^\d{12}$/.test(p.code)
    )
      problems.push(`community ${p.code}: bad parent/prefix`);
  }
  if (
    (p.type === 'grid' || p.type === 'community' || p.type === 'street_centre' || p.type === 'district_centre') &&
    !f.geometry
  )
    problems.push(`${p.code}: missing geometry`);
  seenCodes.set(p.code, f);
}
log(`parent-earlier / code-prefix / uniqueness problems: ${problems.length}`);

// Geometry well-formedness.
const polysOf = (g: Geometry): MultiPolygon =>
  g === null ? [] : g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
let ringIssues = 0;
for (const f of fs) {
  for (const poly of polysOf(f.geometry)) {
    poly.forEach((ring, k) => {
      const a = at(ring, 0);
      const b = at(ring, ring.length - 1);
      const closed = a[0] === b[0] && a[1] === b[1];
      const ccw = ringSignedArea(ring) > 0;
      if (!closed || ring.length < 4 || ccw !== (k === 0)) {
        ringIssues++;
        problems.push(`${f.properties.code}: ring ${k} closed=${closed} n=${ring.length} ccw=${ccw}`);
      }
    });
  }
}
log(`rings not closed / < 4 positions / wrong winding: ${ringIssues}`);

// Every street & community has at least one grid.
const childCount = new Map<string, number>();
for (const f of fs)
  if (f.properties.parentCode)
    childCount.set(f.properties.parentCode, (childCount.get(f.properties.parentCode) ?? 0) + 1);
const communities = fs.filter((f) => f.properties.type === 'community');
const gridsPer = communities.map((c) => childCount.get(c.properties.code) ?? 0);
log(`grids per community: min ${Math.min(...gridsPer)}, max ${Math.max(...gridsPer)}`);
for (const s of fs.filter((f) => f.properties.type === 'street_centre')) {
  const cs = communities.filter((c) => c.properties.parentCode === s.properties.code);
  const g = cs.reduce((n, c) => n + (childCount.get(c.properties.code) ?? 0), 0);
  if (cs.length === 0 || g === 0) problems.push(`street ${s.properties.code} has no communities/grids`);
  log(
    `  ${s.properties.name} ${s.properties.code}: ${cs.length} communities, ${g} grids, ${polysOf(s.geometry).length} polygon(s)`,
  );
}
for (const c of communities)
  if ((childCount.get(c.properties.code) ?? 0) === 0) problems.push(`community ${c.properties.code} has no grids`);

// Area bookkeeping (planar degrees², only used as ratios).
const gridFeatures = fs.filter((f) => f.properties.type === 'grid');
const gridAreaSum = gridFeatures.reduce((s, f) => s + mpArea(polysOf(f.geometry)), 0);
log(`area: sum of grids / district outline = ${(gridAreaSum / outlineArea).toFixed(8)}`);

// Point-in-polygon sampling.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function pointInRing(pt: Pair, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = at(ring, i);
    const [xj, yj] = at(ring, j);
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function pointInMp(pt: Pair, mp: MultiPolygon): boolean {
  return mp.some((poly) => {
    const [outer, ...holes] = poly;
    return outer !== undefined && pointInRing(pt, outer) && !holes.some((h) => pointInRing(pt, h));
  });
}
function distToBoundary(pt: Pair, mp: MultiPolygon): number {
  let best = Infinity;
  for (const poly of mp)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = at(ring, i);
        const [x2, y2] = at(ring, i + 1);
        const dx = x2 - x1;
        const dy = y2 - y1;
        const l2 = dx * dx + dy * dy;
        const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((pt[0] - x1) * dx + (pt[1] - y1) * dy) / l2));
        const d = Math.hypot(pt[0] - (x1 + t * dx), pt[1] - (y1 + t * dy));
        if (d < best) best = d;
      }
  return best;
}

const rand = mulberry32(SAMPLE_SEED);
const gridGeoms = gridFeatures.map((f) => ({
  code: f.properties.code,
  mp: polysOf(f.geometry),
  box: bbox(polysOf(f.geometry)),
}));
let sampled = 0;
let exactlyOne = 0;
let zero = 0;
let many = 0;
let borderExcused = 0;
while (sampled < SAMPLE_POINTS) {
  const pt: Pair = [oMinX + rand() * (oMaxX - oMinX), oMinY + rand() * (oMaxY - oMinY)];
  if (!pointInMp(pt, outline)) continue;
  sampled++;
  const hits = gridGeoms.filter(
    (g) => pt[0] >= g.box[0] && pt[0] <= g.box[2] && pt[1] >= g.box[1] && pt[1] <= g.box[3] && pointInMp(pt, g.mp),
  );
  if (hits.length === 1) {
    exactlyOne++;
    continue;
  }
  const nearBorder =
    distToBoundary(pt, outline) < BORDER_TOLERANCE ||
    gridGeoms.some((g) => distToBoundary(pt, g.mp) < BORDER_TOLERANCE);
  if (nearBorder) borderExcused++;
  else problems.push(`sample (${pt[0].toFixed(6)}, ${pt[1].toFixed(6)}) in ${hits.length} grids`);
  if (hits.length === 0) zero++;
  else many++;
}
log(
  `sample points inside outline: ${sampled}; in exactly one grid: ${exactlyOne}; in none: ${zero}; in several: ${many}; excused (within ${BORDER_TOLERANCE}° of a border): ${borderExcused}`,
);
log(`output: ${OUTPUT_FILE} (${statSync(OUTPUT_FILE).size} bytes)`);

if (problems.length > 0) {
  for (const p of problems.slice(0, 50)) log(`PROBLEM: ${p}`);
  log(`${problems.length} problem(s)`);
  process.exitCode = 1;
} else {
  log('all checks passed');
}
