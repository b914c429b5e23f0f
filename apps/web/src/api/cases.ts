import type {
  ActionOutcome,
  AuditEventView,
  CaseActionName,
  CaseDetail,
  CasePage,
  CaseSummary,
  CreateCaseInput,
  CreatedCase,
  PhoneLookup,
  RelatedCases,
  RouteCandidate,
} from '@citydesk/shared';
import { download, http, upload } from './http';

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
  /** The account's display name (the log keeps the account name in actorName). */
  actorDisplayName: string | null;
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
  /** Counts of the named tabs only (each page asks for the tabs it shows). */
  inboxCounts: (tabs: readonly InboxTab[]) =>
    http.get<Partial<Record<InboxTab, number>>>('/api/cases/inbox/counts', { query: { tabs: tabs.join(',') } }),
  search: (search: CaseSearch) => http.get<CasePage>('/api/cases/search', { query: query(search) }),
  /**
   * The search's result as an .xlsx file (same query, no cursor; at most 10,000 rows). Answer
   * headers: `x-export-rows`, `x-export-capped` ("true" when the result was cut).
   */
  exportSearch: (search: Omit<CaseSearch, 'cursor' | 'limit'>) =>
    download('/api/cases/export', { query: query(search) }),
  get: (id: string) => http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`),
  timeline: (id: string) => http.get<{ items: TimelineEvent[] }>(`/api/cases/${encodeURIComponent(id)}/timeline`),
  route: (id: string) => http.get<{ items: RouteCandidate[] }>(`/api/cases/${encodeURIComponent(id)}/route`),
  /** Runs one workflow action; `body` carries `version` for versioned actions. */
  act: (id: string, action: CaseActionName, body: Record<string, unknown>, idempotencyKey?: string) =>
    http.post<ActionOutcome>(
      `/api/cases/${encodeURIComponent(id)}/actions/${action}`,
      body,
      idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {},
    ),
  /** Runs an action, then reads the case back as staff see it (for views that show the result). */
  actAndReload: async (id: string, action: CaseActionName, body: Record<string, unknown>, idempotencyKey?: string) => {
    await casesApi.act(id, action, body, idempotencyKey);
    return casesApi.get(id);
  },
  revealContact: (id: string) =>
    http.post<{ name: string | null; phone: string | null; anonymous: boolean }>(
      `/api/cases/${encodeURIComponent(id)}/reveal-contact`,
    ),
  /** The server's variants are `thumbnail` and `original`. */
  attachmentUrl: (caseId: string, attachmentId: string, variant: 'thumb' | 'full' = 'full') =>
    `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}?variant=${variant === 'thumb' ? 'thumbnail' : 'original'}`,
  /** Same caller's number, within 200 m, same item in the last 30 days (each ≤ 10, in the caller's scope). */
  related: (id: string) => http.get<RelatedCases>(`/api/cases/${encodeURIComponent(id)}/related`),
  uploadPicture: (file: Blob, purpose: 'report' | 'feedback' | 'reply' | 'verify' | 'visit') =>
    upload<UploadedAttachment>(`/api/attachments?purpose=${purpose}`, file),
};

export type { CaseSummary };
