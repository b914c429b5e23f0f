/** Strings of the board pages (zh-CN); en-US/board.ts has the same keys. */
export const board = {};
