export type {
  CameraEventTable,
  ExternalUnitTable,
  IntegrationClientTable,
  Open311SendTable,
  WebhookSubscriptionTable,
} from './integration.tables.js';
export { registerIntegrationHandlers } from './integration-reactions.js';
export { integrationWebhookSigner } from './integration-secrets.js';
export { registerOpen311Routes } from './open311.routes.js';
export { registerInboundRoutes } from './inbound.routes.js';
export { registerIntegrationAdminRoutes } from './integration-admin.routes.js';
export { startIntegrationWorker, type IntegrationWorker } from './integration.worker.js';
export { sendDueOpen311, pullOpen311Updates, type Open311ClientOptions } from './open311-client.service.js';
