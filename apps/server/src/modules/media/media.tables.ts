/** One stored image: the original (re-encoded, metadata stripped) and its thumbnail on disk. */
export interface AttachmentTable {
  id: string;
  /** Null until the case modules link the upload to a case (unlinked uploads are purged). */
  case_id: string | null;
  entry_id: string | null;
  purpose: string;
  is_public: number;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  /** sha256 (hex) of the stored body. */
  sha256: string;
  /** Relative to DATA_DIR: `attachments/<yyyy>/<mm>/<id>.<ext>`. */
  path: string;
  thumb_path: string;
  /** Where the photo was taken, from its EXIF; offered once as a suggestion, never shown again. */
  gps_lat: number | null;
  gps_lon: number | null;
  uploaded_by_user_id: string | null;
  uploaded_by_client_id: string | null;
  /**
   * sha256 of the random key a citizen's browser sent with a photo uploaded before the report
   * existed (no account to own it): only a report naming the same key may attach it.
   */
  upload_key_hash: string | null;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    attachment: AttachmentTable;
  }
}
