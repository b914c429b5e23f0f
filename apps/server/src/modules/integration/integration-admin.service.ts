import {
  caseEventNames,
  defaultFeedbackWords,
  type CameraEventView,
  type CameraSettingsInput,
  type CameraSettingsView,
  type CaseChannel,
  type CategoryMappingView,
  type CategoryMappingsInput,
  type ExternalUnitInput,
  type ExternalUnitView,
  type FieldIssue,
  type InboundStatusAction,
  type IntegrationClientInput,
  type IntegrationClientKind,
  type IntegrationClientPatch,
  type IntegrationClientView,
  type IntegrationDeliveryView,
  type IntegrationUnitRef,
  type IssuedApiKeyView,
  type IssuedSecretView,
  type Open311SendView,
  type StatusMappingsInput,
  type StatusMappingsView,
  type WebhookSubscriptionInput,
  type WebhookSubscriptionView,
} from '@citydesk/shared';
import type { Config } from '../../config.js';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import {
  findApiClient,
  insertApiClient,
  issueApiKey,
  listApiClients,
  listApiKeys,
  revokeApiKey,
  updateApiClient,
  type ApiClientTable,
} from '../auth/index.js';
import { categoryNamesByIds, getCategoryItemByCode } from '../catalogue/index.js';
import { findCasesByIds } from '../intake/index.js';
import { getOutboxMessage, retryDeadMessage, searchOutboxMessages } from '../notification/index.js';
import { unitRefsByIds } from '../org/index.js';
import {
  ensureProfile,
  findExternalUnitByClient,
  findProfile,
  findProfiles,
  findSend,
  findSetting,
  findSubscription,
  deleteSetting,
  deleteSubscription,
  insertSubscription,
  listCategoryMappings,
  listSubscriptions,
  replaceCategoryMappings,
  searchCameraEvents,
  searchSends,
  updateProfile,
  updateSend,
  updateSubscription,
  upsertExternalUnit,
  upsertSetting,
} from './integration.repository.js';
import type { IntegrationCategoryMapTable, IntegrationClientTable } from './integration.tables.js';
import { integrationSecretKey } from './integration-secrets.js';
import {
  presentCameraEvent,
  presentClient,
  presentDelivery,
  presentExternalUnit,
  presentKey,
  presentSend,
  presentSubscription,
} from './integration.presenter.js';
import { newSigningSecret, sealSecret } from './secret-box.js';

/**
 * The administration of other systems (permission integration.manage): clients and their keys,
 * secrets, mappings, subscriptions, camera settings, external units, and the deliveries and
 * sends with their retries. Every write is audited in its transaction; secrets and keys are
 * returned once and never stored or logged in clear.
 */

/** Channels a new client may use when the administrator names none. */
const defaultChannels: Record<IntegrationClientKind, CaseChannel[]> = {
  open311_client: ['integration'],
  platform: ['integration'],
  camera_system: ['video_ai'],
  external_unit: [],
};

async function unitRef(db: DbOrTrx, unitId: string): Promise<IntegrationUnitRef | null> {
  const u = (await unitRefsByIds(db, [unitId])).get(unitId);
  return u ? { id: u.id, code: u.code, name: u.name } : null;
}

async function requireClient(db: DbOrTrx, id: string): Promise<ApiClientTable> {
  const client = await findApiClient(db, id);
  if (!client) throw new AppError('NOT_FOUND', { clientId: id });
  return client;
}

/** Every client with its keys and settings, by name. */
export async function listClients(db: Db): Promise<IntegrationClientView[]> {
  const clients = await listApiClients(db);
  const ids = clients.map((c) => c.id);
  const [profiles, keys, units] = await Promise.all([
    findProfiles(db, ids),
    listApiKeys(db, ids),
    unitRefsByIds(
      db,
      clients.map((c) => c.unit_id),
    ),
  ]);
  const byClient = new Map(profiles.map((p) => [p.client_id, p]));
  return clients.map((c) => {
    const u = units.get(c.unit_id);
    return presentClient(
      c,
      byClient.get(c.id),
      keys.filter((k) => k.client_id === c.id),
      u ? { id: u.id, code: u.code, name: u.name } : null,
    );
  });
}

