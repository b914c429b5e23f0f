export interface AuditEventTable {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_roles: string;
  unit_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  channel: string;
  prev_hash: string;
  hash: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    audit_event: AuditEventTable;
  }
}
