import {
  integrationDeliveryStatuses,
  open311SendStates,
  type ApiKeyView,
  type CameraEventView,
  type CameraSettingsInput,
  type CameraSettingsView,
  type CaseEventName,
  type CategoryMappingView,
  type CategoryMappingsInput,
  type ExternalUnitInput,
  type ExternalUnitView,
  type InboundStatusAction,
  type IntegrationClientInput,
  type IntegrationClientKind,
  type IntegrationClientPatch,
  type IntegrationClientView,
  type IntegrationDeliveryView,
  type IssuedApiKeyView,
  type IssuedSecretView,
  type Open311SendState,
  type Open311SendView,
  type StatusMappingsInput,
  type StatusMappingsView,
  type WebhookSubscriptionInput,
  type WebhookSubscriptionView,
} from '@citydesk/shared';
import { http } from './http';

export type {
  ApiKeyView,
  CameraEventView,
  CameraSettingsView,
  CategoryMappingView,
  ExternalUnitView,
  IntegrationClientKind,
  IntegrationClientView,
  IntegrationDeliveryView,
  IssuedApiKeyView,
  IssuedSecretView,
  Open311SendState,
  Open311SendView,
  StatusMappingsView,
  WebhookSubscriptionView,
};

export { integrationDeliveryStatuses, open311SendStates };
export type IntegrationDeliveryStatus = (typeof integrationDeliveryStatuses)[number];
export type CameraEventOutcome = CameraEventView['outcome'];
export const cameraEventOutcomes: readonly CameraEventOutcome[] = ['below_threshold', 'opened', 'joined'];

/** What the forms offer: client kinds, our case events with the word a platform hears by default, inbound actions. */
export interface IntegrationVocabulary {
  kinds: IntegrationClientKind[];
  events: { event: CaseEventName; defaultWord: string | null }[];
  inboundActions: InboundStatusAction[];
}

interface Paging {
  limit: number;
  offset: number;
}

const client = (id: string) => `/api/integration/clients/${encodeURIComponent(id)}`;
const signalOf = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The administration of other systems (`integration.manage`): never cached, an administrator edits them. */
export const integrationApi = {
  vocabulary: () => http.get<IntegrationVocabulary>('/api/integration/vocabulary'),

  clients: (signal?: AbortSignal) =>
    http.get<{ items: IntegrationClientView[] }>('/api/integration/clients', signalOf(signal)).then((r) => r.items),
  client: (id: string) => http.get<IntegrationClientView>(client(id)),
  createClient: (input: IntegrationClientInput) => http.post<IntegrationClientView>('/api/integration/clients', input),
  updateClient: (id: string, patch: IntegrationClientPatch) => http.patch<IntegrationClientView>(client(id), patch),

  /** A new API key: the answer holds the key itself, which is never shown again. */
  issueKey: (id: string, label: string) => http.post<IssuedApiKeyView>(`${client(id)}/keys`, { label }),
  revokeKey: (id: string, keyId: string) =>
    http.post<ApiKeyView>(`${client(id)}/keys/${encodeURIComponent(keyId)}/revoke`),
  /** A new signing secret, replacing the old one at once; shown only in this answer. */
  rotateSecret: (id: string) => http.post<IssuedSecretView>(`${client(id)}/secret`),

  categoryMappings: (id: string) =>
    http.get<{ items: CategoryMappingView[] }>(`${client(id)}/category-mappings`).then((r) => r.items),
  /** Replaces the whole list; a refusal names every bad row (`items.<i>.<field>`) and changes nothing. */
  saveCategoryMappings: (id: string, input: CategoryMappingsInput) =>
    http.put<{ items: CategoryMappingView[] }>(`${client(id)}/category-mappings`, input).then((r) => r.items),

  statusMappings: (id: string) => http.get<StatusMappingsView>(`${client(id)}/status-mappings`),
  saveStatusMappings: (id: string, input: StatusMappingsInput) =>
    http.put<StatusMappingsView>(`${client(id)}/status-mappings`, input),

  subscriptions: (id: string) =>
    http.get<{ items: WebhookSubscriptionView[] }>(`${client(id)}/subscriptions`).then((r) => r.items),
  createSubscription: (id: string, input: WebhookSubscriptionInput) =>
    http.post<WebhookSubscriptionView>(`${client(id)}/subscriptions`, input),
  updateSubscription: (id: string, subscriptionId: string, patch: Partial<WebhookSubscriptionInput>) =>
    http.patch<WebhookSubscriptionView>(`${client(id)}/subscriptions/${encodeURIComponent(subscriptionId)}`, patch),
  deleteSubscription: (id: string, subscriptionId: string) =>
    http.delete<void>(`${client(id)}/subscriptions/${encodeURIComponent(subscriptionId)}`),

  /** The camera thresholds of one camera system (`id`) or the global ones (no id). */
  cameraSettings: (id?: string) =>
    http.get<CameraSettingsView>(id ? `${client(id)}/camera-settings` : '/api/integration/camera-settings'),
  saveCameraSettings: (id: string | undefined, input: CameraSettingsInput) =>
    http.put<CameraSettingsView>(id ? `${client(id)}/camera-settings` : '/api/integration/camera-settings', input),

  /** 404 while no external system is configured for the client. */
  externalUnit: (id: string) => http.get<ExternalUnitView>(`${client(id)}/external-unit`),
  saveExternalUnit: (id: string, input: ExternalUnitInput) =>
    http.put<ExternalUnitView>(`${client(id)}/external-unit`, input),

  deliveries: (query: { status?: IntegrationDeliveryStatus; clientId?: string } & Paging, signal?: AbortSignal) =>
    http.get<{ items: IntegrationDeliveryView[]; total: number }>('/api/integration/deliveries', {
      query: { ...query },
      ...signalOf(signal),
    }),
  /** Sends a dead delivery again from its first attempt (only dead ones). */
  resendDelivery: (id: string) =>
    http.post<IntegrationDeliveryView>(`/api/integration/deliveries/${encodeURIComponent(id)}/resend`),

  open311Sends: (query: { state?: Open311SendState; clientId?: string } & Paging, signal?: AbortSignal) =>
    http.get<{ items: Open311SendView[]; total: number }>('/api/integration/open311-sends', {
      query: { ...query },
      ...signalOf(signal),
    }),
  /** Sends a failed or skipped case to its external system again. */
  retryOpen311Send: (id: string) =>
    http.post<Open311SendView>(`/api/integration/open311-sends/${encodeURIComponent(id)}/retry`),

  cameraEvents: (
    query: { clientId?: string; cameraId?: string; outcome?: CameraEventOutcome } & Paging,
    signal?: AbortSignal,
  ) =>
    http.get<{ items: CameraEventView[]; total: number }>('/api/integration/camera-events', {
      query: { ...query },
      ...signalOf(signal),
    }),
};
