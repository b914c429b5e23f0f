import type {
  AreaGeometry,
  FieldIssue,
  UnitDetailView as UnitDetail,
  UnitTreeNode,
  PointLocation,
  RowIssue,
  UnitInput,
  UnitPatch,
  UnitRef,
  UnitType,
  UnitView,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import { scopePathOf, type UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { AppError, importRejected } from '../../platform/errors.js';
import { toCsv } from '../../platform/files/csv.js';
import { readTabularUpload } from '../../platform/files/upload.js';
import { toXlsx } from '../../platform/files/xlsx.js';
import { newId } from '../../platform/ids.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import { AreaIndex } from './area-index.js';
import { bboxOf } from './geometry.js';
import {
  countUnits,
  findUnitByCode,
  findRoot,
  findUnitById,
  findUnitsByIds,
  insertUnit,
  listAllUnitsWithGeometry,
  listAreas,
  listUnits,
  moveSubtree,
  updateUnitRow,
  type UnitFilter,
  type UnitListRow,
} from './org.repository.js';
import type { UnitTable } from './org.tables.js';
import { unitColumns, unitsFromGeoJson, unitsFromTable, type ParsedUnits, type UnitRow } from './unit-file.js';
import { checkPlacement, childPath, isWithin } from './unit-rules.js';

// ---------------------------------------------------------------------------------------------
// Presenting

export function presentUnit(
  row: Omit<UnitTable, 'geometry'> & { parent_code: string | null; geometry?: string | null },
): UnitView {
  return {
    id: row.id,
    code: row.code,
    type: row.type as UnitType,
    name: row.name,
    nameEn: row.name_en,
    parentId: row.parent_id,
    parentCode: row.parent_code,
    active: row.active === 1,
    phone: row.phone,
    hasGeometry: row.min_lon !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function refOf(row: { id: string; code: string; name: string; type: string }): UnitRef {
  return { id: row.id, code: row.code, name: row.name, type: row.type as UnitType };
}

/** What the audit log keeps of a unit (the polygon itself is summarised by its bounding box). */
function auditSnapshot(
  u: {
    code: string;
    type: string;
    name: string;
    name_en: string | null;
    active: number;
    phone: string | null;
    min_lon: number | null;
    min_lat: number | null;
    max_lon: number | null;
    max_lat: number | null;
  },
  parentCode: string | null,
) {
  return {
    code: u.code,
    type: u.type,
    name: u.name,
    nameEn: u.name_en,
    parentCode,
    active: u.active === 1,
    phone: u.phone,
    areaBBox: u.min_lon === null ? null : [u.min_lon, u.min_lat, u.max_lon, u.max_lat],
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listUnitViews(db: DbOrTrx, filter: UnitFilter = {}): Promise<UnitView[]> {
  return (await listUnits(db, filter)).map(presentUnit);
}

export type { UnitDetailView as UnitDetail } from '@citydesk/shared';

export async function getUnit(db: DbOrTrx, id: string): Promise<UnitDetail | null> {
  const row = await findUnitById(db, id);
  if (!row) return null;
  const parent = row.parent_id ? await findUnitById(db, row.parent_id) : undefined;
  return {
    ...presentUnit({ ...row, parent_code: parent?.code ?? null }),
    path: row.path,
    geometry: row.geometry ? (JSON.parse(row.geometry) as AreaGeometry) : null,
  };
}

export async function getUnitByCode(db: DbOrTrx, code: string): Promise<UnitTable | undefined> {
  return findUnitByCode(db, code);
}

export async function getUnitRow(db: DbOrTrx, id: string): Promise<UnitTable | undefined> {
  return findUnitById(db, id);
}

const pathCache = new Map<string, { path: string; at: number }>();
/** Paths change only when a unit moves; another process's move is seen within this time. */
const pathCacheTtlMs = 60_000;

/** A unit's materialised path (the root of a user's data scope), cached briefly. */
export async function unitPathOf(db: DbOrTrx, unitId: string): Promise<string | null> {
  const cached = pathCache.get(unitId);
  const now = Date.now();
  if (cached && now - cached.at < pathCacheTtlMs) return cached.path;
  const row = await db.selectFrom('unit').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!row) return null;
  pathCache.set(unitId, { path: row.path, at: now });
  return row.path;
}

/** Units by id as short references (for lists), in one query per 500 ids. */
export async function unitRefsByIds(
  db: DbOrTrx,
  ids: readonly string[],
): Promise<Map<string, UnitRef & { nameEn: string | null; path: string; parentId: string | null }>> {
  const rows = await findUnitsByIds(db, ids);
  return new Map(rows.map((r) => [r.id, { ...refOf(r), nameEn: r.name_en, path: r.path, parentId: r.parent_id }]));
}

/** The root of the tree: the district centre. */
export async function districtCentre(db: DbOrTrx): Promise<UnitTable | undefined> {
  return findRoot(db);
}

export type { UnitTreeNode } from '@citydesk/shared';

/** The whole tree (or the subtree at scopePath), nested, without polygons. */
export async function unitTree(db: DbOrTrx, scopePath?: string): Promise<UnitTreeNode[]> {
  const rows = await listUnits(db, scopePath ? { scopePath } : {});
  const nodes = new Map<string, UnitTreeNode>();
  for (const row of rows) nodes.set(row.id, { ...presentUnit(row), children: [] });
  const roots: UnitTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export async function hasAnyUnit(db: DbOrTrx): Promise<boolean> {
  return (await countUnits(db)) > 0;
}

// ---------------------------------------------------------------------------------------------
// Point → grid → community → street

interface LoadedAreas {
  grids: AreaIndex;
  communities: AreaIndex;
  streets: AreaIndex;
  units: Map<string, { id: string; code: string; name: string; type: string; parentId: string | null }>;
  loadedAt: number;
}

const areaCache = new WeakMap<object, Promise<LoadedAreas>>();
/** Another process (another server on the same PostgreSQL) may change areas; reload this often. */
const areaCacheTtlMs = 60_000;

async function loadAreas(db: Db): Promise<LoadedAreas> {
  const rows = await listAreas(db, ['grid', 'community', 'street_centre']);
  const units = new Map<string, { id: string; code: string; name: string; type: string; parentId: string | null }>();
  const byType: Record<string, { id: string; geometry: AreaGeometry }[]> = {
    grid: [],
    community: [],
    street_centre: [],
  };
  for (const r of rows) {
    units.set(r.id, { id: r.id, code: r.code, name: r.name, type: r.type, parentId: r.parent_id });
    byType[r.type]?.push({ id: r.id, geometry: JSON.parse(r.geometry ?? 'null') as AreaGeometry });
  }
  // Streets without their own polygon are still reachable as parents of communities.
  const parentIds = [
    ...new Set(rows.map((r) => r.parent_id).filter((id): id is string => id !== null && !units.has(id))),
  ];
  for (const id of parentIds) {
    const parent = await findUnitById(db, id);
    if (parent)
      units.set(id, { id, code: parent.code, name: parent.name, type: parent.type, parentId: parent.parent_id });
  }
  return {
    grids: new AreaIndex(byType.grid ?? []),
    communities: new AreaIndex(byType.community ?? []),
    streets: new AreaIndex(byType.street_centre ?? []),
    units,
    loadedAt: Date.now(),
  };
}

/** The spatial index of the database's areas, built once and refreshed after changes. */
export async function areaIndexOf(db: Db): Promise<LoadedAreas> {
  let cached = areaCache.get(db);
  if (cached) {
    const loaded = await cached;
    if (Date.now() - loaded.loadedAt < areaCacheTtlMs) return loaded;
  }
  cached = loadAreas(db);
  areaCache.set(db, cached);
  cached.catch(() => areaCache.delete(db));
  return cached;
}

function invalidateAreas(db: Db): void {
  areaCache.delete(db);
  pathCache.clear();
}

/** Resolves a point with a loaded index (pure, synchronous: what the benchmark times). */
export function resolvePoint(areas: LoadedAreas, lat: number, lon: number): PointLocation {
  const ref = (id: string | null | undefined) => {
    const u = id ? areas.units.get(id) : undefined;
    return u ? refOf(u) : null;
  };
  const gridId = areas.grids.find(lon, lat);
  if (gridId) {
    const grid = areas.units.get(gridId);
    const community = grid?.parentId ? areas.units.get(grid.parentId) : undefined;
    return { grid: ref(gridId), community: ref(community?.id), street: ref(community?.parentId) };
  }
  const communityId = areas.communities.find(lon, lat);
  if (communityId) {
    return { grid: null, community: ref(communityId), street: ref(areas.units.get(communityId)?.parentId) };
  }
  return { grid: null, community: null, street: ref(areas.streets.find(lon, lat)) };
}

export async function lookupPoint(db: Db, lat: number, lon: number): Promise<PointLocation> {
  return resolvePoint(await areaIndexOf(db), lat, lon);
}

/** Areas of the given types as a GeoJSON FeatureCollection (for maps). */
export async function areasGeoJson(db: DbOrTrx, types: readonly UnitType[]) {
  const rows = await listAreas(db, types);
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      properties: { id: r.id, code: r.code, name: r.name, nameEn: r.name_en, type: r.type, parentId: r.parent_id },
      geometry: JSON.parse(r.geometry ?? 'null') as AreaGeometry,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing: one planner serves single creates, updates and whole-file imports

interface Known {
  id: string;
  code: string;
  type: UnitType;
  parentCode: string | null;
  path: string;
  existing: boolean;
}

interface Plan {
  ordered: UnitRow[];
  issues: RowIssue[];
}

/**
 * Checks a batch of unit rows against each other and the stored tree: duplicate codes, type
 * changes, unknown parents, placement and code rules, the single root, cycles and the actor's
 * scope. Returns rows ordered parents-first, or every issue found.
 */
function planUnits(
  rows: readonly UnitRow[],
  stored: readonly UnitTable[],
  scopePath: string | null,
  /** Codes of rows in the same file that failed field validation (already reported). */
  failedCodes: ReadonlySet<string> = new Set(),
): Plan {
  const issues: RowIssue[] = [];
  const byId = new Map(stored.map((u) => [u.id, u]));
  const known = new Map<string, Known>();
  for (const u of stored) {
    known.set(u.code, {
      id: u.id,
      code: u.code,
      type: u.type as UnitType,
      parentCode: u.parent_id ? (byId.get(u.parent_id)?.code ?? null) : null,
      path: u.path,
      existing: true,
    });
  }
  const inFile = new Map<string, UnitRow>();
  for (const row of rows) {
    const { input } = row;
    if (inFile.has(input.code)) {
      issues.push({ line: row.line, field: 'code', reason: `code ${input.code} appears twice in the file` });
      continue;
    }
    inFile.set(input.code, row);
    const stored = known.get(input.code);
    if (stored && stored.type !== input.type) {
      issues.push({
        line: row.line,
        field: 'type',
        reason: `unit ${input.code} is a ${stored.type}; its type cannot change`,
      });
    }
    if (stored && scopePath !== null && !isWithin(stored.path, scopePath)) {
      issues.push({ line: row.line, field: 'code', reason: `unit ${input.code} is outside your scope` });
    }
  }
  const finalParent = (code: string): string | null => {
    const row = inFile.get(code);
    if (row) return row.input.parentCode ?? null;
    return known.get(code)?.parentCode ?? null;
  };
  const typeOf = (code: string): UnitType | undefined => inFile.get(code)?.input.type ?? known.get(code)?.type;
  const roots = [...known.values()].filter((k) => k.parentCode === null).map((k) => k.code);

  for (const row of inFile.values()) {
    const { input } = row;
    const parentCode = input.parentCode ?? null;
    let parent: { code: string; type: UnitType } | null = null;
    if (parentCode !== null) {
      const parentType = typeOf(parentCode);
      if (!parentType && failedCodes.has(parentCode)) continue;
      if (!parentType) {
        issues.push({ line: row.line, field: 'parentCode', reason: `no unit with code ${parentCode}` });
        continue;
      }
      parent = { code: parentCode, type: parentType };
    } else if (input.type === 'district_centre') {
      const fileRoots = [...inFile.values()]
        .filter((r) => r.input.type === 'district_centre' && (r.input.parentCode ?? null) === null)
        .map((r) => r.input.code);
      const otherRoot = [...roots, ...fileRoots].find((code) => code !== input.code);
      if (otherRoot) {
        issues.push({
          line: row.line,
          field: 'parentCode',
          reason: `there is already a district centre (${otherRoot})`,
        });
      }
    }
    for (const p of checkPlacement(
      { code: input.code, type: input.type, hasGeometry: Boolean(input.geometry) },
      parent,
    )) {
      issues.push({ line: row.line, ...p });
    }
    // Follow the final parents upwards: reaching the row again means a cycle.
    const seen = new Set<string>([input.code]);
    for (let up = parentCode; up !== null; up = finalParent(up)) {
      if (seen.has(up)) {
        issues.push({
          line: row.line,
          field: 'parentCode',
          reason: `placing ${input.code} under ${parentCode} makes a cycle`,
        });
        break;
      }
      seen.add(up);
    }
    if (scopePath !== null) {
      const parentStored = parentCode ? known.get(parentCode) : undefined;
      const parentOk =
        parentCode === null ? false : parentStored ? isWithin(parentStored.path, scopePath) : inFile.has(parentCode);
      if (!parentOk) {
        issues.push({ line: row.line, field: 'parentCode', reason: 'the parent unit is outside your scope' });
      }
    }
  }
  if (issues.length > 0) return { ordered: [], issues };

  const ordered: UnitRow[] = [];
  const placed = new Set<string>();
  const place = (row: UnitRow) => {
    if (placed.has(row.input.code)) return;
    const parentRow = row.input.parentCode ? inFile.get(row.input.parentCode) : undefined;
    if (parentRow) place(parentRow);
    placed.add(row.input.code);
    ordered.push(row);
  };
  for (const row of inFile.values()) place(row);
  return { ordered, issues };
}

interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

function geometryColumns(geometry: AreaGeometry | null | undefined) {
  if (!geometry) return { geometry: null, min_lon: null, min_lat: null, max_lon: null, max_lat: null };
  const [minLon, minLat, maxLon, maxLat] = bboxOf(geometry);
  return { geometry: JSON.stringify(geometry), min_lon: minLon, min_lat: minLat, max_lon: maxLon, max_lat: maxLat };
}

async function applyPlan(trx: Trx, ctx: UseCaseContext, ordered: readonly UnitRow[]): Promise<ApplyResult> {
  const now = toDbTime(ctx.clock.now());
  const result: ApplyResult = { created: [], updated: [], unchanged: [] };
  let stored = await listAllUnitsWithGeometry(trx);
  let byCode = new Map(stored.map((u) => [u.code, u]));
  let byId = new Map(stored.map((u) => [u.id, u]));
  for (const { input } of ordered) {
    const parent = input.parentCode ? byCode.get(input.parentCode) : undefined;
    const existing = byCode.get(input.code);
    const geo = geometryColumns(input.geometry);
    const fields = {
      name: input.name,
      name_en: input.nameEn ?? null,
      active: input.active ? 1 : 0,
      phone: input.phone ?? null,
      ...geo,
    };
    if (!existing) {
      const id = newId(ctx.clock.now().getTime());
      const row: UnitTable = {
        id,
        code: input.code,
        type: input.type,
        parent_id: parent?.id ?? null,
        path: childPath(parent?.path ?? null, id),
        depth: parent ? parent.depth + 1 : 0,
        created_at: now,
        updated_at: now,
        ...fields,
      };
      await insertUnit(trx, row);
      byCode.set(row.code, row);
      byId.set(row.id, row);
      result.created.push(row.code);
      await recordAudit(trx, ctx, {
        action: 'unit.created',
        subjectType: 'unit',
        subjectId: id,
        after: auditSnapshot(row, parent?.code ?? null),
      });
      continue;
    }
    const oldParentCode = existing.parent_id ? (byId.get(existing.parent_id)?.code ?? null) : null;
    const moved = (parent?.id ?? null) !== existing.parent_id;
    const changed =
      moved ||
      existing.name !== fields.name ||
      existing.name_en !== fields.name_en ||
      existing.active !== fields.active ||
      existing.phone !== fields.phone ||
      existing.geometry !== fields.geometry;
    if (!changed) {
      result.unchanged.push(existing.code);
      continue;
    }
    if (moved) {
      const newPath = childPath(parent?.path ?? null, existing.id);
      await moveSubtree(trx, existing.path, newPath, (parent ? parent.depth + 1 : 0) - existing.depth);
    }
    await updateUnitRow(trx, existing.id, { ...fields, parent_id: parent?.id ?? null, updated_at: now });
    const after = { ...existing, ...fields };
    await recordAudit(trx, ctx, {
      action: moved ? 'unit.moved' : 'unit.updated',
      subjectType: 'unit',
      subjectId: existing.id,
      before: auditSnapshot(existing, oldParentCode),
      after: auditSnapshot(after, parent?.code ?? null),
    });
    result.updated.push(existing.code);
    if (moved) {
      // Paths below the moved unit changed: reread so later rows see the new paths.
      stored = await listAllUnitsWithGeometry(trx);
      byCode = new Map(stored.map((u) => [u.code, u]));
      byId = new Map(stored.map((u) => [u.id, u]));
    } else {
      const updated = { ...existing, ...fields, updated_at: now };
      byCode.set(updated.code, updated);
      byId.set(updated.id, updated);
    }
  }
  return result;
}

/** Runs the planner and applies the rows in one transaction; issues are returned, not thrown. */
interface SaveOptions {
  /** Issues found while reading the file; the rows that did parse are still checked. */
  parseIssues?: readonly RowIssue[];
  failedCodes?: ReadonlySet<string>;
  dryRun?: boolean;
  /** Summary event of a whole import, written in the same transaction as the units. */
  summarise?: (result: ApplyResult) => AuditEntry | null;
}

/**
 * Plans the rows against the stored tree and applies them, all in one transaction. Every issue
 * (from reading and from planning) comes back sorted by line, and then nothing is written.
 */
async function saveUnits(
  db: Db,
  ctx: UseCaseContext,
  rows: readonly UnitRow[],
  options: SaveOptions = {},
): Promise<{ issues: RowIssue[]; result: ApplyResult }> {
  const empty: ApplyResult = { created: [], updated: [], unchanged: [] };
  const outcome = await db.transaction().execute(async (trx) => {
    const plan = planUnits(rows, await listAllUnitsWithGeometry(trx), scopePathOf(ctx.actor), options.failedCodes);
    const issues = [...(options.parseIssues ?? []), ...plan.issues].sort((a, b) => a.line - b.line);
    if (issues.length > 0 || options.dryRun) return { issues, result: empty };
    const result = await applyPlan(trx, ctx, plan.ordered);
    const summary = options.summarise?.(result);
    if (summary) await recordAudit(trx, ctx, summary);
    return { issues, result };
  });
  if (outcome.result.created.length + outcome.result.updated.length > 0) invalidateAreas(db);
  return outcome;
}

function toFieldIssues(issues: readonly RowIssue[]): FieldIssue[] {
  return issues.map((i) => ({ field: i.field, reason: i.reason }));
}

async function viewByCode(db: Db, code: string): Promise<UnitDetail> {
  const row = await findUnitByCode(db, code);
  const detail = row ? await getUnit(db, row.id) : null;
  if (!detail) throw new Error(`unit ${code} vanished after write`);
  return detail;
}

export async function createUnit(db: Db, ctx: UseCaseContext, input: UnitInput): Promise<UnitDetail> {
  if (await findUnitByCode(db, input.code)) {
    throw new AppError('CONFLICT', { fields: [{ field: 'code', reason: `code ${input.code} is taken` }] });
  }
  const { issues } = await saveUnits(db, ctx, [{ line: 1, input }]);
  if (issues.length > 0) throw new AppError('UNIT_TREE_INVALID', { fields: toFieldIssues(issues) });
  return viewByCode(db, input.code);
}

export async function updateUnit(db: Db, ctx: UseCaseContext, id: string, patch: UnitPatch): Promise<UnitDetail> {
  const current = await getUnit(db, id);
  if (!current) throw new AppError('NOT_FOUND', { id });
  const input: UnitInput = {
    code: current.code,
    type: current.type,
    name: patch.name ?? current.name,
    nameEn: patch.nameEn !== undefined ? patch.nameEn : current.nameEn,
    parentCode: patch.parentCode !== undefined ? patch.parentCode : current.parentCode,
    active: patch.active ?? current.active,
    phone: patch.phone !== undefined ? patch.phone : current.phone,
    geometry: patch.geometry !== undefined ? patch.geometry : current.geometry,
  };
  const { issues } = await saveUnits(db, ctx, [{ line: 1, input }]);
  if (issues.length > 0) throw new AppError('UNIT_TREE_INVALID', { fields: toFieldIssues(issues) });
  return viewByCode(db, current.code);
}

export type UnitFileFormat = 'geojson' | 'csv' | 'xlsx';

/** Reads an uploaded unit file (GeoJSON, CSV or Excel, detected from the bytes) into rows. */
export async function readUnitFile(body: Buffer): Promise<{ format: UnitFileFormat } & ParsedUnits> {
  const head = body
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('{')) {
    let document: unknown;
    try {
      document = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
    } catch {
      return {
        format: 'geojson',
        rows: [],
        issues: [{ line: 0, field: '(file)', reason: 'not valid JSON' }],
        failedCodes: new Set(),
      };
    }
    return { format: 'geojson', ...unitsFromGeoJson(document) };
  }
  const { format, table } = await readTabularUpload(body);
  return { format, ...unitsFromTable(table) };
}

export interface ImportOutcome {
  format: UnitFileFormat;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports units and grids from a file. Any bad row rejects the whole file (IMPORT_REJECTED
 * listing every bad row with line, field and reason); otherwise all rows apply in one
 * transaction. `dryRun` checks without writing.
 */
export async function importUnits(
  db: Db,
  ctx: UseCaseContext,
  body: Buffer,
  options: { dryRun?: boolean } = {},
): Promise<ImportOutcome> {
  const { format, rows, issues, failedCodes } = await readUnitFile(body);
  if (rows.length === 0 && issues.length === 0) {
    throw importRejected([{ line: 0, field: '(file)', reason: 'the file has no rows' }]);
  }
  const saved = await saveUnits(db, ctx, rows, {
    parseIssues: issues,
    failedCodes,
    dryRun: options.dryRun ?? false,
    summarise: (result) =>
      rows.length > 1
        ? {
            action: 'units.imported',
            subjectType: 'unit',
            after: {
              format,
              created: result.created.length,
              updated: result.updated.length,
              unchanged: result.unchanged.length,
            },
          }
        : null,
  });
  if (saved.issues.length > 0) throw importRejected(saved.issues);
  return {
    format,
    created: saved.result.created.length,
    updated: saved.result.updated.length,
    unchanged: saved.result.unchanged.length,
  };
}

/** Exports the units in the scope (or all) as GeoJSON, CSV or Excel. */
export async function exportUnits(
  db: DbOrTrx,
  format: UnitFileFormat,
  scopePath: string | null,
): Promise<{ body: Buffer; contentType: string; extension: string }> {
  const all = await listAllUnitsWithGeometry(db);
  const byId = new Map(all.map((u) => [u.id, u]));
  const units = scopePath ? all.filter((u) => isWithin(u.path, scopePath)) : all;
  const parentCode = (u: UnitTable) => (u.parent_id ? (byId.get(u.parent_id)?.code ?? null) : null);
  if (format === 'geojson') {
    const document = {
      type: 'FeatureCollection',
      features: units.map((u) => ({
        type: 'Feature',
        properties: {
          code: u.code,
          type: u.type,
          name: u.name,
          nameEn: u.name_en,
          parentCode: parentCode(u),
          active: u.active === 1,
          phone: u.phone,
        },
        geometry: u.geometry ? (JSON.parse(u.geometry) as unknown) : null,
      })),
    };
    return { body: Buffer.from(JSON.stringify(document)), contentType: 'application/geo+json', extension: 'geojson' };
  }
  const rows = units.map((u) => ({
    code: u.code,
    type: u.type,
    name: u.name,
    name_en: u.name_en ?? '',
    parent_code: parentCode(u) ?? '',
    active: u.active === 1 ? 'true' : 'false',
    phone: u.phone ?? '',
    geometry: u.geometry ?? '',
  }));
  if (format === 'csv') {
    return { body: Buffer.from(toCsv(unitColumns, rows)), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
  }
  return {
    body: await toXlsx('units', unitColumns, rows),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  };
}

export type { UnitListRow };
