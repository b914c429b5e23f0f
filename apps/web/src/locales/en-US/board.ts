import type { board as zh } from '../zh-CN/board';

export const board: typeof zh = {};
