/** Strings of the dispatch pages (zh-CN); en-US/dispatch.ts has the same keys. */
export const dispatch = {};
