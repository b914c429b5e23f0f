/**
 * Run-time overrides of configuration, one row per setting (`workflow.amberRatio` …). A setting
 * without a row takes the environment's value.
 */
export interface AppSettingTable {
  key: string;
  /** The value as JSON (a number or a boolean so far). */
  value: string;
  updated_at: string;
  /** Username of whoever set it (the audit log has the full record). */
  updated_by: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    app_setting: AppSettingTable;
  }
}
