/** Strings of the intake pages (zh-CN); en-US/intake.ts has the same keys. */
export const intake = {};
