import type { DbOrTrx } from '../../platform/db/connect.js';
import type { CategoryTable, CategoryUnitTable } from './catalogue.tables.js';

export async function listCategories(
  db: DbOrTrx,
  filter: { active?: boolean; level?: number } = {},
): Promise<CategoryTable[]> {
  let query = db.selectFrom('category').selectAll();
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  if (filter.level !== undefined) query = query.where('level', '=', filter.level);
  return query.orderBy('level').orderBy('sort_order').orderBy('code').execute();
}

export async function findCategoryById(db: DbOrTrx, id: string): Promise<CategoryTable | undefined> {
  return db.selectFrom('category').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCategoryByCode(db: DbOrTrx, code: string): Promise<CategoryTable | undefined> {
  return db.selectFrom('category').selectAll().where('code', '=', code).executeTakeFirst();
}

/** A text that changes whenever a category is added or updated (count and latest update time). */
export async function catalogueVersion(db: DbOrTrx): Promise<string> {
  const row = await db
    .selectFrom('category')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('updated_at').as('latest')])
    .executeTakeFirst();
  return `${String(row?.count ?? 0)}|${row?.latest ?? ''}`;
}

export async function insertCategory(db: DbOrTrx, row: CategoryTable): Promise<void> {
  await db.insertInto('category').values(row).execute();
}

export async function updateCategoryRow(db: DbOrTrx, id: string, patch: Partial<CategoryTable>): Promise<void> {
  await db.updateTable('category').set(patch).where('id', '=', id).execute();
}

export async function listResponsibilities(db: DbOrTrx, categoryIds?: readonly string[]): Promise<CategoryUnitTable[]> {
  let query = db.selectFrom('category_unit').selectAll();
  if (categoryIds) {
    if (categoryIds.length === 0) return [];
    query = query.where('category_id', 'in', [...categoryIds]);
  }
  return query.orderBy('category_id').orderBy('position').execute();
}

export async function replaceResponsibilities(
  db: DbOrTrx,
  categoryId: string,
  rows: readonly CategoryUnitTable[],
): Promise<void> {
  await db.deleteFrom('category_unit').where('category_id', '=', categoryId).execute();
  if (rows.length > 0)
    await db
      .insertInto('category_unit')
      .values([...rows])
      .execute();
}
