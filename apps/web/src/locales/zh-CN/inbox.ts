/** Strings of the inbox pages (zh-CN); en-US/inbox.ts has the same keys. */
export const inbox = {};
