import { z } from 'zod';
import { caseChannels, urgencies } from './case.js';
import { categoryCodeSchema, requestTypes } from './catalogue.js';
import { phoneSchema } from './common.js';

/**
 * Other systems CityDesk talks to (issue 6): who they are, how their words map onto ours, where
 * status feedback and webhooks go. Inputs of the administration API (`/api/integration/…`) and
 * the payloads other systems send to the signed inbound endpoints.
 */

/** What another system is: an Open311 client, a Chinese platform, a camera system, or an external unit's GeoReport server. */
export const integrationClientKinds = ['open311_client', 'platform', 'camera_system', 'external_unit'] as const;
export type IntegrationClientKind = (typeof integrationClientKinds)[number];

/**
 * The case events other systems can be told about (status feedback, webhooks): the audit actions
 * of the lifecycle, plus the deadline sweep's amber/red and supervision notices.
 */
export const caseEventNames = [
  'case.created',
  'case.classified',
  'case.dispatched',
  'case.passed_down',
  'case.reassigned',
  'case.signed',
  'case.returned',
  'case.fed_back',
  'case.replied',
  'case.extension_decided',
  'case.suspended',
  'case.resumed',
  'case.verified',
  'case.visited',
  'case.closed',
  'case.closed_directly',
  'case.rated',
  'case.reopened',
  'case.redone',
  'case.voided',
  'case.merged',
  'case.leader_assigned',
  'case.turned_amber',
  'case.turned_red',
  'case.urged',
  'case.supervised',
] as const;
export type CaseEventName = (typeof caseEventNames)[number];

export function isCaseEventName(value: string): value is CaseEventName {
  return (caseEventNames as readonly string[]).includes(value);
}

/**
 * The words a platform hears for our events unless an administrator maps them otherwise (the
 * 12345 closed loop: 受理 → 派单 → 办理 → 答复 → 办结 → 回访 → 评价). Events without a word here
 * are not fed back by default.
 */
export const defaultFeedbackWords: Readonly<Partial<Record<CaseEventName, string>>> = {
  'case.created': '受理',
  'case.dispatched': '派单',
  'case.passed_down': '派单',
  'case.reassigned': '改派',
  'case.signed': '签收',
  'case.returned': '退回',
  'case.fed_back': '办理',
  'case.replied': '答复',
  'case.suspended': '挂起',
  'case.resumed': '恢复办理',
  'case.closed': '办结',
  'case.closed_directly': '办结',
  'case.visited': '回访',
  'case.rated': '评价',
  'case.reopened': '重办',
  'case.redone': '重办',
  'case.voided': '作废',
  'case.merged': '并案',
};

/** What a platform's own status word does to our case when it reports back. */
export const inboundStatusActions = ['note', 'reopen', 'ignore'] as const;
export type InboundStatusAction = (typeof inboundStatusActions)[number];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const httpUrl = z.string().trim().max(2000).refine(isHttpUrl, { message: 'an http:// or https:// URL' });

const name = z.string().trim().min(1).max(100);
const description = z.string().trim().max(500);

/** `POST /api/integration/clients`: register another system. */
export const integrationClientInputSchema = z.object({
  name,
  kind: z.enum(integrationClientKinds),
  /** The unit the system acts for: its cases are owned (and its data scope is) there. */
  unitId: z.string().min(1).max(64),
  /** Intake channels its cases may use (integration, video_ai, …); none for an external unit. */
  channels: z.array(z.enum(caseChannels)).max(caseChannels.length).default([]),
  active: z.boolean().default(true),
  /** Where status feedback for the cases it sent goes (signed JSON POSTs). */
  callbackUrl: httpUrl.nullable().default(null),
  description: description.default(''),
});
export type IntegrationClientInput = z.infer<typeof integrationClientInputSchema>;

