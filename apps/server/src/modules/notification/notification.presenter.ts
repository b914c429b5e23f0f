import type { MessageLogView, OutboxMessageView } from '@citydesk/shared';
import { maskPersonalData, maskPhone } from '../../platform/logging.js';
import type { MessageLogTable, OutboxMessageTable } from './notification.tables.js';

/**
 * An outbox message as administrators see it: the payload is left out on purpose (it may hold a
 * verification code or other personal data, and delivery state is all an administrator acts on).
 * The shapes are shared with the console (packages/shared).
 */
export type { MessageLogView, OutboxMessageView } from '@citydesk/shared';

/** A recipient fit to show: phone numbers masked (also inside e-mail addresses and the like). */
export function maskRecipient(recipient: string): string {
  return maskPhone(recipient) ?? '';
}

/** Truncated and masked, so a provider echoing the recipient never stores or shows it whole. */
export function safeErrorText(error: unknown, maxLength = 500): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return maskPersonalData(text).slice(0, maxLength);
}

/** An outbox row as the administration API shows it (recipient masked, payload left out). */
export function presentOutboxMessage(row: OutboxMessageTable): OutboxMessageView {
  return {
    id: row.id,
    channel: row.channel,
    recipient: maskRecipient(row.recipient),
    template: row.template,
    locale: row.locale,
    caseId: row.case_id,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** The body is shown whole: reading it (a verification code, say) is what this log is for. */
export function presentMessageLog(row: MessageLogTable): MessageLogView {
  return {
    id: row.id,
    channel: row.channel,
    recipient: maskRecipient(row.recipient),
    template: row.template,
    body: row.body,
    outboxId: row.outbox_id,
    createdAt: row.created_at,
  };
}
