import type { ActionOutcome } from '@citydesk/shared';
import { handlingNodes, ratingSchema, type RatingInput } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import { scopePathOf, type UseCaseContext } from '../../platform/context.js';
import type { DbOrTrx, Trx } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { loadCalendar, type WorkingCalendar } from '../calendar/index.js';
import { assignUnits, assignmentsOfCase, clearRule, routeCase } from '../dispatch/index.js';
import {
  evaluateDeadlines,
  findCaseById,
  isCaseInScope,
  isMobile,
  planNodeDue,
  publishCaseChange,
  updateCaseVersioned,
  type CasePatch,
  type CaseRecordTable,
} from '../intake/index.js';
import { enqueueMessage } from '../notification/index.js';
import { unitRefsByIds } from '../org/index.js';
import { workflowSettingsOf } from '../settings/index.js';
import {
  caseActions,
  reopenPatch,
  type ActionDefinition,
  type ActionResult,
  type ActionState,
  type CaseActionName,
} from './case-actions.js';
import { addEntry } from './entries.js';
import { publicTrackingUrl } from './public-links.js';

/** Paths of the units a case involves, for scope checks of its actions. */
async function unitPathsFor(
  db: DbOrTrx,
  row: CaseRecordTable,
  assignments: { unit_id: string; from_unit_id: string }[],
) {
  const ids = [row.owner_unit_id, row.grid_id, row.community_id, row.street_id, row.lead_unit_id]
    .concat(assignments.flatMap((a) => [a.unit_id, a.from_unit_id]))
    .filter((id): id is string => id !== null);
  const refs = await unitRefsByIds(db, ids);
  return new Map([...refs].map(([id, ref]) => [id, ref.path]));
}

/** The state for a change the system or the citizen makes (no staff scope to check). */
function systemState(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  calendar: WorkingCalendar,
  assignments: ActionState['assignments'] = [],
): ActionState {
  return { deps, ctx, calendar, row, assignments, scopePath: null, unitPaths: new Map() };
}

/** Loads what an action needs to decide; 404 when the case is outside the caller's scope. */
export async function loadActionState(deps: ModuleDeps, ctx: UseCaseContext, caseId: string): Promise<ActionState> {
  const scopePath = scopePathOf(ctx.actor);
  const row = await findCaseById(deps.db, caseId);
  if (!row || !(await isCaseInScope(deps.db, caseId, scopePath))) throw new AppError('NOT_FOUND', { id: caseId });
  const assignments = await assignmentsOfCase(deps.db, caseId);
  return {
    deps,
    ctx,
    calendar: await loadCalendar(deps.db),
    row,
    assignments,
    scopePath,
    unitPaths: await unitPathsFor(deps.db, row, assignments),
  };
}

/** The actions the caller could take on the case now (for the console's buttons). */
export function availableActions(state: ActionState): CaseActionName[] {
  return (Object.keys(caseActions) as CaseActionName[]).filter((name) => {
    const def = caseActions[name] as ActionDefinition<unknown>;
    if (!def.permissions.some((p) => state.ctx.actor.permissions.has(p))) return false;
    const probe = { version: Number(state.row.version) } as never;
    return def.check(state, probe) === null && def.authorize(state, probe) === null;
  });
}

/**
 * Performs one action on a case: permission (403), scope (404), version (409), the node and
 * status (409), the caller's relation to the case (403); then, in one transaction, the action's
 * writes, the case's new node with its deadlines, the audit event the timeline is built from,
 * reactions of other modules, messages to the citizen and the live-board push.
 */
export async function performAction(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  caseId: string,
  name: CaseActionName,
  rawInput: unknown,
): Promise<ActionOutcome> {
  const def = caseActions[name] as ActionDefinition<unknown>;
  if (!def.permissions.some((p) => ctx.actor.permissions.has(p))) {
    throw new AppError('FORBIDDEN', { missing: def.permissions, action: name });
  }
  const state = await loadActionState(deps, ctx, caseId);
  const input = parseInput(def.schema, rawInput);
  if (def.versioned) {
    const given = (input as { version: number }).version;
    if (given !== Number(state.row.version)) {
      throw new AppError('VERSION_CONFLICT', { currentVersion: Number(state.row.version), yourVersion: given });
    }
  }
  const blocked = def.check(state, input);
  if (blocked) {
    throw new AppError('ACTION_NOT_ALLOWED', {
      action: name,
      node: state.row.node,
      status: state.row.status,
      reason: blocked,
    });
  }
  const denied = def.authorize(state, input);
  if (denied) throw new AppError('FORBIDDEN', { action: name, reason: denied });
  const outcome = await transact(deps.db, async (trx) => {
    const result = await def.run(trx, state, input);
    return finishChange(trx, state, `case.${def.past}`, result, def.versioned);
  });
  return { id: caseId, ...outcome };
}

/**
 * Applies an action's result: node change with the new node's deadline, deadline status, the
 * versioned update, the audit event (before/after node and status: the timeline), domain events,
 * messages to reporters and the live push.
 */
