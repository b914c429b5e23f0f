import type { Kysely } from 'kysely';

/**
 * Administrators' run-time overrides: workflow settings (amber threshold, return and reopen
 * windows, automatic dispatch and notices) over the environment's values, and message template
 * texts over the shipped ones. A missing row means "the default applies".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('message_template')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('text_zh', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_template').execute();
  await db.schema.dropTable('app_setting').execute();
}
