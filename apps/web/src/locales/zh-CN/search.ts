/** Strings of the search pages (zh-CN); en-US/search.ts has the same keys. */
export const search = {};
