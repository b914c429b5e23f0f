export type { AuditEventTable } from './audit.tables.js';
export {
  recordAudit,
  verifyAuditChain,
  listAuditEvents,
  presentAuditEvent,
  type AuditEntry,
  type AuditEventView,
  type ChainVerification,
} from './audit.service.js';
export { registerAuditRoutes } from './audit.routes.js';
