import { isCaseEventName } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Trx } from '../../platform/db/connect.js';
import { afterCommit } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import type { DomainEvent } from '../../platform/events/domain-events.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { findApiClient } from '../auth/index.js';
import { categoryNamesByIds } from '../catalogue/index.js';
import { assignmentsOfCase, activeStatuses } from '../dispatch/index.js';
import { findCaseById, isCaseInScope, type CaseRecordTable } from '../intake/index.js';
import { enqueueWebhook } from '../notification/index.js';
import { unitRefsByIds } from '../org/index.js';
import { entriesOfCase } from '../workflow/index.js';
import { feedbackBody, webhookBody, type CaseFacts } from './integration-messages.js';
import {
  findActiveExternalUnits,
  findInboundByCase,
  findProfile,
  findSendOfCase,
  insertCameraEvent,
  insertInboundCase,
  insertOpen311Request,
  insertSend,
  listActiveSubscriptions,
  updateSend,
} from './integration.repository.js';
import type { CameraEventTable } from './integration.tables.js';
import { feedbackWordFor } from './status-map.js';

/**
 * What the integration module does inside other modules' transactions, through domain events:
 * it records where a new case came from (a platform's id, an Open311 request, a camera event),
 * tells the originating platform about each change in its own words, fires the webhooks other
 * systems subscribed to, and queues cases dispatched to an external unit for posting there.
 */

/** What a use case of this module wants recorded with the case it is creating. */
export type IntakeExtra =
  | { kind: 'platform'; clientId: string; externalId: string; externalCategory: string | null; mapped: boolean }
  | {
      kind: 'open311';
      clientId: string;
      serviceCode: string;
      mediaUrl: string | null;
      mediaAttachmentId: string | null;
    }
  | { kind: 'camera'; event: Omit<CameraEventTable, 'case_id' | 'outcome'> };

/**
 * Keyed by the use-case context passed to createCase (the same object reaches the case.created
 * handler): the extra facts are written in the case's own transaction, or not at all.
 */
const intakeExtras = new WeakMap<UseCaseContext, IntakeExtra>();

/** Registers what to record with the case `ctx` is about to create. */
export function withIntakeExtra(ctx: UseCaseContext, extra: IntakeExtra): UseCaseContext {
  const own = { ...ctx };
  intakeExtras.set(own, extra);
  return own;
}

/** The changes after which a case is (again) with the units it was dispatched to. */
const dispatchActions = new Set([
  'case.dispatched',
  'case.passed_down',
  'case.reassigned',
  'case.redone',
  'case.reopened',
]);

async function caseFacts(trx: Trx, row: CaseRecordTable): Promise<CaseFacts> {
  const [categories, units] = await Promise.all([
    categoryNamesByIds(trx, row.category_id ? [row.category_id] : []),
    unitRefsByIds(trx, row.lead_unit_id ? [row.lead_unit_id] : []),
  ]);
  const category = row.category_id ? categories.get(row.category_id) : undefined;
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    requestType: row.request_type,
    title: row.title,
    node: row.node,
    status: row.status,
    category: category ? { code: category.code, name: category.name } : null,
    leadUnit: row.lead_unit_id ? (units.get(row.lead_unit_id)?.name ?? null) : null,
    acceptedAt: row.accepted_at,
    dueAt: row.due_at,
    closedAt: row.closed_at,
    updatedAt: row.updated_at,
  };
}

/** The latest public reply's text, for the feedback of a reply or a close. */
async function latestReply(trx: Trx, caseId: string): Promise<string | null> {
  const entries = await entriesOfCase(trx, [caseId], true);
  return entries.filter((e) => e.kind === 'reply').at(-1)?.body ?? null;
}

/** Queues status feedback for a platform's case when the event has a word in its vocabulary. */
async function feedBack(
  trx: Trx,
  ctx: UseCaseContext,
  link: { client_id: string; external_id: string },
  caseId: string,
  event: string,
): Promise<void> {
  const profile = await findProfile(trx, link.client_id);
  if (!profile?.callback_url) return;
  const word = feedbackWordFor(event, JSON.parse(profile.outbound_words) as Record<string, string | null>);
  if (word === null) return;
  const row = await findCaseById(trx, caseId);
  if (!row) return;
  const withMessage = event === 'case.replied' || event === 'case.closed' || event === 'case.closed_directly';
  await enqueueWebhook(trx, ctx, {
    url: profile.callback_url,
    topic: 'feedback',
    body: feedbackBody({
      platformCaseId: link.external_id,
      event,
      word,
      facts: await caseFacts(trx, row),
      message: withMessage ? await latestReply(trx, caseId) : null,
      at: ctx.clock.now(),
    }),
    signer: link.client_id,
    caseId,
    subject: link.client_id,
  });
}

