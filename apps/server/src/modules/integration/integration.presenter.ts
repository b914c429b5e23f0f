import type {
  ApiKeyView,
  CameraEventView,
  CaseChannel,
  CaseEventName,
  ExternalUnitView,
  IntegrationClientKind,
  IntegrationClientView,
  IntegrationDeliveryView,
  IntegrationUnitRef,
  Open311SendState,
  Open311SendView,
  WebhookSubscriptionView,
} from '@citydesk/shared';
import type { ApiClientKeyTable, ApiClientTable } from '../auth/index.js';
import type { OutboxMessageTable } from '../notification/index.js';
import { maskPersonalData } from '../../platform/logging.js';
import type {
  CameraEventTable,
  ExternalUnitTable,
  IntegrationClientTable,
  Open311SendTable,
  WebhookSubscriptionTable,
} from './integration.tables.js';

/** Rows → the administration API's views (packages/shared). Secrets and key hashes never leave here. */

export function presentKey(row: ApiClientKeyTable): ApiKeyView {
  return {
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function presentClient(
  client: ApiClientTable,
  profile: IntegrationClientTable | undefined,
  keys: readonly ApiClientKeyTable[],
  unit: IntegrationUnitRef | null,
): IntegrationClientView {
  return {
    id: client.id,
    name: client.name,
    kind: client.kind as IntegrationClientKind,
    unit,
    channels: JSON.parse(client.channels) as CaseChannel[],
    active: client.active === 1,
    description: client.description,
    callbackUrl: profile?.callback_url ?? null,
    hasSecret: Boolean(profile?.secret_cipher),
    secretRotatedAt: profile?.secret_rotated_at ?? null,
    keys: keys.map(presentKey),
    createdAt: client.created_at,
    updatedAt: profile && profile.updated_at > client.updated_at ? profile.updated_at : client.updated_at,
    lastUsedAt: client.last_used_at,
  };
}

export function presentSubscription(row: WebhookSubscriptionTable): WebhookSubscriptionView {
  return {
    id: row.id,
    clientId: row.client_id,
    url: row.url,
    events: JSON.parse(row.events) as CaseEventName[],
    active: row.active === 1,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentExternalUnit(row: ExternalUnitTable, unit: IntegrationUnitRef | null): ExternalUnitView {
  return {
    clientId: row.client_id,
    unit,
    endpoint: row.endpoint,
    hasApiKey: row.api_key_cipher !== null,
    jurisdictionId: row.jurisdiction_id,
    serviceCodes: JSON.parse(row.service_codes) as Record<string, string>,
    defaultServiceCode: row.default_service_code,
    sendContact: row.send_contact === 1,
    active: row.active === 1,
    lastPulledAt: row.last_pulled_at,
    lastPullError: row.last_pull_error,
  };
}

export function presentDelivery(
  row: OutboxMessageTable,
  clientNames: ReadonlyMap<string, string>,
  caseNumbers: ReadonlyMap<string, string>,
): IntegrationDeliveryView {
  return {
    id: row.id,
    clientId: row.subject,
    clientName: row.subject ? (clientNames.get(row.subject) ?? null) : null,
    topic: row.template,
    url: row.recipient,
    caseId: row.case_id,
    caseNumber: row.case_id ? (caseNumbers.get(row.case_id) ?? null) : null,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export function presentSend(
  row: Open311SendTable,
  clientNames: ReadonlyMap<string, string>,
  caseNumbers: ReadonlyMap<string, string>,
): Open311SendView {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: caseNumbers.get(row.case_id) ?? null,
    clientId: row.client_id,
    clientName: clientNames.get(row.client_id) ?? null,
    sendState: row.send_state as Open311SendState,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    externalId: row.external_id,
    lastError: row.last_error === null ? null : maskPersonalData(row.last_error),
    sentAt: row.sent_at,
    externalStatus: row.external_status,
    externalUpdatedAt: row.external_updated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentCameraEvent(row: CameraEventTable, caseNumbers: ReadonlyMap<string, string>): CameraEventView {
  return {
    id: row.id,
    clientId: row.client_id,
    eventId: row.event_id,
    cameraId: row.camera_id,
    eventType: row.event_type,
    confidence: Number(row.confidence),
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    outcome: row.outcome as CameraEventView['outcome'],
    caseId: row.case_id,
    caseNumber: row.case_id ? (caseNumbers.get(row.case_id) ?? null) : null,
  };
}
