import type { dispatch as zh } from '../zh-CN/dispatch';

export const dispatch: typeof zh = {};
