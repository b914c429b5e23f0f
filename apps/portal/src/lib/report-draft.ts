import type { PublicPlace, PublicReportReceipt, RequestType } from '@citydesk/shared';
import type { PhotoItem } from '../components/photo-item';
import { randomKey } from '../api/http';
import { readSession, removeSession, writeSession } from './session-storage';

type Answer = string | number | string[];

/** A report being written, kept in sessionStorage so nothing typed is lost to an error or a reload. */
export interface ReportDraft {
  /** Sent as Idempotency-Key with every attempt of this draft's submit. */
  idempotencyKey: string;
  /** Sent as X-Upload-Key with each photo and in the report: only this draft's photos can be attached. */
  uploadKey: string;
  requestType: RequestType | null;
  description: string;
  categoryId?: string;
  extraAnswers: Record<string, Answer>;
  location: { lat?: number; lon?: number; address?: string };
  place: PublicPlace | null;
  /** Uploaded photos only (ids and thumbnails); one still uploading is not kept over a reload. */
  photos: Pick<PhotoItem, 'key' | 'id' | 'thumb' | 'width' | 'height'>[];
  name: string;
  phone: string;
  anonymous: boolean;
}

const draftKey = 'citydesk.portal.report.draft';
const receiptKey = 'citydesk.portal.report.receipt';

export function newReportDraft(): ReportDraft {
  return {
    idempotencyKey: randomKey(),
    uploadKey: randomKey(),
    requestType: null,
    description: '',
    extraAnswers: {},
    location: {},
    place: null,
    photos: [],
    name: '',
    phone: '',
    anonymous: false,
  };
}

export function loadReportDraft(): ReportDraft {
  const saved = readSession<ReportDraft>(draftKey);
  return saved?.idempotencyKey && saved.uploadKey ? { ...newReportDraft(), ...saved } : newReportDraft();
}

export function saveReportDraft(draft: ReportDraft): void {
  writeSession(draftKey, draft);
}

export function clearReportDraft(): void {
  removeSession(draftKey);
}

/** What the "submitted" page shows; kept for the tab so a reload of that page still shows the number. */
export interface SavedReceipt extends Omit<PublicReportReceipt, 'droppedAttachmentIds'> {
  kind: 'report' | 'mailbox';
  anonymous: boolean;
  droppedPhotos: number;
}

/** Keeps the server's receipt for the "submitted" page, with what that page says about it. */
export function saveReceipt(kind: SavedReceipt['kind'], anonymous: boolean, receipt: PublicReportReceipt): void {
  const { droppedAttachmentIds, ...rest } = receipt;
  const saved: SavedReceipt = { ...rest, kind, anonymous, droppedPhotos: droppedAttachmentIds.length };
  writeSession(receiptKey, saved);
}

export function loadReceipt(): SavedReceipt | null {
  return readSession<SavedReceipt>(receiptKey);
}

/** Whether the page runs inside WeChat's browser (the case's channel is then `wechat`). */
export function isWeChat(): boolean {
  return /MicroMessenger/i.test(navigator.userAgent);
}
