import type {
  CameraEventAnswer,
  CameraEventInput,
  CreateCaseInput,
  InboundCaseAnswer,
  InboundCaseInput,
  InboundStatusAction,
  InboundUpdateInput,
  Permission,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { Actor, UseCaseContext } from '../../platform/context.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { apiClientActor, findApiClient, type ApiClientTable } from '../auth/index.js';
import { createCase, findCaseById } from '../intake/index.js';
import { linkAttachments, storeUpload } from '../media/index.js';
import { unitRefsByIds } from '../org/index.js';
import { performAction, reopenByCitizen } from '../workflow/index.js';
import { cameraSettingsOf } from './integration-admin.service.js';
import { withIntakeExtra } from './integration-reactions.js';
import { clientSigningSecret } from './integration-secrets.js';
import {
  findCameraEvent,
  findInboundByExternal,
  findLatestCasedEvent,
  findMappedCategoryId,
  findProfile,
  insertCameraEvent,
} from './integration.repository.js';
import type { CameraEventTable } from './integration.tables.js';
import { checkSignature, clientHeader, signatureHeader, timestampHeader } from './signature.js';
import { inboundActionFor } from './status-map.js';

/**
 * What other platforms and camera systems send: signed with HMAC-SHA256 (signature.ts), checked
 * before anything is parsed or stored, idempotent by the sender's own id.
 */

/** The actor of a client, with the extra permissions a use case of this module grants it. */
export function clientActor(actor: Actor, extra: readonly Permission[]): Actor {
  return { ...actor, permissions: new Set([...actor.permissions, ...extra]) };
}

/**
 * The client a signed request comes from: named by X-CityDesk-Client, active, with a secret,
 * a timestamp within 5 minutes and a signature over the raw body. Anything else is refused
 * (401) before the body is even parsed.
 */
export async function authenticateSigned(
  deps: Pick<ModuleDeps, 'db' | 'clock' | 'signingSecret'>,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  rawBody: Buffer,
): Promise<{ client: ApiClientTable; actor: Actor }> {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const clientId = header(clientHeader)?.trim();
  if (!clientId || clientId.length > 64)
    throw new AppError('SIGNATURE_INVALID', { reason: `no ${clientHeader} header` });
  const client = await findApiClient(deps.db, clientId);
  if (!client || client.active !== 1) throw new AppError('SIGNATURE_INVALID', { reason: 'unknown or inactive client' });
  const secret = await clientSigningSecret(deps.db, deps.signingSecret, clientId);
  if (!secret) throw new AppError('SIGNATURE_INVALID', { reason: 'the client has no signing secret' });
  const check = checkSignature({
    secret,
    body: rawBody,
    timestamp: header(timestampHeader),
    signature: header(signatureHeader),
    now: deps.clock.now(),
  });
  if (!check.ok) {
    throw check.problem === 'expired'
      ? new AppError('SIGNATURE_EXPIRED', { skewSeconds: check.skewSeconds })
      : new AppError('SIGNATURE_INVALID', { reason: check.reason });
  }
  const unit = (await unitRefsByIds(deps.db, [client.unit_id])).get(client.unit_id);
  return { client, actor: apiClientActor(client, unit?.path ?? null) };
}

// ---------------------------------------------------------------------------------------------
// Cases from platforms

/**
 * A case another platform sends. The same platform id twice is one case (the second answer says
 * duplicate); the platform's category becomes our item by the client's mapping, and an unmapped
 * one leaves the case waiting at the dispatch desk for a person to classify — never dropped.
 */
export async function receivePlatformCase(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  client: ApiClientTable,
  input: InboundCaseInput,
): Promise<{ answer: InboundCaseAnswer; created: boolean }> {
  /** The answer for a platform id received before: its case, unchanged. */
  const duplicateOf = async (caseId: string): Promise<InboundCaseAnswer> => {
    const row = await findCaseById(deps.db, caseId);
    if (!row) throw new Error(`case ${caseId} of an inbound link is missing`);
    return { id: row.id, number: row.number, duplicate: true, categoryMapped: row.category_id !== null };
  };
  const existing = await findInboundByExternal(deps.db, client.id, input.caseId);
  if (existing) return { answer: await duplicateOf(existing.case_id), created: false };
  const categoryId = input.category ? await findMappedCategoryId(deps.db, client.id, input.category) : undefined;
  const caseInput: CreateCaseInput = {
    channel: 'integration',
    requestType: input.requestType,
    ...(input.title ? { title: input.title } : {}),
    description: input.description,
    ...(categoryId ? { categoryId } : {}),
    ...(input.location ? { location: input.location } : {}),
    reporter: {
      ...(input.reporter.name ? { name: input.reporter.name } : {}),
      ...(input.reporter.phone ? { phone: input.reporter.phone } : {}),
      anonymous: false,
    },
    extraAnswers: {},
    attachmentIds: [],
    tags: [],
    urgency: input.urgency,
    externalRef: input.caseId,
  };
  const own = withIntakeExtra(ctx, {
    kind: 'platform',
    clientId: client.id,
    externalId: input.caseId,
    externalCategory: input.category ?? null,
    mapped: categoryId !== undefined,
  });
  try {
    const created = await createCase(deps, own, caseInput);
    return {
      answer: { id: created.id, number: created.number, duplicate: false, categoryMapped: categoryId !== undefined },
      created: true,
    };
  } catch (error) {
    // The same platform id sent twice at once: the other request's case won the unique link.
    if (error instanceof AppError && error.code === 'CONFLICT') {
      const winner = await findInboundByExternal(deps.db, client.id, input.caseId);
      if (winner) return { answer: await duplicateOf(winner.case_id), created: false };
    }
    throw error;
  }
}

/**
 * A platform reports back on a case it sent: its status word decides (by the client's mapping)
 * whether it becomes an internal note, reopens the case, or is only recorded.
 */
export async function receivePlatformUpdate(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  client: ApiClientTable,
  input: InboundUpdateInput,
): Promise<{ caseId: string; number: string; action: InboundStatusAction }> {
  const link = await findInboundByExternal(deps.db, client.id, input.caseId);
  const row = link ? await findCaseById(deps.db, link.case_id) : undefined;
  if (!link || !row)
    throw new AppError('NOT_FOUND', { caseId: input.caseId, reason: 'this platform sent no case with this id' });
  const profile = await findProfile(deps.db, client.id);
  const action = inboundActionFor(
    input.status,
    JSON.parse(profile?.inbound_words ?? '{}') as Record<string, InboundStatusAction>,
  );
  const text = `【${client.name}·${input.status}】${input.message}`.trim();
  if (action === 'note') {
    await performAction(deps, { ...ctx, actor: clientActor(ctx.actor, ['case.note']) }, row.id, 'note', {
      body: text.slice(0, 4000),
    });
  } else if (action === 'reopen') {
    await reopenByCitizen(deps, ctx, row, text.slice(0, 1000));
  } else {
    await transact(deps.db, (trx) =>
      recordAudit(trx, ctx, {
        action: 'case.platform_status_received',
        subjectType: 'case',
        subjectId: row.id,
        after: { platform: client.name, status: input.status, action },
        reason: input.message || null,
      }),
    );
  }
  return { caseId: row.id, number: row.number, action };
}

// ---------------------------------------------------------------------------------------------
// Camera AI events

/** One chain per camera and event type: two events at once never both open a case. */
const cameraChains = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = cameraChains.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const tail = next.catch(() => undefined);
  cameraChains.set(key, tail);
  void tail.then(() => {
    if (cameraChains.get(key) === tail) cameraChains.delete(key);
  });
  return next;
}

