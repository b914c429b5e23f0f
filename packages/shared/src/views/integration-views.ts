import type { CaseChannel } from '../schemas/case.js';
import type {
  CaseEventName,
  InboundStatusAction,
  IntegrationClientKind,
  Open311SendState,
} from '../schemas/integration.js';

/** What the integration administration API (`/api/integration/…`) answers, for the console. */

export interface IntegrationUnitRef {
  id: string;
  code: string;
  name: string;
}

/** One API key of a client: only its first characters are ever shown again. */
export interface ApiKeyView {
  id: string;
  /** The key's first characters (`cdk_AbCd`), to tell keys apart. */
  prefix: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to issuing a key: the key itself, shown this once. */
export interface IssuedApiKeyView extends ApiKeyView {
  key: string;
}

/** The answer to rotating the signing secret: the secret itself, shown this once. */
export interface IssuedSecretView {
  secret: string;
  rotatedAt: string;
}

/** Another system: who it is, what it may do and where its feedback goes. */
export interface IntegrationClientView {
  id: string;
  name: string;
  kind: IntegrationClientKind;
  unit: IntegrationUnitRef | null;
  channels: CaseChannel[];
  active: boolean;
  description: string;
  callbackUrl: string | null;
  /** Whether an HMAC signing secret is set (signed inbound calls and outbound feedback need one). */
  hasSecret: boolean;
  secretRotatedAt: string | null;
  keys: ApiKeyView[];
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
}

/** One platform category code and the catalogue item it lands in. */
export interface CategoryMappingView {
  externalCode: string;
  label: string;
  category: { id: string; code: string; name: string; pathNames: string[] };
  updatedAt: string;
}

/** Our event, the word the platform hears by default, and the administrator's choice. */
export interface OutboundWordView {
  event: CaseEventName;
  defaultWord: string | null;
  /** undefined in the API: no override (the default applies); null: not fed back. */
  override: string | null | undefined;
  /** What is sent now (null: nothing). */
  word: string | null;
}

export interface StatusMappingsView {
  outbound: OutboundWordView[];
  inbound: Record<string, InboundStatusAction>;
  updatedAt: string | null;
}

export interface WebhookSubscriptionView {
  id: string;
  clientId: string;
  url: string;
  events: CaseEventName[];
  active: boolean;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** Camera thresholds in effect, and where each value comes from. */
export interface CameraSettingsView {
  minConfidence: number;
  mergeWindowMinutes: number;
  /** The stored override of this scope (null: none, the next level applies). */
  override: { minConfidence: number | null; mergeWindowMinutes: number | null };
  /** 'client' (this client's own value), 'global' (the administrator's global value) or 'environment'. */
  source: {
    minConfidence: 'client' | 'global' | 'environment';
    mergeWindowMinutes: 'client' | 'global' | 'environment';
  };
}

/** A unit handled in an external GeoReport v2 system. The api_key is never shown again. */
export interface ExternalUnitView {
  clientId: string;
  unit: IntegrationUnitRef | null;
  endpoint: string;
  hasApiKey: boolean;
  jurisdictionId: string | null;
  serviceCodes: Record<string, string>;
  defaultServiceCode: string | null;
  sendContact: boolean;
  active: boolean;
  lastPulledAt: string | null;
  lastPullError: string | null;
}

/** One signed message to another system (status feedback or a webhook), delivered through the outbox. */
export interface IntegrationDeliveryView {
  id: string;
  clientId: string | null;
  clientName: string | null;
  /** `feedback` (status feedback to the originating platform) or `webhook:<event>`. */
  topic: string;
  url: string;
  caseId: string | null;
  caseNumber: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A case sent to an external unit's GeoReport v2 system: its delivery state, apart from the case's. */
export interface Open311SendView {
  id: string;
  caseId: string;
  caseNumber: string | null;
  clientId: string;
  clientName: string | null;
  sendState: Open311SendState;
  attempts: number;
  nextAttemptAt: string | null;
  externalId: string | null;
  lastError: string | null;
  sentAt: string | null;
  /** The external system's status at the last pull (open, closed). */
  externalStatus: string | null;
  externalUpdatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CameraEventView {
  id: string;
  clientId: string;
  eventId: string;
  cameraId: string;
  eventType: string;
  confidence: number;
  occurredAt: string;
  receivedAt: string;
  /** below_threshold (kept, no case), opened (a new case) or joined (the open case of the same camera and type). */
  outcome: 'below_threshold' | 'opened' | 'joined';
  caseId: string | null;
  caseNumber: string | null;
}

/** The answer to an inbound case from a platform. */
export interface InboundCaseAnswer {
  /** Our case id and number. */
  id: string;
  number: string;
  /** True when this platform id had been received before (nothing new was created). */
  duplicate: boolean;
  /** Whether the platform's category was mapped to a catalogue item (false: waits at the dispatch desk). */
  categoryMapped: boolean;
}

/** The answer to a camera event. */
export interface CameraEventAnswer {
  id: string;
  outcome: CameraEventView['outcome'];
  duplicate: boolean;
  caseId: string | null;
  caseNumber: string | null;
}
