export type { AttachmentTable } from './media.tables.js';
export type { AttachmentRow, AttachmentListQuery } from './media.repository.js';
export {
  attachmentPurposes,
  presentAttachment,
  type AttachmentPurpose,
  type AttachmentView,
  type UploadedAttachmentView,
} from './media.presenter.js';
export { canUploadAttachments, uploadPermissions } from './media.policy.js';
export {
  detectImageType,
  processImage,
  maxImageBytes,
  type GpsPoint,
  type ImageMime,
  type ImageType,
  type ProcessedImage,
} from './image.js';
export {
  storeUpload,
  hashUploadKey,
  unlinkedUploadsWithKey,
  linkAttachments,
  listAttachments,
  openAttachment,
  sendAttachment,
  purgeStaleUploads,
  maxAttachmentsPerTarget,
  staleUploadAgeMs,
  type AttachmentFile,
  type AttachmentVariant,
  type LinkTarget,
  type UploadOptions,
} from './media.service.js';
export { registerMediaRoutes, uploadBodyLimit } from './media.routes.js';
