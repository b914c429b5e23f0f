import type { Kysely } from 'kysely';

/**
 * Indexes for the work queues on a large case table: tabs by node among open cases (to dispatch,
 * to visit, to close, to verify) read (status, node); the to-sign and in-hand tabs of the whole
 * district read assignments by their status alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('case_record_status_node_idx').on('case_record').columns(['status', 'node']).execute();
  await db.schema
    .createIndex('case_assignment_status_idx')
    .on('case_assignment')
    .columns(['status', 'case_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_assignment_status_idx').execute();
  await db.schema.dropIndex('case_record_status_node_idx').execute();
}
