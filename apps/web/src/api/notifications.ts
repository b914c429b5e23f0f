import type { MessageLogView, MessageTemplateInput, MessageTemplateView, OutboxMessageView } from '@citydesk/shared';
import { http } from './http';

export type { MessageLogView, MessageTemplateView, OutboxMessageView };

export const outboxStatuses = ['dead', 'pending', 'sending', 'sent'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** Message templates, the outbox and its dead letters, the development message log (`notification.manage`). */
export const notificationsApi = {
  templates: () => http.get<{ items: MessageTemplateView[] }>('/api/notifications/templates').then((r) => r.items),
  saveTemplate: (key: string, input: MessageTemplateInput) =>
    http.put<MessageTemplateView>(`/api/notifications/templates/${encodeURIComponent(key)}`, input),
  resetTemplate: (key: string) =>
    http.delete<MessageTemplateView>(`/api/notifications/templates/${encodeURIComponent(key)}`),
  outbox: (query: { status?: OutboxStatus; limit: number; offset: number }) =>
    http.get<{ items: OutboxMessageView[]; total: number }>('/api/notifications/outbox', { query: { ...query } }),
  /** Sends a dead letter back to the queue (attempts start again). */
  retry: (id: string) => http.post<OutboxMessageView>(`/api/notifications/outbox/${encodeURIComponent(id)}/retry`),
  /** Only the development (log) provider keeps what it sent; other providers answer 404. */
  messageLog: (query: { recipient?: string; limit: number }) =>
    http
      .get<{ items: MessageLogView[] }>('/api/notifications/message-log', { query: { ...query } })
      .then((r) => r.items),
};
