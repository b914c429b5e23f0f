import type { Kysely } from 'kysely';

/**
 * Indexes for the command board and the supervision page on a large case table: today's and
 * this week's dispatched, closed and due cases are time ranges on their own columns; open cases
 * by deadline status are counted from (status, deadline_status) alone; the newest open cases (the
 * map) are read backwards along (status, created_at); accountability records are listed newest
 * first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('case_record_dispatched_idx').on('case_record').column('dispatched_at').execute();
  await db.schema.createIndex('case_record_closed_idx').on('case_record').column('closed_at').execute();
  await db.schema.createIndex('case_record_due_idx').on('case_record').column('due_at').execute();
  await db.schema
    .createIndex('case_record_status_deadline_idx')
    .on('case_record')
    .columns(['status', 'deadline_status'])
    .execute();
  await db.schema
    .createIndex('case_record_status_created_idx')
    .on('case_record')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('accountability_created_idx')
    .on('accountability_record')
    .columns(['created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('accountability_created_idx').execute();
  await db.schema.dropIndex('case_record_status_created_idx').execute();
  await db.schema.dropIndex('case_record_status_deadline_idx').execute();
  await db.schema.dropIndex('case_record_due_idx').execute();
  await db.schema.dropIndex('case_record_closed_idx').execute();
  await db.schema.dropIndex('case_record_dispatched_idx').execute();
}
