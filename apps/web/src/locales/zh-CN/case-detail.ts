/** Strings of the caseDetail pages (zh-CN); en-US/case-detail.ts has the same keys. */
export const caseDetail = {};
