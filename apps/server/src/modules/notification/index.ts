export type { MessageLogTable, MessageTemplateTable, OutboxMessageTable } from './notification.tables.js';
export {
  templateNames,
  templates,
  smsSign,
  renderTemplate,
  templateVariables,
  isTemplateName,
  type TemplateName,
  type TemplatePayload,
  type TemplateText,
} from './templates.js';
export {
  messageChannels,
  personChannels,
  isMessageChannel,
  createProviders,
  LogProvider,
  WebhookProvider,
  PermanentDeliveryError,
  webhookTimeoutMs,
  type WebhookSigner,
  type PersonChannel,
  type MessageChannel,
  type NotificationProvider,
  type NotificationProviders,
  type OutboundMessage,
} from './providers.js';
export { outboxStatuses, type OutboxStatus, type OutboxQuery } from './notification.repository.js';
export type { MessageLogView, OutboxMessageView } from './notification.presenter.js';
export {
  enqueueMessage,
  enqueueWebhook,
  searchOutboxMessages,
  getOutboxMessage,
  deliverDueMessages,
  startOutboxWorker,
  listOutboxMessages,
  retryDeadMessage,
  listMessageLog,
  type NewMessage,
  type NewWebhook,
  type DeliveryOptions,
  type DeliveryResult,
  type NotificationLog,
  type OutboxWorker,
  type OutboxWorkerDeps,
} from './notification.service.js';
export { retryDelayMs, claimLeaseMs } from './backoff.js';
export {
  templateTextsOf,
  listMessageTemplates,
  setMessageTemplate,
  resetMessageTemplate,
  type TemplateTexts,
} from './template-overrides.js';
export { registerNotificationRoutes } from './notification.routes.js';
