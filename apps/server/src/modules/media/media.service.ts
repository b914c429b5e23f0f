import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { toDbTime } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { newId, uuidPattern } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import {
  attachmentPaths,
  removeStoredFiles,
  resolveStoredPath,
  storedFileSize,
  writeFileAtomic,
} from './attachment-files.js';
import { processImage, type ImageMime } from './image.js';
import { isUploadedBy, uploaderOf } from './media.policy.js';
import {
  presentAttachment,
  presentUpload,
  type AttachmentPurpose,
  type AttachmentView,
  type UploadedAttachmentView,
} from './media.presenter.js';
import {
  deleteUnlinkedAttachments,
  findAttachmentById,
  findAttachmentsByIds,
  findUnlinkedIdsWithUploadKey,
  insertAttachment,
  linkUnlinkedAttachments,
  listAttachmentsOf,
  listStaleUnlinkedIds,
  type AttachmentListQuery,
  type AttachmentRow,
} from './media.repository.js';
import type { AttachmentTable } from './media.tables.js';

/** At most this many pictures go with one case or one reply. */
export const maxAttachmentsPerTarget = 9;
/** Uploads not linked to a case within this time are purged. */
export const staleUploadAgeMs = 24 * 60 * 60 * 1000;

export interface UploadOptions {
  purpose: AttachmentPurpose;
  /**
   * The API client the upload is for, when a use case acts for one; an actor that is itself an
   * API client is recorded as that client without this.
   */
  clientId?: string | null;
  /**
   * For uploads without an account (the citizen portal): the random key the browser sent with
   * the photo. Only its hash is kept; a later report must name the same key to attach it.
   */
  uploadKey?: string;
}

/** The stored form of an upload key (a random secret of the browser, so a plain hash suffices). */
export function hashUploadKey(uploadKey: string): string {
  return createHash('sha256').update(`upload-key:${uploadKey}`).digest('hex');
}

/** Of the listed uploads, those still unlinked that were uploaded with this key. */
export async function unlinkedUploadsWithKey(
  db: DbOrTrx,
  ids: readonly string[],
  uploadKey: string,
): Promise<string[]> {
  return findUnlinkedIdsWithUploadKey(db, ids, hashUploadKey(uploadKey));
}

/**
 * Stores an uploaded image: checked by its bytes, re-encoded without metadata, written with a
 * thumbnail under DATA_DIR, recorded unlinked (a case use case links it later) and audited.
 * The answer is the only place the photo's EXIF position is ever shown (as suggestedLocation).
 */
export async function storeUpload(
  db: Db,
  ctx: UseCaseContext,
  dataDir: string,
  bytes: Buffer,
  options: UploadOptions,
): Promise<UploadedAttachmentView> {
  const image = await processImage(bytes);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const paths = attachmentPaths(id, now, image.ext, image.thumbnailExt);
  const uploader = uploaderOf(ctx.actor, options.clientId ?? null);
  const row: AttachmentTable = {
    id,
    case_id: null,
    entry_id: null,
    purpose: options.purpose,
    is_public: 0,
    mime: image.mime,
    bytes: image.body.length,
    width: image.width,
    height: image.height,
    sha256: createHash('sha256').update(image.body).digest('hex'),
    path: paths.path,
    thumb_path: paths.thumbPath,
    gps_lat: image.gps?.lat ?? null,
    gps_lon: image.gps?.lon ?? null,
    uploaded_by_user_id: uploader.userId,
    uploaded_by_client_id: uploader.clientId,
    upload_key_hash: options.uploadKey === undefined ? null : hashUploadKey(options.uploadKey),
    created_at: toDbTime(now),
  };
  const files = [paths.path, paths.thumbPath];
  try {
    // Files first, outside the transaction, so the database is not held while they are written;
    // a failed insert removes them again.
    for (const [relative, body] of [
      [paths.path, image.body],
      [paths.thumbPath, image.thumbnail],
    ] as const) {
      const absolute = resolveStoredPath(dataDir, relative);
      if (!absolute) throw new Error(`attachment path outside the data folder: ${relative}`);
      await writeFileAtomic(absolute, body);
    }
    await db.transaction().execute(async (trx) => {
      await insertAttachment(trx, row);
      await recordAudit(trx, ctx, {
        action: 'attachment.uploaded',
        subjectType: 'attachment',
        subjectId: id,
        // Never the position: the audit log is kept for years and read by auditors.
        after: { purpose: row.purpose, mime: row.mime, bytes: row.bytes, width: row.width, height: row.height },
      });
    });
  } catch (error) {
    await removeStoredFiles(dataDir, files);
    throw error;
  }
  return presentUpload(row);
}

export interface LinkTarget {
  caseId: string;
  /** The reply (case entry) the pictures belong to; absent or null for the case itself. */
  entryId?: string | null;
  isPublic: boolean;
}

