import type {
  ActionOutcome,
  AttachmentView,
  CaseDetail,
  CasePage,
  CreateCaseInput,
  CreatedCase,
} from '@citydesk/shared';
import { http, uploadWithProgress, type UploadOptions } from './http';

/** What `POST /api/attachments` answers (the id is what a case or an action refers to). */
export interface StaffUpload extends Pick<AttachmentView, 'id' | 'width' | 'height' | 'bytes'> {
  suggestedLocation?: { lat: number; lon: number } | null;
}

export type StaffUploadPurpose = 'report' | 'feedback' | 'verify';

/** The staff case API as the grid-worker app uses it (`/api/cases/…`, `/api/attachments`). */
export const casesApi = {
  /** A patrol report through the `grid` channel; the key is saved with the report on the device. */
  create: (input: CreateCaseInput, idempotencyKey: string) =>
    http.post<CreatedCase>('/api/cases', input, { headers: { 'Idempotency-Key': idempotencyKey }, timeoutMs: 30_000 }),
  upload: (photo: Blob, purpose: StaffUploadPurpose, options: UploadOptions = {}) =>
    uploadWithProgress<StaffUpload>(`/api/attachments?purpose=${purpose}`, photo, options),
  inbox: (tab: 'to_verify' | 'to_sign' | 'in_hand', cursor?: string | null) =>
    http.get<CasePage>('/api/cases/inbox', { query: { tab, cursor } }),
  detail: (id: string) => http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`),
  action: (id: string, action: 'verify' | 'sign' | 'feedback', body: Record<string, unknown>, idempotencyKey: string) =>
    http.post<ActionOutcome>(`/api/cases/${encodeURIComponent(id)}/actions/${action}`, body, {
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  /** A case's picture for staff (the session cookie authorises it). */
  attachmentUrl: (caseId: string, attachmentId: string, variant: 'thumbnail' | 'original' = 'thumbnail') =>
    `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}?variant=${variant}`,
};