export async function getClient(db: DbOrTrx, id: string): Promise<IntegrationClientView> {
  const client = await requireClient(db, id);
  const [profile, keys, unit] = await Promise.all([
    findProfile(db, id),
    listApiKeys(db, [id]),
    unitRef(db, client.unit_id),
  ]);
  return presentClient(client, profile, keys, unit);
}

/** Registers another system with its settings row (audited by auth and here). */
export async function createClient(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  input: IntegrationClientInput,
): Promise<IntegrationClientView> {
  return transact(deps.db, async (trx) => {
    const client = await insertApiClient(trx, ctx, {
      name: input.name,
      kind: input.kind,
      unitId: input.unitId,
      channels: input.channels.length > 0 ? input.channels : defaultChannels[input.kind],
      active: input.active,
      description: input.description,
    });
    const now = toDbTime(ctx.clock.now());
    await ensureProfile(trx, client.id, now);
    if (input.callbackUrl !== null) await updateProfile(trx, client.id, { callback_url: input.callbackUrl });
    await recordAudit(trx, ctx, {
      action: 'integration_client.configured',
      subjectType: 'api_client',
      subjectId: client.id,
      after: { callbackUrl: input.callbackUrl },
    });
    return getClient(trx, client.id);
  });
}

export async function updateClient(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  id: string,
  patch: IntegrationClientPatch,
): Promise<IntegrationClientView> {
  return transact(deps.db, async (trx) => {
    const { callbackUrl, ...identity } = patch;
    await requireClient(trx, id);
    if (Object.keys(identity).length > 0) {
      await updateApiClient(trx, ctx, id, {
        ...(identity.name !== undefined ? { name: identity.name } : {}),
        ...(identity.unitId !== undefined ? { unitId: identity.unitId } : {}),
        ...(identity.channels !== undefined ? { channels: identity.channels } : {}),
        ...(identity.active !== undefined ? { active: identity.active } : {}),
        ...(identity.description !== undefined ? { description: identity.description } : {}),
      });
    }
    if (callbackUrl !== undefined) {
      const now = toDbTime(ctx.clock.now());
      const profile = await ensureProfile(trx, id, now);
      await updateProfile(trx, id, { callback_url: callbackUrl, updated_at: now });
      await recordAudit(trx, ctx, {
        action: 'integration_client.configured',
        subjectType: 'api_client',
        subjectId: id,
        before: { callbackUrl: profile.callback_url },
        after: { callbackUrl },
      });
    }
    return getClient(trx, id);
  });
}

export async function issueClientKey(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  id: string,
  label: string,
): Promise<IssuedApiKeyView> {
  return transact(deps.db, async (trx) => {
    const { key, row } = await issueApiKey(trx, ctx, id, label);
    return { ...presentKey(row), key };
  });
}

export async function revokeClientKey(deps: ModuleDeps, ctx: UseCaseContext, id: string, keyId: string) {
  return transact(deps.db, async (trx) => presentKey(await revokeApiKey(trx, ctx, id, keyId)));
}

/** A new HMAC signing secret for a client, replacing the old one at once; shown only in this answer. */
export async function rotateClientSecret(deps: ModuleDeps, ctx: UseCaseContext, id: string): Promise<IssuedSecretView> {
  const secret = newSigningSecret();
  const sealed = sealSecret(integrationSecretKey(deps.signingSecret), secret);
  return transact(deps.db, async (trx) => {
    await requireClient(trx, id);
    const now = toDbTime(ctx.clock.now());
    const before = await ensureProfile(trx, id, now);
    await updateProfile(trx, id, { secret_cipher: sealed, secret_rotated_at: now, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'integration_client.secret_rotated',
      subjectType: 'api_client',
      subjectId: id,
      before: { hadSecret: before.secret_cipher !== null, rotatedAt: before.secret_rotated_at },
      after: { rotatedAt: now },
    });
    return { secret, rotatedAt: now };
  });
}

// ---------------------------------------------------------------------------------------------
// Category and status mappings

async function presentMappings(
  db: DbOrTrx,
  rows: readonly IntegrationCategoryMapTable[],
): Promise<CategoryMappingView[]> {
  const names = await categoryNamesByIds(
    db,
    rows.map((r) => r.category_id),
  );
  return rows.flatMap((r) => {
    const c = names.get(r.category_id);
    return c
      ? [
          {
            externalCode: r.external_code,
            label: r.label,
            category: { id: c.id, code: c.code, name: c.name, pathNames: c.pathNames },
            updatedAt: r.updated_at,
          },
        ]
      : [];
  });
}

