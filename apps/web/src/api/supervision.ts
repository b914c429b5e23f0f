import type { AccountabilityPage, NoticeKind, NoticeView, ReviewView } from '@citydesk/shared';
import { http } from './http';

export const supervisionApi = {
  /** Notices (催办, 督办, escalations, leader's assignments) to units in the caller's scope, newest first. */
  notices: (filter: { signed?: boolean; kind?: NoticeKind; limit?: number } = {}) =>
    http.get<{ items: NoticeView[] }>('/api/notices', {
      query: {
        limit: filter.limit,
        kind: filter.kind,
        signed: filter.signed === undefined ? undefined : String(filter.signed),
      },
    }),
  signNotice: (id: string) => http.post<void>(`/api/notices/${encodeURIComponent(id)}/sign`),
  /** 催办: a notice to the units that owe the next step. */
  urge: (caseId: string, reason: string) =>
    http.post<{ notices: number }>(`/api/cases/${encodeURIComponent(caseId)}/urge`, { reason }),
  /** 督办: formal supervision (also tags the case 重点督办). */
  supervise: (caseId: string, reason: string) =>
    http.post<{ notices: number }>(`/api/cases/${encodeURIComponent(caseId)}/supervise`, { reason }),
  /** Supervisor reviews (opened by a poor rating, an unsolved visit or a reopen), newest first. */
  reviews: (filter: { status?: 'open' | 'closed'; limit?: number } = {}) =>
    http.get<{ items: ReviewView[] }>('/api/reviews', { query: { status: filter.status, limit: filter.limit } }),
  closeReview: (id: string, outcome: string) =>
    http.post<void>(`/api/reviews/${encodeURIComponent(id)}/close`, { outcome }),
  /** Accountability records of the cases in the caller's scope, newest first. */
  accountability: (filter: { kind?: 'overdue' | 'manual'; cursor?: string; limit?: number } = {}) =>
    http.get<AccountabilityPage>('/api/accountability', { query: { ...filter } }),
};