function decodeSnapshot(text: string): Buffer {
  const clean = text.replace(/^data:[^;,]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'snapshot', reason: 'not base64' }] });
  }
  return Buffer.from(clean, 'base64');
}

/**
 * A camera's AI event. Below the confidence threshold it is kept and opens no case (nor keeps the
 * snapshot: minimum collection). Otherwise it joins the open case of the last event of the same
 * camera and type within the merge window, or opens a case (channel video_ai, the event type
 * mapped to an item like a platform's category). A repeated event id is stored once.
 */
export async function receiveCameraEvent(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  client: ApiClientTable,
  input: CameraEventInput,
): Promise<CameraEventAnswer> {
  const key = `${client.id}\n${input.cameraId}\n${input.eventType}`;
  return serialised(key, () => handleCameraEvent(deps, ctx, client, input));
}

async function answerOf(deps: ModuleDeps, row: CameraEventTable, duplicate: boolean): Promise<CameraEventAnswer> {
  const c = row.case_id ? await findCaseById(deps.db, row.case_id) : undefined;
  return {
    id: row.id,
    outcome: row.outcome as CameraEventAnswer['outcome'],
    duplicate,
    caseId: row.case_id,
    caseNumber: c?.number ?? null,
  };
}

async function handleCameraEvent(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  client: ApiClientTable,
  input: CameraEventInput,
): Promise<CameraEventAnswer> {
  const seen = await findCameraEvent(deps.db, client.id, input.eventId);
  if (seen) return answerOf(deps, seen, true);
  const settings = await cameraSettingsOf(deps.db, deps.config, client.id);
  const now = ctx.clock.now();
  const occurredAt = toDbTime(new Date(input.occurredAt));
  const base: Omit<CameraEventTable, 'case_id' | 'outcome'> = {
    id: newId(now.getTime()),
    client_id: client.id,
    event_id: input.eventId,
    camera_id: input.cameraId,
    event_type: input.eventType,
    confidence: input.confidence,
    occurred_at: occurredAt,
    received_at: toDbTime(now),
    lat: input.location.lat,
    lon: input.location.lon,
    address: input.location.address ?? null,
    attachment_id: null,
  };
  if (input.confidence < settings.minConfidence) {
    const row: CameraEventTable = { ...base, case_id: null, outcome: 'below_threshold' };
    await transact(deps.db, (trx) => insertCameraEvent(trx, row));
    return answerOf(deps, row, false);
  }
  const snapshot = input.snapshot
    ? await storeUpload(deps.db, ctx, deps.config.dataDir, decodeSnapshot(input.snapshot), { purpose: 'report' })
    : null;
  const withSnapshot = { ...base, attachment_id: snapshot?.id ?? null };

  const since = toDbTime(new Date(Date.parse(occurredAt) - settings.mergeWindowMinutes * 60_000));
  const last =
    settings.mergeWindowMinutes > 0
      ? await findLatestCasedEvent(deps.db, {
          clientId: client.id,
          cameraId: input.cameraId,
          eventType: input.eventType,
          since,
        })
      : undefined;
  const target = last?.case_id ? await findCaseById(deps.db, last.case_id) : undefined;
  if (target && (target.status === 'open' || target.status === 'suspended')) {
    const row: CameraEventTable = { ...withSnapshot, case_id: target.id, outcome: 'joined' };
    await transact(deps.db, async (trx) => {
      await insertCameraEvent(trx, row);
      if (snapshot) await linkAttachments(trx, ctx, [snapshot.id], { caseId: target.id, isPublic: false });
      await recordAudit(trx, ctx, {
        action: 'case.camera_event_joined',
        subjectType: 'case',
        subjectId: target.id,
        after: {
          cameraId: input.cameraId,
          eventType: input.eventType,
          confidence: input.confidence,
          occurredAt,
          outcome: 'joined',
        },
      });
    });
    return answerOf(deps, row, false);
  }

  const categoryId = await findMappedCategoryId(deps.db, client.id, input.eventType);
  const percent = Math.round(input.confidence * 100);
  const description = [
    `摄像头 ${input.cameraId} 智能识别：${input.eventType}（置信度 ${percent}%）`,
    input.description ?? '',
  ]
    .filter(Boolean)
    .join('。');
  const caseInput: CreateCaseInput = {
    channel: 'video_ai',
    requestType: 'report',
    title: input.eventType.slice(0, 60),
    description: description.slice(0, 4000),
    ...(categoryId ? { categoryId } : {}),
    location: {
      lat: input.location.lat,
      lon: input.location.lon,
      ...(input.location.address ? { address: input.location.address } : {}),
    },
    reporter: { anonymous: false },
    extraAnswers: {},
    attachmentIds: snapshot ? [snapshot.id] : [],
    tags: [],
    urgency: 'normal',
  };
  const created = await createCase(deps, withIntakeExtra(ctx, { kind: 'camera', event: withSnapshot }), caseInput);
  return {
    id: withSnapshot.id,
    outcome: 'opened',
    duplicate: false,
    caseId: created.id,
    caseNumber: created.number,
  };
}