export async function finishChange(
  trx: Trx,
  state: ActionState,
  action: string,
  result: ActionResult,
  versioned: boolean,
): Promise<{ version: number; node: CaseRecordTable['node']; status: CaseRecordTable['status'] }> {
  const { deps, ctx, row } = state;
  const now = ctx.clock.now();
  const nowText = toDbTime(now);
  const patch: CasePatch = { ...result.patch };
  const node = patch.node ?? row.node;
  const status = patch.status ?? row.status;
  const dueAt = patch.due_at !== undefined ? patch.due_at : row.due_at;
  const amberAt = patch.amber_at !== undefined ? patch.amber_at : row.amber_at;
  if (node !== row.node) {
    const nodeDue = planNodeDue(state.calendar, {
      template: patch.workflow_template ?? row.workflow_template,
      channel: row.channel,
      node,
      start: now,
      caseDue: { dueAt, amberAt },
      ratio: workflowSettingsOf(deps).amberRatio,
    });
    Object.assign(patch, {
      node_started_at: nowText,
      node_due_at: nodeDue.nodeDueAt,
      node_amber_at: nodeDue.nodeAmberAt,
    });
  } else if (patch.due_at !== undefined && patch.node_due_at === undefined && row.node_due_at === row.due_at) {
    // The node shares the handling deadline (e.g. a classification changed the limit).
    Object.assign(patch, { node_due_at: patch.due_at, node_amber_at: patch.amber_at ?? row.amber_at });
  }
  if (status === 'open') {
    const evaluated = evaluateDeadlines(now, node, {
      dueAt,
      amberAt,
      nodeDueAt: patch.node_due_at !== undefined ? patch.node_due_at : row.node_due_at,
      nodeAmberAt: patch.node_amber_at !== undefined ? patch.node_amber_at : row.node_amber_at,
    });
    Object.assign(patch, { deadline_status: evaluated.status, next_check_at: evaluated.nextCheckAt });
  } else if (status === 'suspended') {
    Object.assign(patch, { next_check_at: null });
  } else {
    Object.assign(patch, { deadline_status: 'none', next_check_at: null });
  }
  if (versioned) await updateCaseVersioned(trx, row.id, Number(row.version), { ...patch, updated_at: nowText });
  await recordAudit(trx, ctx, {
    action,
    subjectType: 'case',
    subjectId: row.id,
    before: { node: row.node, status: row.status, version: Number(row.version) },
    after: { node, status, version: versioned ? Number(row.version) + 1 : Number(row.version), ...(result.data ?? {}) },
    reason: result.reason ?? null,
  });
  for (const event of result.events ?? []) await deps.events.emit(trx, ctx, { ...event, caseId: row.id });
  if (result.notifyReporters) await notifyReporters(trx, deps, ctx, row, result.notifyReporters.template);
  const version = versioned ? Number(row.version) + 1 : Number(row.version);
  await publishCaseChange(
    deps,
    trx,
    row.id,
    action,
    {
      number: row.number,
      node,
      status,
      deadline_status: patch.deadline_status ?? row.deadline_status,
      updated_at: nowText,
    },
    ctx,
  );
  return { version, node, status };
}

