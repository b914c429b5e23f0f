import type { admin as zh } from '../zh-CN/admin';

export const admin: typeof zh = {};
