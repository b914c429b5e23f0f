/** Strings of the supervision pages (zh-CN); en-US/supervision.ts has the same keys. */
export const supervision = {};
