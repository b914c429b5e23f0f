/** Per-client settings of another system (the identity itself is auth's `api_client`). */
export interface IntegrationClientTable {
  client_id: string;
  /** Where status feedback for the cases it sent goes. */
  callback_url: string | null;
  /** The HMAC signing secret, sealed (secret-box.ts). */
  secret_cipher: string | null;
  secret_rotated_at: string | null;
  /** JSON: our event → their word (null: not fed back). */
  outbound_words: string;
  /** JSON: their word → note | reopen | ignore. */
  inbound_words: string;
  camera_min_confidence: number | null;
  camera_merge_minutes: number | null;
  updated_at: string;
}

/** Global integration settings an administrator changed (camera defaults); a missing row: the environment's value. */
export interface IntegrationSettingTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

export interface IntegrationCategoryMapTable {
  client_id: string;
  external_code: string;
  category_id: string;
  label: string;
  updated_at: string;
}

/** A case another platform sent: its id there, for idempotency and feedback. */
export interface IntegrationInboundCaseTable {
  id: string;
  client_id: string;
  external_id: string;
  case_id: string;
  external_category: string | null;
  created_at: string;
}

export interface WebhookSubscriptionTable {
  id: string;
  client_id: string;
  url: string;
  /** JSON array of case event names. */
  events: string;
  active: number;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface CameraEventTable {
  id: string;
  client_id: string;
  /** The camera system's own event id. */
  event_id: string;
  camera_id: string;
  event_type: string;
  confidence: number;
  occurred_at: string;
  received_at: string;
  lat: number;
  lon: number;
  address: string | null;
  attachment_id: string | null;
  case_id: string | null;
  /** below_threshold | opened | joined */
  outcome: string;
}

/** What an Open311 client sent with a request that the case itself does not keep. */
export interface Open311RequestTable {
  case_id: string;
  client_id: string;
  service_code: string;
  media_url: string | null;
  media_attachment_id: string | null;
  created_at: string;
}

/** An update an Open311 client posted (servicerequestupdates), by its own update id. */
export interface Open311UpdateInTable {
  id: string;
  client_id: string;
  update_id: string;
  case_id: string;
  /** note | reopen */
  action: string;
  created_at: string;
}

/** A unit handled in an external GeoReport v2 system. */
export interface ExternalUnitTable {
  client_id: string;
  unit_id: string;
  endpoint: string;
  api_key_cipher: string | null;
  jurisdiction_id: string | null;
  /** JSON: our item code → their service_code. */
  service_codes: string;
  default_service_code: string | null;
  send_contact: number;
  active: number;
  last_pulled_at: string | null;
  last_pull_error: string | null;
  updated_at: string;
}

/** A case posted (or to be posted) to an external GeoReport v2 system: its send_state, apart from the case's. */
export interface Open311SendTable {
  id: string;
  case_id: string;
  client_id: string;
  /** unprocessed | sending | sent | failed | skipped */
  send_state: string;
  attempts: number;
  next_attempt_at: string | null;
  external_id: string | null;
  external_token: string | null;
  last_error: string | null;
  sent_at: string | null;
  external_status: string | null;
  external_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An update of an external system already brought into a case's timeline. */
export interface Open311PulledUpdateTable {
  send_id: string;
  update_key: string;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    integration_client: IntegrationClientTable;
    integration_setting: IntegrationSettingTable;
    integration_category_map: IntegrationCategoryMapTable;
    integration_inbound_case: IntegrationInboundCaseTable;
    webhook_subscription: WebhookSubscriptionTable;
    camera_event: CameraEventTable;
    open311_request: Open311RequestTable;
    open311_update_in: Open311UpdateInTable;
    external_unit: ExternalUnitTable;
    open311_send: Open311SendTable;
    open311_pulled_update: Open311PulledUpdateTable;
  }
}
