import type {
  AuditEventView,
  CaseActionName,
  CaseDetail,
  CasePage,
  CaseSummary,
  CreateCaseInput,
  CreatedCase,
  PhoneLookup,
  RouteCandidate,
} from '@citydesk/shared';
import { http, upload } from './http';

/** The inbox tabs of `GET /api/cases/inbox`. */
export const inboxTabs = [
  'to_dispatch',
  'returned',
  'to_sign',
  'in_hand',
  'near_deadline',
  'overdue',
  'to_verify',
  'to_visit',
  'to_close',
  'suspended',
  'all',
] as const;
export type InboxTab = (typeof inboxTabs)[number];

/** Filters shared by the inbox and the search (empty values are left out of the query). */
export interface CaseFilter {
  node?: string;
  deadlineStatus?: string;
  channel?: string;
  requestType?: string;
  categoryId?: string;
  tag?: string;
  streetId?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface CaseSearch extends CaseFilter {
  number?: string;
  phone?: string;
  q?: string;
  address?: string;
}

export interface TimelineEvent extends AuditEventView {
  unitName: string | null;
}

/** An uploaded picture; `suggestedLocation` comes from its GPS tag, if any. */
export interface UploadedAttachment {
  id: string;
  suggestedLocation: { lat: number; lon: number } | null;
}

const query = (filter: object) => filter as Record<string, string | number | undefined>;

export const casesApi = {
  create: (input: CreateCaseInput, idempotencyKey: string) =>
    http.post<CreatedCase>('/api/cases', input, { headers: { 'Idempotency-Key': idempotencyKey } }),
  lookupPhone: (phone: string) => http.get<PhoneLookup>('/api/cases/lookup-phone', { query: { phone } }),
  inbox: (tab: InboxTab, filter: CaseFilter = {}) =>
    http.get<CasePage>('/api/cases/inbox', { query: { tab, ...query(filter) } }),
  inboxCounts: () => http.get<Record<InboxTab, number>>('/api/cases/inbox/counts'),
  search: (search: CaseSearch) => http.get<CasePage>('/api/cases/search', { query: query(search) }),
  get: (id: string) => http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`),
  timeline: (id: string) => http.get<{ items: TimelineEvent[] }>(`/api/cases/${encodeURIComponent(id)}/timeline`),
  route: (id: string) => http.get<{ items: RouteCandidate[] }>(`/api/cases/${encodeURIComponent(id)}/route`),
  /** Runs one workflow action; `body` carries `version` for versioned actions. */
  act: (id: string, action: CaseActionName, body: Record<string, unknown>, idempotencyKey?: string) =>
    http.post<CaseDetail>(
      `/api/cases/${encodeURIComponent(id)}/actions/${action}`,
      body,
      idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {},
    ),
  revealContact: (id: string) =>
    http.post<{ name: string | null; phone: string | null; anonymous: boolean }>(
      `/api/cases/${encodeURIComponent(id)}/reveal-contact`,
    ),
  attachmentUrl: (caseId: string, attachmentId: string, variant: 'thumb' | 'full' = 'full') =>
    `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}?variant=${variant}`,
  uploadPicture: (file: Blob, purpose: 'report' | 'feedback' | 'reply' | 'verify' | 'visit') =>
    upload<UploadedAttachment>(`/api/attachments?purpose=${purpose}`, file),
};

export type { CaseSummary };
