import { sql, type Kysely } from 'kysely';

interface OldApiClient {
  id: string;
  name: string;
  key_hash: string;
  channels: string;
  unit_id: string;
  active: number;
  created_at: string;
  last_used_at: string | null;
}

/**
 * Other systems (issue 6). The API client of issue 3 becomes the one notion of "another system":
 * it gains a kind and any number of revocable keys (`api_client_key`, the old single key moved
 * there), and the integration module keeps per-client settings beside it: signing secret,
 * callback URL, category and status-word mappings, webhook subscriptions, camera thresholds and
 * external GeoReport v2 units; the links of inbound cases, camera events, Open311 requests and
 * the send state of cases posted to external systems. Outbox messages get a `subject` (whose
 * message it is, e.g. an integration client) so deliveries can be listed per client.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The old table keeps its key in a UNIQUE column SQLite cannot drop: rebuild it. Nothing
  // references api_client by foreign key, and it holds a handful of rows.
  const old = (await sql<OldApiClient>`select * from api_client`.execute(db)).rows;
  await db.schema.dropTable('api_client').execute();
  await db.schema
    .createTable('api_client')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema
    .createTable('api_client_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_client_key_client_idx').on('api_client_key').column('client_id').execute();
  for (const row of old) {
    await sql`insert into api_client (id, name, kind, channels, unit_id, active, description, created_at, updated_at, last_used_at)
      values (${row.id}, ${row.name}, 'platform', ${row.channels}, ${row.unit_id}, ${row.active}, '', ${row.created_at}, ${row.created_at}, ${row.last_used_at})`.execute(
      db,
    );
    await sql`insert into api_client_key (id, client_id, prefix, label, key_hash, created_at, last_used_at, revoked_at)
      values (${row.id}, ${row.id}, 'cdk_', 'first key', ${row.key_hash}, ${row.created_at}, ${row.last_used_at}, null)`.execute(
      db,
    );
  }

  await db.schema
    .createTable('integration_client')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('api_client.id'))
    .addColumn('callback_url', 'text')
    .addColumn('secret_cipher', 'text')
    .addColumn('secret_rotated_at', 'text')
    .addColumn('outbound_words', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('inbound_words', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('camera_min_confidence', 'double precision')
    .addColumn('camera_merge_minutes', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('integration_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('integration_category_map')
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('external_code', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('category.id'))
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('integration_category_map_pk', ['client_id', 'external_code'])
    .execute();

  await db.schema
    .createTable('integration_inbound_case')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('external_category', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('integration_inbound_case_external_uq', ['client_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('integration_inbound_case_case_idx')
    .on('integration_inbound_case')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('webhook_subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_subscription_active_idx')
    .on('webhook_subscription')
    .columns(['active', 'client_id'])
    .execute();

  await db.schema
    .createTable('camera_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('attachment_id', 'text')
    .addColumn('case_id', 'text', (c) => c.references('case_record.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addUniqueConstraint('camera_event_event_uq', ['client_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('camera_event_merge_idx')
    .on('camera_event')
    .columns(['client_id', 'camera_id', 'event_type', 'occurred_at'])
    .execute();
  await db.schema.createIndex('camera_event_case_idx').on('camera_event').column('case_id').execute();

  await db.schema
    .createTable('open311_request')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('case_record.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('media_url', 'text')
    .addColumn('media_attachment_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('open311_update_in')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('update_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('open311_update_in_uq', ['client_id', 'update_id'])
    .execute();

  await db.schema
    .createTable('external_unit')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('api_client.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().unique().references('unit.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('api_key_cipher', 'text')
    .addColumn('jurisdiction_id', 'text')
    .addColumn('service_codes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('default_service_code', 'text')
    .addColumn('send_contact', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_pulled_at', 'text')
    .addColumn('last_pull_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('open311_send')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_record.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_client.id'))
    .addColumn('send_state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('external_id', 'text')
    .addColumn('external_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('external_status', 'text')
    .addColumn('external_updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('open311_send_case_client_uq', ['case_id', 'client_id'])
    .execute();
  await db.schema
    .createIndex('open311_send_due_idx')
    .on('open311_send')
    .columns(['send_state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('open311_send_client_idx')
    .on('open311_send')
    .columns(['client_id', 'send_state'])
    .execute();

  await db.schema
    .createTable('open311_pulled_update')
    .addColumn('send_id', 'text', (c) => c.notNull().references('open311_send.id'))
    .addColumn('update_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('open311_pulled_update_pk', ['send_id', 'update_key'])
    .execute();

  await db.schema.alterTable('outbox_message').addColumn('subject', 'text').execute();
  await db.schema.createIndex('outbox_subject_idx').on('outbox_message').columns(['subject', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_subject_idx').execute();
  await db.schema.alterTable('outbox_message').dropColumn('subject').execute();
  for (const table of [
    'open311_pulled_update',
    'open311_send',
    'external_unit',
    'open311_update_in',
    'open311_request',
    'camera_event',
    'webhook_subscription',
    'integration_inbound_case',
    'integration_category_map',
    'integration_setting',
    'integration_client',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  const keys = (
    await sql<{
      client_id: string;
      key_hash: string;
    }>`select client_id, key_hash from api_client_key where revoked_at is null order by created_at`.execute(db)
  ).rows;
  const clients = (await sql<OldApiClient & { kind: string }>`select * from api_client`.execute(db)).rows;
  await db.schema.dropTable('api_client_key').execute();
  await db.schema.dropTable('api_client').execute();
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
  // A client keeps its oldest live key (the old shape had one); clients without one are dropped.
  for (const client of clients) {
    const key = keys.find((k) => k.client_id === client.id);
    if (!key) continue;
    await sql`insert into api_client (id, name, key_hash, channels, unit_id, active, created_at, last_used_at)
      values (${client.id}, ${client.name}, ${key.key_hash}, ${client.channels}, ${client.unit_id}, ${client.active}, ${client.created_at}, ${client.last_used_at})`.execute(
      db,
    );
  }
}