async function onCaseCreated(trx: Trx, ctx: UseCaseContext, event: DomainEvent): Promise<void> {
  const extra = intakeExtras.get(ctx);
  if (!extra) return;
  const now = toDbTime(ctx.clock.now());
  switch (extra.kind) {
    case 'platform': {
      await insertInboundCase(trx, {
        id: newId(ctx.clock.now().getTime()),
        client_id: extra.clientId,
        external_id: extra.externalId,
        case_id: event.caseId,
        external_category: extra.externalCategory,
        created_at: now,
      });
      const client = await findApiClient(trx, extra.clientId);
      await recordAudit(trx, ctx, {
        action: 'case.received_from_platform',
        subjectType: 'case',
        subjectId: event.caseId,
        after: {
          platform: client?.name ?? extra.clientId,
          platformCaseId: extra.externalId,
          platformCategory: extra.externalCategory,
          categoryMapped: extra.mapped,
        },
      });
      // 受理: the platform hears first that its case was accepted (before any automatic dispatch).
      await feedBack(
        trx,
        ctx,
        { client_id: extra.clientId, external_id: extra.externalId },
        event.caseId,
        'case.created',
      );
      return;
    }
    case 'open311':
      await insertOpen311Request(trx, {
        case_id: event.caseId,
        client_id: extra.clientId,
        service_code: extra.serviceCode,
        media_url: extra.mediaUrl,
        media_attachment_id: extra.mediaAttachmentId,
        created_at: now,
      });
      return;
    case 'camera':
      await insertCameraEvent(trx, { ...extra.event, case_id: event.caseId, outcome: 'opened' });
      await recordAudit(trx, ctx, {
        action: 'case.camera_event_received',
        subjectType: 'case',
        subjectId: event.caseId,
        after: {
          cameraId: extra.event.camera_id,
          eventType: extra.event.event_type,
          confidence: extra.event.confidence,
          occurredAt: extra.event.occurred_at,
          outcome: 'opened',
        },
      });
      return;
  }
}

/** Webhooks of every active subscription to this event whose client's scope holds the case. */
async function fireWebhooks(trx: Trx, ctx: UseCaseContext, caseId: string, event: string): Promise<void> {
  const subscriptions = (await listActiveSubscriptions(trx)).filter((s) =>
    (JSON.parse(s.events) as string[]).includes(event),
  );
  if (subscriptions.length === 0) return;
  const row = await findCaseById(trx, caseId);
  if (!row) return;
  const facts = await caseFacts(trx, row);
  const clients = new Map<string, boolean>();
  for (const subscription of subscriptions) {
    let allowed = clients.get(subscription.client_id);
    if (allowed === undefined) {
      const client = await findApiClient(trx, subscription.client_id);
      const unit =
        client && client.active === 1 ? (await unitRefsByIds(trx, [client.unit_id])).get(client.unit_id) : undefined;
      // A client hears only of cases in its unit's data scope, like a staff member of that unit.
      allowed = unit !== undefined && (await isCaseInScope(trx, caseId, unit.path));
      clients.set(subscription.client_id, allowed);
    }
    if (!allowed) continue;
    await enqueueWebhook(trx, ctx, {
      url: subscription.url,
      topic: `webhook:${event}`,
      body: webhookBody({ event, facts, at: ctx.clock.now() }),
      signer: subscription.client_id,
      headers: { 'x-citydesk-event': event, 'x-citydesk-subscription': subscription.id },
      caseId,
      subject: subscription.client_id,
    });
  }
}

/** Queues a case for posting to the external GeoReport systems of the units now holding it. */
async function queueExternalSends(trx: Trx, ctx: UseCaseContext, caseId: string): Promise<boolean> {
  const assignments = (await assignmentsOfCase(trx, caseId)).filter((a) => activeStatuses.includes(a.status));
  const externals = await findActiveExternalUnits(
    trx,
    assignments.map((a) => a.unit_id),
  );
  const now = toDbTime(ctx.clock.now());
  let queued = false;
  for (const external of externals) {
    const existing = await findSendOfCase(trx, caseId, external.client_id);
    if (!existing) {
      await insertSend(trx, {
        id: newId(ctx.clock.now().getTime()),
        case_id: caseId,
        client_id: external.client_id,
        send_state: 'unprocessed',
        attempts: 0,
        next_attempt_at: now,
        external_id: null,
        external_token: null,
        last_error: null,
        sent_at: null,
        external_status: null,
        external_updated_at: null,
        created_at: now,
        updated_at: now,
      });
      queued = true;
    } else if (existing.send_state === 'failed' || existing.send_state === 'skipped') {
      // Dispatched there again (after a return or a redo): try again from the start.
      await updateSend(trx, existing.id, {
        send_state: 'unprocessed',
        attempts: 0,
        next_attempt_at: now,
        updated_at: now,
      });
      queued = true;
    }
  }
  return queued;
}

async function onCaseChanged(
  trx: Trx,
  ctx: UseCaseContext,
  event: DomainEvent,
  onSendQueued: () => void,
): Promise<void> {
  const action = String(event.data.action);
  if (!isCaseEventName(action)) return;
  // 受理 was fed back where the link was made (case.created); every other change here.
  if (action !== 'case.created') {
    const link = await findInboundByCase(trx, event.caseId);
    // A change the platform itself asked for (its own update) is not echoed back to it.
    const ownChange = ctx.actor.kind === 'client' && ctx.actor.id === link?.client_id;
    if (link && !ownChange) await feedBack(trx, ctx, link, event.caseId, action);
  }
  await fireWebhooks(trx, ctx, event.caseId, action);
  if (dispatchActions.has(action) && (await queueExternalSends(trx, ctx, event.caseId))) {
    afterCommit(trx, onSendQueued);
  }
}

/**
 * Registers the module's reactions. Call before the workflow's handlers, so a platform hears 受理
 * before what an automatic dispatch does. `onSendQueued` runs when a case was queued for an
 * external system (the server kicks its sender).
 */
export function registerIntegrationHandlers(deps: ModuleDeps, onSendQueued: () => void = () => undefined): void {
  deps.events.on('case.created', onCaseCreated);
  deps.events.on('case.changed', (trx, ctx, event) => onCaseChanged(trx, ctx, event, onSendQueued));
}