/** `PATCH /api/integration/clients/:id`: any of the fields but the kind. */
export const integrationClientPatchSchema = z
  .object({
    name,
    unitId: z.string().min(1).max(64),
    channels: z.array(z.enum(caseChannels)).max(caseChannels.length),
    active: z.boolean(),
    callbackUrl: httpUrl.nullable(),
    description,
  })
  .partial();
export type IntegrationClientPatch = z.infer<typeof integrationClientPatchSchema>;

/** `POST /api/integration/clients/:id/keys`: a new API key (shown once). */
export const apiKeyIssueSchema = z.object({ label: z.string().trim().max(100).default('') });

/** `PUT /api/integration/clients/:id/category-mappings`: the whole list, replacing the old one. */
export const categoryMappingsInputSchema = z.object({
  items: z
    .array(
      z.object({
        /** The platform's own category code (or a camera system's event type). */
        externalCode: z.string().trim().min(1).max(64),
        /** Our level-3 catalogue item. */
        categoryCode: categoryCodeSchema,
        label: z.string().trim().max(100).default(''),
      }),
    )
    .max(5000)
    .refine((items) => new Set(items.map((i) => i.externalCode)).size === items.length, {
      message: 'each external code once',
    }),
});
export type CategoryMappingsInput = z.infer<typeof categoryMappingsInputSchema>;

/**
 * `PUT /api/integration/clients/:id/status-mappings`: our events → their words (a word replaces
 * the default, null stops feedback for the event, a missing key keeps the default), and their
 * words → what happens to our case.
 */
export const statusMappingsInputSchema = z.object({
  outbound: z.partialRecord(z.enum(caseEventNames), z.string().trim().min(1).max(40).nullable()).default({}),
  inbound: z.record(z.string().trim().min(1).max(40), z.enum(inboundStatusActions)).default({}),
});
export type StatusMappingsInput = z.infer<typeof statusMappingsInputSchema>;

/** `POST /api/integration/clients/:id/subscriptions` (and PATCH with any of the fields). */
export const webhookSubscriptionInputSchema = z.object({
  url: httpUrl,
  events: z
    .array(z.enum(caseEventNames))
    .min(1)
    .max(caseEventNames.length)
    .refine((e) => new Set(e).size === e.length, { message: 'each event once' }),
  active: z.boolean().default(true),
  description: description.default(''),
});
export type WebhookSubscriptionInput = z.infer<typeof webhookSubscriptionInputSchema>;
export const webhookSubscriptionPatchSchema = webhookSubscriptionInputSchema.partial();

/**
 * Camera settings: events below `minConfidence` are kept but open no case; events of one camera
 * and type within `mergeWindowMinutes` of the last one join its open case. null: the global
 * value (for a client) or the environment's (for the global row).
 */
export const cameraSettingsInputSchema = z.object({
  minConfidence: z.number().min(0).max(1).nullable(),
  mergeWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .nullable(),
});
export type CameraSettingsInput = z.infer<typeof cameraSettingsInputSchema>;

/**
 * `PUT /api/integration/clients/:id/external-unit`: a unit handled in an external system that
 * speaks GeoReport v2. `apiKey` absent keeps the stored one; null removes it.
 */
