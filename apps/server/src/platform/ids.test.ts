import { describe, expect, it } from 'vitest';
import { newId, uuidPattern } from './ids.js';

describe('newId', () => {
  it('makes UUIDv7 ids (version 7, RFC variant) that carry the time', () => {
    const id = newId(Date.parse('2026-11-25T02:00:00Z'));
    expect(id).toMatch(uuidPattern);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-11-25T02:00:00Z'));
  });

  it('keeps ids of one process in creation order, even within one millisecond, and never repeats', () => {
    const at = Date.parse('2026-11-25T02:00:01Z');
    const ids = Array.from({ length: 5000 }, () => newId(at));
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
  });
});
