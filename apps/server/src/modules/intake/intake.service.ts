import { createHash, randomBytes } from 'node:crypto';
import {
  nextNode,
  type CreateCaseInput,
  type CreatedCase,
  type FieldIssue,
  type PointLocation,
  type TimeLimit,
  type UnitType,
  type WorkflowTemplate,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import { systemContext, type UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { loadCalendar } from '../calendar/index.js';
import { getCategoryItem, type CategoryItemView } from '../catalogue/index.js';
import { linkAttachments } from '../media/index.js';
import { enqueueMessage } from '../notification/index.js';
import { getUnitRow, lookupPoint } from '../org/index.js';
import { workflowSettingsOf } from '../settings/index.js';
import { evaluateDeadlines, planCaseDue, planNodeDue } from './case-deadlines.js';
import { checkChannelRules, checkExtraAnswers, deriveTitle, isMobile } from './case-input.js';
import { nextCaseNumber } from './case-number.js';
import { addParty, addTag, findCaseById, insertCase } from './case.repository.js';
import { indexCaseText } from './case-search.js';
import type { CaseRecordTable } from './intake.tables.js';

/** A new secret tracking token and the hash stored for it. */
export function newTrackingToken(): { token: string; hash: string } {
  const token = randomBytes(18).toString('base64url');
  return { token, hash: hashTrackingToken(token) };
}

export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The citizen's tracking link for a token. */
export function trackingUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/portal/#/track/${token}`;
}

/** A time limit in words for messages to citizens. */
export function limitText(limit: TimeLimit, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  if ('hours' in limit) return locale === 'en-US' ? `${limit.hours} hours` : `${limit.hours}小时`;
  return locale === 'en-US' ? `${limit.workingDays} working days` : `${limit.workingDays}个工作日`;
}

/** The grid, community and street of an area unit (walking up from a grid or a community), or null. */
async function placeOfArea(db: DbOrTrx, unitId: string): Promise<PointLocation | null> {
  const place: PointLocation = { grid: null, community: null, street: null };
  let row = await getUnitRow(db, unitId);
  if (!row || row.active !== 1 || !['grid', 'community', 'street_centre'].includes(row.type)) return null;
  while (row && !place.street) {
    const ref = { id: row.id, code: row.code, name: row.name, type: row.type as UnitType };
    if (row.type === 'grid') place.grid = ref;
    else if (row.type === 'community') place.community = ref;
    else if (row.type === 'street_centre') place.street = ref;
    else break;
    row = row.parent_id ? await getUnitRow(db, row.parent_id) : undefined;
  }
  return place.street ? place : null;
}

/** The centre that dispatches for a unit: its nearest district or street centre ancestor. */
export async function dispatchingCentreOf(
  db: DbOrTrx,
  unitId: string | null,
): Promise<CaseRecordTable['owner_unit_id']> {
  let current = unitId ? await getUnitRow(db, unitId) : undefined;
  while (current) {
    if (current.type === 'district_centre' || current.type === 'street_centre') return current.id;
    current = current.parent_id ? await getUnitRow(db, current.parent_id) : undefined;
  }
  const root = await db.selectFrom('unit').select('id').where('parent_id', 'is', null).executeTakeFirst();
  if (!root) throw new Error('the organisation has no district centre');
  return root.id;
}

export type { CreatedCase };

/** How a use case other than the staff intake form wants a case accepted. */
export interface AcceptOptions {
  /**
   * The secret of the tracking link, when the caller must be able to show it again later (the
   * portal derives it from the request's idempotency key); a random one otherwise.
   */
  trackingToken?: string;
  /** Attachments are the caller's when uploaded with this key (uploads without an account). */
  uploadKey?: string;
  /**
   * Dispatch at once to this unit as the lead (the leader's mailbox goes to the leader's office):
   * workflow's reaction to `case.created` does it in the same transaction.
   */
  routeTo?: { leadUnitId: string; reason: string };
}

/** A new case with what only its creator may be told: the tracking secret and the limit applied. */
export interface AcceptedCase {
  created: CreatedCase;
  trackingToken: string;
  trackingUrl: string;
  acceptedAt: string;
  timeLimit: TimeLimit;
}

/**
 * The place of a patrol report's worker when the worker's unit is a grid: the grid, its
 * community and street. Null for anyone else (community workers place reports by the point).
 */
async function homeGridOf(db: DbOrTrx, unitId: string | null): Promise<PointLocation | null> {
  if (!unitId) return null;
  const unit = await getUnitRow(db, unitId);
  return unit?.type === 'grid' ? placeOfArea(db, unitId) : null;
}

/** Accepts a case from any channel (see acceptCase); the answer staff and other systems get. */
export async function createCase(deps: ModuleDeps, ctx: UseCaseContext, input: CreateCaseInput): Promise<CreatedCase> {
  return (await acceptCase(deps, ctx, input)).created;
}

/**
 * Accepts a case from any channel: checks the input against the channel and the item, resolves
 * the location to grid → community → street, numbers it, plans its deadlines, links its
 * pictures, indexes its text, queues the acceptance notice and records it — all in one
 * transaction, so an accepted case is never half-written. Reactions (direct close, auto-dispatch,
 * a requested dispatch) run in the same transaction through the `case.created` event.
 */
export async function acceptCase(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  input: CreateCaseInput,
  options: AcceptOptions = {},
): Promise<AcceptedCase> {
  const { db, config } = deps;
  const actor = ctx.actor;
  if (actor.kind === 'client' && !(actor.channels ?? []).includes(input.channel)) {
    throw new AppError('FORBIDDEN', { reason: `this client may not use the ${input.channel} channel` });
  }
  // A patrol report belongs to the worker's own grid, even when the GPS point is a little
  // outside it or missing (the point, when there is one, is kept as reported).
  const homeGrid = input.channel === 'grid' && actor.kind === 'user' ? await homeGridOf(db, actor.unitId) : null;
  const issues: FieldIssue[] = checkChannelRules(input, { placedByGrid: homeGrid !== null });
  let item: CategoryItemView | null = null;
  if (input.categoryId) {
    item = await getCategoryItem(db, input.categoryId);
    if (!item || !item.active)
      issues.push({ field: 'categoryId', reason: 'no active level-3 catalogue item with this id' });
  }
  issues.push(...checkExtraAnswers(item?.extraFields ?? [], input.extraAnswers));
  let place: PointLocation = { grid: null, community: null, street: null };
  const { lat, lon, areaId } = input.location ?? {};
  // A point is exact; an area the caller named (street or community, without a pin) places it coarsely.
  if ((lat === undefined || lon === undefined) && areaId) {
    const named = await placeOfArea(db, areaId);
    if (named) place = named;
    else issues.push({ field: 'location.areaId', reason: 'no active street, community or grid with this id' });
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { fields: issues });

  if (lat !== undefined && lon !== undefined) {
    place = await lookupPoint(db, lat, lon);
    if (!place.street && !homeGrid) throw new AppError('LOCATION_OUTSIDE_DISTRICT', { lat, lon });
  }
  if (homeGrid) {
    // Street and community follow the point inside the district, the worker's grid outside it.
    place = { ...(place.street ? place : homeGrid), grid: homeGrid.grid };
  }

  const now = ctx.clock.now();
  const nowText = toDbTime(now);
  const template: WorkflowTemplate = input.directAnswer ? 'simple' : (item?.workflowTemplate ?? 'general');
  const node = nextNode(template, input.channel, 'accept');
  const settings = workflowSettingsOf(deps);
  const ratio = settings.amberRatio;
  const calendar = await loadCalendar(db);
  const caseDue = planCaseDue(calendar, now, item?.timeLimits ?? null, input.requestType, ratio);
  const nodeDue = planNodeDue(calendar, { template, channel: input.channel, node, start: now, caseDue, ratio });
  const deadline = evaluateDeadlines(now, node, { ...caseDue, ...nodeDue });
  const owner = await dispatchingCentreOf(db, actor.unitId);
  const tracking =
    options.trackingToken === undefined
      ? newTrackingToken()
      : { token: options.trackingToken, hash: hashTrackingToken(options.trackingToken) };
  const id = newId(now.getTime());

  const inserted = await transact(db, async (trx) => {
    const number = await nextCaseNumber(trx, config.cases.numberPrefix, now);
    const row: CaseRecordTable = {
      id,
      number,
      channel: input.channel,
      request_type: input.requestType,
      title: input.title || deriveTitle(input.description),
      description: input.description,
      category_id: item?.id ?? null,
      workflow_template: template,
      node,
      status: 'open',
      version: 1,
      urgency: input.urgency,
      lat: lat ?? null,
      lon: lon ?? null,
      address: input.location?.address ?? null,
      grid_id: place.grid?.id ?? null,
      community_id: place.community?.id ?? null,
      street_id: place.street?.id ?? null,
      reporter_name: input.reporter.name || null,
      reporter_phone: input.reporter.phone ?? null,
      reporter_anonymous: input.reporter.anonymous ? 1 : 0,
      extra_answers: JSON.stringify(input.extraAnswers),
      external_ref: input.externalRef ?? null,
      tracking_token_hash: tracking.hash,
      owner_unit_id: owner,
      lead_unit_id: null,
      created_by_user_id: actor.kind === 'user' ? actor.id : null,
      created_by_client_id: actor.kind === 'client' ? actor.id : null,
      leader_instruction: null,
      accepted_at: nowText,
      dispatched_at: null,
      closed_at: null,
      due_at: caseDue.dueAt,
      amber_at: caseDue.amberAt,
      node_started_at: nowText,
      node_due_at: nodeDue.nodeDueAt,
      node_amber_at: nodeDue.nodeAmberAt,
      deadline_status: deadline.status,
      next_check_at: deadline.nextCheckAt,
      suspended_at: null,
      paused_ms: 0,
      merged_into_id: null,
      reopen_count: 0,
      visit_result: null,
      rated_at: null,
      created_at: nowText,
      updated_at: nowText,
    };
    await insertCase(trx, row);
    await addParty(trx, id, owner, 'owner');
    if (place.street) await addParty(trx, id, place.street.id, 'street');
    if (place.community) await addParty(trx, id, place.community.id, 'community');
    if (place.grid) await addParty(trx, id, place.grid.id, 'grid');
    if (actor.unitId) await addParty(trx, id, actor.unitId, 'creator');
    for (const tag of new Set(input.tags)) await addTag(trx, id, tag, nowText);
    await indexCaseText(trx, id, [number, row.title, row.description, row.address ?? ''].join('\n'));
    if (input.attachmentIds.length > 0) {
      await linkAttachments(
        trx,
        ctx,
        input.attachmentIds,
        { caseId: id, isPublic: false },
        options.uploadKey === undefined ? {} : { uploadKey: options.uploadKey },
      );
    }
    if (isMobile(row.reporter_phone)) {
      await enqueueMessage(trx, ctx, {
        channel: 'sms',
        recipient: row.reporter_phone,
        template: 'case_accepted',
        payload: {
          number,
          timeLimit: limitText(caseDue.limit),
          trackingUrl: trackingUrl(config.publicBaseUrl, tracking.token),
        },
        caseId: id,
      });
    }
    // Late in the transaction, so the audit chain's lock (PostgreSQL) is held briefly; before the
    // reactions, whose own events must follow this one in the chain.
    await recordAudit(trx, ctx, {
      action: 'case.created',
      subjectType: 'case',
      subjectId: id,
      after: {
        number,
        channel: row.channel,
        requestType: row.request_type,
        categoryId: row.category_id,
        template,
        node,
        status: 'open',
        streetId: row.street_id,
        dueAt: row.due_at,
        attachments: input.attachmentIds.length,
      },
    });
    // Announced before the reactions, so whoever follows the case hears "created" before what the
    // reactions do to it (a direct close, an automatic dispatch).
    await publishCaseChange(deps, trx, id, 'case.created', row, ctx);
    await deps.events.emit(trx, ctx, {
      type: 'case.created',
      caseId: id,
      data: {
        directAnswer: input.directAnswer ?? null,
        categoryId: row.category_id,
        externalRef: row.external_ref,
        calendar,
        routeTo: options.routeTo ?? null,
      },
    });
    return row;
  });

  // Reactions (direct close, auto-dispatch) may have moved the case on: then read it back.
  const reacted =
    Boolean(input.directAnswer) ||
    options.routeTo !== undefined ||
    (settings.autoDispatch && inserted.category_id !== null);
  const saved = reacted ? await findCaseById(db, id) : inserted;
  if (!saved) throw new Error('case vanished after creation');
  const showLink = actor.kind === 'client' || input.reporter.anonymous;
  const link = trackingUrl(config.publicBaseUrl, tracking.token);
  return {
    created: {
      id,
      number: saved.number,
      node: saved.node,
      status: saved.status,
      version: Number(saved.version),
      dueAt: saved.due_at,
      trackingUrl: showLink ? link : null,
    },
    trackingToken: tracking.token,
    trackingUrl: link,
    acceptedAt: saved.accepted_at,
    timeLimit: caseDue.limit,
  };
}

/**
 * Pushes a case's current state to live boards once the transaction commits, and announces the
 * change in the transaction as the `case.changed` domain event (data: action, number, node,
 * status), so modules that follow every change (integration: status feedback, webhooks) react
 * without the modules making changes knowing them. Every case-changing transaction calls this.
 */
export async function publishCaseChange(
  deps: Pick<ModuleDeps, 'feed' | 'events' | 'clock'>,
  trx: Trx,
  caseId: string,
  action: string,
  /** The case as it now stands, when the caller has it (saves a read). */
  known?: Pick<CaseRecordTable, 'number' | 'node' | 'status' | 'deadline_status' | 'updated_at'>,
  /** Who made the change (the system when absent). */
  ctx?: UseCaseContext,
): Promise<void> {
  const row = known ?? (await findCaseById(trx, caseId));
  if (!row) return;
  await deps.events.emit(trx, ctx ?? systemContext(deps.clock), {
    type: 'case.changed',
    caseId,
    data: { action, number: row.number, node: row.node, status: row.status },
  });
  const parties = await trx.selectFrom('case_party').select('unit_id').where('case_id', '=', caseId).execute();
  await deps.feed.publish(trx, {
    caseId,
    number: row.number,
    action,
    node: row.node,
    status: row.status,
    deadlineStatus: row.deadline_status,
    unitIds: [...new Set(parties.map((p) => p.unit_id))],
    at: row.updated_at,
  });
}

export type { Db };
