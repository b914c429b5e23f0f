import type { supervision as zh } from '../zh-CN/supervision';

export const supervision: typeof zh = {};
