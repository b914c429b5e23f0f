import type { search as zh } from '../zh-CN/search';

export const search: typeof zh = {};
