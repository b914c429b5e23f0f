import type { Kysely } from 'kysely';

/**
 * Indexes for a case page's related cases: a latitude/longitude range for "the same place"
 * (a bounding box before the exact distance) and item + time for "the same item lately".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('case_record_position_idx').on('case_record').columns(['lat', 'lon']).execute();
  await db.schema
    .createIndex('case_record_category_created_idx')
    .on('case_record')
    .columns(['category_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_record_category_created_idx').execute();
  await db.schema.dropIndex('case_record_position_idx').execute();
}