export async function getCategoryMappings(db: Db, id: string): Promise<CategoryMappingView[]> {
  await requireClient(db, id);
  return presentMappings(db, await listCategoryMappings(db, id));
}

/** Replaces a client's whole category mapping; every unknown item code is named, and nothing changes then. */
export async function putCategoryMappings(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  id: string,
  input: CategoryMappingsInput,
): Promise<CategoryMappingView[]> {
  await requireClient(deps.db, id);
  const problems: FieldIssue[] = [];
  const itemIds = new Map<string, string>();
  for (const [index, item] of input.items.entries()) {
    if (itemIds.has(item.categoryCode)) continue;
    const found = await getCategoryItemByCode(deps.db, item.categoryCode);
    if (!found || !found.active) {
      problems.push({
        field: `items.${index}.categoryCode`,
        reason: 'no active level-3 catalogue item with this code',
      });
    } else itemIds.set(item.categoryCode, found.id);
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const now = toDbTime(ctx.clock.now());
  return transact(deps.db, async (trx) => {
    const before = await listCategoryMappings(trx, id);
    const rows: IntegrationCategoryMapTable[] = input.items.map((item) => ({
      client_id: id,
      external_code: item.externalCode,
      category_id: itemIds.get(item.categoryCode) ?? '',
      label: item.label,
      updated_at: now,
    }));
    await replaceCategoryMappings(trx, id, rows);
    await recordAudit(trx, ctx, {
      action: 'integration_client.categories_mapped',
      subjectType: 'api_client',
      subjectId: id,
      before: { count: before.length },
      after: { count: rows.length, codes: input.items.map((i) => `${i.externalCode}→${i.categoryCode}`).slice(0, 200) },
    });
    return presentMappings(trx, rows);
  });
}

const parseWords = <T>(text: string): Record<string, T> => JSON.parse(text) as Record<string, T>;

function presentStatusMappings(profile: IntegrationClientTable | undefined): StatusMappingsView {
  const outbound = parseWords<string | null>(profile?.outbound_words ?? '{}');
  return {
    outbound: caseEventNames.map((event) => {
      const defaultWord = defaultFeedbackWords[event] ?? null;
      const has = Object.prototype.hasOwnProperty.call(outbound, event);
      return {
        event,
        defaultWord,
        override: has ? (outbound[event] ?? null) : undefined,
        word: has ? (outbound[event] ?? null) : defaultWord,
      };
    }),
    inbound: parseWords<InboundStatusAction>(profile?.inbound_words ?? '{}'),
    updatedAt: profile?.updated_at ?? null,
  };
}

export async function getStatusMappings(db: Db, id: string): Promise<StatusMappingsView> {
  await requireClient(db, id);
  return presentStatusMappings(await findProfile(db, id));
}

export async function putStatusMappings(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  id: string,
  input: StatusMappingsInput,
): Promise<StatusMappingsView> {
  return transact(deps.db, async (trx) => {
    await requireClient(trx, id);
    const now = toDbTime(ctx.clock.now());
    const before = await ensureProfile(trx, id, now);
    const outbound = JSON.stringify(input.outbound);
    const inbound = JSON.stringify(input.inbound);
    await updateProfile(trx, id, { outbound_words: outbound, inbound_words: inbound, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'integration_client.statuses_mapped',
      subjectType: 'api_client',
      subjectId: id,
      before: {
        outbound: JSON.parse(before.outbound_words) as unknown,
        inbound: JSON.parse(before.inbound_words) as unknown,
      },
      after: { outbound: input.outbound, inbound: input.inbound },
    });
    return presentStatusMappings(await findProfile(trx, id));
  });
}

// ---------------------------------------------------------------------------------------------
// Webhook subscriptions

export async function getSubscriptions(db: Db, id: string): Promise<WebhookSubscriptionView[]> {
  await requireClient(db, id);
  return (await listSubscriptions(db, id)).map(presentSubscription);
}

export async function createSubscription(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  clientId: string,
  input: WebhookSubscriptionInput,
): Promise<WebhookSubscriptionView> {
  return transact(deps.db, async (trx) => {
    await requireClient(trx, clientId);
    const now = toDbTime(ctx.clock.now());
    const row = {
      id: newId(ctx.clock.now().getTime()),
      client_id: clientId,
      url: input.url,
      events: JSON.stringify(input.events),
      active: input.active ? 1 : 0,
      description: input.description,
      created_at: now,
      updated_at: now,
    };
    await insertSubscription(trx, row);
    await recordAudit(trx, ctx, {
      action: 'webhook_subscription.created',
      subjectType: 'webhook_subscription',
      subjectId: row.id,
      after: { clientId, url: input.url, events: input.events, active: input.active },
    });
    return presentSubscription(row);
  });
}

async function requireSubscription(trx: Trx, clientId: string, id: string) {
  const row = await findSubscription(trx, id);
  if (!row || row.client_id !== clientId) throw new AppError('NOT_FOUND', { subscriptionId: id });
  return row;
}

export async function changeSubscription(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  clientId: string,
  id: string,
  patch: Partial<WebhookSubscriptionInput>,
): Promise<WebhookSubscriptionView> {
  return transact(deps.db, async (trx) => {
    const before = await requireSubscription(trx, clientId, id);
    const changes = {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: JSON.stringify(patch.events) } : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      updated_at: toDbTime(ctx.clock.now()),
    };
    await updateSubscription(trx, id, changes);
    const after = { ...before, ...changes };
    await recordAudit(trx, ctx, {
      action: 'webhook_subscription.updated',
      subjectType: 'webhook_subscription',
      subjectId: id,
      before: presentSubscription(before),
      after: presentSubscription(after),
    });
    return presentSubscription(after);
  });
}

