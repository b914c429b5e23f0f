import {
  apiKeyIssueSchema,
  cameraEventQuerySchema,
  cameraSettingsInputSchema,
  caseEventNames,
  categoryMappingsInputSchema,
  defaultFeedbackWords,
  externalUnitInputSchema,
  inboundStatusActions,
  integrationClientInputSchema,
  integrationClientKinds,
  integrationClientPatchSchema,
  integrationDeliveryQuerySchema,
  open311SendQuerySchema,
  statusMappingsInputSchema,
  webhookSubscriptionInputSchema,
  webhookSubscriptionPatchSchema,
} from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/guard.js';
import { documented, type RouteDoc } from '../../platform/http/route-doc.js';
import {
  cameraSettingsOf,
  changeSubscription,
  createClient,
  createSubscription,
  getCategoryMappings,
  getClient,
  getExternalUnit,
  getStatusMappings,
  getSubscriptions,
  issueClientKey,
  listCameraEvents,
  listClients,
  listDeliveries,
  listOpen311Sends,
  putCameraSettings,
  putCategoryMappings,
  putExternalUnit,
  putStatusMappings,
  removeSubscription,
  resendDelivery,
  retryOpen311Send,
  revokeClientKey,
  rotateClientSecret,
  updateClient,
} from './integration-admin.service.js';

const id = z.string().min(1).max(64);
const clientParams = z.object({ id });
const keyParams = z.object({ id, keyId: id });
const subscriptionParams = z.object({ id, subscriptionId: id });

/**
 * The administration of other systems for the console (permission integration.manage; every
 * change audited). `worker`, when given, is kicked after a retried send.
 */
