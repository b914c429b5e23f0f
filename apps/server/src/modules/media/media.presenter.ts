import { attachmentPurposes, type AttachmentPurpose, type AttachmentView } from '@citydesk/shared';
import type { GpsPoint } from './image.js';
import type { AttachmentRow } from './media.repository.js';
import type { AttachmentTable } from './media.tables.js';

export { attachmentPurposes, type AttachmentPurpose, type AttachmentView };

/** An attachment as the API shows it; URLs are added by the routes that serve the files. */
/** The answer to an upload: the only view that carries the photo's EXIF position. */
export interface UploadedAttachmentView extends AttachmentView {
  /** Where the photo says it was taken, offered to prefill the case location; null when unknown. */
  suggestedLocation: GpsPoint | null;
}

export function presentAttachment(row: AttachmentRow): AttachmentView {
  return {
    id: row.id,
    // Written only by storeUpload, after the purpose was checked against attachmentPurposes.
    purpose: row.purpose as AttachmentPurpose,
    mime: row.mime,
    width: Number(row.width),
    height: Number(row.height),
    bytes: Number(row.bytes),
    isPublic: Number(row.is_public) === 1,
    entryId: row.entry_id,
    createdAt: row.created_at,
  };
}

export function presentUpload(row: AttachmentTable): UploadedAttachmentView {
  const { gps_lat: lat, gps_lon: lon, ...rest } = row;
  return {
    ...presentAttachment(rest),
    suggestedLocation: lat !== null && lon !== null ? { lat: Number(lat), lon: Number(lon) } : null,
  };
}