export async function removeSubscription(deps: ModuleDeps, ctx: UseCaseContext, clientId: string, id: string) {
  await transact(deps.db, async (trx) => {
    const before = await requireSubscription(trx, clientId, id);
    await deleteSubscription(trx, id);
    await recordAudit(trx, ctx, {
      action: 'webhook_subscription.deleted',
      subjectType: 'webhook_subscription',
      subjectId: id,
      before: presentSubscription(before),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Camera settings: client → global (administrator) → environment

const globalKeys = { minConfidence: 'camera.min_confidence', mergeWindowMinutes: 'camera.merge_window_minutes' };

export interface CameraSettings {
  minConfidence: number;
  mergeWindowMinutes: number;
}

/** The camera thresholds in effect for a client (or globally when `clientId` is null). */
export async function cameraSettingsOf(
  db: DbOrTrx,
  config: Pick<Config, 'integration'>,
  clientId: string | null,
): Promise<CameraSettingsView> {
  const [globalMin, globalWindow, profile] = await Promise.all([
    findSetting(db, globalKeys.minConfidence),
    findSetting(db, globalKeys.mergeWindowMinutes),
    clientId ? findProfile(db, clientId) : Promise.resolve(undefined),
  ]);
  const pick = (own: number | null | undefined, global: string | undefined, env: number) =>
    own !== null && own !== undefined
      ? { value: Number(own), source: 'client' as const }
      : global !== undefined
        ? { value: Number(global), source: 'global' as const }
        : { value: env, source: 'environment' as const };
  const min = pick(profile?.camera_min_confidence, globalMin, config.integration.cameraMinConfidence);
  const window = pick(profile?.camera_merge_minutes, globalWindow, config.integration.cameraMergeWindowMinutes);
  return {
    minConfidence: min.value,
    mergeWindowMinutes: window.value,
    override: clientId
      ? {
          minConfidence: profile?.camera_min_confidence ?? null,
          mergeWindowMinutes: profile?.camera_merge_minutes ?? null,
        }
      : {
          minConfidence: globalMin === undefined ? null : Number(globalMin),
          mergeWindowMinutes: globalWindow === undefined ? null : Number(globalWindow),
        },
    source: { minConfidence: min.source, mergeWindowMinutes: window.source },
  };
}

/** Sets (or with null clears) the camera thresholds of a client, or the global ones. */
export async function putCameraSettings(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  clientId: string | null,
  input: CameraSettingsInput,
): Promise<CameraSettingsView> {
  await transact(deps.db, async (trx) => {
    const before = await cameraSettingsOf(trx, deps.config, clientId);
    const now = toDbTime(ctx.clock.now());
    if (clientId) {
      await requireClient(trx, clientId);
      await ensureProfile(trx, clientId, now);
      await updateProfile(trx, clientId, {
        camera_min_confidence: input.minConfidence,
        camera_merge_minutes: input.mergeWindowMinutes,
        updated_at: now,
      });
    } else {
      for (const [key, value] of [
        [globalKeys.minConfidence, input.minConfidence],
        [globalKeys.mergeWindowMinutes, input.mergeWindowMinutes],
      ] as const) {
        if (value === null) await deleteSetting(trx, key);
        else await upsertSetting(trx, { key, value: String(value), updated_at: now, updated_by: ctx.actor.username });
      }
    }
    await recordAudit(trx, ctx, {
      action: 'integration.camera_settings_changed',
      subjectType: clientId ? 'api_client' : 'integration_setting',
      subjectId: clientId ?? 'camera',
      before: before.override,
      after: input,
    });
  });
  return cameraSettingsOf(deps.db, deps.config, clientId);
}

// ---------------------------------------------------------------------------------------------
// External GeoReport v2 units

export async function getExternalUnit(db: Db, clientId: string): Promise<ExternalUnitView> {
  const client = await requireClient(db, clientId);
  const row = await findExternalUnitByClient(db, clientId);
  if (!row) throw new AppError('NOT_FOUND', { clientId, reason: 'no external unit is configured for this client' });
  return presentExternalUnit(row, await unitRef(db, client.unit_id));
}

/**
 * Marks the client's unit as handled in an external GeoReport v2 system: cases dispatched to that
 * unit are posted there and its updates pulled back. Only clients of kind external_unit.
 */
export async function putExternalUnit(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  clientId: string,
  input: ExternalUnitInput,
): Promise<ExternalUnitView> {
  const client = await requireClient(deps.db, clientId);
  if (client.kind !== 'external_unit') {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'kind', reason: 'only a client of kind external_unit stands for an external system' }],
    });
  }
  const problems: FieldIssue[] = [];
  for (const code of Object.keys(input.serviceCodes)) {
    if (!(await getCategoryItemByCode(deps.db, code))) {
      problems.push({ field: `serviceCodes.${code}`, reason: 'no level-3 catalogue item with this code' });
    }
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  await transact(deps.db, async (trx) => {
    const before = await findExternalUnitByClient(trx, clientId);
    const now = toDbTime(ctx.clock.now());
    const apiKeyCipher =
      input.apiKey === undefined
        ? (before?.api_key_cipher ?? null)
        : input.apiKey === null
          ? null
          : sealSecret(integrationSecretKey(deps.signingSecret), input.apiKey);
    await upsertExternalUnit(trx, {
      client_id: clientId,
      unit_id: client.unit_id,
      endpoint: input.endpoint.replace(/\/+$/, ''),
      api_key_cipher: apiKeyCipher,
      jurisdiction_id: input.jurisdictionId,
      service_codes: JSON.stringify(input.serviceCodes),
      default_service_code: input.defaultServiceCode,
      send_contact: input.sendContact ? 1 : 0,
      active: input.active ? 1 : 0,
      last_pulled_at: before?.last_pulled_at ?? null,
      last_pull_error: before?.last_pull_error ?? null,
      updated_at: now,
    });
    const shown = {
      endpoint: input.endpoint,
      jurisdictionId: input.jurisdictionId,
      serviceCodes: input.serviceCodes,
      defaultServiceCode: input.defaultServiceCode,
      sendContact: input.sendContact,
      active: input.active,
      hasApiKey: apiKeyCipher !== null,
    };
    await recordAudit(trx, ctx, {
      action: 'external_unit.configured',
      subjectType: 'api_client',
      subjectId: clientId,
      before: before
        ? {
            endpoint: before.endpoint,
            jurisdictionId: before.jurisdiction_id,
            serviceCodes: JSON.parse(before.service_codes) as unknown,
            defaultServiceCode: before.default_service_code,
            sendContact: before.send_contact === 1,
            active: before.active === 1,
            hasApiKey: before.api_key_cipher !== null,
          }
        : null,
      after: shown,
    });
  });
  return getExternalUnit(deps.db, clientId);
}

// ---------------------------------------------------------------------------------------------
// Deliveries (outbox), sends to external systems, camera events

async function clientNamesOf(db: DbOrTrx): Promise<Map<string, string>> {
  return new Map((await listApiClients(db)).map((c) => [c.id, c.name]));
}

async function caseNumbersOf(db: DbOrTrx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map((await findCasesByIds(db, wanted)).map((c) => [c.id, c.number]));
}

/** Signed messages to other systems (status feedback, webhooks), newest first. */
export async function listDeliveries(
  db: Db,
  q: { status?: string | undefined; clientId?: string | undefined; limit: number; offset: number },
): Promise<{ items: IntegrationDeliveryView[]; total: number }> {
  const names = await clientNamesOf(db);
  const subjects = q.clientId ? [q.clientId] : [...names.keys()];
  const { rows, total } = await searchOutboxMessages(db, {
    channel: 'webhook',
    subjects,
    status: q.status as never,
    limit: q.limit,
    offset: q.offset,
  });
  const numbers = await caseNumbersOf(
    db,
    rows.map((r) => r.case_id),
  );
  return { items: rows.map((r) => presentDelivery(r, names, numbers)), total };
}

/** Re-sends a dead delivery (back to the queue with its attempts reset, audited). */
export async function resendDelivery(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  id: string,
): Promise<IntegrationDeliveryView> {
  const row = await getOutboxMessage(deps.db, id);
  if (!row || row.channel !== 'webhook' || !row.subject || !(await findApiClient(deps.db, row.subject))) {
    throw new AppError('NOT_FOUND', { deliveryId: id });
  }
  await retryDeadMessage(deps.db, ctx, id);
  const after = await getOutboxMessage(deps.db, id);
  if (!after) throw new Error(`delivery ${id} vanished while being re-sent`);
  return presentDelivery(after, await clientNamesOf(deps.db), await caseNumbersOf(deps.db, [after.case_id]));
}

export async function listOpen311Sends(
  db: Db,
  q: { state?: string | undefined; clientId?: string | undefined; limit: number; offset: number },
): Promise<{ items: Open311SendView[]; total: number }> {
  const { rows, total } = await searchSends(db, q);
  const [names, numbers] = await Promise.all([
    clientNamesOf(db),
    caseNumbersOf(
      db,
      rows.map((r) => r.case_id),
    ),
  ]);
  return { items: rows.map((r) => presentSend(r, names, numbers)), total };
}

/** Sends a failed (or skipped) case to its external system again, from the first attempt. */
export async function retryOpen311Send(deps: ModuleDeps, ctx: UseCaseContext, id: string): Promise<Open311SendView> {
  return transact(deps.db, async (trx) => {
    const row = await findSend(trx, id);
    if (!row) throw new AppError('NOT_FOUND', { sendId: id });
    if (row.send_state !== 'failed' && row.send_state !== 'skipped') {
      throw new AppError('CONFLICT', {
        sendId: id,
        sendState: row.send_state,
        reason: 'only a failed or skipped send is retried',
      });
    }
    const now = toDbTime(ctx.clock.now());
    await updateSend(trx, id, { send_state: 'unprocessed', attempts: 0, next_attempt_at: now, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'case.external_send_retried',
      subjectType: 'case',
      subjectId: row.case_id,
      before: { sendState: row.send_state, attempts: Number(row.attempts), lastError: row.last_error },
      after: { sendState: 'unprocessed', attempts: 0 },
    });
    const after = await findSend(trx, id);
    if (!after) throw new Error(`send ${id} vanished`);
    return presentSend(after, await clientNamesOf(trx), await caseNumbersOf(trx, [after.case_id]));
  });
}

export async function listCameraEvents(
  db: Db,
  q: {
    clientId?: string | undefined;
    cameraId?: string | undefined;
    outcome?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: CameraEventView[]; total: number }> {
  const { rows, total } = await searchCameraEvents(db, q);
  const numbers = await caseNumbersOf(
    db,
    rows.map((r) => r.case_id),
  );
  return { items: rows.map((r) => presentCameraEvent(r, numbers)), total };
}
