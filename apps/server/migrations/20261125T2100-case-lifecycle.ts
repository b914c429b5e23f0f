import type { Kysely } from 'kysely';

/**
 * The case lifecycle: cases and their parties, assignments, replies and notes, extensions,
 * ratings, tags and search terms; supervision notices, accountability and reviews; the
 * notification outbox; attachments; idempotency keys; API clients of other systems.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_client')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('case_record')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('request_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.references('category.id'))
    .addColumn('workflow_template', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('address', 'text')
    .addColumn('grid_id', 'text', (c) => c.references('unit.id'))
    .addColumn('community_id', 'text', (c) => c.references('unit.id'))
    .addColumn('street_id', 'text', (c) => c.references('unit.id'))
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('reporter_anonymous', 'integer', (c) => c.notNull())
    .addColumn('extra_answers', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('tracking_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('lead_unit_id', 'text', (c) => c.references('unit.id'))
    .addColumn('created_by_user_id', 'text')
    .addColumn('created_by_client_id', 'text')
    .addColumn('leader_instruction', 'text')
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .addColumn('dispatched_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('due_at', 'text')
    .addColumn('amber_at', 'text')
    .addColumn('node_started_at', 'text', (c) => c.notNull())
    .addColumn('node_due_at', 'text')
    .addColumn('node_amber_at', 'text')
    .addColumn('deadline_status', 'text', (c) => c.notNull())
    .addColumn('next_check_at', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('paused_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into_id', 'text', (c) => c.references('case_record.id'))
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visit_result', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_record_phone_idx').on('case_record').column('reporter_phone').execute();
  await db.schema.createIndex('case_record_sweep_idx').on('case_record').columns(['status', 'next_check_at']).execute();
  await db.schema.createIndex('case_record_created_idx').on('case_record').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('case_record_owner_idx').on('case_record').columns(['owner_unit_id', 'node']).execute();
  await db.schema.createIndex('case_record_street_idx').on('case_record').column('street_id').execute();
  await db.schema.createIndex('case_record_category_idx').on('case_record').column('category_id').execute();
  await db.schema.createIndex('case_record_merged_idx').on('case_record').column('merged_into_id').execute();
  await db.schema.createIndex('case_record_external_idx').on('case_record').column('external_ref').execute();

  await db.schema
    .createTable('case_number_seq')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  // Which units a case concerns (owner, lead, co-units, its street…): the data-scope join.
  await db.schema
    .createTable('case_party')
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_party_pk', ['case_id', 'unit_id', 'role'])
    .execute();
  await db.schema.createIndex('case_party_unit_idx').on('case_party').columns(['unit_id', 'case_id']).execute();

  await db.schema
    .createTable('case_tag')
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_tag_pk', ['case_id', 'tag'])
    .execute();
  await db.schema.createIndex('case_tag_tag_idx').on('case_tag').columns(['tag', 'case_id']).execute();

  await db.schema
    .createTable('case_search_term')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addPrimaryKeyConstraint('case_search_term_pk', ['term', 'case_id'])
    .execute();
  await db.schema.createIndex('case_search_term_case_idx').on('case_search_term').column('case_id').execute();

  await db.schema
    .createTable('case_assignment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('from_unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('parent_id', 'text', (c) => c.references('case_assignment.id'))
    .addColumn('dispatched_at', 'text', (c) => c.notNull())
    .addColumn('dispatched_by', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('feedback_at', 'text')
    .addColumn('feedback_by', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('case_assignment_case_idx').on('case_assignment').column('case_id').execute();
  await db.schema
    .createIndex('case_assignment_unit_idx')
    .on('case_assignment')
    .columns(['unit_id', 'status'])
    .execute();

  // Replies to the citizen (public), handling feedback, internal notes, visit and verification records.
  await db.schema
    .createTable('case_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('author_user_id', 'text')
    .addColumn('author_unit_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_entry_case_idx').on('case_entry').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('case_extension')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('requested_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('case_extension_case_idx').on('case_extension').column('case_id').execute();

  await db.schema
    .createTable('case_rating')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('case_record.id'))
    .addColumn('speed', 'integer', (c) => c.notNull())
    .addColumn('result', 'integer', (c) => c.notNull())
    .addColumn('attitude', 'integer', (c) => c.notNull())
    .addColumn('experience', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('supervision_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('from_user_id', 'text')
    .addColumn('from_unit_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('signed_by', 'text')
    .execute();
  await db.schema
    .createIndex('supervision_notice_unit_idx')
    .on('supervision_notice')
    .columns(['to_unit_id', 'signed_at'])
    .execute();
  await db.schema.createIndex('supervision_notice_case_idx').on('supervision_notice').column('case_id').execute();

  await db.schema
    .createTable('accountability_record')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('user_id', 'text')
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accountability_case_idx').on('accountability_record').column('case_id').execute();
  await db.schema.createIndex('accountability_unit_idx').on('accountability_record').column('unit_id').execute();

  await db.schema
    .createTable('case_review')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema.createIndex('case_review_status_idx').on('case_review').columns(['status', 'case_id']).execute();

  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox_message').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_case_idx').on('outbox_message').column('case_id').execute();

  await db.schema
    .createTable('message_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_log_recipient_idx')
    .on('message_log')
    .columns(['recipient', 'created_at'])
    .execute();

  await db.schema
    .createTable('attachment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.references('case_record.id'))
    .addColumn('entry_id', 'text', (c) => c.references('case_entry.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('thumb_path', 'text', (c) => c.notNull())
    .addColumn('gps_lat', 'double precision')
    .addColumn('gps_lon', 'double precision')
    .addColumn('uploaded_by_user_id', 'text')
    .addColumn('uploaded_by_client_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachment_case_idx').on('attachment').column('case_id').execute();

  await db.schema
    .createTable('idempotency_key')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_key_expiry_idx').on('idempotency_key').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'idempotency_key',
    'attachment',
    'message_log',
    'outbox_message',
    'case_review',
    'accountability_record',
    'supervision_notice',
    'case_rating',
    'case_extension',
    'case_entry',
    'case_assignment',
    'case_search_term',
    'case_tag',
    'case_party',
    'case_number_seq',
    'case_record',
    'api_client',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