/** Messages the reporter — and the reporters of cases merged into this one — by SMS. */
export async function notifyReporters(
  trx: Trx,
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  template: 'case_replied' | 'case_closed' | 'case_reopened',
): Promise<void> {
  const merged = await trx.selectFrom('case_record').selectAll().where('merged_into_id', '=', row.id).execute();
  for (const target of [row, ...merged]) {
    if (!isMobile(target.reporter_phone)) continue;
    await enqueueMessage(trx, ctx, {
      channel: 'sms',
      recipient: target.reporter_phone,
      template,
      payload: { number: target.number, trackingUrl: publicTrackingUrl(deps.config.publicBaseUrl, target.number) },
      caseId: target.id,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Reactions to a new case: direct close at intake, a dispatch the creator asked for (the
// leader's mailbox), auto-dispatch by a clear rule

/** Registers workflow's reactions to events of lower modules. */
export function registerWorkflowHandlers(deps: ModuleDeps): void {
  deps.events.on('case.created', async (trx, ctx, event) => {
    const row = await findCaseById(trx, event.caseId);
    if (!row) return;
    const answer = typeof event.data.directAnswer === 'string' ? event.data.directAnswer : null;
    const routeTo = (event.data.routeTo ?? null) as { leadUnitId: string; reason: string } | null;
    // The creating use case loaded the calendar before its transaction and passes it along.
    const calendar = event.data.calendar as WorkingCalendar;
    if (answer) {
      await closeDirectly(trx, deps, ctx, row, answer, calendar);
    } else if (routeTo) {
      await dispatchAtIntake(
        trx,
        deps,
        ctx,
        row,
        calendar,
        { leadUnitId: routeTo.leadUnitId, coUnitIds: [] },
        routeTo.reason,
      );
    } else if (workflowSettingsOf(deps).autoDispatch && row.category_id) {
      await autoDispatch(trx, deps, ctx, row, calendar);
    }
  });
}

/** 直接办结: the operator's answer on the call becomes the reply and the case closes. */
async function closeDirectly(
  trx: Trx,
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  answer: string,
  calendar: WorkingCalendar,
) {
  await addEntry(trx, ctx, row.id, { kind: 'reply', isPublic: true, body: answer, unitId: row.owner_unit_id });
  const state = systemState(deps, ctx, row, calendar);
  await finishChange(
    trx,
    state,
    'case.closed_directly',
    {
      patch: { status: 'closed', node: 'done', closed_at: toDbTime(ctx.clock.now()) },
      data: { direct: true },
      notifyReporters: { template: 'case_closed' },
    },
    true,
  );
}

async function autoDispatch(
  trx: Trx,
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  calendar: WorkingCalendar,
) {
  const rule = clearRule(await routeCase(trx, row));
  if (!rule) return;
  await dispatchAtIntake(
    trx,
    deps,
    ctx,
    row,
    calendar,
    { leadUnitId: rule.lead.id, coUnitIds: rule.coUnits.map((u) => u.id) },
    rule.reason,
  );
}

/** Dispatches a case being created, by the system (a clear rule, or the creator's request). */
async function dispatchAtIntake(
  trx: Trx,
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  calendar: WorkingCalendar,
  units: { leadUnitId: string; coUnitIds: string[] },
  reason: string,
) {
  await assignUnits(trx, ctx, row.id, { ...units, fromUnitId: row.owner_unit_id });
  const state = systemState(deps, ctx, row, calendar);
  await finishChange(
    trx,
    state,
    'case.dispatched',
    {
      patch: {
        lead_unit_id: units.leadUnitId,
        dispatched_at: toDbTime(ctx.clock.now()),
        node: row.workflow_template === 'simple' ? 'handle' : 'sign',
      },
      data: { ...units, automatic: true },
      reason,
    },
    true,
  );
}

// ---------------------------------------------------------------------------------------------
// The citizen's own actions: rating and reopening

/** 评价: once per case, after a reply; a poor result opens a supervisor review. */
export async function rateCase(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  input: RatingInput,
): Promise<void> {
  const rating = parseInput(ratingSchema, input);
  if (row.status === 'voided' || row.status === 'merged') {
    throw new AppError('ACTION_NOT_ALLOWED', { reason: `the case is ${row.status}` });
  }
  const calendar = await loadCalendar(deps.db);
  await transact(deps.db, async (trx) => {
    const replied = await trx
      .selectFrom('case_entry')
      .select('id')
      .where('case_id', '=', row.id)
      .where('kind', '=', 'reply')
      .limit(1)
      .executeTakeFirst();
    if (!replied) throw new AppError('ACTION_NOT_ALLOWED', { reason: 'a case is rated after the reply' });
    const inserted = await trx
      .insertInto('case_rating')
      .values({ case_id: row.id, ...rating, created_at: toDbTime(ctx.clock.now()) })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new AppError('ALREADY_RATED');
    const state = systemState(deps, ctx, row, calendar);
    await finishChange(
      trx,
      state,
      'case.rated',
      {
        patch: { rated_at: toDbTime(ctx.clock.now()), ...(row.node === 'rate' ? { node: 'done' as const } : {}) },
        data: { speed: rating.speed, result: rating.result, attitude: rating.attitude, experience: rating.experience },
        events:
          rating.result <= 2
            ? [{ type: 'case.rated_poorly', data: { result: rating.result, comment: rating.comment } }]
            : [],
      },
      true,
    );
  });
}

/** 重办 at the citizen's request: a closed case reopens within the allowed days, with a reason. */
export async function reopenByCitizen(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  reason: string,
): Promise<void> {
  if (row.status !== 'closed' || !row.closed_at)
    throw new AppError('ACTION_NOT_ALLOWED', { reason: 'only a closed case can be reopened' });
  const { reopenDays } = workflowSettingsOf(deps);
  const limitMs = reopenDays * 24 * 3600_000;
  if (ctx.clock.now().getTime() - Date.parse(row.closed_at) > limitMs) {
    throw new AppError('WINDOW_CLOSED', { reopenDays, closedAt: row.closed_at });
  }
  const assignments = await assignmentsOfCase(deps.db, row.id);
  const calendar = await loadCalendar(deps.db);
  await transact(deps.db, async (trx) => {
    const state = systemState(deps, ctx, row, calendar, assignments);
    await addEntry(trx, ctx, row.id, { kind: 'reopen', isPublic: false, body: reason, unitId: row.owner_unit_id });
    const patch = await reopenPatch(trx, state);
    await finishChange(
      trx,
      state,
      'case.reopened',
      {
        patch,
        reason,
        data: { byCitizen: true, reopenCount: patch.reopen_count },
        events: [{ type: 'case.reopened', data: { reason } }],
        notifyReporters: { template: 'case_reopened' },
      },
      true,
    );
  });
}

export { handlingNodes };
