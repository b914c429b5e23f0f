import { AppError } from './errors.js';

/** Where a keyset page ended: the last row's creation time and id (ties broken by id). */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}

/** The opaque `nextCursor` a list answers with, for the row a page ended at. */
export function encodeKeysetCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify({ createdAt: row.created_at, id: row.id })).toString('base64url');
}

/** A cursor the client passed back, or null for the first page; anything else is a VALIDATION_FAILED. */
export function decodeKeysetCursor(text: string | undefined): KeysetCursor | null {
  if (!text) return null;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<KeysetCursor>;
    if (typeof c.createdAt === 'string' && typeof c.id === 'string') return { createdAt: c.createdAt, id: c.id };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', {
    fields: [{ field: 'cursor', reason: 'not a cursor from a previous page' }],
  });
}
