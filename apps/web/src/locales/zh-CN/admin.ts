/** Strings of the admin pages (zh-CN); en-US/admin.ts has the same keys. */
export const admin = {};
