import type { DbOrTrx } from '../../platform/db/connect.js';
import type { AttachmentTable } from './media.tables.js';

/**
 * An attachment row without the EXIF position, which only the upload response may carry, and
 * without the upload key's hash, which only the linking check reads.
 */
export type AttachmentRow = Omit<AttachmentTable, 'gps_lat' | 'gps_lon' | 'upload_key_hash'>;

const rowColumns = [
  'id',
  'case_id',
  'entry_id',
  'purpose',
  'is_public',
  'mime',
  'bytes',
  'width',
  'height',
  'sha256',
  'path',
  'thumb_path',
  'uploaded_by_user_id',
  'uploaded_by_client_id',
  'created_at',
] as const satisfies readonly (keyof AttachmentRow)[];

export async function insertAttachment(db: DbOrTrx, row: AttachmentTable): Promise<void> {
  await db.insertInto('attachment').values(row).execute();
}

export async function findAttachmentById(db: DbOrTrx, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachment').select(rowColumns).where('id', '=', id).executeTakeFirst();
}

export async function findAttachmentsByIds(db: DbOrTrx, ids: readonly string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('attachment')
    .select(rowColumns)
    .where('id', 'in', [...ids])
    .execute();
}

/** Of the listed uploads, those still unlinked and uploaded with this upload key (by its hash). */
export async function findUnlinkedIdsWithUploadKey(
  db: DbOrTrx,
  ids: readonly string[],
  uploadKeyHash: string,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('attachment')
    .select('id')
    .where('id', 'in', [...ids])
    .where('case_id', 'is', null)
    .where('upload_key_hash', '=', uploadKeyHash)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Links uploads that are still unlinked; returns how many were. The `case_id is null` condition
 * makes a concurrent second link of the same upload update nothing.
 */
export async function linkUnlinkedAttachments(
  db: DbOrTrx,
  ids: readonly string[],
  target: { caseId: string; entryId: string | null; isPublic: boolean },
): Promise<number> {
  const result = await db
    .updateTable('attachment')
    .set({ case_id: target.caseId, entry_id: target.entryId, is_public: target.isPublic ? 1 : 0 })
    .where('id', 'in', [...ids])
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface AttachmentListQuery {
  caseId: string;
  /** Omitted: the whole case; null: the case's own (not a reply's); an id: that entry's. */
  entryId?: string | null | undefined;
  publicOnly?: boolean | undefined;
}

export async function listAttachmentsOf(db: DbOrTrx, q: AttachmentListQuery): Promise<AttachmentRow[]> {
  let query = db.selectFrom('attachment').select(rowColumns).where('case_id', '=', q.caseId);
  if (q.entryId === null) query = query.where('entry_id', 'is', null);
  else if (q.entryId !== undefined) query = query.where('entry_id', '=', q.entryId);
  if (q.publicOnly) query = query.where('is_public', '=', 1);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function listStaleUnlinkedIds(db: DbOrTrx, createdBefore: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('attachment')
    .select('id')
    .where('case_id', 'is', null)
    .where('created_at', '<', createdBefore)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes the listed uploads that are still unlinked; returns the deleted rows' files. */
export async function deleteUnlinkedAttachments(
  db: DbOrTrx,
  ids: readonly string[],
): Promise<Pick<AttachmentRow, 'id' | 'path' | 'thumb_path'>[]> {
  if (ids.length === 0) return [];
  return db
    .deleteFrom('attachment')
    .where('id', 'in', [...ids])
    .where('case_id', 'is', null)
    .returning(['id', 'path', 'thumb_path'])
    .execute();
}
