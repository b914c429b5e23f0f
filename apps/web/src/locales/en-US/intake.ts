import type { intake as zh } from '../zh-CN/intake';

export const intake: typeof zh = {};