export const externalUnitInputSchema = z.object({
  /** The base URL of their GeoReport v2 endpoint (the part before `/requests.json`). */
  endpoint: httpUrl,
  apiKey: z.string().min(1).max(500).nullable().optional(),
  jurisdictionId: z.string().trim().min(1).max(100).nullable().default(null),
  /** Our catalogue item code → their service_code. */
  serviceCodes: z.record(categoryCodeSchema, z.string().trim().min(1).max(100)).default({}),
  /** Their service_code for items not in `serviceCodes` (null: such cases are not sent). */
  defaultServiceCode: z.string().trim().min(1).max(100).nullable().default(null),
  /** Send the reporter's name and phone (off by default: minimum collection). */
  sendContact: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type ExternalUnitInput = z.infer<typeof externalUnitInputSchema>;

export const integrationDeliveryStatuses = ['pending', 'sending', 'sent', 'dead'] as const;

/** `GET /api/integration/deliveries?status&clientId&limit&offset`. */
export const integrationDeliveryQuerySchema = z.object({
  status: z.enum(integrationDeliveryStatuses).optional(),
  clientId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const open311SendStates = ['unprocessed', 'sending', 'sent', 'failed', 'skipped'] as const;
export type Open311SendState = (typeof open311SendStates)[number];

/** `GET /api/integration/open311-sends?state&clientId&limit&offset`. */
export const open311SendQuerySchema = z.object({
  state: z.enum(open311SendStates).optional(),
  clientId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `GET /api/integration/camera-events?clientId&cameraId&outcome&limit&offset`. */
export const cameraEventQuerySchema = z.object({
  clientId: z.string().min(1).max(64).optional(),
  cameraId: z.string().trim().min(1).max(64).optional(),
  outcome: z.enum(['below_threshold', 'opened', 'joined']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---------------------------------------------------------------------------------------------
// What other systems send (signed with HMAC-SHA256, see docs/api.md)

const point = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** `POST /api/integration/inbound/cases`: a case from another platform (provincial 12345, 12319, petitions). */
export const inboundCaseSchema = z.object({
  /** The platform's own case id: a second delivery with the same id is the same case. */
  caseId: z.string().trim().min(1).max(100),
  /** The platform's category code, mapped to our item per client (unmapped: classified by a dispatcher). */
  category: z.string().trim().min(1).max(64).optional(),
  requestType: z.enum(requestTypes).default('other'),
  title: z.string().trim().max(60).optional(),
  description: z.string().trim().min(1).max(4000),
  location: z
    .object({
      lat: z.number().min(-90).max(90).optional(),
      lon: z.number().min(-180).max(180).optional(),
      address: z.string().trim().max(300).optional(),
    })
    .refine((l) => (l.lat === undefined) === (l.lon === undefined), {
      message: 'give both lat and lon, or neither',
      path: ['lat'],
    })
    .optional(),
  reporter: z.object({ name: z.string().trim().max(40).optional(), phone: phoneSchema.optional() }).default({}),
  urgency: z.enum(urgencies).default('normal'),
  /** When the platform received it. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
export type InboundCaseInput = z.infer<typeof inboundCaseSchema>;

/** `POST /api/integration/inbound/updates`: the platform reports back on a case it sent (a status word and a message). */
export const inboundUpdateSchema = z.object({
  caseId: z.string().trim().min(1).max(100),
  /** The platform's own id of this update: a repeated delivery is applied once (answered as the first). */
  updateId: z.string().trim().min(1).max(100).optional(),
  status: z.string().trim().min(1).max(40),
  message: z.string().trim().max(2000).default(''),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
export type InboundUpdateInput = z.infer<typeof inboundUpdateSchema>;

/** `POST /api/integration/inbound/camera-events`: one event detected by a camera's AI. */
export const cameraEventSchema = z.object({
  /** The camera system's own event id: a repeated delivery is stored once. */
  eventId: z.string().trim().min(1).max(100),
  cameraId: z.string().trim().min(1).max(64),
  /** e.g. 非机动车逆行, 未戴头盔, 占道经营, 暴露垃圾 (mapped to catalogue items like a platform's categories). */
  eventType: z.string().trim().min(1).max(64),
  confidence: z.number().min(0).max(1),
  occurredAt: z.iso.datetime({ offset: true }),
  location: point.extend({ address: z.string().trim().max(300).optional() }),
  /** The snapshot as base64 (JPEG, PNG or WebP; at most 10 MiB decoded). */
  snapshot: z.string().max(14_000_000).optional(),
  description: z.string().trim().max(1000).optional(),
});
export type CameraEventInput = z.infer<typeof cameraEventSchema>;
