import type { caseDetail as zh } from '../zh-CN/case-detail';

export const caseDetail: typeof zh = {};
