import type { AuditEventView, AuditVerificationView } from '@citydesk/shared';
import { http } from './http';

export type { AuditEventView, AuditVerificationView };

export interface AuditQuery {
  action?: string;
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  /** ISO instants (UTC). */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** The audit log (`audit.read`) and the hash-chain check (`audit.verify`). */
export const auditApi = {
  events: (query: AuditQuery, signal?: AbortSignal) =>
    http.get<{ items: AuditEventView[]; total: number }>('/api/audit/events', {
      query: { ...query },
      ...(signal ? { signal } : {}),
    }),
  /** Recomputes the whole chain; may take a while on a large log. */
  verify: () => http.post<AuditVerificationView>('/api/audit/verify', undefined, { timeoutMs: 300_000 }),
};