export function registerIntegrationAdminRoutes(
  app: FastifyInstance,
  deps: ModuleDeps,
  worker?: { kick(): void },
): void {
  /** Every route here: integration.manage, described for the API document. */
  const doc = (summary: string, extra: Omit<RouteDoc, 'summary' | 'tag' | 'access'> = {}) =>
    documented({ tag: 'integration', access: ['integration.manage'], summary, ...extra });
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps.clock);

  /** The vocabulary the console's forms offer: kinds, events with their default words, inbound actions. */
  app.get(
    '/api/integration/vocabulary',
    doc('Kinds, case events with their default feedback words, inbound actions', {
      returns: 'kinds, events, inboundActions',
    }),
    async () => ({
      kinds: integrationClientKinds,
      events: caseEventNames.map((event) => ({ event, defaultWord: defaultFeedbackWords[event] ?? null })),
      inboundActions: inboundStatusActions,
    }),
  );

  app.get(
    '/api/integration/clients',
    doc('Other systems with their keys and settings', { returns: 'items: IntegrationClientView[]' }),
    async () => ({ items: await listClients(deps.db) }),
  );

  app.post(
    '/api/integration/clients',
    doc('Register another system', {
      body: integrationClientInputSchema,
      status: 201,
      returns: 'IntegrationClientView',
    }),
    async (request, reply) => {
      const input = parseInput(integrationClientInputSchema, request.body);
      return reply.status(201).send(await createClient(deps, ctx(request), input));
    },
  );

  app.get(
    '/api/integration/clients/:id',
    doc('One system', { params: clientParams, returns: 'IntegrationClientView' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return getClient(deps.db, p.id);
    },
  );

  app.patch(
    '/api/integration/clients/:id',
    doc('Change a system (name, unit, channels, active, callback URL)', {
      params: clientParams,
      body: integrationClientPatchSchema,
      returns: 'IntegrationClientView',
    }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return updateClient(deps, ctx(request), p.id, parseInput(integrationClientPatchSchema, request.body));
    },
  );

  app.post(
    '/api/integration/clients/:id/keys',
    doc('Issue an API key (shown once)', {
      params: clientParams,
      body: apiKeyIssueSchema,
      status: 201,
      returns: 'IssuedApiKeyView',
    }),
    async (request, reply) => {
      const p = parseInput(clientParams, request.params);
      const { label } = parseInput(apiKeyIssueSchema, request.body ?? {});
      return reply.status(201).send(await issueClientKey(deps, ctx(request), p.id, label));
    },
  );

  app.post(
    '/api/integration/clients/:id/keys/:keyId/revoke',
    doc('Revoke an API key', { params: keyParams, returns: 'ApiKeyView' }),
    async (request) => {
      const p = parseInput(keyParams, request.params);
      return revokeClientKey(deps, ctx(request), p.id, p.keyId);
    },
  );

  app.post(
    '/api/integration/clients/:id/secret',
    doc('Rotate the HMAC signing secret (shown once)', {
      params: clientParams,
      status: 201,
      returns: 'IssuedSecretView',
    }),
    async (request, reply) => {
      const p = parseInput(clientParams, request.params);
      return reply.status(201).send(await rotateClientSecret(deps, ctx(request), p.id));
    },
  );

  app.get(
    '/api/integration/clients/:id/category-mappings',
    doc('Their category codes → catalogue items', { params: clientParams, returns: 'items: CategoryMappingView[]' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return { items: await getCategoryMappings(deps.db, p.id) };
    },
  );

  app.put(
    '/api/integration/clients/:id/category-mappings',
    doc('Replace the category mapping', {
      params: clientParams,
      body: categoryMappingsInputSchema,
      returns: 'items: CategoryMappingView[]',
    }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      const input = parseInput(categoryMappingsInputSchema, request.body);
      return { items: await putCategoryMappings(deps, ctx(request), p.id, input) };
    },
  );

  app.get(
    '/api/integration/clients/:id/status-mappings',
    doc('Our events → their words, their words → our actions', { params: clientParams, returns: 'StatusMappingsView' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return getStatusMappings(deps.db, p.id);
    },
  );

  app.put(
    '/api/integration/clients/:id/status-mappings',
    doc('Set the status vocabulary', {
      params: clientParams,
      body: statusMappingsInputSchema,
      returns: 'StatusMappingsView',
    }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return putStatusMappings(deps, ctx(request), p.id, parseInput(statusMappingsInputSchema, request.body));
    },
  );

  app.get(
    '/api/integration/clients/:id/subscriptions',
    doc('Webhook subscriptions of a system', { params: clientParams, returns: 'items: WebhookSubscriptionView[]' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return { items: await getSubscriptions(deps.db, p.id) };
    },
  );

  app.post(
    '/api/integration/clients/:id/subscriptions',
    doc('Subscribe a URL to case events', {
      params: clientParams,
      body: webhookSubscriptionInputSchema,
      status: 201,
      returns: 'WebhookSubscriptionView',
    }),
    async (request, reply) => {
      const p = parseInput(clientParams, request.params);
      const input = parseInput(webhookSubscriptionInputSchema, request.body);
      return reply.status(201).send(await createSubscription(deps, ctx(request), p.id, input));
    },
  );

  app.patch(
    '/api/integration/clients/:id/subscriptions/:subscriptionId',
    doc('Change a subscription', {
      params: subscriptionParams,
      body: webhookSubscriptionPatchSchema,
      returns: 'WebhookSubscriptionView',
    }),
    async (request) => {
      const p = parseInput(subscriptionParams, request.params);
      const patch = parseInput(webhookSubscriptionPatchSchema, request.body);
      return changeSubscription(deps, ctx(request), p.id, p.subscriptionId, patch);
    },
  );

  app.delete(
    '/api/integration/clients/:id/subscriptions/:subscriptionId',
    doc('Delete a subscription', { params: subscriptionParams, status: 204 }),
    async (request, reply) => {
      const p = parseInput(subscriptionParams, request.params);
      await removeSubscription(deps, ctx(request), p.id, p.subscriptionId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/integration/camera-settings',
    doc('Global camera thresholds', { returns: 'CameraSettingsView' }),
    async () => cameraSettingsOf(deps.db, deps.config, null),
  );

  app.put(
    '/api/integration/camera-settings',
    doc('Set (null: clear) the global camera thresholds', {
      body: cameraSettingsInputSchema,
      returns: 'CameraSettingsView',
    }),
    async (request) => putCameraSettings(deps, ctx(request), null, parseInput(cameraSettingsInputSchema, request.body)),
  );

  app.get(
    '/api/integration/clients/:id/camera-settings',
    doc('Camera thresholds of a camera system', { params: clientParams, returns: 'CameraSettingsView' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      await getClient(deps.db, p.id);
      return cameraSettingsOf(deps.db, deps.config, p.id);
    },
  );

  app.put(
    '/api/integration/clients/:id/camera-settings',
    doc('Set (null: clear) a camera system’s thresholds', {
      params: clientParams,
      body: cameraSettingsInputSchema,
      returns: 'CameraSettingsView',
    }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return putCameraSettings(deps, ctx(request), p.id, parseInput(cameraSettingsInputSchema, request.body));
    },
  );

  app.get(
    '/api/integration/clients/:id/external-unit',
    doc('The external GeoReport v2 system of a unit', { params: clientParams, returns: 'ExternalUnitView' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return getExternalUnit(deps.db, p.id);
    },
  );

  app.put(
    '/api/integration/clients/:id/external-unit',
    doc('Mark the client’s unit as handled in an external GeoReport v2 system', {
      params: clientParams,
      body: externalUnitInputSchema,
      returns: 'ExternalUnitView',
    }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return putExternalUnit(deps, ctx(request), p.id, parseInput(externalUnitInputSchema, request.body));
    },
  );

  app.get(
    '/api/integration/deliveries',
    doc('Signed messages to other systems (feedback, webhooks) and dead letters', {
      query: integrationDeliveryQuerySchema,
      returns: 'items: IntegrationDeliveryView[], total',
    }),
    async (request) => listDeliveries(deps.db, parseInput(integrationDeliveryQuerySchema, request.query)),
  );

  app.post(
    '/api/integration/deliveries/:id/resend',
    doc('Re-send a dead delivery', { params: clientParams, returns: 'IntegrationDeliveryView' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      return resendDelivery(deps, ctx(request), p.id);
    },
  );

  app.get(
    '/api/integration/open311-sends',
    doc('Cases sent to external GeoReport v2 systems and their send state', {
      query: open311SendQuerySchema,
      returns: 'items: Open311SendView[], total',
    }),
    async (request) => listOpen311Sends(deps.db, parseInput(open311SendQuerySchema, request.query)),
  );

  app.post(
    '/api/integration/open311-sends/:id/retry',
    doc('Send a failed or skipped case again', { params: clientParams, returns: 'Open311SendView' }),
    async (request) => {
      const p = parseInput(clientParams, request.params);
      const view = await retryOpen311Send(deps, ctx(request), p.id);
      worker?.kick();
      return view;
    },
  );

  app.get(
    '/api/integration/camera-events',
    doc('Camera AI events and what became of them', {
      query: cameraEventQuerySchema,
      returns: 'items: CameraEventView[], total',
    }),
    async (request) => listCameraEvents(deps.db, parseInput(cameraEventQuerySchema, request.query)),
  );
}
