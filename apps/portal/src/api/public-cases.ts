import type {
  MailboxLetterInput,
  PublicCaseListPage,
  PublicCaseView,
  PublicReportInput,
  PublicReportReceipt,
  PublicUploadView,
  RatingInput,
} from '@citydesk/shared';
import { http, uploadWithProgress, type UploadOptions } from './http';

/** How a citizen proves a case is theirs: number + last 4 digits of the phone, or the secret link's token. */
export type CaseIdentity = { number: string; phoneLast4: string } | { token: string };

/** A citizen's reports, letters and the progress of their cases (`/api/public/…`). */
export const publicCasesApi = {
  /** 随手拍 / 我要反映. The key is the draft's: a retry with it never makes a second case. */
  report: (input: PublicReportInput, idempotencyKey: string) =>
    http.post<PublicReportReceipt>('/api/public/cases', input, {
      headers: { 'Idempotency-Key': idempotencyKey },
      timeoutMs: 30_000,
    }),
  /** 领导信箱: a letter to the leaders' office. */
  mailbox: (input: MailboxLetterInput, idempotencyKey: string) =>
    http.post<PublicReportReceipt>('/api/public/mailbox', input, {
      headers: { 'Idempotency-Key': idempotencyKey },
      timeoutMs: 30_000,
    }),
  /** One photo of a report not yet sent; `uploadKey` ties the photos to the draft. */
  uploadPhoto: (photo: Blob, uploadKey: string, options: Omit<UploadOptions, 'headers'> = {}) =>
    uploadWithProgress<PublicUploadView>('/api/public/attachments', photo, {
      ...options,
      headers: { 'X-Upload-Key': uploadKey },
    }),
  track: (identity: CaseIdentity) => http.post<PublicCaseView>('/api/public/track', identity),
  myCases: (cursor?: string | null) => http.get<PublicCaseListPage>('/api/public/my-cases', { query: { cursor } }),
  myCase: (number: string) => http.get<PublicCaseView>(`/api/public/my-cases/${encodeURIComponent(number)}`),
  rate: (number: string, identity: CaseIdentity, rating: RatingInput) =>
    http.post<PublicCaseView>(`/api/public/cases/${encodeURIComponent(number)}/rating`, { ...identity, ...rating }),
  reopen: (number: string, identity: CaseIdentity, reason: string) =>
    http.post<PublicCaseView>(`/api/public/cases/${encodeURIComponent(number)}/reopen`, { ...identity, reason }),
};
