import { sql } from 'kysely';
import { dialectOf, type DbOrTrx } from '../../platform/db/connect.js';
import type { UnitTable } from './org.tables.js';

export async function findUnitById(db: DbOrTrx, id: string): Promise<UnitTable | undefined> {
  return db.selectFrom('unit').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUnitByCode(db: DbOrTrx, code: string): Promise<UnitTable | undefined> {
  return db.selectFrom('unit').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findUnitsByCodes(db: DbOrTrx, codes: readonly string[]): Promise<UnitTable[]> {
  const result: UnitTable[] = [];
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    if (chunk.length > 0)
      result.push(...(await db.selectFrom('unit').selectAll().where('code', 'in', chunk).execute()));
  }
  return result;
}

export async function findUnitsByIds(
  db: DbOrTrx,
  ids: readonly string[],
): Promise<Pick<UnitTable, 'id' | 'code' | 'name' | 'name_en' | 'type' | 'parent_id' | 'path'>[]> {
  const unique = [...new Set(ids)];
  const result: Pick<UnitTable, 'id' | 'code' | 'name' | 'name_en' | 'type' | 'parent_id' | 'path'>[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    if (chunk.length === 0) continue;
    result.push(
      ...(await db
        .selectFrom('unit')
        .select(['id', 'code', 'name', 'name_en', 'type', 'parent_id', 'path'])
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return result;
}

export async function findRoot(db: DbOrTrx): Promise<UnitTable | undefined> {
  return db.selectFrom('unit').selectAll().where('parent_id', 'is', null).executeTakeFirst();
}

export async function countUnits(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UnitFilter {
  type?: string | undefined;
  parentId?: string | undefined;
  active?: boolean | undefined;
  q?: string | undefined;
  scopePath?: string | undefined;
}

export type UnitListRow = Omit<UnitTable, 'geometry'> & { parent_code: string | null };

/** Units without their geometry text (lists and trees never need it), with the parent's code. */
export async function listUnits(db: DbOrTrx, filter: UnitFilter = {}): Promise<UnitListRow[]> {
  let query = db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.type',
      'u.name',
      'u.name_en',
      'u.parent_id',
      'u.path',
      'u.depth',
      'u.active',
      'u.phone',
      'u.min_lon',
      'u.min_lat',
      'u.max_lon',
      'u.max_lat',
      'u.created_at',
      'u.updated_at',
      'p.code as parent_code',
    ]);
  if (filter.type) query = query.where('u.type', '=', filter.type);
  if (filter.parentId) query = query.where('u.parent_id', '=', filter.parentId);
  if (filter.active !== undefined) query = query.where('u.active', '=', filter.active ? 1 : 0);
  if (filter.scopePath) query = query.where('u.path', 'like', `${filter.scopePath}%`);
  if (filter.q) {
    const like = `%${filter.q}%`;
    query = query.where((eb) =>
      eb.or([eb('u.name', 'like', like), eb('u.code', 'like', like), eb('u.name_en', 'like', like)]),
    );
  }
  return query.orderBy('u.depth').orderBy('u.code').execute();
}

/** Active units of the given types that carry a polygon, for the spatial index and maps. */
export async function listAreas(
  db: DbOrTrx,
  types: readonly string[],
): Promise<Pick<UnitTable, 'id' | 'code' | 'name' | 'name_en' | 'type' | 'parent_id' | 'geometry'>[]> {
  return db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'name_en', 'type', 'parent_id', 'geometry'])
    .where('type', 'in', [...types])
    .where('active', '=', 1)
    .where('geometry', 'is not', null)
    .orderBy('code')
    .execute();
}

export async function listAllUnitsWithGeometry(db: DbOrTrx): Promise<UnitTable[]> {
  return db.selectFrom('unit').selectAll().orderBy('depth').orderBy('code').execute();
}

export async function insertUnit(db: DbOrTrx, row: UnitTable): Promise<void> {
  await db.insertInto('unit').values(row).execute();
}

export async function updateUnitRow(db: DbOrTrx, id: string, patch: Partial<UnitTable>): Promise<void> {
  await db.updateTable('unit').set(patch).where('id', '=', id).execute();
}

/** Rewrites the paths and depths of a moved subtree in one statement. */
export async function moveSubtree(db: DbOrTrx, oldPath: string, newPath: string, depthDelta: number): Promise<void> {
  await db
    .updateTable('unit')
    .set({
      path: sql<string>`${newPath} || substr(path, ${oldPath.length + 1})`,
      depth: sql<number>`depth + ${depthDelta}`,
    })
    .where('path', 'like', `${oldPath}%`)
    .execute();
}

/**
 * The ids of the units in the subtree at scopePath, as a subquery other modules put in
 * `where(<unit id column>, 'in', …)`: data scope is enforced in SQL, not only in the UI.
 */
export function unitIdsInScope(db: DbOrTrx, scopePath: string) {
  const query = db.selectFrom('unit as scope_unit').select('scope_unit.id');
  if (dialectOf(db) === 'postgres') return query.where('scope_unit.path', 'like', `${scopePath}%`);
  // SQLite's LIKE ignores case and so cannot use the path index; a range over the same prefix
  // can (paths end with "/", and "0" is the next character).
  return query.where('scope_unit.path', '>=', scopePath).where('scope_unit.path', '<', `${scopePath.slice(0, -1)}0`);
}
