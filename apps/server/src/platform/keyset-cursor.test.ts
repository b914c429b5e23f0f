import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

describe('keyset cursors', () => {
  it('give back where the last page ended', () => {
    const text = encodeKeysetCursor({ created_at: '2026-11-25T02:00:00.000Z', id: '0193-abc' });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeysetCursor(text)).toEqual({ createdAt: '2026-11-25T02:00:00.000Z', id: '0193-abc' });
  });

  it('start at the first page without one', () => {
    expect(decodeKeysetCursor(undefined)).toBeNull();
    expect(decodeKeysetCursor('')).toBeNull();
  });

  it('refuse a cursor no page gave out, naming the field', () => {
    const forged = Buffer.from(JSON.stringify({ createdAt: 5 })).toString('base64url');
    for (const bad of ['not-base64-json', forged]) {
      let caught: unknown;
      try {
        decodeKeysetCursor(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor' }] } });
    }
  });
});
