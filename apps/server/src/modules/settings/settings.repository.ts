import type { DbOrTrx } from '../../platform/db/connect.js';
import type { AppSettingTable } from './settings.tables.js';

/** Every stored setting whose key starts with the prefix (`workflow.`). */
export async function listSettingsWithPrefix(db: DbOrTrx, prefix: string): Promise<AppSettingTable[]> {
  return db.selectFrom('app_setting').selectAll().where('key', 'like', `${prefix}%`).orderBy('key').execute();
}

/** Stores a setting, replacing an earlier value. */
export async function upsertSetting(db: DbOrTrx, row: AppSettingTable): Promise<void> {
  const updated = await db
    .updateTable('app_setting')
    .set({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by })
    .where('key', '=', row.key)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('app_setting').values(row).execute();
}

export async function deleteSetting(db: DbOrTrx, key: string): Promise<void> {
  await db.deleteFrom('app_setting').where('key', '=', key).execute();
}
