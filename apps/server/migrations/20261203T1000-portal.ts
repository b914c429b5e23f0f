import type { Kysely } from 'kysely';

/**
 * The citizen portal and the grid-worker app: SMS verification codes, citizen sessions, the
 * registered members of special groups, the public endpoints' rate-limit windows (in the
 * database, so limits hold across restarts and across servers), the upload key of photos sent
 * before a report exists, and an index for a grid worker's own reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Phones appear only as keyed hashes (for matching) and sealed (encrypted) text.
  await db.schema
    .createTable('sms_code')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sms_code_phone_idx').on('sms_code').columns(['phone_hash', 'created_at']).execute();
  await db.schema.createIndex('sms_code_expiry_idx').on('sms_code').column('expires_at').execute();

  await db.schema
    .createTable('citizen_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('citizen_session_expiry_idx').on('citizen_session').column('expires_at').execute();

  await db.schema
    .createTable('citizen_group_member')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text')
    .addUniqueConstraint('citizen_group_member_phone_group_uq', ['phone_hash', 'group_code'])
    .execute();
  await db.schema
    .createIndex('citizen_group_member_list_idx')
    .on('citizen_group_member')
    .columns(['group_code', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('portal_rate_window')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('attachment').addColumn('upload_key_hash', 'text').execute();

  await db.schema
    .createIndex('case_record_creator_idx')
    .on('case_record')
    .columns(['created_by_user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_record_creator_idx').execute();
  await db.schema.alterTable('attachment').dropColumn('upload_key_hash').execute();
  for (const table of ['portal_rate_window', 'citizen_group_member', 'citizen_session', 'sms_code']) {
    await db.schema.dropTable(table).execute();
  }
}
