import type { inbox as zh } from '../zh-CN/inbox';

export const inbox: typeof zh = {};