/**
 * Links the caller's own unlinked uploads to a case (and a reply of it). Runs inside the case
 * use case's transaction. Refuses more than 9, and names every id that does not exist, is
 * already linked or was uploaded by someone else; nothing is linked then. With `uploadKey`
 * (uploads without an account), "own" means uploaded with that key.
 */
export async function linkAttachments(
  trx: Trx,
  ctx: UseCaseContext,
  ids: readonly string[],
  target: LinkTarget,
  options: { clientId?: string | null; uploadKey?: string } = {},
): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  if (ids.length > maxAttachmentsPerTarget) {
    throw new AppError('TOO_MANY_ATTACHMENTS', { max: maxAttachmentsPerTarget, count: ids.length });
  }
  const uploader = uploaderOf(ctx.actor, options.clientId ?? null);
  const found = new Map((await findAttachmentsByIds(trx, ids)).map((r) => [r.id, r]));
  const keyed =
    options.uploadKey === undefined
      ? null
      : new Set(await findUnlinkedIdsWithUploadKey(trx, ids, hashUploadKey(options.uploadKey)));
  const isOwn = (row: AttachmentRow) => (keyed ? keyed.has(row.id) : isUploadedBy(row, uploader));
  const seen = new Set<string>();
  const fields: { field: string; reason: string }[] = [];
  ids.forEach((id, index) => {
    const row = found.get(id);
    const reason = seen.has(id)
      ? `attachment ${id} is listed twice`
      : !row
        ? `attachment ${id} does not exist`
        : row.case_id !== null
          ? `attachment ${id} is already attached to a case`
          : !isOwn(row)
            ? `attachment ${id} was uploaded by someone else`
            : null;
    seen.add(id);
    if (reason) fields.push({ field: `attachmentIds.${index}`, reason });
  });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });

  const entryId = target.entryId ?? null;
  const linked = await linkUnlinkedAttachments(trx, ids, { caseId: target.caseId, entryId, isPublic: target.isPublic });
  if (linked !== ids.length) {
    // Another request linked one of them between our check and our update.
    throw new AppError('CONFLICT', { reason: 'an attachment was linked by another request' });
  }
  return ids.flatMap((id) => {
    const row = found.get(id);
    return row ? [{ ...row, case_id: target.caseId, entry_id: entryId, is_public: target.isPublic ? 1 : 0 }] : [];
  });
}

/** A case's attachments (or one reply's), oldest first; the caller decides who may see them. */
export async function listAttachments(db: DbOrTrx, query: AttachmentListQuery): Promise<AttachmentView[]> {
  return (await listAttachmentsOf(db, query)).map(presentAttachment);
}

export type AttachmentVariant = 'original' | 'thumbnail';

/** A stored file ready to send; nothing is opened until `open()` (or sendAttachment) is called. */
export interface AttachmentFile {
  row: AttachmentRow;
  variant: AttachmentVariant;
  mime: ImageMime;
  size: number;
  open(): fs.ReadStream;
}

const mimeByExt: Record<string, ImageMime> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/**
 * The file of an attachment (the original or its thumbnail), or null when there is no such
 * attachment or its file is missing. Access is the caller's to check (by row.case_id,
 * row.entry_id, row.is_public) before sending.
 */
export async function openAttachment(
  db: DbOrTrx,
  dataDir: string,
  id: string,
  variant: AttachmentVariant,
): Promise<AttachmentFile | null> {
  if (!uuidPattern.test(id)) return null;
  const row = await findAttachmentById(db, id);
  if (!row) return null;
  const relative = variant === 'original' ? row.path : row.thumb_path;
  const absolute = resolveStoredPath(dataDir, relative);
  const mime = mimeByExt[path.extname(relative)];
  if (!absolute || !mime) return null;
  const size = await storedFileSize(absolute);
  if (size === null) return null;
  return { row, variant, mime, size, open: () => fs.createReadStream(absolute) };
}

/** Sends an attachment file: its type, length, private caching, and no content sniffing. */
export function sendAttachment(reply: FastifyReply, file: AttachmentFile): FastifyReply {
  return reply
    .header('content-type', file.mime)
    .header('content-length', file.size)
    .header('cache-control', 'private, max-age=3600')
    .header('x-content-type-options', 'nosniff')
    .send(file.open());
}

/**
 * Deletes uploads never linked to a case within 24 hours of `now`, rows and files; returns how
 * many. An upload linked meanwhile is left alone.
 */
export async function purgeStaleUploads(db: Db, dataDir: string, now: Date, batchSize = 200): Promise<number> {
  const cutoff = toDbTime(new Date(now.getTime() - staleUploadAgeMs));
  let purged = 0;
  for (;;) {
    const ids = await listStaleUnlinkedIds(db, cutoff, batchSize);
    if (ids.length === 0) return purged;
    const deleted = await deleteUnlinkedAttachments(db, ids);
    // Rows first: a file without a row is harmless, a row without its file would be a 404.
    await removeStoredFiles(
      dataDir,
      deleted.flatMap((r) => [r.path, r.thumb_path]),
    );
    purged += deleted.length;
  }
}
